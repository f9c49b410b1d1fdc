"""Tolking av datoer slik de skrives i søknader og skjema («28.02.25», «28.2.2025»,
«2025-02-28», «28. februar 2025»): én tolker for hvert datofelt i appen."""

from __future__ import annotations

import calendar
import re
from datetime import date
from typing import Annotated, Any

from pydantic import BeforeValidator

EKSEMPLER = "«28.02.2025», «28.02.25», «28.2.2025», «2025-02-28» eller «28. februar 2025»"

_MAANEDER = (
    "januar", "februar", "mars", "april", "mai", "juni",
    "juli", "august", "september", "oktober", "november", "desember",
)  # fmt: skip

# Each pattern names day, month and year; a date inside free text must not be part of a
# longer run of digits and dots (a version «1.2.3.4» or a phone number is no date).
_KANT_FOER = r"(?<![\d.])"
_KANT_ETTER = r"(?!\.?\d)"
_DAG = r"(?P<dag>\d{1,2})"
_NORSK = re.compile(
    rf"{_KANT_FOER}{_DAG}\.(?P<maaned>\d{{1,2}})\.(?P<aar>\d{{4}}|\d{{2}}){_KANT_ETTER}"
)
_ISO = re.compile(rf"{_KANT_FOER}(?P<aar>\d{{4}})-(?P<maaned>\d{{1,2}})-{_DAG}{_KANT_ETTER}")
_SKREVET = re.compile(
    rf"{_KANT_FOER}{_DAG}\. ?(?P<maaned>{'|'.join(_MAANEDER)}) (?P<aar>\d{{4}}){_KANT_ETTER}",
    re.IGNORECASE,
)
_MONSTRE = (_NORSK, _ISO, _SKREVET)
# Digits in three groups split by dots, dashes or slashes: meant as a date, readable or not.
_DATOLIGNENDE = re.compile(r"(?<![\d.])\d{1,4}[./-]\d{1,2}[./-]\d{1,4}(?![\d])")


class UgyldigDato(ValueError):
    """Teksten er (eller inneholder) en dato som ikke finnes eller ikke kan leses."""

    def __init__(self, tekst: str, grunn: str) -> None:
        super().__init__(f"Ugyldig dato «{tekst}»: {grunn}")
        self.tekst = tekst
        self.grunn = grunn


def parse_dato(tekst: str) -> date:
    """Tolk en dato skrevet på norsk eller som ÅÅÅÅ-MM-DD; en dato som ikke finnes avvises."""
    kjerne = re.sub(r"\s+", " ", tekst).strip()
    for monster in _MONSTRE:
        if treff := monster.fullmatch(kjerne):
            return _dato(treff, tekst)
    raise UgyldigDato(tekst, f"forstår ikke datoen; skriv f.eks. {EKSEMPLER}")


def datoer_i_tekst(tekst: str) -> list[date]:
    """Every date written inside free text, in order. Something that looks like a date
    («31.02.2025», «28/02/2025») but is none is refused, never read as plain words."""
    funnet: list[tuple[int, date]] = [
        (t.start(), _dato(t, t.group())) for t in _SKREVET.finditer(tekst)
    ]
    for kandidat in _DATOLIGNENDE.finditer(tekst):
        funnet.append((kandidat.start(), parse_dato(kandidat.group())))
    return [dato for _, dato in sorted(funnet)]


def er_bare_dato(tekst: str) -> bool:
    """True when the text is a date and nothing else (valid or not)."""
    kjerne = re.sub(r"\s+", " ", tekst).strip()
    return any(monster.fullmatch(kjerne) for monster in _MONSTRE)


def _dato(treff: re.Match[str], tekst: str) -> date:
    aar = int(treff["aar"])
    aar = 2000 + aar if len(treff["aar"]) == 2 else aar  # «28.02.25» is this century
    maaned_tekst = treff["maaned"].lower()
    maaned = _MAANEDER.index(maaned_tekst) + 1 if maaned_tekst.isalpha() else int(maaned_tekst)
    dag = int(treff["dag"])
    if not 1 <= maaned <= 12:
        raise UgyldigDato(tekst, f"måned {maaned} finnes ikke (1–12)")
    siste = calendar.monthrange(aar, maaned)[1]
    if not 1 <= dag <= siste:
        grunn = (
            f"datoen {dag:02d}.{maaned:02d}.{aar:04d} finnes ikke "
            f"({_MAANEDER[maaned - 1]} {aar} har {siste} dager)"
        )
        raise UgyldigDato(tekst, grunn)
    return date(aar, maaned, dag)


def _fra_tekst(verdi: Any) -> Any:
    # TOML and JSON files may hold a real date; text goes through the one parser.
    if isinstance(verdi, str):
        return parse_dato(verdi)
    return verdi


Dato = Annotated[date, BeforeValidator(_fra_tekst)]
"""A date field of an input file or form: text is read by `parse_dato`."""
