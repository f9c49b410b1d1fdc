"""The same person under two titles or name forms: «Kari M. Nordmann, seniorrådgiver» and
«Kari Nordmann, rådgiver» with the same e-mail (or one without any) are one person.

Names match on first and last name, case and middle initials aside; an e-mail decides when
both have one (two people may share a name, never an address).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Personopplysning:
    """A person as one line of an import file names them."""

    navn: str
    epost: str = ""
    tittel: str = ""
    organisasjon: str = ""


@dataclass(frozen=True)
class Sammenslaing:
    """Several lines that are one person, and the form kept."""

    beholdt: Personopplysning
    slatt_sammen: tuple[Personopplysning, ...]

    def beskriv(self) -> str:
        former = "; ".join(_vis(p) for p in self.slatt_sammen)
        return f"{_vis(self.beholdt)} ← {former}"


def navnenokkel(navn: str) -> str:
    """«Kari M. Nordmann» and «kari nordmann» → «kari nordmann»."""
    ord_ = [o for o in unicodedata.normalize("NFC", navn).lower().replace(",", " ").split()
            if not (len(o.rstrip(".")) == 1 and o.rstrip(".").isalpha())]  # fmt: skip
    if len(ord_) < 2:
        return " ".join(ord_)
    return f"{ord_[0]} {ord_[-1]}"


def samme_person(a: Personopplysning, b: Personopplysning) -> bool:
    if a.epost and b.epost:
        return a.epost.lower() == b.epost.lower()
    return navnenokkel(a.navn) == navnenokkel(b.navn)


def slaa_sammen(
    personer: Sequence[Personopplysning],
) -> tuple[list[Personopplysning], list[Sammenslaing]]:
    """One entry per person (the fullest name form, the e-mail and title found), and what
    was merged."""
    grupper: list[list[Personopplysning]] = []
    for person in personer:
        gruppe = next((g for g in grupper if any(samme_person(person, p) for p in g)), None)
        if gruppe is None:
            grupper.append([person])
        elif person not in gruppe:
            gruppe.append(person)
    unike = [_beholdt(g) for g in grupper]
    sammenslaing = [Sammenslaing(_beholdt(g), tuple(g)) for g in grupper if len(g) > 1]
    return unike, sammenslaing


def _beholdt(gruppe: list[Personopplysning]) -> Personopplysning:
    navn = max((p.navn for p in gruppe), key=len)
    epost = next((p.epost for p in gruppe if p.epost), "")
    # The last line read names the current title (files list the newest last).
    tittel = next((p.tittel for p in reversed(gruppe) if p.tittel), "")
    organisasjon = next((p.organisasjon for p in reversed(gruppe) if p.organisasjon), "")
    return Personopplysning(navn, epost, tittel, organisasjon)


def _vis(person: Personopplysning) -> str:
    detaljer = ", ".join(d for d in (person.tittel, person.epost) if d)
    return f"«{person.navn}»" + (f" ({detaljer})" if detaljer else "")
