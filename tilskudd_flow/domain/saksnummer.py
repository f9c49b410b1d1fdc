"""SSU's sak numbers: sequential per year, written «Sak 23-2025», «23/2025» or «23/25» in
the same papers. Stored as (year, number); any written form reads back to the same pair."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

Form = Literal["sak", "skrastrek", "kort"]
_MONSTER = re.compile(r"^\s*(?:sak\s*(?:nr\.?)?\s*)?(\d{1,4})\s*[-/]\s*(\d{2}|\d{4})\s*$", re.I)


@dataclass(frozen=True, order=True)
class Saksnummer:
    aar: int
    nummer: int

    def vis(self, form: Form = "sak") -> str:
        """«Sak 23-2025» (the default), «23/2025» or «23/25»."""
        if form == "skrastrek":
            return f"{self.nummer}/{self.aar}"
        if form == "kort":
            return f"{self.nummer}/{self.aar % 100:02d}"
        return f"Sak {self.nummer}-{self.aar}"

    def __str__(self) -> str:
        return self.vis()


def les_saksnummer(tekst: str, *, aarhundre: int = 2000) -> Saksnummer:
    """Read any of the written forms; ValueError (in bokmål) for anything else."""
    treff = _MONSTER.match(tekst)
    if treff is None:
        raise ValueError(
            f"«{tekst}» er ikke et saksnummer; skriv det som «Sak 23-2025», «23/2025» eller «23/25»"
        )
    nummer, aar = int(treff[1]), int(treff[2])
    if len(treff[2]) == 2:
        aar += aarhundre
    if nummer < 1:
        raise ValueError(f"«{tekst}»: nummeret må være 1 eller høyere, som i «Sak 23-2025»")
    return Saksnummer(aar, nummer)


# «Sak 23-2025», «SSU-sak 24/2025», «saksnr. 10/25» inside free text: the word «sak» is what
# tells an SSU sak from a letter's own reference (Helse Nord writes «2025/1234»).
_I_TEKST = re.compile(r"\bsaks?\s*(?:nr\.?)?\s*(\d{1,4})\s*[-/]\s*(\d{4}|\d{2})\b", re.I)


def finn_saksnummer(tekst: str, *, aarhundre: int = 2000) -> list[Saksnummer]:
    """The SSU sak numbers a vedtak text cites, in order: the whole text as a number
    («24/2025», «10/25»), or each «Sak …» written in it. No number: an empty list."""
    try:
        hele = les_saksnummer(tekst, aarhundre=aarhundre)
    except ValueError:
        hele = None
    if hele is not None and hele.aar >= aarhundre:  # not «2025/1234», a letter's reference
        return [hele]
    funnet: list[Saksnummer] = []
    for treff in _I_TEKST.finditer(tekst):
        nummer, aar = int(treff[1]), int(treff[2])
        aar += aarhundre if len(treff[2]) == 2 else 0
        saksnummer = Saksnummer(aar, nummer)
        if nummer >= 1 and saksnummer not in funnet:
            funnet.append(saksnummer)
    return funnet
