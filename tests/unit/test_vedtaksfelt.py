"""Issue 19: a vedtak may only cite an SSU sak of its own helsefellesskap. Every field a
workflow file declares for a vedtak is of a kind the transition checks (`felt.ssu_sak`, an
SSU decision, or `felt.vedtak`, which may also be another body's letter); a plain text field
named «vedtak» would let any number through."""

from __future__ import annotations

import pytest

from tests.conftest import KONFIG
from tilskudd_flow.bootstrap import last_register
from tilskudd_flow.config import last_innstillinger
from tilskudd_flow.domain.feil import UgyldigFelt
from tilskudd_flow.domain.felt import Felttype, les_felt, ssu_sak, vedtak

REGISTER = last_register(last_innstillinger(KONFIG))
# The SSU decides these: a sak number is required. Helse Nord's award may cite its letter.
BARE_SSU = {"fsu_etablering": {"oppnevn", "avslutt"}, "avtale_revisjon": {"ssu_behandle"}}


def _vedtaksfelt() -> list[tuple[str, str, Felttype]]:
    return [
        (flyt.navn, hendelse, f.type)
        for flyt in REGISTER.alle()
        for hendelse, regel in flyt.hendelser.items()
        for f in regel.felt
        if "vedtak" in f.navn
    ]


def test_every_vedtak_field_is_checked_against_the_ssu_saker() -> None:
    felt = _vedtaksfelt()
    assert felt, "the workflows declare vedtak fields"
    assert [f for f in felt if f[2] not in (Felttype.SSU_SAK, Felttype.VEDTAK)] == []


def test_what_only_ssu_decides_must_be_a_sak_number() -> None:
    for navn, hendelse, type_ in _vedtaksfelt():
        if hendelse in BARE_SSU.get(navn, set()):
            assert type_ == Felttype.SSU_SAK, (navn, hendelse)


@pytest.mark.parametrize("skrevet", ["Sak 23-2025", "24/2025", "10/25"])
def test_an_ssu_sak_field_takes_every_written_form_and_keeps_it(skrevet: str) -> None:
    assert les_felt((ssu_sak("vedtak", "SSU-sak"),), {"vedtak": skrevet}, lambda _: None) == {
        "vedtak": skrevet
    }


def test_an_ssu_sak_field_refuses_what_is_no_number_naming_the_forms() -> None:
    with pytest.raises(UgyldigFelt, match="skriv det som «Sak 23-2025»"):
        les_felt((ssu_sak("vedtak", "SSU-sak"),), {"vedtak": "SSU i juni"}, lambda _: None)


def test_a_vedtak_field_takes_free_text() -> None:
    tekst = "Helse Nord, tildelingsutvalget juni 2026"
    assert les_felt((vedtak("vedtak", "Vedtak"),), {"vedtak": tekst}, lambda _: None) == {
        "vedtak": tekst
    }
