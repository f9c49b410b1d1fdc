"""Read side: lists, a case with its allowed events, its history, the outbox."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_
from sqlmodel import Session, col, func, select

from tilskudd_flow.adapters.varselmaler import Varselbygger
from tilskudd_flow.domain.arbeidsflyt import (
    Arbeidsflyt,
    Arbeidsflytregister,
)
from tilskudd_flow.domain.feil import IkkeFunnet, IkkeTillatt
from tilskudd_flow.domain.kodeverk import OutboxStatus
from tilskudd_flow.models.audit import AuditEntry
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.outbox import OutboxMessage
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.motor.adresser import lenke
from tilskudd_flow.motor.saker import LastetSak, last_sak
from tilskudd_flow.motor.saksbehandling import HENDELSESNAVN, INTERNE_HENDELSER
from tilskudd_flow.motor.saksutvalg import saker_med_verdi
from tilskudd_flow.motor.tilgang import (
    INTERNE_ROLLER,
    kan_se,
    ser_interne_vurderinger,
    synlige_saker,
)
from tilskudd_flow.motor.utboks import innhold_som_vist

_NYEST_FORST = (col(WorkflowCase.endret).desc(), col(WorkflowCase.id))
_REFERANSE = re.compile(r"([A-Za-zÆØÅæøå]+)-(\d+)")


@dataclass(frozen=True)
class Saksrad:
    id: int
    referanse: str
    type: str
    tittel: str
    tilstand: str
    tilstandsnavn: str
    versjon: int
    endret: datetime


@dataclass(frozen=True)
class MuligHendelse:
    hendelse: str
    navn: str
    til: list[str]
    hvem: list[str]
    du_kan: bool
    felt: list[dict[str, Any]]
    kommentar_pakrevd: bool


@dataclass(frozen=True)
class Saksvisning:
    sak: Saksrad
    detaljer: dict[str, Any]
    mulige_hendelser: list[MuligHendelse] = field(default_factory=list)
    neste_steg: str = ""

    def som_dict(self) -> dict[str, Any]:
        return asdict(self)


def list_saker(
    session: Session,
    register: Arbeidsflytregister,
    aktor: Bruker,
    *,
    workflow: str | None = None,
    tilstand: str | None = None,
    aar: int | None = None,
    rekkefolge: tuple[Any, ...] = _NYEST_FORST,
    saksbehandler: str = "",
) -> list[Saksrad]:
    """The cases the actor may see, newest change first unless another order is given."""
    filtre = _filtre(register, aktor, workflow, tilstand, aar, "", saksbehandler)
    synlig = synlige_saker(register, aktor)
    if synlig is not None:
        filtre.append(synlig)
    saker = session.exec(select(WorkflowCase).where(*filtre).order_by(*rekkefolge))
    return [
        _rad(sak, register.hent(sak.workflow))
        for sak in saker
        if synlig is not None or _synlig(session, register, aktor, sak)
    ]


def saker_med_neste_steg(
    session: Session, register: Arbeidsflytregister, aktor: Bruker, *, workflow: str, antall: int
) -> list[Saksvisning]:
    """The actor's newest cases of one kind, each with what happens next (a start page)."""
    rader = side_med_saker(session, register, aktor, workflow=workflow, per_side=antall).rader
    return [vis_sak(session, register, aktor, rad.id) for rad in rader]


