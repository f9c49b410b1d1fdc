"""The årshjul as an iCalendar file Outlook can import or subscribe to."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta

from icalendar import Calendar, Event

from tilskudd_flow.service.frister import Fristvisning

PRODID = "-//tilskudd-flow//aarshjul//NO"


def aarshjul_ics(
    frister: Iterable[Fristvisning], *, navn: str, domene: str, laget: datetime
) -> bytes:
    """One all-day event per deadline, on the day it really falls (working-day rule)."""
    kalender = Calendar()
    kalender.add("prodid", PRODID)
    kalender.add("version", "2.0")
    kalender.add("calscale", "GREGORIAN")
    kalender.add("x-wr-calname", f"Årshjul – {navn}")
    kalender.add("x-wr-timezone", "Europe/Oslo")
    for frist in frister:
        kalender.add_component(_hendelse(frist, domene, laget))
    return bytes(kalender.to_ical())


def _hendelse(frist: Fristvisning, domene: str, laget: datetime) -> Event:
    hendelse = Event()
    hendelse.add("uid", f"frist-{frist.nokkel}@{domene}")
    hendelse.add("dtstamp", laget)
    hendelse.add("dtstart", frist.effektiv_dato)
    hendelse.add("dtend", frist.effektiv_dato + timedelta(days=1))
    hendelse.add("summary", f"{frist.navn}{'' if frist.bekreftet else ' (foreslått)'}")
    hendelse.add("description", f"{frist.navn}: {frist.vist}")
    hendelse.add("categories", [frist.type])
    hendelse.add("transp", "TRANSPARENT")
    return hendelse
