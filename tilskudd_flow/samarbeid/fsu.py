"""Propose a new FSU (the case starts as foreslått), and the overview of every FSU."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from tilskudd_flow.domain.arbeidsflyt import Arbeidsflyt
from tilskudd_flow.domain.feil import IkkeTillatt, UgyldigFelt
from tilskudd_flow.domain.frister import vis_frist
from tilskudd_flow.domain.kodeverk import FsuType, Rolle, Verv
from tilskudd_flow.domain.tekst import krev_enlinje, krev_flerlinje
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.frist import Frist
from tilskudd_flow.models.fsu import Fsu, FsuMedlem
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.saker import opprett_sak
from tilskudd_flow.motor.tilgang import INTERNE_ROLLER, kan_se
from workflows import fsu_etablering
from workflows.fsu_etablering import brutte_roller, mangeltekst, manglende_roller

ARBEIDSFLYT = fsu_etablering.NAVN


def foreslaa_fsu(
    session: Session,
    miljo: Saksmiljo,
    *,
    aktor: Bruker,
    navn: str,
    type_: FsuType,
    mandat: str = "",
    begrunnelse: str = "",
) -> int:
    if not navn.strip():
        raise UgyldigFelt("navn", "FSU-et må ha et navn")
    krev_enlinje(navn=navn)
    mandat, begrunnelse = krev_flerlinje(mandat=mandat, begrunnelse=begrunnelse).values()
    fsu = Fsu(navn=navn.strip(), type=type_, mandat=mandat)
    sak = opprett_sak(
        session,
        miljo,
        aktor=aktor,
        flyt=miljo.register.hent(ARBEIDSFLYT),
        tittel=navn.strip(),
        subjekt=fsu,
        kommentar=begrunnelse,
    )
    assert sak.id is not None
    return sak.id


# Who may read the FSU overview (the reasons are in `list_fsu`).
FSU_LESERE = INTERNE_ROLLER | {Rolle.SSU_MEDLEM}


@dataclass(frozen=True)
class Fsumedlemsrad:
    navn: str
    tittel: str
    organisasjon: str
    rolle: str
    side: str
    verv: str


@dataclass(frozen=True)
class Fsuoversikt:
    """One FSU as the overview shows it; the case page holds the rest."""

    sak_id: int
    referanse: str
    navn: str
    type: str
    tilstandsnavn: str
    avsluttet: bool
    mandat: str
    oppnevnt_vedtak: str
    avsluttet_vedtak: str
    konstituert: date | None
    sist_rapportert: date | None
    neste_aarsrapport: str
    ansvarlig: str
    ansvarlig_epost: str
    leder: str
    nestleder: str
    mangler: list[str]
    # A constituted or active FSU that has lost a required member: what it lacks, in words.
    brudd: str
    medlemmer: list[Fsumedlemsrad]


def list_fsu(session: Session, miljo: Saksmiljo, *, aktor: Bruker) -> list[Fsuoversikt]:
    """Every FSU the actor may see, open ones first, then by name.

    The sekretariat and admins run the FSUs and SSU appoints them and hears their reports, so
    they may read the overview (FSU_LESERE), case by case as `kan_se` says. Applicants are
    refused: they see only their own parties' cases, and an FSU has no parties, only people.
    """
    if not aktor.rollesett & FSU_LESERE:
        raise IkkeTillatt("Bare sekretariatet, administratorer og SSU-medlemmer kan se FSU-ene")
    flyt = miljo.register.hent(ARBEIDSFLYT)
    rader = session.exec(
        select(Fsu, WorkflowCase)
        .join(WorkflowCase, col(Fsu.case_id) == col(WorkflowCase.id))
        .where(WorkflowCase.helsefellesskap_id == aktor.helsefellesskap_id)
    ).all()
    frister = _neste_frister(session, flyt, aktor.helsefellesskap_id)
    oversikt = [
        _oversikt(flyt, fsu, sak, frister) for fsu, sak in rader if kan_se(aktor, flyt, sak, fsu)
    ]
    return sorted(oversikt, key=lambda o: (o.avsluttet, o.navn.lower()))


def _oversikt(
    flyt: Arbeidsflyt, fsu: Fsu, sak: WorkflowCase, frister: dict[int, Frist]
) -> Fsuoversikt:
    assert sak.id is not None
    frist = frister.get(sak.id)
    avsluttet = flyt.er_avsluttet(sak.state)
    return Fsuoversikt(
        sak_id=sak.id,
        referanse=flyt.referanse(sak.id),
        navn=fsu.navn,
        type=fsu.type.visning,
        tilstandsnavn=flyt.tilstandsnavn(sak.state),
        avsluttet=avsluttet,
        mandat=fsu.mandat,
        oppnevnt_vedtak=fsu.oppnevnt_vedtak,
        avsluttet_vedtak=fsu.avsluttet_vedtak,
        konstituert=fsu.konstituert_dato,
        sist_rapportert=fsu.sist_rapportert,
        neste_aarsrapport=_vist(frist) if frist and not avsluttet else "",
        ansvarlig=fsu.ansvarlig.navn if fsu.ansvarlig else "",
        ansvarlig_epost=fsu.ansvarlig.epost if fsu.ansvarlig else "",
        leder=_med_verv(fsu, Verv.LEDER),
        nestleder=_med_verv(fsu, Verv.NESTLEDER),
        # The roles the workflow requires (workflows/fsu_etablering.py), as its guard reads them.
        mangler=[] if avsluttet else [r.visning for r in manglende_roller(fsu)],
        brudd=mangeltekst(brutt) if (brutt := brutte_roller(sak.state, fsu)) else "",
        medlemmer=[_medlemsrad(m) for m in fsu.medlemmer],
    )


def _medlemsrad(medlem: FsuMedlem) -> Fsumedlemsrad:
    return Fsumedlemsrad(
        navn=medlem.person.navn,
        tittel=medlem.person.tittel,
        organisasjon=medlem.person.organisasjon,
        rolle=medlem.rolle.visning,
        side=medlem.side.visning if medlem.side else "",
        verv=medlem.verv.visning,
    )


def _med_verv(fsu: Fsu, verv: Verv) -> str:
    return next((m.person.navn for m in fsu.medlemmer if m.verv == verv), "")


def _neste_frister(
    session: Session, flyt: Arbeidsflyt, helsefellesskap_id: int
) -> dict[int, Frist]:
    """Per FSU case, its latest deadline of the kinds the workflow declares (the yearly report)."""
    frister = session.exec(
        select(Frist)
        .where(Frist.helsefellesskap_id == helsefellesskap_id)
        .where(Frist.objekt_type == flyt.navn)
        .where(col(Frist.type).in_([r.frist for r in flyt.frister]))
        .order_by(col(Frist.dato))
    )
    return {f.objekt_id: f for f in frister if f.objekt_id is not None}


def _vist(frist: Frist) -> str:
    return vis_frist(frist.dato, frist.effektiv_dato)
