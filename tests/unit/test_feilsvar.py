"""One table from a refusal to an HTTP status, for the error pages, the forms and the JSON
API (issue 18: three maps disagreed, and the pages answered 403 to every rule violation)."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tilskudd_flow.domain import feil
from tilskudd_flow.domain.feil import (
    BruttRevisjonslogg,
    IkkeFunnet,
    IkkeTillatt,
    Konflikt,
    Regelbrudd,
    Saksfeil,
    UgyldigDokument,
    UgyldigeFelt,
    UgyldigFelt,
    UgyldigHendelse,
)
from tilskudd_flow.kontoer.innloggingsvern import ForMangeForsok
from tilskudd_flow.web.feilsvar import FEILTABELL, apistatus, sidestatus, skjemastatus, tittel


@pytest.mark.parametrize(
    ("problem", "api", "side", "skjema"),
    [(IkkeFunnet("x"), 404, 404, 404), (IkkeTillatt("x"), 403, 403, 403),
     (Konflikt("x"), 409, 409, 409), (UgyldigHendelse("x"), 409, 409, 400),
     (Regelbrudd("x"), 422, 403, 400), (UgyldigFelt("f", "x"), 422, 422, 400),
     (UgyldigeFelt({"f": "x"}), 422, 422, 400), (UgyldigDokument("x"), 422, 422, 400),
     (BruttRevisjonslogg("x"), 422, 422, 400),
     (ForMangeForsok(timedelta(seconds=30)), 403, 403, 403)],
)  # fmt: skip
def test_each_refusal_has_one_status_in_the_api_on_an_error_page_and_in_a_form(
    problem: Saksfeil, api: int, side: int, skjema: int
) -> None:
    assert (apistatus(problem), sidestatus(problem), skjemastatus(problem)) == (api, side, skjema)


def test_no_row_is_hidden_behind_a_more_general_one_above_it() -> None:
    for i, rad in enumerate(FEILTABELL):
        assert not any(issubclass(rad.feil, tidligere.feil) for tidligere in FEILTABELL[:i])


def test_every_refusal_of_the_domain_is_in_the_table() -> None:
    klasser = [k for k in vars(feil).values() if isinstance(k, type) and issubclass(k, Saksfeil)]
    tabellen = {rad.feil for rad in FEILTABELL}
    assert [k for k in klasser if k not in tabellen and k.__bases__[0] not in tabellen] == []


def test_error_pages_are_titled_by_their_status() -> None:
    assert (tittel(404), tittel(403), tittel(405)) == ("Finnes ikke", "Ikke tillatt", "Feil")
