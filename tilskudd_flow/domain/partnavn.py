"""Finding a party (kommune or helseforetak) by what people call it: its number, its name
with or without «kommune»/«HF», or an alias the helsefellesskap has configured."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Protocol, TypeVar

# Suffixes people leave out in everyday speech: «Vefsn» for «Vefsn kommune»,
# «Helgelandssykehuset» for «Helgelandssykehuset HF».
_UTELATTE_ENDELSER = (" kommune", " hf")


class _Navngitt(Protocol):
    @property
    def navn(self) -> str: ...

    @property
    def kommunenummer(self) -> str | None: ...


P = TypeVar("P", bound=_Navngitt)


def normalisert_navn(tekst: str) -> str:
    """Case- and whitespace-insensitive form of a name («  helgelands sykehuset » etc.)."""
    return " ".join(tekst.split()).casefold()


def navneformer(navn: str) -> set[str]:
    """The normalised forms a party's name is found by: whole, and without «kommune»/«HF»."""
    hel = normalisert_navn(navn)
    return {hel, *(hel.removesuffix(e) for e in _UTELATTE_ENDELSER if hel.endswith(e))}


def finn_part(tekst: str, parter: Sequence[P], aliaser: Mapping[str, str]) -> P | None:
    """The first party (in the given order) the text names; `aliaser` maps a normalised
    alias to the party's name as configured."""
    nummer = tekst.strip()
    if nummer:
        treff = next((p for p in parter if p.kommunenummer == nummer), None)
        if treff is not None:
            return treff
    navn = normalisert_navn(tekst)
    if not navn:
        return None
    return _ved_navn(navn, parter) or _ved_navn(normalisert_navn(aliaser.get(navn, "")), parter)


def _ved_navn(navn: str, parter: Sequence[P]) -> P | None:
    if not navn:
        return None
    return next((p for p in parter if navn in navneformer(p.navn)), None)
