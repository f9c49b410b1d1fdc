"""iMIP (RFC 6047 §2.4) from the message builder alone: a stored text/calendar attachment
becomes the third alternative body with its method on the Content-Type, other files go
beside the alternative; before issue 21 the calendar was one more attachment part."""

from __future__ import annotations

from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser

import pytest

from tilskudd_flow.adapters.epostmelding import Avsender, Epostvedlegg, bygg_epost, er_kalender
from tilskudd_flow.models.outbox import OutboxMessage

ICS = "BEGIN:VCALENDAR\r\nMETHOD:{metode}\r\nSUMMARY:SSU-møte Sámi: Čoavddát\r\nEND:VCALENDAR\r\n"


def melding() -> OutboxMessage:
    return OutboxMessage(id=7, helsefellesskap_id=1, opprettet=datetime(2025, 9, 1, tzinfo=UTC),
                         mal="mote/innkalling", til_adresse="knut@rana.example", emne="Innkalling",
                         tekst="Hei", html="<p>Hei</p>")  # fmt: skip


def tolk(vedlegg: list[Epostvedlegg]):  # type: ignore[no-untyped-def]
    epost = bygg_epost(melding(), Avsender("Sekretariatet <sekr@hf.example>"), vedlegg)
    return BytesParser(policy=policy.default).parsebytes(bytes(epost))


def kalender(metode: str) -> Epostvedlegg:
    type_ = f"text/calendar; method={metode}; charset=UTF-8"
    return Epostvedlegg("invitasjon.ics", type_, ICS.format(metode=metode).encode())


def test_the_calendar_is_an_alternative_body_and_the_papers_go_beside_it() -> None:
    pdf = Epostvedlegg("Innkalling.pdf", "application/pdf", b"%PDF-1.7")
    tolket = tolk([kalender("REQUEST"), pdf])
    assert tolket.get_content_type() == "multipart/mixed"
    alternativ, vedlegg = tolket.iter_parts()
    assert [d.get_content_type() for d in alternativ.iter_parts()] == [
        "text/plain", "text/html", "text/calendar"]  # fmt: skip
    del_ = list(alternativ.iter_parts())[2]
    assert del_.get_param("method") == "REQUEST" and del_.get_content_charset() == "utf-8"
    assert del_.get_content_disposition() is None
    assert "Čoavddát" in del_.get_content()
    assert vedlegg.get_filename() == "Innkalling.pdf"


@pytest.mark.parametrize("metode", ["CANCEL", "cancel"])
def test_a_cancellation_alone_is_a_multipart_alternative_with_method_cancel(metode: str) -> None:
    tolket = tolk([kalender(metode)])
    assert tolket.get_content_type() == "multipart/alternative"
    del_ = tolket.get_body(("calendar",))
    assert del_ is not None and del_.get_param("method") == "CANCEL"


def test_only_text_calendar_is_taken_for_the_invitation() -> None:
    assert er_kalender("text/calendar; method=REQUEST; charset=UTF-8")
    assert er_kalender("TEXT/Calendar")
    assert not er_kalender("application/pdf")
    assert not er_kalender("application/calendar+xml")
