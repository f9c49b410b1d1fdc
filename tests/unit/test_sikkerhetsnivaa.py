"""The level of assurance (acr) an ID token must reach, as Digdir requires the client to check."""

from __future__ import annotations

import logging

import pytest

from tilskudd_flow.domain.feil import IkkeTillatt
from tilskudd_flow.domain.sikkerhetsnivaa import holder, minste_nivaa
from tilskudd_flow.kontoer.sikkerhetsnivaa import krev_nivaa

HOY = "idporten-loa-high"
BETYDELIG = "idporten-loa-substantial"


@pytest.mark.parametrize(
    ("acr_values", "minste"),
    [(HOY, HOY), (f"{HOY} {BETYDELIG}", BETYDELIG), ("", ""), ("Level4", "")],
)
def test_the_lowest_level_asked_for_is_the_one_required(acr_values: str, minste: str) -> None:
    assert minste_nivaa(acr_values) == minste


@pytest.mark.parametrize(
    ("acr", "krevd", "nok"),
    [
        (HOY, HOY, True),
        (HOY, BETYDELIG, True),
        (BETYDELIG, BETYDELIG, True),
        (BETYDELIG, HOY, False),
        ("idporten-loa-low", BETYDELIG, False),
        (None, BETYDELIG, False),
        ("Level4", BETYDELIG, False),
        (None, "", True),
    ],
)
def test_a_level_is_enough_only_at_or_above_the_required(
    acr: object, krevd: str, nok: bool
) -> None:
    assert holder(acr, krevd) is nok


def test_a_token_below_the_level_is_refused_in_bokmal_and_logged_without_the_person(
    caplog: pytest.LogCaptureFixture,
) -> None:
    krav = {"sub": "parvis-123", "pid": "24016512345", "acr": BETYDELIG}
    with caplog.at_level(logging.WARNING), pytest.raises(IkkeTillatt) as feil:
        krev_nivaa(krav, HOY)
    assert "lavere sikkerhetsnivå enn tjenesten krever (nivå høyt)" in str(feil.value)
    assert f"sikkerhetsnivå {BETYDELIG}, krevd {HOY}" in caplog.text
    assert "24016512345" not in caplog.text and "parvis-123" not in caplog.text


def test_a_token_without_acr_is_refused_when_a_level_is_required() -> None:
    with pytest.raises(IkkeTillatt):
        krev_nivaa({"sub": "x"}, BETYDELIG)
    krev_nivaa({"sub": "x"}, "")
