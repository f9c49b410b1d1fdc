"""The årshjul: deadlines made from the rules, kept in the database, edited with an audit row."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from sqlmodel import Session, col, select

from tilskudd_flow.config import Innstillinger
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflyt, Arbeidsflytregister
from tilskudd_flow.domain.feil import IkkeFunnet, UgyldigFelt
from tilskudd_flow.domain.frister import Fristvisning, aarshjulnavn, vis_frist
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.frist import Frist
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.tilgang import INTERNE_ROLLER, kan_se, krev_rolle


class Fristfabrikk:
    """Deadlines of the kinds in config.toml, for one helsefellesskap."""

    def __init__(self, innstillinger: Innstillinger, helsefellesskap_id: int) -> None:
        self._innstillinger = innstillinger
        self.helsefellesskap_id = helsefellesskap_id
        # Every deadline made, so the transition keeps one no row of the case refers to.
        self.laget: list[Frist] = []

    def ny(
        self,
        type_: str,
        *,
        aar: int,
        nokkel: str,
        dato: date | None = None,
        objekt: tuple[str, int] | None = None,
    ) -> Frist:
        regel = self._innstillinger.fristregel(type_)
        frist = Frist(
            helsefellesskap_id=self.helsefellesskap_id,
            nokkel=nokkel,
            type=type_,
            navn=regel.navn,
            aar=aar,
            dato=dato or regel.dato_for(aar),
            virkedag=regel.virkedag,
            klokkeslett=regel.klokkeslett,
            bekreftet=not regel.bekreftes,
            objekt_type=objekt[0] if objekt else None,
            objekt_id=objekt[1] if objekt else None,
        )
        self.laget.append(frist)
        return frist

    def relativ(
        self, type_: str, *, referanse: date, nokkel: str, objekt: tuple[str, int] | None = None
    ) -> Frist:
        """A deadline `dager` from a date, e.g. meeting papers 14 days before the meeting."""
        regel = self._innstillinger.fristregel(type_)
        if regel.dager is None:
            raise UgyldigFelt(type_, "fristtypen har ingen dager relativt til en dato")
        dato = referanse + timedelta(days=regel.dager)
        return self.ny(type_, aar=dato.year, nokkel=nokkel, dato=dato, objekt=objekt)


def vis(frist: Frist, navn: str | None = None) -> Fristvisning:
    assert frist.id is not None
    return Fristvisning(
        id=frist.id,
        nokkel=frist.nokkel,
        type=frist.type,
        navn=navn or frist.navn,
        aar=frist.aar,
        dato=frist.dato,
        effektiv_dato=frist.effektiv_dato,
        vist=vis_frist(frist.dato, frist.effektiv_dato),
        bekreftet=frist.bekreftet,
    )


def vis_navngitt(
    session: Session, register: Arbeidsflytregister, frister: Iterable[Frist]
) -> list[Fristvisning]:
    """The deadlines as the årshjul page, the CLI, the calendar and the timeline all show
    them: each named by its workflow's declaration and, if it is a case's, that case."""
    frister = list(frister)
    flyter = {flyt.navn: flyt for flyt in register.alle()}
    ider = {f.objekt_id for f in frister if f.objekt_type in flyter and f.objekt_id is not None}
    saker = {
        sak.id: sak
        for sak in session.exec(select(WorkflowCase).where(col(WorkflowCase.id).in_(ider)))
    }
    return [vis(f, _aarshjulnavn(register, flyter, f, _sak(f, flyter, saker))) for f in frister]


def _sak(
    frist: Frist, flyter: dict[str, Arbeidsflyt], saker: dict[int | None, WorkflowCase]
) -> WorkflowCase | None:
    # A round's deadline has an objekt_id too, but it is the round's, not a case's.
    return saker.get(frist.objekt_id) if frist.objekt_type in flyter else None


def _aarshjulnavn(
    register: Arbeidsflytregister,
    flyter: dict[str, Arbeidsflyt],
    frist: Frist,
    sak: WorkflowCase | None,
) -> str:
    # A case's deadline is named by its own workflow's rule, a round's or a year's by any.
    egne = [flyter[sak.workflow]] if sak is not None else register.alle()
    deklarert = (r.aarshjulnavn for flyt in egne for r in flyt.frister if r.frist == frist.type)
    navn = next((n for n in deklarert if n), frist.navn)
    if sak is None or sak.id is None:
        return aarshjulnavn(navn, aar=frist.aar)
    tittel = (sak.tittel, flyter[sak.workflow].referanse(sak.id))
    return aarshjulnavn(navn, aar=frist.aar, sak=tittel)


def list_frister(
    session: Session, helsefellesskap_id: int, *, fra: date | None = None, til: date | None = None
) -> list[Frist]:
    """The årshjul between two dates (by the deadline's own date), in date order."""
    sporring = select(Frist).where(Frist.helsefellesskap_id == helsefellesskap_id)
    if fra is not None:
        sporring = sporring.where(Frist.dato >= fra)
    if til is not None:
        sporring = sporring.where(Frist.dato <= til)
    return list(session.exec(sporring.order_by(col(Frist.dato), col(Frist.id))))


def synlige_frister(
    session: Session,
    register: Arbeidsflytregister,
    aktor: Bruker,
    *,
    fra: date | None = None,
    til: date | None = None,
) -> list[Frist]:
    """The årshjul as this user may see it: the deadlines of no case (a round's, the year's)
    and those of the cases the user may see — an applicant only its own projects' reports."""
    frister = list_frister(session, aktor.helsefellesskap_id, fra=fra, til=til)
    if aktor.rollesett & INTERNE_ROLLER:
        return frister
    flyter = {flyt.navn for flyt in register.alle()}
    saker = {f.objekt_id for f in frister if f.objekt_type in flyter and f.objekt_id is not None}
    synlige = {sak_id for sak_id in saker if _kan_se_sak(session, register, aktor, sak_id)}
    return [f for f in frister if f.objekt_type not in flyter or f.objekt_id in synlige]


def _kan_se_sak(
    session: Session, register: Arbeidsflytregister, aktor: Bruker, sak_id: int
) -> bool:
    sak = session.get(WorkflowCase, sak_id)
    if sak is None:
        return False
    flyt = register.hent(sak.workflow)
    subjekt = session.get(flyt.detaljmodell, sak_id) if flyt.detaljmodell else None
    return kan_se(aktor, flyt, sak, subjekt)


def hent_frist(session: Session, helsefellesskap_id: int, frist_id: int) -> Frist:
    frist = session.get(Frist, frist_id)
    if frist is None or frist.helsefellesskap_id != helsefellesskap_id:
        raise IkkeFunnet(f"Finner ingen frist med id {frist_id}")
    return frist


def endre_frist(
    session: Session,
    *,
    aktor: Bruker,
    frist_id: int,
    dato: date | None = None,
    bekreft: bool = False,
    naa: datetime,
) -> Frist:
    """Move a deadline or confirm a proposed one; the audit row keeps old and new."""
    krev_rolle(aktor, Rolle.SEKRETARIAT)
    frist = hent_frist(session, aktor.helsefellesskap_id, frist_id)
    if dato is None and not bekreft:
        raise UgyldigFelt("dato", "oppgi ny dato eller bekreft datoen")
    gammel = frist.dato
    if dato is not None:
        frist.dato = dato
        frist.planlagt_for = None  # the scheduler re-plans its reminders
    frist.bekreftet = frist.bekreftet or bekreft or dato is not None
    assert frist.id is not None
    skriv_audit(
        session,
        helsefellesskap_id=frist.helsefellesskap_id,
        tidspunkt=naa,
        bruker=aktor,
        objekt_type="frist",
        objekt_id=frist.id,
        hendelse="frist_endret" if dato is not None else "frist_bekreftet",
        detaljer={"nokkel": frist.nokkel, "dato": [str(gammel), str(frist.dato)]},
    )
    return frist


def finn_frist(session: Session, helsefellesskap_id: int, nokkel: str) -> Frist | None:
    return session.exec(
        select(Frist).where(Frist.helsefellesskap_id == helsefellesskap_id, Frist.nokkel == nokkel)
    ).one_or_none()
