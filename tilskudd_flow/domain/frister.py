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
from typing import TYPE_CHECKING, Any, Protocol

from tilskudd_flow.domain.tid import OSLO, norsk_dato

# The holiday calendar (~20 ms) loads when a date is first moved, not with every module that
# names a deadline (issue 22: `tilskudd saker` moves none).
if TYPE_CHECKING:
    import holidays


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


@lru_cache(maxsize=64)
def _helligdager(aar: int) -> holidays.HolidayBase:
    import holidays

    return holidays.country_holidays("NO", years=aar, language="no")


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
