"""The SSU innkalling as Outlook reads it (issue 21): iMIP as RFC 6047 §2.4 describes it, the
calendar a `text/calendar; method=REQUEST` alternative body beside the text and HTML, the
papers attached beside that; an update with a higher SEQUENCE; a cancellation METHOD:CANCEL.
Checked on the messages a real SMTP server received, parsed with `email` and `icalendar`."""

from __future__ import annotations

from datetime import datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import pytest
from icalendar import Calendar, Event
from sqlmodel import select

from tests.integration.smtp_tjener import smtp_tjener
from tilskudd_flow.adapters.smtp import SmtpSender, Tjener
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.data import last_demodata
from tilskudd_flow.domain.feil import IkkeTillatt, UgyldigFelt
from tilskudd_flow.domain.kodeverk import Motetype, Sakstype
from tilskudd_flow.domain.tid import OSLO
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.mote import Mote
from tilskudd_flow.motor.levering import Levering
from tilskudd_flow.motor.overganger import Hendelseskommando, utfor_hendelse
from tilskudd_flow.ssu.moter import (
    Motebestilling,
    avlys_mote,
    meld_forfall,
    planlegg_mote,
    send_innkalling,
    sett_paa_saksliste,
)
from tilskudd_flow.ssu.ssu_saker import Saksinnhold, registrer_ssu_sak

SEKR = "samhandlingssjef"
SEKRETARIATET = "samhandling@helgelandssykehuset.example"
MEDLEMMER = {
    "ssu.leder@vefsn.kommune.example",
    "knut.ranaas@rana.kommune.example",
    "ssu.medlem@helgelandssykehuset.example",
    "hanne.solli@helgelandssykehuset.example",
}
VARA = "per.varamann@helgelandssykehuset.example"  # vara for ssu.medlem


def oslo(dag: int, time: int) -> datetime:
    return datetime(2025, 9, dag, time, 0, tzinfo=OSLO)


