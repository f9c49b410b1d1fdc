"""Bokmål numbers, dates and counted nouns (Babel's nb_NO data)."""

from datetime import UTC, date, datetime, time, timedelta

from tilskudd_flow.domain.moter import tidsrom
from tilskudd_flow.domain.norsk import antall, dato, klokkeslett, langdato, midt_i_setning, tall
from tilskudd_flow.domain.tid import kort_tidspunkt, norsk_tidspunkt


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


def test_running_text_writes_the_month_in_words_and_times_with_a_full_stop() -> None:
    assert langdato(date(2026, 12, 5)) == "5. desember 2026"
    assert langdato(date(2026, 12, 5), med_ukedag=True) == "lørdag 5. desember 2026"
    assert klokkeslett(time(9, 5)) == "09.05"


def test_an_instant_is_shown_in_oslo_time_long_in_text_and_short_in_tables() -> None:
    instant = datetime(2026, 12, 5, 12, 0, tzinfo=UTC)  # 13.00 in Oslo (winter)
    assert norsk_tidspunkt(instant) == "5. desember 2026 kl. 13.00"
    assert kort_tidspunkt(instant) == "05.12.2026 kl. 13.00"
    assert kort_tidspunkt(datetime(2026, 7, 1, 22, 30, tzinfo=UTC)) == "02.07.2026 kl. 00.30"


def test_a_meeting_span_uses_the_same_time_format() -> None:
    start = datetime(2025, 9, 9, 7, 0, tzinfo=UTC)
    assert tidsrom(start, start + timedelta(hours=6)) == "tirsdag 9. september 2025 kl. 09.00–15.00"


def test_a_title_mid_sentence_keeps_abbreviations_and_lowers_a_plain_word() -> None:
    assert midt_i_setning("Ekstraordinært SSU-møte 22. oktober 2025") == (
        "ekstraordinært SSU-møte 22. oktober 2025"
    )
    assert midt_i_setning("SSU-møte 9. september 2025") == "SSU-møte 9. september 2025"
    assert midt_i_setning("") == ""
