"""The outbox as the sekretariat reads it: one row per sending, its recipients inside.

A sending is what one transition, reminder or command queued at once: the rows share the
instant, the template, the case, the audit entry and the job (`legg_i_utboks` gives them
one `naa`). A sending the worker has not built yet shows the subject rendered from its
frozen context. Three queries a page, however many recipients: the sendings, their rows, the cases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import sqlalchemy as sa
from sqlalchemy import ColumnElement, case, literal, or_
from sqlmodel import Session, col, func, select

from tilskudd_flow.adapters.varselmaler import Varselbygger
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflytregister
from tilskudd_flow.domain.feil import IkkeTillatt
from tilskudd_flow.domain.kodeverk import OutboxStatus
from tilskudd_flow.domain.tid import kort_tidspunkt
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.outbox import OutboxMessage
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.motor.tilgang import INTERNE_ROLLER
from tilskudd_flow.motor.utboks import innhold_som_vist

PER_SIDE = 50
# «12», «RS-12» or «rs 12»: a case, not an address.
_SAKSREFERANSE = re.compile(r"^\s*(?:[A-Za-zÆØÅæøå]+[-\s]?)?(\d{1,9})\s*$")
_M = OutboxMessage
# The columns every row of one sending shares.
_NOKKELFELT = ("opprettet", "mal", "case_id", "audit_id", "jobb_id")
_NOKKEL: list[ColumnElement[Any]] = [getattr(_M, navn) for navn in _NOKKELFELT]


@dataclass(frozen=True)
class Mottakerrad:
    """One recipient of a sending, with its status in words."""

    id: int
    til_navn: str
    til_adresse: str
    status: str
    statustekst: str
    treff: bool


@dataclass
class Sending:
    """The e-mails one event queued together."""

    opprettet: str
    emne: str
    mal: str
    sak_id: int | None
    saksreferanse: str
    sakstittel: str
    antall: int
    sendt: int
    venter: int
    feilet: int
    forkastet: int
    mottakere: list[Mottakerrad] = field(default_factory=list)

    @property
    def opptelling(self) -> str:
        """«15 sendt, 1 venter, 1 feilet»: only the counts that are not zero."""
        deler = [(self.sendt, "sendt"), (self.venter, "venter"), (self.feilet, "feilet"),
                 (self.forkastet, "forkastet")]  # fmt: skip
        return ", ".join(f"{antall} {hva}" for antall, hva in deler if antall)


@dataclass(frozen=True)
class Utboksside:
    """One page of sendings, newest first, and where the others are."""

    sendinger: list[Sending]
    antall: int
    side: int
    sider: int
    fra: int
    til: int
    per_side: int = PER_SIDE


def klokkeslett(instant: datetime | None) -> str:
    """«05.12.2026 kl. 09.14» in Oslo time, as the outbox's table shows it."""
    return "" if instant is None else kort_tidspunkt(instant)


def statustekst(melding: OutboxMessage) -> str:
    """What happened to one e-mail, in words: «Sendt 05.12.2026 kl. 09.14», «Feilet: …»."""
    if melding.status == OutboxStatus.SENDT:
        return f"Sendt {klokkeslett(melding.sendt)}".strip()
    if melding.status == OutboxStatus.KLAR:
        return "Venter" + (f" (forsøk {melding.forsok})" if melding.forsok else "")
    if melding.status == OutboxStatus.FEILET:
        return f"Feilet: {melding.sist_feil}" if melding.sist_feil else "Feilet"
    if melding.status == OutboxStatus.DOD:
        return f"Gitt opp etter {melding.forsok} forsøk: {melding.sist_feil}".rstrip(": ")
    return "Forkastet (blir ikke sendt)"


