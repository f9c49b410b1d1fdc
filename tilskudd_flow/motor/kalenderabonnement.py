"""The årshjul as a calendar feed Outlook subscribes to, at a secret address per user.

Outlook cannot log in, so the address itself is the key: the user's id and an HMAC of it
with the app's secret and the user's `kalender_versjon`. Nothing secret is stored; a user
who shared the address by mistake gets a new one, and the old stops working at once. A
deactivated user's feed stops too. The feed holds deadlines only, never case content, and
only those the user may see (an applicant: the rounds' dates and its own projects'). A
case's deadline is named by the case's title and reference, as the årshjul page names it:
the user may open that case anyway.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import date, datetime
from urllib.parse import urlparse

from sqlmodel import Session

from tilskudd_flow.config import Innstillinger
from tilskudd_flow.dokumenter.kalender import aarshjul_ics
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflytregister
from tilskudd_flow.models.tenancy import Bruker, Helsefellesskap
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.frister import synlige_frister, vis_navngitt


def kalenderadresse(innstillinger: Innstillinger, hemmelighet: str, bruker: Bruker) -> str:
    """The address to paste into Outlook («Legg til kalender» → «Fra Internett»)."""
    base = innstillinger.base_url.rstrip("/")
    return f"{base}/kalender/{bruker.id}/{_token(hemmelighet, bruker)}.ics"


def bruker_for_kalender(
    session: Session, hemmelighet: str, bruker_id: int, token: str
) -> Bruker | None:
    """The active user whose current address this is, or None."""
    bruker = session.get(Bruker, bruker_id)
    if bruker is None or not bruker.aktiv:
        return None
    # Bytes: compare_digest refuses str with non-ASCII letters (a TypeError, not "no").
    riktig = _token(hemmelighet, bruker).encode()
    return bruker if hmac.compare_digest(riktig, token.encode("utf-8")) else None


def ny_kalenderadresse(session: Session, bruker: Bruker, naa: datetime) -> None:
    """Retire the user's current address (audited); the next one is derived from the new
    version."""
    bruker.kalender_versjon += 1
    assert bruker.id is not None
    skriv_audit(session, helsefellesskap_id=bruker.helsefellesskap_id, tidspunkt=naa,
                bruker=bruker, objekt_type="bruker", objekt_id=bruker.id,
                hendelse="ny_kalenderadresse",
                detaljer={"versjon": bruker.kalender_versjon})  # fmt: skip


def aarshjul_kalender(
    session: Session,
    innstillinger: Innstillinger,
    register: Arbeidsflytregister,
    aktor: Bruker,
    naa: datetime,
    *,
    fra: date | None = None,
    til: date | None = None,
) -> tuple[bytes, int]:
    """The deadlines the user may see as iCalendar bytes, and how many there are."""
    hf = session.get(Helsefellesskap, aktor.helsefellesskap_id)
    synlige = synlige_frister(session, register, aktor, fra=fra, til=til)
    frister = vis_navngitt(session, register, synlige)
    innhold = aarshjul_ics(
        frister,
        navn=hf.navn if hf else "",
        domene=urlparse(innstillinger.base_url).hostname or "tilskudd-flow",
        laget=naa,
    )
    return innhold, len(frister)


def _token(hemmelighet: str, bruker: Bruker) -> str:
    melding = f"kalender:{bruker.id}:{bruker.kalender_versjon}".encode()
    digest = hmac.new(hemmelighet.encode(), melding, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")
