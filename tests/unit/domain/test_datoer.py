"""Table tests for the one date parser every date field goes through (#19)."""

from __future__ import annotations

from datetime import date

import pytest

from tilskudd_flow.domain.datoer import UgyldigDato, datoer_i_tekst, er_bare_dato, parse_dato

GYLDIGE: list[tuple[str, date]] = [
    ("28.02.25", date(2025, 2, 28)),
    ("28.02.2025", date(2025, 2, 28)),
    ("2025-02-28", date(2025, 2, 28)),
    ("28.2.2025", date(2025, 2, 28)),
    ("28.2.25", date(2025, 2, 28)),
    ("1.9.2025", date(2025, 9, 1)),
    ("2025-9-1", date(2025, 9, 1)),
    ("  01.09.2025 ", date(2025, 9, 1)),
    ("29.02.2028", date(2028, 2, 29)),
    ("28. februar 2025", date(2025, 2, 28)),
    ("1. Mars 2026", date(2026, 3, 1)),
    ("31.12.2099", date(2099, 12, 31)),
]

UGYLDIGE: list[tuple[str, str]] = [
    ("31.02.2025", "datoen 31.02.2025 finnes ikke (februar 2025 har 28 dager)"),
    ("29.02.2027", "datoen 29.02.2027 finnes ikke (februar 2027 har 28 dager)"),
    ("31.04.2026", "datoen 31.04.2026 finnes ikke (april 2026 har 30 dager)"),
    ("2025-02-30", "datoen 30.02.2025 finnes ikke"),
    ("00.01.2025", "datoen 00.01.2025 finnes ikke"),
    ("01.13.2025", "måned 13 finnes ikke (1–12)"),
    ("2025-00-10", "måned 0 finnes ikke (1–12)"),
    ("30. februar 2026", "datoen 30.02.2026 finnes ikke"),
    ("28/02/2025", "forstår ikke datoen; skriv f.eks. «28.02.2025»"),
    ("28.02", "forstår ikke datoen"),
    ("i morgen", "forstår ikke datoen"),
    ("", "forstår ikke datoen"),
]


@pytest.mark.parametrize(("tekst", "forventet"), GYLDIGE)
def test_a_date_as_norwegians_write_it_is_read(tekst: str, forventet: date) -> None:
    assert parse_dato(tekst) == forventet
    assert er_bare_dato(tekst)


@pytest.mark.parametrize(("tekst", "grunn"), UGYLDIGE)
def test_an_impossible_or_unreadable_date_is_refused_in_bokmal(tekst: str, grunn: str) -> None:
    with pytest.raises(UgyldigDato) as feil:
        parse_dato(tekst)
    assert str(feil.value) == f"Ugyldig dato «{tekst}»: {feil.value.grunn}"
    assert grunn in feil.value.grunn


@pytest.mark.parametrize(
    ("tekst", "forventet"),
    [
        ("Bekreftet på e-post fra kommunedirektøren 28.02.2025", [date(2025, 2, 28)]),
        ("Elektronisk bekreftet samarbeid pr mail 12.09.2025.", [date(2025, 9, 12)]),
        ("Signert 28. februar 2025, bekreftet 2025-03-01", [date(2025, 2, 28), date(2025, 3, 1)]),
        ("Bekreftet muntlig i møte", []),
        ("Versjon 2 av avtalen, 12 sider", []),
    ],
)
def test_dates_are_found_inside_free_text(tekst: str, forventet: list[date]) -> None:
    assert datoer_i_tekst(tekst) == forventet
    assert not er_bare_dato(tekst)


@pytest.mark.parametrize(
    "tekst", ["Bekreftet på e-post 31.02.2025", "Signert 28/02/2025", "Avtalt 2025-13-01"]
)
def test_something_date_like_in_free_text_must_be_a_valid_date(tekst: str) -> None:
    with pytest.raises(UgyldigDato):
        datoer_i_tekst(tekst)