def utboksoversikt(
    session: Session,
    register: Arbeidsflytregister,
    aktor: Bruker,
    *,
    sok: str = "",
    status: OutboxStatus | None = None,
    side: int = 1,
    varsler: Varselbygger,
) -> Utboksside:
    """The sendings of the user's helsefellesskap, newest first, a page at a time; `sok`
    finds a case (its number or reference) or a recipient (part of an address or name)."""
    if not aktor.rollesett & INTERNE_ROLLER:
        raise IkkeTillatt("Bare sekretariatet og administratorer kan se utboksen")
    treff = _treff(sok)
    grupper = _grupper(aktor.helsefellesskap_id, treff, status)
    antall = session.exec(select(func.count()).select_from(grupper.subquery())).one()
    sider = max(1, -(-antall // PER_SIDE))
    side = min(max(side, 1), sider)
    rader = list(session.exec(grupper.limit(PER_SIDE).offset((side - 1) * PER_SIDE)))
    sendinger = _med_mottakere(session, aktor.helsefellesskap_id, rader, treff, varsler)
    _med_saker(session, register, sendinger)
    fra = (side - 1) * PER_SIDE + 1 if antall else 0
    return Utboksside(list(sendinger.values()), antall, side, sider, fra, fra + len(rader) - 1)


def _treff(sok: str) -> ColumnElement[bool] | None:
    """Which rows the search names: a case's rows, or the rows of a recipient."""
    sok = sok.strip()
    if not sok:
        return None
    sak = _SAKSREFERANSE.match(sok)
    if sak:
        return col(_M.case_id) == int(sak.group(1))
    # «_» is common in addresses: the search means the character, not LIKE's wildcard.
    bokstavelig = sok.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    monster = f"%{bokstavelig}%"
    return or_(func.lower(_M.til_adresse).like(monster, escape="\\"),
               func.lower(_M.til_navn).like(monster, escape="\\"))  # fmt: skip


def _grupper(
    helsefellesskap_id: int, treff: ColumnElement[bool] | None, status: OutboxStatus | None
) -> Any:
    """One row per sending with its counts; only sendings with a row the filters name."""
    teller = {s: func.sum(case((col(_M.status) == s, 1), else_=0)) for s in OutboxStatus}
    sporring = (
        sa.select(*_NOKKEL, func.min(_M.emne), func.count(), *teller.values(), func.min(_M.id))
        .where(col(_M.helsefellesskap_id) == helsefellesskap_id)
        .group_by(*_NOKKEL)
    )
    if treff is not None:
        sporring = sporring.having(func.sum(case((treff, 1), else_=0)) > 0)
    if status is not None:
        sporring = sporring.having(teller[status] > 0)
    return sporring.order_by(col(_M.opprettet).desc(), func.min(_M.id).desc())


def _nokkel(verdier: Any) -> tuple[Any, ...]:
    return tuple(verdier)


def _med_mottakere(
    session: Session,
    helsefellesskap_id: int,
    rader: list[Any],
    treff: ColumnElement[bool] | None,
    varsler: Varselbygger,
) -> dict[tuple[Any, ...], Sending]:
    """The page's sendings with their recipients, fetched in one query; a sending not yet
    built by the worker gets its subject rendered from its first row's frozen context."""
    sendinger = {_nokkel(r[:5]): _sending(r) for r in rader}
    if not rader:
        return sendinger
    tider = {r[0] for r in rader}
    sporring = select(_M, treff if treff is not None else literal(False)).where(
        col(_M.helsefellesskap_id) == helsefellesskap_id, col(_M.opprettet).in_(tider)
    )
    for melding, traff in session.exec(sporring.order_by(col(_M.id))):
        sending = sendinger.get(_nokkel(getattr(melding, navn) for navn in _NOKKELFELT))
        if sending is not None:
            if not sending.emne:
                sending.emne = innhold_som_vist(varsler, melding).emne
            sending.mottakere.append(_mottaker(melding, bool(traff) and treff is not None))
    return sendinger


def _sending(rad: Any) -> Sending:
    opprettet, mal, sak_id, _, _, emne, antall, klar, sendt, feilet, dod, forkastet, _ = rad
    return Sending(opprettet=klokkeslett(opprettet), emne=emne, mal=mal, sak_id=sak_id,
                   saksreferanse="", sakstittel="", antall=antall, sendt=sendt, venter=klar,
                   feilet=feilet + dod, forkastet=forkastet)  # fmt: skip


def _mottaker(melding: OutboxMessage, treff: bool) -> Mottakerrad:
    assert melding.id is not None
    return Mottakerrad(id=melding.id, til_navn=melding.til_navn, til_adresse=melding.til_adresse,
                       status=str(melding.status), statustekst=statustekst(melding),
                       treff=treff)  # fmt: skip


def _med_saker(
    session: Session, register: Arbeidsflytregister, sendinger: dict[Any, Sending]
) -> None:
    """The reference and title of each sending's case, in one query."""
    ider = {s.sak_id for s in sendinger.values() if s.sak_id is not None}
    if not ider:
        return
    saker = {
        s.id: s for s in session.exec(select(WorkflowCase).where(col(WorkflowCase.id).in_(ider)))
    }
    for sending in sendinger.values():
        sak = saker.get(sending.sak_id)
        if sak is not None and sak.id is not None:
            sending.saksreferanse = register.hent(sak.workflow).referanse(sak.id)
            sending.sakstittel = sak.tittel


def som_mottakeren_ser_den(
    session: Session, register: Arbeidsflytregister, melding: dict[str, Any]
) -> dict[str, Any]:
    """A message as staff may read it (`vis_utboksmelding`), with its times and status in
    words, its case's reference and the names of the files it carries."""
    rad = session.get(OutboxMessage, melding["id"])
    assert rad is not None
    sak = session.get(WorkflowCase, rad.case_id) if rad.case_id is not None else None
    vedlegg = [{"filnavn": v.filnavn, "mimetype": v.mimetype} for v in rad.vedlegg]
    referanse = register.hent(sak.workflow).referanse(sak.id or 0) if sak else ""
    return {**melding, "statustekst": statustekst(rad), "vedlegg": vedlegg,
            "opprettet_tekst": klokkeslett(rad.opprettet), "sendt_tekst": klokkeslett(rad.sendt),
            "saksreferanse": referanse, "sakstittel": sak.tittel if sak else ""}  # fmt: skip
