"""An outbox row as a proper e-mail: UTF-8, RFC 2047 headers, text and HTML, stable Message-ID;
a meeting invitation as iMIP (RFC 6047), the calendar a third alternative body."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from email.header import Header
from email.headerregistry import Address
from email.message import EmailMessage, Message
from email.policy import SMTP, Policy
from email.utils import format_datetime, parseaddr
from typing import Any

import idna

from tilskudd_flow.adapters.varselmaler import Epostinnhold
from tilskudd_flow.domain.tid import OSLO
from tilskudd_flow.models.outbox import OutboxMessage


@dataclass(frozen=True)
class Avsender:
    """From and Reply-To of one helsefellesskap, as in config.toml."""

    fra: str
    svar_til: str = ""

    @property
    def domene(self) -> str:
        return parseaddr(self.fra)[1].rpartition("@")[2] or "tilskudd-flow.invalid"


def message_id(melding_id: int, avsender: Avsender) -> str:
    """The same for every attempt, so a resend after a crash is recognisable."""
    return f"<utboks.{melding_id}@{avsender.domene}>"


class _KodetEmne(str):
    """A subject with letters outside ASCII, folded as encoded words only.

    Python's folder breaks «forebygging – frist» as «forebygging \\r\\n =?utf-8?b?4oCT?=»:
    the space before the break and the one after it both survive unfolding, so Outlook
    showed «forebygging  – frist». Whitespace between two encoded words is ignored (RFC
    2047, 6.2), so a subject made only of them folds without adding a space.
    """

    name = "Subject"

    def fold(self, *, policy: Policy) -> str:
        kodet = Header(str(self), "utf-8", header_name=self.name).encode(linesep=policy.linesep)
        return f"{self.name}: {kodet}{policy.linesep}"


def _emne(tekst: str) -> str:
    return tekst if tekst.isascii() else _KodetEmne(tekst)


@dataclass(frozen=True)
class Epostvedlegg:
    filnavn: str
    mimetype: str
    innhold: bytes


def bygg_epost(
    melding: OutboxMessage,
    avsender: Avsender,
    vedlegg: Sequence[Epostvedlegg] = (),
    *,
    innhold: Epostinnhold | None = None,
) -> EmailMessage:
    """Build the message; pure, no I/O (the caller reads attachment files and renders the
    row's frozen context: `innhold`, else the subject, text and HTML stored on the row)."""
    assert melding.id is not None
    innhold = innhold or Epostinnhold(melding.emne, melding.tekst, melding.html)
    epost = EmailMessage(policy=SMTP)
    epost["From"] = _adresse(avsender.fra)
    epost["To"] = Address(
        display_name=melding.til_navn, addr_spec=_ascii_domene(melding.til_adresse)
    )
    if avsender.svar_til:
        epost["Reply-To"] = _adresse(avsender.svar_til)
    epost["Subject"] = _emne(innhold.emne)
    epost["Date"] = format_datetime(melding.opprettet.astimezone(OSLO))
    epost["Message-ID"] = message_id(melding.id, avsender)
    epost["Auto-Submitted"] = "auto-generated"  # RFC 3834: no autoreplies back to us
    # Quoted-printable keeps the message 7-bit clean for any relay, æøå included.
    epost.set_content(innhold.tekst, charset="utf-8", cte="quoted-printable")
    epost.add_alternative(innhold.html, subtype="html", charset="utf-8", cte="quoted-printable")
    for kalender in (f for f in vedlegg if er_kalender(f.mimetype)):
        _legg_til_kalender(epost, kalender)
    for fil in (f for f in vedlegg if not er_kalender(f.mimetype)):
        # The first attachment turns the alternative into the first part of a multipart/mixed.
        epost.add_attachment(fil.innhold, filename=fil.filnavn, **_innholdstype(fil.mimetype))
    return epost


def er_kalender(mimetype: str) -> bool:
    """A stored attachment of type text/calendar is the message's invitation, not a file."""
    typen = _innholdstype(mimetype)
    return (typen["maintype"], typen["subtype"]) == ("text", "calendar")


def _legg_til_kalender(epost: EmailMessage, kalender: Epostvedlegg) -> None:
    """iMIP (RFC 6047 §2.4): the iCalendar object as an alternative body with its method on
    the Content-Type; that part, not an .ics attachment, is what Outlook shows as a meeting
    with Godta/Avslå."""
    parametre = _innholdstype(kalender.mimetype)["params"]
    metode = next((v for k, v in parametre.items() if k.lower() == "method"), "REQUEST")
    # Base64, as Exchange sends it: the iCalendar's own line folding is left untouched.
    epost.add_alternative(
        kalender.innhold.decode("utf-8"), subtype="calendar", charset="utf-8", cte="base64",
        params={"method": str(metode).upper()},
    )  # fmt: skip


def _innholdstype(mimetype: str) -> dict[str, Any]:
    """«text/calendar; method=REQUEST» → maintype, subtype and parameters (Outlook reads an
    invitation only with its method on the Content-Type)."""
    tolket = Message()
    tolket["Content-Type"] = mimetype
    parametre = dict(tolket.get_params(failobj=[])[1:])
    return {"maintype": tolket.get_content_maintype(), "subtype": tolket.get_content_subtype(),
            "params": parametre}  # fmt: skip


def _ascii_domene(adresse: str) -> str:
    """rødøy.no as xn--rdy-0nab.no: a server without SMTPUTF8 takes it (IDNA 2008)."""
    lokal, krollalfa, domene = adresse.rpartition("@")
    if domene.isascii():
        return adresse
    return f"{lokal}{krollalfa}{idna.encode(domene, uts46=True).decode('ascii')}"


def _adresse(tekst: str) -> Address:
    navn, adresse = parseaddr(tekst)
    return Address(display_name=navn, addr_spec=adresse)
