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


def les_aliaser(tekst: str) -> list[str]:
    """The other names typed one per line: trimmed, inner spaces made single, blank lines
    and repeats (case and spacing ignored) left out, in the order typed."""
    sett: set[str] = set()
    aliaser: list[str] = []
    for linje in tekst.splitlines():
        alias = " ".join(linje.split())
        if alias and normalisert_navn(alias) not in sett:
            sett.add(normalisert_navn(alias))
            aliaser.append(alias)
    return aliaser


def navnekollisjoner(
    navn: str, aliaser: Sequence[str], opptatt: Mapping[str, str]
) -> dict[str, str]:
    """What is wrong with a party's new name and other names, per field («navn»,
    «aliaser»): any that another party already goes by. `opptatt` maps every normalised
    name form and alias of the OTHER parties to that party's name."""
    feil: dict[str, str] = {}
    navnetreff = next((opptatt[f] for f in sorted(navneformer(navn)) if f in opptatt), None)
    if navnetreff is not None:
        feil["navn"] = f"«{navn}» er allerede navnet på eller et annet navn for {navnetreff}"
    kolliderer = [f"«{a}» ({opptatt[normalisert_navn(a)]})" for a in aliaser
                  if normalisert_navn(a) in opptatt]  # fmt: skip
    if kolliderer:
        feil["aliaser"] = (
            "brukes allerede om en annen part: " + ", ".join(kolliderer)
            + ". Et navn kan bare peke på én part."
        )  # fmt: skip
    return feil
