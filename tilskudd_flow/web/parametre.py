"""The ids and numbers routes take from paths, queries and forms, range-checked before they
reach the database: the id columns are INTEGER, which PostgreSQL refuses past 2**31 - 1 and
SQLite past 2**63 - 1 (both a 500), and `str.isdigit()` accepts '³' and '٣', which `int()`
then refuses or misreads."""

from __future__ import annotations

from typing import Annotated

from fastapi import Path, Query

from tilskudd_flow.domain.tekst import Enlinje

MAKS_ID = 2**31 - 1  # PostgreSQL's INTEGER, the type of every id column
MAKS_SIDE = 100_000  # pages of 50: far past any list, and the OFFSET stays a small number
FORSTE_AAR, SISTE_AAR = 1900, 2999

SakId = Annotated[int, Path(ge=1, le=MAKS_ID, description="Sakens nummer")]
RadId = Annotated[int, Path(ge=1, le=MAKS_ID, description="Radens nummer")]
Aar = Annotated[int, Path(ge=FORSTE_AAR, le=SISTE_AAR, description="Årstall, f.eks. 2026")]
AarValg = Annotated[int | None, Query(ge=FORSTE_AAR, le=SISTE_AAR, description="Årstall")]
Sidenummer = Annotated[int, Query(ge=1, le=MAKS_SIDE, description="Sidenummer, fra 1")]
# Free text that reaches a query: PostgreSQL refuses NUL in text (a 500), and no filter,
# name or search needs more than the one-line text rule allows, or more than a line's worth.
Tekstfilter = Annotated[Enlinje, Query(max_length=200)]
Brukernavn = Annotated[Enlinje, Path(min_length=1, max_length=100)]
# A filter chosen in a <select> whose first option "alle år" is the empty string.
AarFilter = Annotated[str, Query(pattern=r"^([0-9]{4})?$", description="Årstall eller tomt")]


def heltall(tekst: object, *, minst: int = 1, maks: int = MAKS_ID) -> int | None:
    """A form field's whole number in range, ASCII digits only; None for anything else."""
    verdi = str(tekst).strip()
    if not (verdi.isascii() and verdi.isdecimal()) or len(verdi) > len(str(maks)):
        return None
    tall = int(verdi)
    return tall if minst <= tall <= maks else None


def aarstall(tekst: object) -> int | None:
    """A year typed or chosen in a form, or None."""
    return heltall(tekst, minst=FORSTE_AAR, maks=SISTE_AAR)
