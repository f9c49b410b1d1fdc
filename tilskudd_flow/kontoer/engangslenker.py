"""Invitations and password resets: a one-time link by e-mail lets its holder set a password.

Only the link's hash is stored, a link works once and for a limited time, a new link
replaces the user's earlier unused ones, and asking for a reset never tells whether an
account exists.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlmodel import Session, col, func, or_, select, update

from tilskudd_flow.domain.arbeidsflyt import Adresse
from tilskudd_flow.domain.feil import IkkeTillatt, Regelbrudd
from tilskudd_flow.domain.kodeverk import Lenkeformaal, Rolle
from tilskudd_flow.domain.tekst import enlinjefeil
from tilskudd_flow.domain.tid import norsk_tidspunkt
from tilskudd_flow.kontoer.brukere import NyBruker, hent_bruker, opprett_bruker
from tilskudd_flow.kontoer.innlogging import avslutt_alle_okter, hash_av_token, passord_hash
from tilskudd_flow.models.engangslenke import Engangslenke
from tilskudd_flow.models.outbox import OutboxMessage
from tilskudd_flow.models.tenancy import Bruker, Helsefellesskap
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.tilgang import krev_rolle
from tilskudd_flow.motor.utboks import koe_epost
from workflows.kontoer import INVITASJON, NYTT_PASSORD

UGYLDIG_LENKE = "Lenken er ugyldig, utløpt eller allerede brukt. Be om en ny."
ALLEREDE_KNYTTET = (
    "Personen du logget inn som hos ID-porten, er allerede knyttet til en annen bruker her. "
    "Kontakt sekretariatet."
)
EPOST = {Lenkeformaal.INVITASJON: INVITASJON, Lenkeformaal.NYTT_PASSORD: NYTT_PASSORD}
# A second reset request within this time sends nothing: a form cannot flood an inbox.
PUSTEROM = timedelta(minutes=5)


@dataclass(frozen=True)
class Lenkeinnehaver:
    """Who a valid link belongs to, as the page that uses it greets them."""

    brukernavn: str
    navn: str
    formaal: Lenkeformaal


def inviter_bruker(
    session: Session, miljo: Saksmiljo, *, aktor: Bruker, ny: NyBruker, naa: datetime
) -> Bruker:
    """An admin creates an account without a password and e-mails an invitation link."""
    bruker = opprett_bruker(
        session,
        aktor=aktor,
        helsefellesskap_id=aktor.helsefellesskap_id,
        ny=ny,
        naa=naa,
        innstillinger=miljo.innstillinger,
    )
    send_lenke(session, miljo, bruker, Lenkeformaal.INVITASJON, naa=naa, aktor=aktor)
    return bruker


def inviter_paa_nytt(
    session: Session, miljo: Saksmiljo, *, aktor: Bruker, brukernavn: str, naa: datetime
) -> Bruker:
    """A fresh invitation (the old link stops working), e.g. when the first one expired."""
    krev_rolle(aktor, Rolle.ADMIN)
    bruker = hent_bruker(session, aktor.helsefellesskap_id, brukernavn)
    if not bruker.aktiv:
        raise Regelbrudd(f"«{brukernavn}» er deaktivert; aktiver brukeren først")
    send_lenke(session, miljo, bruker, Lenkeformaal.INVITASJON, naa=naa, aktor=aktor)
    return bruker


def be_om_nytt_passord(
    session: Session, miljo: Saksmiljo, *, brukernavn_eller_epost: str, naa: datetime
) -> None:
    """Send a reset link to the active account(s) named; silent when there is none."""
    oppgitt = brukernavn_eller_epost.strip().lower()
    # No account name breaks the text rule, and PostgreSQL refuses NUL with an error.
    if not oppgitt or enlinjefeil(oppgitt):
        return
    brukere = session.exec(
        select(Bruker).where(
            or_(col(Bruker.brukernavn) == oppgitt, func.lower(col(Bruker.epost)) == oppgitt),
            col(Bruker.aktiv),
        )
    ).unique()
    for bruker in brukere:
        if not _nylig_sendt(session, bruker, naa):
            send_lenke(session, miljo, bruker, Lenkeformaal.NYTT_PASSORD, naa=naa, aktor=None)


def les_lenke(session: Session, token: str, naa: datetime) -> Lenkeinnehaver:
    """Whose link this is, if it still works."""
    lenke, bruker = _gyldig(session, token, naa)
    return Lenkeinnehaver(bruker.brukernavn, bruker.navn, lenke.formaal)


def bruk_lenke(session: Session, *, token: str, passord: str, naa: datetime) -> Bruker:
    """Set the password; the link and the user's other links and sessions end."""
    lenke, bruker = _gyldig(session, token, naa)
    bruker.passord_hash = passord_hash(passord)
    _avslutt_lenker(session, bruker, naa)
    avslutt_alle_okter(session, bruker, naa)
    assert bruker.id is not None
    skriv_audit(session, helsefellesskap_id=bruker.helsefellesskap_id, tidspunkt=naa,
                bruker=bruker, objekt_type="bruker", objekt_id=bruker.id,
                hendelse="passord_satt", detaljer={"via": lenke.formaal.value})  # fmt: skip
    return bruker


