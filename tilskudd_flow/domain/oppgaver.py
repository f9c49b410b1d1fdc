"""«Mine oppgaver»: what waits for a user, and in which order. Pure: the engine finds the
cases and deadlines, these rules say which are the user's tasks and how they are sorted."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from tilskudd_flow.domain.arbeidsflyt import Fristregel, Venter
from tilskudd_flow.domain.kodeverk import Rolle


@dataclass(frozen=True)
class Oppgave:
    """One thing to do: what, on which case (or page), by when, and whose case it is."""

    hva: str
    gjelder: str
    lenke: str
    frist: date | None = None
    fristnavn: str = ""
    saksbehandler: str = ""
    din: bool = False

    def forfalt(self, idag: date) -> bool:
        return self.frist is not None and self.frist < idag


def venter_paa_deg(venter: Venter | None, roller: frozenset[Rolle]) -> bool:
    """The case's state waits for one of the user's roles."""
    return venter is not None and bool(venter.hvem & roller)


def fristen_angaar(regel: Fristregel, roller: frozenset[Rolle], *, forfalt: bool) -> bool:
    """A deadline is a user's task when its reminders or escalations go to one of the
    user's roles; one only escalated about (an overdue report) only once it has passed."""
    mottakere = set(regel.paaminnelse_til) | set(regel.eskalering_til)
    if forfalt:
        mottakere |= set(regel.eskalering_om_fristen_til)
    return bool(mottakere & {rolle.value for rolle in roller})


def fristoppgave(fristnavn: str, *, forfalt: bool) -> str:
    """What a deadline asks: «Årsrapport er ikke mottatt» once passed, else the deadline."""
    return f"{fristnavn}: fristen er passert" if forfalt else f"{fristnavn}: følg opp før fristen"


def i_rekkefolge(oppgaver: Iterable[Oppgave]) -> list[Oppgave]:
    """The user's own cases first, then by deadline (the earliest first; none last); equal
    ones keep the order they came in (the oldest case first)."""
    return sorted(oppgaver, key=lambda o: (not o.din, o.frist is None, o.frist or date.max))
