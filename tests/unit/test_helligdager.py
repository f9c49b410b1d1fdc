"""Norway's public holidays, written out in domain/frister.py, against the holidays package."""

from __future__ import annotations

from datetime import date

import holidays

from tilskudd_flow.domain.frister import _helligdager, er_virkedag, paskedag


def test_the_written_out_holidays_match_the_holidays_package_every_year_1950_to_2100() -> None:
    for aar in range(1950, 2101):
        pakken = holidays.country_holidays("NO", years=aar, language="no")
        assert _helligdager(aar) == frozenset(pakken), aar


def test_easter_sunday_in_known_years() -> None:
    assert [paskedag(aar) for aar in (2024, 2025, 2026, 2038)] == [
        date(2024, 3, 31), date(2025, 4, 20), date(2026, 4, 5), date(2038, 4, 25)
    ]  # fmt: skip


def test_skjaertorsdag_2026_and_christmas_eve_are_as_the_library_notes_say() -> None:
    assert not er_virkedag(date(2026, 4, 2))  # skjærtorsdag
    assert er_virkedag(date(2026, 12, 24)) and er_virkedag(date(2025, 12, 31))
