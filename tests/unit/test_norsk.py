"""Bokmål numbers, dates and counted nouns (Babel's nb_NO data)."""

from datetime import UTC, date, datetime

from tilskudd_flow.domain.norsk import antall, dato, tall


def test_one_case_is_singular_and_every_other_count_plural() -> None:
    assert antall(1, "sak", "saker") == "1 sak"
    assert antall(0, "sak", "saker") == "0 saker"
    assert antall(2, "sak", "saker") == "2 saker"
    assert antall(21, "sak", "saker") == "21 saker"


def test_large_numbers_are_grouped_with_a_non_breaking_space() -> None:
    assert tall(1234567) == "1\u00a0234\u00a0567"
    assert antall(1500, "sak", "saker") == "1\u00a0500 saker"
    assert tall(2.5) == "2,5"


def test_dates_are_written_day_month_year() -> None:
    assert dato(date(2025, 9, 5)) == "05.09.2025"
    assert dato(datetime(2026, 12, 6, 4, 0, tzinfo=UTC)) == "06.12.2026"
