"""Numbers from forms and addresses: ASCII digits in range, or nothing (issue 17, item 7:
'³'.isdigit() is True and int('³') raised; 2**63 overflowed the database)."""

from __future__ import annotations

import pytest

from tilskudd_flow.web.parametre import MAKS_ID, aarstall, heltall


@pytest.mark.parametrize(
    ("tekst", "forventet"),
    [("12", 12), (" 7 ", 7), (str(MAKS_ID), MAKS_ID), ("0", None), ("-1", None), ("", None),
     ("³", None), ("٣", None), ("１２", None), ("1e3", None), (str(MAKS_ID + 1), None),
     ("9" * 400, None), (None, None)],
)  # fmt: skip
def test_heltall_takes_ascii_digits_in_range_and_nothing_else(
    tekst: object, forventet: int | None
) -> None:
    assert heltall(tekst) == forventet


def test_heltall_may_start_at_zero_for_versions() -> None:
    assert heltall("0", minst=0) == 0


@pytest.mark.parametrize(
    ("tekst", "forventet"), [("2026", 2026), ("٢٠٢٦", None), ("²⁰²⁶", None), ("99999", None)]
)
def test_aarstall_is_a_four_digit_year(tekst: str, forventet: int | None) -> None:
    assert aarstall(tekst) == forventet
