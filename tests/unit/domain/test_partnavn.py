"""Table tests: a party is found by number, name with or without «kommune»/«HF», or alias."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tilskudd_flow.domain.partnavn import finn_part, normalisert_navn


@dataclass(frozen=True)
class Part:
    navn: str
    kommunenummer: str | None = None


VEFSN = Part("Vefsn kommune", "1824")
RANA = Part("Rana kommune", "1833")
HSYK = Part("Helgelandssykehuset HF")
HELSE_NORD = Part("Helse Nord RHF")
PARTER = [VEFSN, RANA, HSYK, HELSE_NORD]
ALIASER = {normalisert_navn("HSYK"): "Helgelandssykehuset HF", "mo i rana": "Rana kommune"}

TABELL: list[tuple[str, Part | None]] = [
    ("1824", VEFSN),
    (" 1833 ", RANA),
    ("Vefsn kommune", VEFSN),
    ("Vefsn", VEFSN),
    ("vefsn", VEFSN),
    ("  VEFSN   KOMMUNE ", VEFSN),
    ("Helgelandssykehuset HF", HSYK),
    ("Helgelandssykehuset", HSYK),  # the everyday name, issue 19
    ("helgelandssykehuset  hf", HSYK),
    ("HSYK", HSYK),
    ("hsyk", HSYK),
    (" Mo  i  Rana ", RANA),
    ("Helse Nord RHF", HELSE_NORD),
    ("Helse Nord", None),  # only «HF» and «kommune» may be left out
    ("Helgeland", None),
    ("Sykehuset", None),
    ("", None),
    ("   ", None),
    ("9999", None),
]


@pytest.mark.parametrize(("tekst", "forventet"), TABELL)
def test_a_party_is_found_by_what_people_call_it(tekst: str, forventet: Part | None) -> None:
    assert finn_part(tekst, PARTER, ALIASER) == forventet


def test_an_alias_for_a_party_that_is_not_there_finds_nothing() -> None:
    assert finn_part("HSYK", [VEFSN, RANA], ALIASER) is None
