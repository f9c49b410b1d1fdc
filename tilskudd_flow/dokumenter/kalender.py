"""The årshjul as an iCalendar file Outlook can import or subscribe to, and meeting
invitations Outlook accepts (iCalendar METHOD:REQUEST)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from tilskudd_flow.domain.frister import Fristvisning

# icalendar is imported by the functions that write a calendar: the services import this
# module, and a command such as `tilskudd saker` should not pay for it (issue 22).
if TYPE_CHECKING:
    from icalendar import Event, vCalAddress

PRODID = "-//tilskudd-flow//aarshjul//NO"


def aarshjul_ics(
    frister: Iterable[Fristvisning], *, navn: str, domene: str, laget: datetime
) -> bytes:
    """One all-day event per deadline, on the day it really falls (working-day rule)."""
    from icalendar import Calendar

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
    from icalendar import Event

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


@dataclass(frozen=True)
class Moteinvitasjon:
    """A meeting as a calendar invitation; Outlook updates its event when `sekvens` grows."""

    uid: str
    sekvens: int
    tittel: str
    beskrivelse: str
    start: datetime
    slutt: datetime
    sted: str
    arrangor: tuple[str, str]  # (navn, e-post)
    deltakere: tuple[tuple[str, str], ...]
    laget: datetime
    avlyst: bool = False


def moteinvitasjon_ics(invitasjon: Moteinvitasjon) -> bytes:
    """METHOD:REQUEST (or CANCEL), one VEVENT with organizer and attendees asked to reply."""
    from icalendar import Calendar, Event

    kalender = Calendar()
    kalender.add("prodid", "-//tilskudd-flow//moter//NO")
    kalender.add("version", "2.0")
    kalender.add("method", "CANCEL" if invitasjon.avlyst else "REQUEST")
    hendelse = Event()
    hendelse.add("uid", invitasjon.uid)
    hendelse.add("sequence", invitasjon.sekvens)
    hendelse.add("dtstamp", invitasjon.laget)
    hendelse.add("dtstart", invitasjon.start)
    hendelse.add("dtend", invitasjon.slutt)
    hendelse.add("summary", invitasjon.tittel)
    hendelse.add("description", invitasjon.beskrivelse)
    if invitasjon.sted:
        hendelse.add("location", invitasjon.sted)
    hendelse.add("status", "CANCELLED" if invitasjon.avlyst else "CONFIRMED")
    hendelse.add("organizer", _adresse(*invitasjon.arrangor))
    for navn, epost in invitasjon.deltakere:
        deltaker = _adresse(navn, epost)
        deltaker.params.update(
            {"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "TRUE"}
        )
        hendelse.add("attendee", deltaker, encode=False)
    kalender.add_component(hendelse)
    return bytes(kalender.to_ical())


def _adresse(navn: str, epost: str) -> vCalAddress:
    from icalendar import vCalAddress, vText

    adresse = vCalAddress(f"mailto:{epost}")
    if navn:
        adresse.params["CN"] = vText(navn)
    return adresse