@pytest.fixture
def motet(app: App, klokke: FixedClock) -> int:
    """An SSU meeting on 9 September 2025 with one sak on its saksliste."""
    klokke.set(oslo(1, 9))
    last_demodata(app, tid=klokke.now())
    mote_id = planlegg_mote(Motebestilling(Motetype.SSU, oslo(9, 9), oslo(9, 15),
                                           sted="Sandnessjøen, Helgelandssykehuset"),
                            uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)  # fmt: skip
    registrer_ssu_sak(tittel="Handlingsplan 2026–2028", type_=Sakstype.DROFTINGSSAK,
                      nummer="Sak 25-2025", gjelder=(), innhold=Saksinnhold(),
                      uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)  # fmt: skip
    sett_paa_saksliste(mote_id, "25/25", uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    levert(app)  # the demo data's own e-mails out of the way
    return mote_id


def levert(app: App) -> list[EmailMessage]:
    """Everything in the outbox, through the real SMTP path, as the receiver parses it."""
    with smtp_tjener() as (postkasse, port):
        tjener = Tjener(host="127.0.0.1", port=port, tidsavbrudd=5)
        Levering(app.uow, app.miljo, SmtpSender(tjener), "test").tom_koen()
        return postkasse.meldinger()


def til(meldinger: list[EmailMessage], adresse: str) -> EmailMessage:
    return next(m for m in meldinger if adresse in str(m["To"]))


def kalenderdel(melding: EmailMessage) -> tuple[EmailMessage, Calendar, Event]:
    """The calendar body: the third part of the multipart/alternative, which is the first
    part of a multipart/mixed when files go with it (the innkalling's papers)."""
    alternativ, vedlegg = melding, []
    if melding.get_content_type() == "multipart/mixed":
        alternativ, *vedlegg = melding.iter_parts()  # type: ignore[assignment]
        assert vedlegg and all(v.get_content_disposition() == "attachment" for v in vedlegg)
    assert isinstance(alternativ, EmailMessage)
    assert alternativ.get_content_type() == "multipart/alternative"
    deler = list(alternativ.iter_parts())
    assert [d.get_content_type() for d in deler] == ["text/plain", "text/html", "text/calendar"]
    assert all(d.get_content_disposition() is None for d in deler)  # bodies, not attachments
    kalender = deler[2]
    assert isinstance(kalender, EmailMessage)
    assert kalender.get_content_charset() == "utf-8"
    tolket = Calendar.from_ical(kalender.get_content())
    (hendelse,) = tolket.events
    return kalender, tolket, hendelse


def adresser(hendelse: Event) -> set[str]:
    return {str(a).removeprefix("mailto:") for a in hendelse.get("ATTENDEE")}


def ics_uid(app: App, mote_id: int) -> str:
    with app.uow(skriv=False) as uow:
        mote = uow.session.get(Mote, mote_id)
        assert mote is not None
        return mote.ics_uid


def test_the_innkalling_is_a_meeting_request_the_update_and_the_cancellation_follow(
    app: App, motet: int, klokke: FixedClock, tmp_path: Path
) -> None:
    innkalling = send_innkalling(motet, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    assert set(innkalling.mottakere) == MEDLEMMER  # no vara before a forfall
    meldinger = levert(app)
    assert {str(m["To"]).rpartition("<")[2].rstrip(">") for m in meldinger} == MEDLEMMER
    # As a mail client gets it: the .eml file, parsed back.
    eml = tmp_path / "innkalling.eml"
    eml.write_bytes(bytes(til(meldinger, "knut.ranaas@rana.kommune.example")))
    melding = BytesParser(policy=policy.default).parsebytes(eml.read_bytes())
    assert melding.get_content_type() == "multipart/mixed"
    assert str(melding["Subject"]).startswith("Innkalling til SSU-møte")
    del_, kalender, hendelse = kalenderdel(melding)
    assert del_.get_param("method") == "REQUEST"
    assert kalender["METHOD"] == "REQUEST"
    uid = ics_uid(app, motet)
    assert str(hendelse["UID"]) == uid and hendelse["SEQUENCE"] == 0
    assert str(hendelse["ORGANIZER"]) == f"mailto:{SEKRETARIATET}"
    assert hendelse["ORGANIZER"].params["CN"] == "Helsefellesskap Helgeland"
    assert adresser(hendelse) == MEDLEMMER
    for deltaker in hendelse.get("ATTENDEE"):
        assert deltaker.params["ROLE"] == "REQ-PARTICIPANT" and deltaker.params["RSVP"] == "TRUE"
    assert hendelse.start == oslo(9, 9) and hendelse.end == oslo(9, 15)
    vedlegg = [v.get_filename() for v in melding.iter_attachments()]
    assert "Innkalling.pdf" in vedlegg and "invitasjon.ics" not in vedlegg

    # A forfall calls the vara in: they get the invitation, as an attendee, with the same UID.
    meld_forfall(motet, epost="ssu.medlem@helgelandssykehuset.example", uow=app.uow(),
                 miljo=app.miljo, brukernavn=SEKR)  # fmt: skip
    _, _, vara = kalenderdel(til(levert(app), VARA))
    assert str(vara["UID"]) == uid
    assert adresser(vara) == MEDLEMMER - {"ssu.medlem@helgelandssykehuset.example"} | {VARA}

    # The update: the same UID, a higher SEQUENCE; Outlook replaces its meeting.
    klokke.set(oslo(2, 9))
    send_innkalling(motet, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    oppdatert = levert(app)
    _, _, ny = kalenderdel(til(oppdatert, VARA))
    assert str(ny["UID"]) == uid and ny["SEQUENCE"] == 1
    assert "ssu.medlem@helgelandssykehuset.example" not in {str(m["To"]) for m in oppdatert}

    # The cancellation: METHOD:CANCEL, same UID, next SEQUENCE, to everyone invited.
    klokke.set(oslo(3, 9))
    antall = avlys_mote(motet, "Flyttes til oktober.", uow=app.uow(), miljo=app.miljo,
                        brukernavn=SEKR)  # fmt: skip
    avlysninger = levert(app)
    assert antall == len(avlysninger) == 5  # the four members, forfall or not, and the vara
    for avlysning in avlysninger:
        assert avlysning.get_content_type() == "multipart/alternative"  # nothing attached
        del_, kalender, avlyst = kalenderdel(avlysning)
        assert del_.get_param("method") == "CANCEL" and kalender["METHOD"] == "CANCEL"
        assert str(avlyst["UID"]) == uid and avlyst["SEQUENCE"] == 2
        assert avlyst["STATUS"] == "CANCELLED"
        assert adresser(avlyst) == MEDLEMMER | {VARA}
        assert "Flyttes til oktober." in avlysning.get_body(("plain",)).get_content()  # type: ignore[union-attr]
    with app.uow(skriv=False) as uow:
        assert uow.session.get(WorkflowCase, motet).state == "avlyst"  # type: ignore[union-attr]


def test_a_meeting_cancelled_before_its_innkalling_sends_no_calendar(app: App, motet: int) -> None:
    """Nothing was in anyone's calendar: the cancellation is a plain e-mail."""
    avlys_mote(motet, "Ingen saker.", uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    meldinger = levert(app)
    assert {m["To"].addresses[0].addr_spec for m in meldinger} == MEDLEMMER
    for melding in meldinger:
        assert melding.get_content_type() == "multipart/alternative"
        assert melding.get_body(("calendar",)) is None


def test_a_cancellation_needs_its_reason_and_the_meeting_page(app: App, motet: int) -> None:
    send_innkalling(motet, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    with pytest.raises(UgyldigFelt, match="Skriv hvorfor møtet avlyses"):
        avlys_mote(motet, "  ", uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    with pytest.raises(IkkeTillatt, match="fra møtesiden"):
        utfor_hendelse(Hendelseskommando(motet, "avlys", kommentar="Avlyst."), uow=app.uow(),
                       miljo=app.miljo, brukernavn=SEKR)  # fmt: skip
    with app.uow(skriv=False) as uow:
        mote = uow.session.exec(select(Mote).where(Mote.case_id == motet)).one()
        assert mote.ics_sekvens == 0
        assert uow.session.get(WorkflowCase, motet).state == "innkalt"  # type: ignore[union-attr]
