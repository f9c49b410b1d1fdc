"""Deadline dates: working-day rules on the Norwegian calendar, and how they are shown."""

from __future__ import annotations

from datetime import date

import pytest

from tilskudd_flow.domain.frister import Virkedag, effektiv_dato, er_virkedag, vis_frist

B, F, U = Virkedag.BAKOVER, Virkedag.FREMOVER, Virkedag.INGEN


@pytest.mark.parametrize(
    ("dag", "regel", "forventet"),
    [
        (date(2025, 11, 1), B, date(2025, 10, 31)),  # Saturday: forwarding planned for Friday
        (date(2025, 11, 1), F, date(2025, 11, 3)),
        (date(2025, 11, 1), U, date(2025, 11, 1)),
        (date(2025, 6, 1), F, date(2025, 6, 2)),  # Sunday: avtale input on Monday
        (date(2025, 10, 1), F, date(2025, 10, 1)),  # Wednesday: stays
        (date(2026, 11, 1), B, date(2026, 10, 30)),  # Sunday → Friday
        (date(2026, 4, 2), F, date(2026, 4, 7)),  # skjærtorsdag … 2. påskedag → Tuesday
        (date(2026, 4, 6), B, date(2026, 4, 1)),  # 2. påskedag back to Wednesday
        (date(2025, 5, 17), F, date(2025, 5, 19)),  # Grunnlovsdag on a Saturday
        (date(2025, 12, 24), F, date(2025, 12, 24)),  # julaften is a working day
        (date(2025, 12, 25), F, date(2025, 12, 29)),  # 1. and 2. juledag, then the weekend
        (date(2026, 5, 14), B, date(2026, 5, 13)),  # Kristi himmelfartsdag
    ],
)
def test_a_deadline_moves_to_a_working_day_as_its_rule_says(
    dag: date, regel: Virkedag, forventet: date
) -> None:
    assert effektiv_dato(dag, regel) == forventet


def test_working_days_follow_the_norwegian_calendar() -> None:
    assert er_virkedag(date(2025, 10, 31))
    assert not er_virkedag(date(2025, 11, 1))
    assert not er_virkedag(date(2025, 5, 1))  # Arbeidernes dag


@pytest.mark.parametrize(
    ("dag", "effektiv", "tekst"),
    [
        (date(2025, 10, 1), date(2025, 10, 1), "1. oktober 2025"),
        (
            date(2025, 11, 1),
            date(2025, 10, 31),
            "1. november 2025 (lørdag) → fredag 31. oktober 2025",
        ),
        (date(2025, 6, 1), date(2025, 6, 2), "1. juni 2025 (søndag) → mandag 2. juni 2025"),
    ],
)
def test_a_moved_deadline_shows_both_dates(dag: date, effektiv: date, tekst: str) -> None:
    assert vis_frist(dag, effektiv) == tekst
