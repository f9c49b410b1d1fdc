"""Instants and Norwegian dates: deadlines end at the close of their day in Oslo."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")
DAGENS_SLUTT = time(23, 59, 59)

_UKEDAGER = ["mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag", "søndag"]
_MAANEDER = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
]


def fristens_slutt(dag: date, klokkeslett: time = DAGENS_SLUTT) -> datetime:
    """The last instant a deadline on `dag` is still met (Oslo time, DST-safe)."""
    return datetime.combine(dag, klokkeslett, tzinfo=OSLO)


def dato_i_oslo(instant: datetime) -> date:
    return instant.astimezone(OSLO).date()


def norsk_dato(dag: date, *, med_ukedag: bool = False) -> str:
    """`1. oktober 2025`, or `onsdag 1. oktober 2025`."""
    tekst = f"{dag.day}. {_MAANEDER[dag.month - 1]} {dag.year}"
    return f"{_UKEDAGER[dag.weekday()]} {tekst}" if med_ukedag else tekst


def norsk_tidspunkt(instant: datetime) -> str:
    lokal = instant.astimezone(OSLO)
    return f"{norsk_dato(lokal.date())} kl. {lokal:%H:%M}"
