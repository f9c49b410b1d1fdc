"""Instants and Norwegian dates: deadlines end at the close of their day in Oslo."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from tilskudd_flow.domain import norsk

OSLO = ZoneInfo("Europe/Oslo")
DAGENS_SLUTT = time(23, 59, 59)


def fristens_slutt(dag: date, klokkeslett: time = DAGENS_SLUTT) -> datetime:
    """The last instant a deadline on `dag` is still met (Oslo time, DST-safe)."""
    return datetime.combine(dag, klokkeslett, tzinfo=OSLO)


def dato_i_oslo(instant: datetime) -> date:
    return instant.astimezone(OSLO).date()


def norsk_dato(dag: date, *, med_ukedag: bool = False) -> str:
    """`1. oktober 2025`, or `onsdag 1. oktober 2025`: running text and letters."""
    return norsk.langdato(dag, med_ukedag=med_ukedag)


def _i_oslo(instant: datetime) -> datetime:
    # A naive instant is read as Oslo time (older rows and SQLite drop the zone).
    return (instant if instant.tzinfo else instant.replace(tzinfo=OSLO)).astimezone(OSLO)


def norsk_tidspunkt(instant: datetime) -> str:
    """`1. oktober 2025 kl. 13.00` in Oslo time: running text and letters."""
    lokal = _i_oslo(instant)
    return f"{norsk.langdato(lokal)} kl. {norsk.klokkeslett(lokal)}"


def kort_tidspunkt(instant: datetime) -> str:
    """`01.10.2025 kl. 13.00` in Oslo time: tables and lists."""
    lokal = _i_oslo(instant)
    return f"{norsk.dato(lokal)} kl. {norsk.klokkeslett(lokal)}"
