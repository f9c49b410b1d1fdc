"""Tabelltester for tolking av beløp."""

from __future__ import annotations

import pytest

from tilskudd_flow.domain.amounts import (
    Belop,
    UgyldigBelop,
    formater_kroner,
    parse_belop,
    parse_belop_per_aar,
)

NBSP = "\u00a0"
TYNT = "\u2009"
SMALT_NBSP = "\u202f"
MINUSTEGN = "\u2212"
TANKESTREK = "\u2013"

# (text, øre, omtrentlig, per_aar, antall_aar); øre worked out by hand: kroner * 100.
GYLDIGE: list[tuple[str, int, bool, bool, int | None]] = [
    ("kr. 9 315 000,-", 931_500_000, False, False, None),
    ("Kr. 500.000, -", 50_000_000, False, False, None),
    ("ca. kr 1,5 mill", 150_000_000, True, False, None),
    ("2 millioner per år over 5 år", 200_000_000, False, True, 5),
    ("2 millioner per år over 5 år, totalt 10 millioner", 200_000_000, False, True, 5),
    ("500 000", 50_000_000, False, False, None),
    ("kr 500 000", 50_000_000, False, False, None),
    ("500 000 kr", 50_000_000, False, False, None),
    ("500000 kroner", 50_000_000, False, False, None),
    ("NOK 250 000", 25_000_000, False, False, None),
    ("kr 1 200 000,-", 120_000_000, False, False, None),
    (f"kr 1 200 000,{TANKESTREK}", 120_000_000, False, False, None),
    ("kr 12 345,50", 1_234_550, False, False, None),
    ("1,2 MNOK", 120_000_000, False, False, None),
    ("10 MNOK", 1_000_000_000, False, False, None),
    ("1.5 mill", 150_000_000, False, False, None),
    ("1,5 mill.", 150_000_000, False, False, None),
    ("1,25 mill", 125_000_000, False, False, None),
    ("2 mill. kr", 200_000_000, False, False, None),
    ("1 million", 100_000_000, False, False, None),
    ("3 millioner", 300_000_000, False, False, None),
    ("500 tusen", 50_000_000, False, False, None),
    ("2 mrd", 200_000_000_000, False, False, None),
    ("1 milliard", 100_000_000_000, False, False, None),
    ("3 milliarder", 300_000_000_000, False, False, None),
    ("kr 500 000,- pr. år", 50_000_000, False, True, None),
    ("kr 500 000 pr år", 50_000_000, False, True, None),
    ("500 000/år", 50_000_000, False, True, None),
    ("årlig 500 000", 50_000_000, False, True, None),
    ("500 000 årlig i 3 år", 50_000_000, False, True, 3),
    ("10 mill over 5 år", 1_000_000_000, False, False, 5),
    ("ca 300 000 kr", 30_000_000, True, False, None),
    ("cirka 300 000", 30_000_000, True, False, None),
    ("omtrent 300 000", 30_000_000, True, False, None),
    ("rundt 300 000", 30_000_000, True, False, None),
    (f"kr 9{NBSP}315{NBSP}000", 931_500_000, False, False, None),
    (f"kr 9{TYNT}315{TYNT}000", 931_500_000, False, False, None),
    (f"kr 9{SMALT_NBSP}315{SMALT_NBSP}000", 931_500_000, False, False, None),
    ("1 000 000,00", 100_000_000, False, False, None),
    ("500.000", 50_000_000, False, False, None),
    ("1.200.000", 120_000_000, False, False, None),
    ("1.200.000,50", 120_000_050, False, False, None),
    ("kr 0,05", 5, False, False, None),
    ("500000kr", 50_000_000, False, False, None),
    ("totalt 3 mill", 300_000_000, False, False, None),
    # The number of years in words, and the total written last (the go-live file's wording).
    ("kr 2 000 000 per år i fem år, kr 10 000 000 i alt", 200_000_000, False, True, 5),
    ("2 mill per år over to år", 200_000_000, False, True, 2),
    ("kr 1 500 000 i alt", 150_000_000, False, False, None),
    # Exactly 1 234 567 kr, so a whole number of øre.
    ("1,234567 mill", 123_456_700, False, False, None),
]


@pytest.mark.parametrize(("tekst", "ore", "omtrentlig", "per_aar", "antall_aar"), GYLDIGE)
def test_parse_belop(
    tekst: str, ore: int, omtrentlig: bool, per_aar: bool, antall_aar: int | None
) -> None:
    assert parse_belop(tekst) == Belop(
        ore=ore, tekst=tekst, omtrentlig=omtrentlig, per_aar=per_aar, antall_aar=antall_aar
    )


