"""Sak numbers as the papers write them: every form reads back to (year, number)."""

from __future__ import annotations

import pytest

from tilskudd_flow.domain.saksnummer import Saksnummer, les_saksnummer


@pytest.mark.parametrize(
    ("tekst", "forventet"),
    [
        ("Sak 23-2025", Saksnummer(2025, 23)),
        ("sak 23 - 2025", Saksnummer(2025, 23)),
        ("Sak nr. 23/2025", Saksnummer(2025, 23)),
        ("24/2025", Saksnummer(2025, 24)),
        ("10/25", Saksnummer(2025, 10)),
        (" 7-26 ", Saksnummer(2026, 7)),
    ],
)
def test_every_written_form_reads_to_year_and_number(tekst: str, forventet: Saksnummer) -> None:
    assert les_saksnummer(tekst) == forventet


@pytest.mark.parametrize("tekst", ["", "Sak 23", "23.2025", "0/2025", "Sak 23-202", "abc/2025"])
def test_anything_else_is_refused_with_the_forms_named(tekst: str) -> None:
    with pytest.raises(ValueError, match="Sak 23-2025"):
        les_saksnummer(tekst)


def test_a_number_renders_in_each_form_and_back() -> None:
    nummer = Saksnummer(2025, 9)
    assert (nummer.vis(), nummer.vis("skrastrek"), nummer.vis("kort")) == (
        "Sak 9-2025",
        "9/2025",
        "9/25",
    )
    for form in ("sak", "skrastrek", "kort"):
        assert les_saksnummer(nummer.vis(form)) == nummer
    assert Saksnummer(2025, 9) < Saksnummer(2025, 10) < Saksnummer(2026, 1)
