"""Deadline dates: from a yearly rule, moved to a working day when the rule says so.

A deadline that falls on a Saturday, Sunday or Norwegian public holiday can move to the
next working day (deadlines we set for others, as domstolloven § 149 does) or to the
previous one (deadlines others set for us: plan to be done by the Friday before).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any, Protocol

from tilskudd_flow.domain.tid import OSLO, norsk_dato


class Fristfabrikk(Protocol):
    """Makes a deadline of a configured kind (name, working-day rule) for a callback."""

    def ny(
        self,
        type_: str,
        *,
        aar: int,
        nokkel: str,
        dato: date | None = None,
        objekt: tuple[str, int] | None = None,
    ) -> Any: ...

    def relativ(
        self, type_: str, *, referanse: date, nokkel: str, objekt: tuple[str, int] | None = None
    ) -> Any: ...


@dataclass(frozen=True)
class Fristvisning:
    """A deadline as lists, pages and the årshjul calendar show it (a value, not a row)."""

    id: int
    nokkel: str
    type: str
    navn: str
    aar: int
    dato: date
    effektiv_dato: date
    vist: str
    bekreftet: bool


class Virkedag(StrEnum):
    INGEN = "ingen"
    FREMOVER = "fremover"
    BAKOVER = "bakover"


# Lov om helligdager og helgedagsfred § 2 and lov om 1. og 17. mai som høgtidsdager: the
# fixed days, and the moving ones as days from Easter Sunday. Written out here instead of
# asking the holidays package, whose first lookup imports every country it knows (~17 MB
# resident in every server and CLI process, issue 22); tests/unit/test_helligdager.py checks
# this list against that package, year by year.
FASTE_HELLIGDAGER = ((1, 1), (5, 1), (5, 17), (12, 25), (12, 26))
FRA_PASKEDAG = (-3, -2, 0, 1, 39, 49, 50)  # skjærtorsdag … 2. pinsedag


def paskedag(aar: int) -> date:
    """Easter Sunday in the Gregorian calendar (the anonymous algorithm, Meeus/Jones/Butcher)."""
    a, b, c = aar % 19, aar // 100, aar % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    maaned, dag = divmod(h + l_ - 7 * m + 114, 31)
    return date(aar, maaned, dag + 1)


@lru_cache(maxsize=64)
def _helligdager(aar: int) -> frozenset[date]:
    """Norway's public holidays in a year (Sundays are not listed: they are weekend)."""
    pask = paskedag(aar)
    return frozenset([date(aar, maaned, dag) for maaned, dag in FASTE_HELLIGDAGER]
                     + [pask + timedelta(days=n) for n in FRA_PASKEDAG])  # fmt: skip


def er_virkedag(dag: date) -> bool:
    """Monday to Friday, and not a Norwegian public holiday."""
    return dag.weekday() < 5 and dag not in _helligdager(dag.year)


def effektiv_dato(dag: date, regel: Virkedag) -> date:
    """The day the deadline really falls on once the working-day rule is applied."""
    if regel == Virkedag.INGEN:
        return dag
    steg = timedelta(days=1 if regel == Virkedag.FREMOVER else -1)
    while not er_virkedag(dag):
        dag += steg
    return dag


def dato_i_uke(aar: int, uke: int, ukedag: int) -> date:
    """The ISO week day (1 = Monday) of an ISO week, e.g. Wednesday of week 43."""
    return date.fromisocalendar(aar, uke, ukedag)


def tidspunkt_paa_dag(dag: date, klokkeslett: time) -> datetime:
    """An instant on a calendar day in Oslo, e.g. when the morning's reminders go out."""
    return datetime.combine(dag, klokkeslett, tzinfo=OSLO)


def vis_frist(dag: date, effektiv: date) -> str:
    """`1. oktober 2025`, or `1. november 2025 (lørdag) → fredag 31. oktober 2025`."""
    if dag == effektiv:
        return norsk_dato(dag)
    ukedag = norsk_dato(dag, med_ukedag=True).split(" ", 1)[0]
    return f"{norsk_dato(dag)} ({ukedag}) → {norsk_dato(effektiv, med_ukedag=True)}"


def aarshjulnavn(navn: str, *, aar: int, sak: tuple[str, str] | None = None) -> str:
    """«Søknadsfrist RS-tilskudd 2026», or with the case's (title, reference):
    «Sluttrapport: Helgelandssykepleier (RS-3)»."""
    navn = navn.replace("{aar}", str(aar))
    if sak is None:
        return navn
    tittel, referanse = sak
    return f"{navn}: {tittel} ({referanse})"
