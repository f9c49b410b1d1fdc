"""Milepæler skrevet på én linje («Oppstart: høsten 2025») delt i navn og tidspunkt."""

from __future__ import annotations

from dataclasses import dataclass

from tilskudd_flow.domain.datoer import er_bare_dato
from tilskudd_flow.domain.periods import UgyldigPeriode, parse_periode


@dataclass(frozen=True)
class Milepaeltekst:
    """A milestone's name and its time as written; `tid` is empty when none was found."""

    navn: str
    tid: str


def del_milepael(tekst: str) -> Milepaeltekst:
    """«Navn: tid» → navn and tid, split on the last colon whose right side reads as a period.

    Only a colon splits: a dash is too common inside names («Sluttrapport – mars 2028» stays
    a name whose time is missing, so the applicant is asked rather than guessed for).
    """
    ren = tekst.strip()
    deler = ren.split(":")
    for i in range(len(deler) - 1, 0, -1):
        navn, tid = ":".join(deler[:i]).strip(), ":".join(deler[i:]).strip()
        if navn and _er_tid(tid):
            return Milepaeltekst(navn, tid)
    return Milepaeltekst(ren, "")


def _er_tid(tekst: str) -> bool:
    # A date that does not exist («31.02.2026») is still meant as the time: splitting lets
    # the time field say what is wrong with it instead of calling it missing.
    if er_bare_dato(tekst):
        return True
    try:
        parse_periode(tekst)
    except UgyldigPeriode:
        return False
    return True
