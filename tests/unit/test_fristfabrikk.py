"""Deadlines are made from the kinds in config.toml: names, dates, working-day rules."""

from __future__ import annotations

from datetime import date, time

import pytest

from tests.conftest import KONFIG
from tilskudd_flow.config import last_innstillinger
from tilskudd_flow.domain.feil import UgyldigFelt
from tilskudd_flow.domain.frister import Virkedag
from tilskudd_flow.motor.frister import Fristfabrikk

FRISTER = Fristfabrikk(last_innstillinger(KONFIG), helsefellesskap_id=1)


@pytest.mark.parametrize(
    ("type_", "aar", "dato", "effektiv", "virkedag", "bekreftet"),
    [
        ("soknadsfrist", 2026, date(2025, 10, 1), date(2025, 10, 1), Virkedag.FREMOVER, True),
        ("prioriteringsmote", 2026, date(2025, 10, 22), date(2025, 10, 22), Virkedag.INGEN, False),
        (
            "oversendelse_helse_nord",
            2026,
            date(2025, 11, 1),
            date(2025, 10, 31),
            Virkedag.BAKOVER,
            True,
        ),
        ("avtale_innspill", 2025, date(2025, 6, 1), date(2025, 6, 2), Virkedag.FREMOVER, True),
        (
            "oversendelse_helse_nord",
            2027,
            date(2026, 11, 1),
            date(2026, 10, 30),
            Virkedag.BAKOVER,
            True,
        ),
    ],
)
def test_the_rules_give_each_rounds_and_years_dates(
    type_: str, aar: int, dato: date, effektiv: date, virkedag: Virkedag, bekreftet: bool
) -> None:
    frist = FRISTER.ny(type_, aar=aar, nokkel=f"{type_}:{aar}")
    assert (frist.dato, frist.effektiv_dato, frist.virkedag) == (dato, effektiv, virkedag)
    assert frist.bekreftet is bekreftet  # SSU's meeting date is a proposal until confirmed
    assert frist.klokkeslett == time(23, 59, 59)


def test_meeting_papers_are_due_two_weeks_before_the_meeting_on_a_working_day() -> None:
    frist = FRISTER.relativ("motepapirer", referanse=date(2025, 11, 25), nokkel="mote:1")
    assert frist.dato == date(2025, 11, 11)
    referat = FRISTER.relativ("referat", referanse=date(2025, 12, 5), nokkel="referat:1")
    assert (referat.dato, referat.effektiv_dato) == (date(2025, 12, 12), date(2025, 12, 12))
    papir_paa_lordag = FRISTER.relativ("motepapirer", referanse=date(2025, 11, 15), nokkel="m:2")
    assert (papir_paa_lordag.dato, papir_paa_lordag.effektiv_dato) == (
        date(2025, 11, 1),
        date(2025, 10, 31),
    )


def test_a_yearly_kind_has_no_relative_date() -> None:
    with pytest.raises(UgyldigFelt, match="ingen dager relativt"):
        FRISTER.relativ("soknadsfrist", referanse=date(2025, 1, 1), nokkel="x")
