"""The one rule for text a user gives: which characters a one-line or a multi-line field takes.

A line break in a name or a subject ends up in an e-mail header, a log line or a spreadsheet
cell where it does harm (one contact name stopped all e-mail, #17); bidirectional overrides
make a reader see text in another order than it is stored. Every entry point (web forms,
the JSON API, søknad files, imports, the CLI) calls these functions, so the rule is one.

TAB is allowed in multi-line text only: applicants paste tables from Word and Excel into
descriptions, and a TAB there is harmless. In a one-line field it is refused like any other
control character.
"""

from __future__ import annotations

import unicodedata
from typing import Annotated

from pydantic import AfterValidator

from tilskudd_flow.domain.feil import UgyldigeFelt

MELDING_ENLINJE = "Feltet kan ikke inneholde linjeskift eller kontrolltegn"
MELDING_FLERLINJE = "Feltet kan ikke inneholde kontrolltegn (linjeskift og tabulator går bra)"

# Bidirectional embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069).
_RETNINGSTEGN = frozenset(chr(c) for c in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))
# Control (Cc), lone surrogate (Cs) and line/paragraph separators (Zl, Zp).
_FORBUDTE_KATEGORIER = frozenset({"Cc", "Cs", "Zl", "Zp"})
_TILLATT_FLERLINJE = frozenset("\n\t")


def forste_forbudte(tekst: str, *, flerlinje: bool = False) -> str | None:
    """The first character the field may not hold, or None when the text is clean."""
    tillatt = _TILLATT_FLERLINJE if flerlinje else frozenset()
    for tegn in tekst:
        if tegn in tillatt:
            continue
        if tegn in _RETNINGSTEGN or unicodedata.category(tegn) in _FORBUDTE_KATEGORIER:
            return tegn
    return None


def enlinjefeil(tekst: str) -> str | None:
    """Why a one-line field refuses the text, or None when it takes it."""
    tegn = forste_forbudte(tekst)
    return None if tegn is None else f"{MELDING_ENLINJE} (fant {kodepunkt(tegn)})"


def enlinje(tekst: str) -> str:
    """The text unchanged, or ValueError naming the first forbidden character."""
    feil = enlinjefeil(tekst)
    if feil is not None:
        raise ValueError(feil)
    return tekst


def krev_enlinje(**felt: str) -> None:
    """Refuse one-line fields given as keyword arguments, each named beside its problem."""
    feil = {navn: melding for navn, verdi in felt.items() if (melding := enlinjefeil(verdi))}
    if feil:
        raise UgyldigeFelt(feil)


def flerlinje(tekst: str) -> str:
    """The text with CRLF and lone CR made LF, or ValueError naming a forbidden character."""
    normalisert = tekst.replace("\r\n", "\n").replace("\r", "\n")
    tegn = forste_forbudte(normalisert, flerlinje=True)
    if tegn is not None:
        raise ValueError(f"{MELDING_FLERLINJE} (fant {kodepunkt(tegn)})")
    return normalisert


def krev_flerlinje(**felt: str) -> dict[str, str]:
    """Multi-line fields given as keyword arguments, normalised; refusals name each field."""
    renset: dict[str, str] = {}
    feil: dict[str, str] = {}
    for navn, verdi in felt.items():
        try:
            renset[navn] = flerlinje(verdi)
        except ValueError as problem:
            feil[navn] = str(problem)
    if feil:
        raise UgyldigeFelt(feil)
    return renset


def kodepunkt(tegn: str) -> str:
    """«U+000D» – a forbidden character named so the user can find it (it is invisible)."""
    return f"U+{ord(tegn):04X}"


Enlinje = Annotated[str, AfterValidator(enlinje)]
"""A one-line text in a pydantic model: a refusal names the field (a 422 in the API)."""

Flerlinje = Annotated[str, AfterValidator(flerlinje)]
"""A multi-line text in a pydantic model: newlines kept (as LF), other controls refused."""