def knytt_til_pid(session: Session, *, token: str, pid_hash: str, naa: datetime) -> Bruker:
    """Bind the link's user to the person who just logged in at ID-porten; the link ends.

    Only the keyed hash arrives here, and the audit says that a binding was made, not to whom.
    """
    lenke, bruker = _gyldig(session, token, naa)
    annen = (
        session.exec(select(Bruker).where(Bruker.pid_hash == pid_hash, col(Bruker.id) != bruker.id))
        .unique()
        .first()
    )
    if annen is not None:
        raise IkkeTillatt(ALLEREDE_KNYTTET)
    bruker.pid_hash = pid_hash
    _avslutt_lenker(session, bruker, naa)
    assert bruker.id is not None
    skriv_audit(session, helsefellesskap_id=bruker.helsefellesskap_id, tidspunkt=naa,
                bruker=bruker, objekt_type="bruker", objekt_id=bruker.id,
                hendelse="knyttet_til_id_porten",
                detaljer={"via": lenke.formaal.value})  # fmt: skip
    return bruker


def send_lenke(
    session: Session,
    miljo: Saksmiljo,
    bruker: Bruker,
    formaal: Lenkeformaal,
    *,
    naa: datetime,
    aktor: Bruker | None,
) -> OutboxMessage:
    """A new link replaces the user's unused ones; the e-mail goes out through the outbox."""
    assert bruker.id is not None
    _avslutt_lenker(session, bruker, naa)
    token = secrets.token_urlsafe(32)
    utloper = naa + _varighet(miljo, formaal)
    session.add(Engangslenke(token_hash=hash_av_token(token), bruker_id=bruker.id,
                             formaal=formaal, opprettet=naa, utloper=utloper))  # fmt: skip
    melding = _epost(session, miljo, bruker, formaal, token, naa, utloper)
    skriv_audit(session, helsefellesskap_id=bruker.helsefellesskap_id, tidspunkt=naa,
                bruker=aktor, objekt_type="bruker", objekt_id=bruker.id,
                hendelse=f"{formaal.value}_sendt", detaljer={"til": bruker.epost})  # fmt: skip
    return melding


def _epost(
    session: Session,
    miljo: Saksmiljo,
    bruker: Bruker,
    formaal: Lenkeformaal,
    token: str,
    naa: datetime,
    utloper: datetime,
) -> OutboxMessage:
    hf = session.get(Helsefellesskap, bruker.helsefellesskap_id)
    assert hf is not None
    kontekst = {
        "helsefellesskap": hf.navn,
        "brukernavn": bruker.brukernavn,
        "lenke": f"{miljo.innstillinger.base_url.rstrip('/')}/konto/lenke/{token}",
        "utloper": norsk_tidspunkt(utloper),
    }
    til = {"kontoinnehaver": [Adresse(bruker.epost, bruker.navn)]}
    (melding,) = koe_epost(session, miljo, EPOST[formaal], helsefellesskap_id=hf.id or 0,
                           kontekst=kontekst, naa=naa, til=til)  # fmt: skip
    return melding


def _varighet(miljo: Saksmiljo, formaal: Lenkeformaal) -> timedelta:
    web = miljo.innstillinger.web
    if formaal is Lenkeformaal.INVITASJON:
        return timedelta(days=web.invitasjon_dager)
    return timedelta(hours=web.nytt_passord_timer)


def _gyldig(session: Session, token: str, naa: datetime) -> tuple[Engangslenke, Bruker]:
    lenke = session.exec(
        select(Engangslenke).where(Engangslenke.token_hash == hash_av_token(token))
    ).first()
    if lenke is None or lenke.brukt is not None or lenke.utloper <= naa:
        raise IkkeTillatt(UGYLDIG_LENKE)
    bruker = session.get(Bruker, lenke.bruker_id)
    if bruker is None or not bruker.aktiv:
        raise IkkeTillatt(UGYLDIG_LENKE)
    return lenke, bruker


def _avslutt_lenker(session: Session, bruker: Bruker, naa: datetime) -> None:
    session.execute(
        update(Engangslenke)
        .where(col(Engangslenke.bruker_id) == bruker.id, col(Engangslenke.brukt).is_(None))
        .values(brukt=naa)
    )


def _nylig_sendt(session: Session, bruker: Bruker, naa: datetime) -> bool:
    return (
        session.exec(
            select(Engangslenke.id).where(
                Engangslenke.bruker_id == bruker.id,
                Engangslenke.formaal == Lenkeformaal.NYTT_PASSORD,
                col(Engangslenke.opprettet) > naa - PUSTEROM,
            )
        ).first()
        is not None
    )