# (text, a fragment the message must contain)
UGYLDIGE: list[tuple[str, str]] = [
    ("", "tom"),
    ("   ", "tom"),
    ("ikke avklart", "fant ikke noe beløp"),
    ("se vedlegg", "fant ikke noe beløp"),
    ("-500 000", "negative"),
    ("kr -500 000", "negative"),
    ("minus 500 000", "negative"),
    (f"{MINUSTEGN}500 000", "negative"),
    (f"kr {TANKESTREK}500 000", "negative"),
    ("500 000 eller 600 000", "flere beløp («500 000», «600 000»)"),
    ("500 000 - 600 000", "flere beløp"),
    ("tre millioner", "tallord"),
    ("en million kroner", "tallord"),
    ("1,234567891 mill", "brøkdel av en øre"),
    ("kr 1,2345", "brøkdel av en øre"),
    ("500,000", "tvetydig"),
    ("1 2345", "tusenskille"),
    ("1 200.000", "tusenskille"),
    ("kr 500 000 (inkl. mva)", "forstår ikke «(», «inkl»"),
    ("1 mill mrd", "størrelsesord"),
    ("kr 500 000 i 0 år", "minst 1"),
    ("500 000 i 2 år over 3 år", "antall år er oppgitt flere ganger"),
    (
        "2 millioner per år over 5 år, totalt 12 millioner",
        "total kr 12 000 000 stemmer ikke med kr 2 000 000 per år i 5 år = kr 10 000 000",
    ),
    ("500 000, totalt 600 000", "kr 600 000 stemmer ikke med kr 500 000"),
    ("2 mill per år, totalt 10 mill", "antall år mangler"),
    ("2 mill, totalt 1 mill per år", "totalen kan ikke selv være per år"),
    ("1 mill, totalt 1 mill, totalt 1 mill", "totalen er oppgitt flere ganger"),
    ("2 mill per år over 5 år, totalt ti mill", "tallord"),
    ("kr 2 000 000 per år i fem år, kr 9 000 000 i alt", "stemmer ikke med"),
    ("fem millioner over fem år", "tallord"),
]


@pytest.mark.parametrize(("tekst", "fragment"), UGYLDIGE)
def test_parse_belop_avviser(tekst: str, fragment: str) -> None:
    with pytest.raises(UgyldigBelop) as feil:
        parse_belop(tekst)
    assert f"«{tekst}»" in str(feil.value)
    assert fragment in str(feil.value)


@pytest.mark.parametrize(
    ("tekst", "total_ore"),
    [
        ("2 millioner per år over 5 år", 1_000_000_000),
        ("500 000 årlig i 3 år", 150_000_000),
        ("kr 500 000 pr. år", 50_000_000),
        ("10 mill over 5 år", 1_000_000_000),
        ("kr 500 000", 50_000_000),
    ],
)
def test_total_ore(tekst: str, total_ore: int) -> None:
    assert parse_belop(tekst).total_ore == total_ore


@pytest.mark.parametrize(
    ("ore", "forventet"),
    [
        (931_500_000, "kr 9 315 000"),
        (123_450, "kr 1 234,50"),
        (1_234_550, "kr 12 345,50"),
        (100_000, "kr 1 000"),
        (99_900, "kr 999"),
        (5, "kr 0,05"),
        (0, "kr 0"),
        (-123_450, "kr -1 234,50"),
        (100_000_000_000, "kr 1 000 000 000"),
    ],
)
def test_formater_kroner(ore: int, forventet: str) -> None:
    assert formater_kroner(ore) == forventet


@pytest.mark.parametrize(
    ("tekst", "forventet"),
    [
        ("kr. 9 315 000,-", "kr 9 315 000"),
        ("kr 12 345,50", "kr 12 345,50"),
        ("2 millioner per år over 5 år", "kr 2 000 000"),
    ],
)
def test_kroner_tekst(tekst: str, forventet: str) -> None:
    assert parse_belop(tekst).kroner_tekst() == forventet


# (text, {year: (amount text, øre)})
PER_AAR_GYLDIGE: list[tuple[str, dict[int, tuple[str, int]]]] = [
    (
        "2026: kr 500 000; 2027: 1,5 mill",
        {2026: ("kr 500 000", 50_000_000), 2027: ("1,5 mill", 150_000_000)},
    ),
    (
        "2026=500000, 2027=600000",
        {2026: ("500000", 50_000_000), 2027: ("600000", 60_000_000)},
    ),
    (
        "2027: 1,5 mill\n2026: 2 mill, 2028 = 3 mill;",
        {
            2026: ("2 mill", 200_000_000),
            2027: ("1,5 mill", 150_000_000),
            2028: ("3 mill", 300_000_000),
        },
    ),
    ("2000: 1 kr; 2100: 2 kr", {2000: ("1 kr", 100), 2100: ("2 kr", 200)}),
]


@pytest.mark.parametrize(("tekst", "forventet"), PER_AAR_GYLDIGE)
def test_parse_belop_per_aar(tekst: str, forventet: dict[int, tuple[str, int]]) -> None:
    resultat = parse_belop_per_aar(tekst)
    assert list(resultat) == sorted(forventet)
    assert resultat == {
        aar: Belop(ore=ore, tekst=belopstekst) for aar, (belopstekst, ore) in forventet.items()
    }


PER_AAR_UGYLDIGE: list[tuple[str, str]] = [
    ("", "fant ingen oppføringer"),
    ("2026: 500 000; 2026: 600 000", "året 2026 er oppgitt flere ganger («2026: 600 000»)"),
    ("2026: 500 000; 2027: tre mill", "oppføringen «2027: tre mill»: tallord"),
    ("1999: 500 000", "året i oppføringen «1999: 500 000» må være mellom 2000 og 2100"),
    ("2101: 500 000", "mellom 2000 og 2100"),
    ("2026: 500 000; se vedlegg", "oppføringen «se vedlegg» er ikke på formen"),
    ("2026 500 000", "oppføringen «2026 500 000» er ikke på formen"),
    ("2026: 1 mill per år over 2 år", "gjelder ett år"),
]


@pytest.mark.parametrize(("tekst", "fragment"), PER_AAR_UGYLDIGE)
def test_parse_belop_per_aar_avviser(tekst: str, fragment: str) -> None:
    with pytest.raises(UgyldigBelop) as feil:
        parse_belop_per_aar(tekst)
    assert f"«{tekst}»" in str(feil.value)
    assert fragment in str(feil.value)
