"""Sak numbers as the papers write them: every form reads back to (year, number)."""

from __future__ import annotations

import pytest

from tilskudd_flow.domain.saksnummer import Saksnummer, finn_saksnummer, les_saksnummer


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


# Issue 19: the numbers a vedtak text cites, to be checked against the SSU saker.
@pytest.mark.parametrize(
    ("tekst", "forventet"),
    [
        ("Sak 23-2025", [Saksnummer(2025, 23)]),
        ("24/2025", [Saksnummer(2025, 24)]),
        ("10/25", [Saksnummer(2025, 10)]),
        ("SSU-sak 12/2025, jf. sak 13-2025", [Saksnummer(2025, 12), Saksnummer(2025, 13)]),
        ("Vedtatt i SSU, saksnr. 7/26", [Saksnummer(2026, 7)]),
        ("Sak 30-2025 (og Sak 30-2025 igjen)", [Saksnummer(2025, 30)]),
        ("Helse Nord, tildelingsutvalget juni 2026", []),
        ("Helse Nords vedtak 2025/1234", []),
        ("2025/1234", []),
        ("Forslaget vedtas.", []),
        ("", []),
    ],
)
def test_the_sak_numbers_a_vedtak_text_cites(tekst: str, forventet: list[Saksnummer]) -> None:
    assert finn_saksnummer(tekst) == forventet