@dataclass(frozen=True)
class Sakside:
    """One page of the case list, with counts per workflow and state over all pages."""

    rader: list[Saksrad]
    totalt: int
    side: int
    per_side: int
    antall_per_tilstand: dict[tuple[str, str], int]

    @property
    def sider(self) -> int:
        return max(1, -(-self.totalt // self.per_side))


def side_med_saker(
    session: Session,
    register: Arbeidsflytregister,
    aktor: Bruker,
    *,
    workflow: str | None = None,
    tilstand: str | None = None,
    aar: int | None = None,
    sok: str = "",
    side: int = 1,
    per_side: int = 50,
    rekkefolge: tuple[Any, ...] = _NYEST_FORST,
    saksbehandler: str = "",
) -> Sakside:
    """A page of the cases the actor may see, paged in SQL where visibility can be."""
    synlig = synlige_saker(register, aktor)
    if synlig is None:
        return _side_filtrert_i_python(session, register, aktor, workflow, tilstand, aar, sok,
                                       side, per_side, rekkefolge)  # fmt: skip
    filtre = [*_filtre(register, aktor, workflow, tilstand, aar, sok, saksbehandler), synlig]
    totalt = session.exec(select(func.count()).select_from(WorkflowCase).where(*filtre)).one()
    saker = session.exec(
        select(WorkflowCase).where(*filtre).order_by(*rekkefolge)
        .offset((side - 1) * per_side).limit(per_side)
    )  # fmt: skip
    grupper = session.exec(
        select(WorkflowCase.workflow, WorkflowCase.state, func.count())
        .where(*filtre).group_by(col(WorkflowCase.workflow), col(WorkflowCase.state))
    )  # fmt: skip
    return Sakside(
        [_rad(s, register.hent(s.workflow)) for s in saker],
        int(totalt),
        side,
        per_side,
        {(w, t): int(n) for w, t, n in grupper},
    )


def _side_filtrert_i_python(
    session: Session,
    register: Arbeidsflytregister,
    aktor: Bruker,
    workflow: str | None,
    tilstand: str | None,
    aar: int | None,
    sok: str,
    side: int,
    per_side: int,
    rekkefolge: tuple[Any, ...],
) -> Sakside:
    alle = [r for r in list_saker(session, register, aktor, workflow=workflow, tilstand=tilstand,
                                  aar=aar, rekkefolge=rekkefolge) if _treffer(r, sok)]  # fmt: skip
    antall: dict[tuple[str, str], int] = {}
    for rad in alle:
        antall[(rad.type, rad.tilstand)] = antall.get((rad.type, rad.tilstand), 0) + 1
    start = (side - 1) * per_side
    return Sakside(alle[start : start + per_side], len(alle), side, per_side, antall)


def _filtre(
    register: Arbeidsflytregister,
    aktor: Bruker,
    workflow: str | None,
    tilstand: str | None,
    aar: int | None,
    sok: str,
    saksbehandler: str = "",
) -> list[ColumnElement[bool]]:
    filtre: list[ColumnElement[bool]] = [
        col(WorkflowCase.helsefellesskap_id) == aktor.helsefellesskap_id
    ]
    if saksbehandler and aktor.rollesett & INTERNE_ROLLER:
        filtre.append(_saksbehandlerfilter(aktor, saksbehandler))
    if workflow:
        register.hent(workflow)
        filtre.append(col(WorkflowCase.workflow) == workflow)
    if tilstand:
        filtre.append(col(WorkflowCase.state) == tilstand)
    if aar is not None:
        filtre.append(_aarsfilter(register, aar))
    if sok.strip():
        filtre.append(_sokefilter(register, sok.strip()))
    return filtre


MINE, INGEN = "mine", "ingen"


def _saksbehandlerfilter(aktor: Bruker, saksbehandler: str) -> ColumnElement[bool]:
    """«mine»: the actor's cases; «ingen»: nobody's yet; else a sekretariat user's by name."""
    if saksbehandler == MINE:
        return col(WorkflowCase.saksbehandler_id) == aktor.id
    if saksbehandler == INGEN:
        return col(WorkflowCase.saksbehandler_id).is_(None)
    bruker = select(Bruker.id).where(Bruker.brukernavn == saksbehandler).scalar_subquery()
    return col(WorkflowCase.saksbehandler_id) == bruker


def _aarsfilter(register: Arbeidsflytregister, aar: int) -> ColumnElement[bool]:
    """Cases of the workflows that have years, of this year; the others have none."""
    per_flyt = [
        and_(col(WorkflowCase.workflow) == flyt.navn, saker_med_verdi(flyt.aarsfilter, aar))
        for flyt in register.alle()
        if flyt.aarsfilter is not None
    ]
    return or_(false(), *per_flyt)


def _sokefilter(register: Arbeidsflytregister, sok: str) -> ColumnElement[bool]:
    """Words in the title, or a case reference like «RS-12»."""
    i_tittel = col(WorkflowCase.tittel).ilike(f"%{sok}%")
    referanse = _REFERANSE.fullmatch(sok)
    if referanse is None:
        return i_tittel
    flyter = [f.navn for f in register.alle() if f.prefiks.lower() == referanse[1].lower()]
    return or_(i_tittel, and_(col(WorkflowCase.workflow).in_(flyter),
                              col(WorkflowCase.id) == int(referanse[2])))  # fmt: skip


def _treffer(rad: Saksrad, sok: str) -> bool:
    return not sok.strip() or sok.strip().lower() in f"{rad.referanse} {rad.tittel}".lower()


def vis_sak(
    session: Session, register: Arbeidsflytregister, aktor: Bruker, sak_id: int
) -> Saksvisning:
    lastet = last_sak(session, register, aktor, sak_id)
    flyt = lastet.flyt
    detaljer = med_lenker(
        flyt.sammendrag(lastet.subjekt, ser_interne_vurderinger(aktor)) if flyt.sammendrag else {}
    )
    neste = flyt.neste_steg(lastet.sak.state, lastet.subjekt) if flyt.neste_steg else ""
    return Saksvisning(_rad(lastet.sak, flyt), detaljer, _mulige(lastet, aktor), neste)


def med_lenker(sammendrag: dict[str, Any]) -> dict[str, Any]:
    """A case summary with each attachment and meeting a link to its address."""
    return {etikett: lenke(verdi) for etikett, verdi in sammendrag.items()}


def historikk(
    session: Session, register: Arbeidsflytregister, aktor: Bruker, sak_id: int
) -> list[dict[str, Any]]:
    """The case's audit rows; applicants see reasons given to them, not internal notes. The
    sekretariat's own rows (notes, saksbehandler) only the sekretariat and admins see."""
    lastet = last_sak(session, register, aktor, sak_id)
    flyt, intern = lastet.flyt, ser_interne_vurderinger(aktor)
    sporring = select(AuditEntry).where(
        AuditEntry.objekt_type == flyt.navn, AuditEntry.objekt_id == sak_id
    )
    if not aktor.rollesett & INTERNE_ROLLER:
        sporring = sporring.where(col(AuditEntry.hendelse).not_in(INTERNE_HENDELSER))
    rader = session.exec(sporring.order_by(col(AuditEntry.id)))
    return [_historikkrad(flyt, rad, intern) for rad in rader]


def list_utboks(
    session: Session,
    aktor: Bruker,
    *,
    sak_id: int | None = None,
    status: OutboxStatus | None = None,
) -> list[OutboxMessage]:
    if not aktor.rollesett & INTERNE_ROLLER:
        raise IkkeTillatt("Bare sekretariatet og administratorer kan se utboksen")
    sporring = select(OutboxMessage).where(
        OutboxMessage.helsefellesskap_id == aktor.helsefellesskap_id
    )
    if sak_id is not None:
        sporring = sporring.where(OutboxMessage.case_id == sak_id)
    if status is not None:
        sporring = sporring.where(OutboxMessage.status == status)
    return list(session.exec(sporring.order_by(col(OutboxMessage.id))))


def hent_utboksmelding(session: Session, aktor: Bruker, melding_id: int) -> OutboxMessage:
    if not aktor.rollesett & INTERNE_ROLLER:
        raise IkkeTillatt("Bare sekretariatet og administratorer kan se utboksen")
    melding = session.get(OutboxMessage, melding_id)
    if melding is None or melding.helsefellesskap_id != aktor.helsefellesskap_id:
        raise IkkeFunnet(f"Finner ingen e-post med id {melding_id}")
    return melding


SKJULT_LENKE = "(Teksten vises ikke: den inneholder en engangslenke til mottakerens konto.)"


def vis_utboksmelding(
    session: Session,
    register: Arbeidsflytregister,
    aktor: Bruker,
    melding_id: int,
    *,
    varsler: Varselbygger,
) -> dict[str, Any]:
    """An outbox message as staff may read it (rendered from its frozen context if the
    worker has not yet): never the text of an e-mail its declaration calls `fortrolig` (a
    working invitation or reset link), and never the frozen context (it holds that link)."""
    rad = hent_utboksmelding(session, aktor, melding_id)
    melding = {**rad.model_dump(exclude={"kontekst"}), **asdict(innhold_som_vist(varsler, rad))}
    epost = register.epost(melding["mal"])
    if epost is not None and epost.fortrolig:
        melding["tekst"] = melding["html"] = SKJULT_LENKE
    return melding


def _synlig(
    session: Session, register: Arbeidsflytregister, aktor: Bruker, sak: WorkflowCase
) -> bool:
    if aktor.rollesett & INTERNE_ROLLER:
        return True
    flyt = register.hent(sak.workflow)
    subjekt = session.get(flyt.detaljmodell, sak.id) if flyt.detaljmodell else None
    return kan_se(aktor, flyt, sak, subjekt)


def _rad(sak: WorkflowCase, flyt: Arbeidsflyt) -> Saksrad:
    assert sak.id is not None
    return Saksrad(
        id=sak.id,
        referanse=flyt.referanse(sak.id),
        type=flyt.navn,
        tittel=sak.tittel,
        tilstand=sak.state,
        tilstandsnavn=flyt.tilstandsnavn(sak.state),
        versjon=sak.versjon,
        endret=sak.endret,
    )


def _mulige(lastet: LastetSak, aktor: Bruker) -> list[MuligHendelse]:
    return hendelser_fra(lastet.flyt, lastet.sak.state, aktor)


def hendelser_fra(flyt: Arbeidsflyt, tilstand_id: str, aktor: Bruker) -> list[MuligHendelse]:
    """The events a case in this state can take, and whether this actor may trigger each."""
    tilstand = flyt.maskin.states_map[tilstand_id]
    hendelser: dict[str, list[str]] = {}
    for overgang in tilstand.transitions:
        for hendelse in overgang.event.split():
            hendelser.setdefault(hendelse, []).append(str(overgang.target.id))
    return [_mulig(flyt, navn, maal, aktor) for navn, maal in hendelser.items()]


def _mulig(flyt: Arbeidsflyt, hendelse: str, maal: list[str], aktor: Bruker) -> MuligHendelse:
    regel = flyt.regel(hendelse)
    return MuligHendelse(
        hendelse=hendelse,
        navn=flyt.hendelsesnavn(hendelse),
        til=sorted(set(maal)),
        hvem=sorted(r.value for r in regel.hvem),
        du_kan=bool(aktor.rollesett & regel.hvem),
        felt=[
            {
                "navn": f.navn,
                "etikett": f.etikett,
                "type": f.type.value,
                "pakrevd": f.pakrevd,
                "flerlinje": f.flerlinje,
                "valg": f.alternativer,
            }
            for f in regel.felt
        ],
        kommentar_pakrevd=regel.kommentar_pakrevd,
    )


_ANDRE_HENDELSER = {"opprett": "Opprettet", "endret": "Endret", **HENDELSESNAVN}


def _hendelsesnavn(flyt: Arbeidsflyt, hendelse: str) -> str:
    if hendelse in flyt.hendelser:
        return flyt.hendelsesnavn(hendelse)
    return _ANDRE_HENDELSER.get(hendelse, hendelse.replace("_", " ").capitalize())


def _historikkrad(flyt: Arbeidsflyt, rad: AuditEntry, intern: bool) -> dict[str, Any]:
    begrunnelse = rad.hendelse in flyt.hendelser and flyt.hendelser[rad.hendelse].kommentar_pakrevd
    return {
        "tidspunkt": rad.tidspunkt,
        "hendelse": rad.hendelse,
        "navn": _hendelsesnavn(flyt, rad.hendelse),
        "fra": rad.fra_tilstand,
        "til": rad.til_tilstand,
        "bruker": rad.brukernavn if intern else "",
        "kommentar": rad.kommentar if intern or begrunnelse else "",
        "detaljer": rad.detaljer if intern else "{}",
    }
