"""Avtaler, their parties and versions, the yearly revision case of each, and the overview."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from tilskudd_flow.domain.arbeidsflyt import Arbeidsflyt
from tilskudd_flow.domain.avtaler import gjeldende_versjon, i_kraft_fra
from tilskudd_flow.domain.feil import IkkeFunnet, Regelbrudd
from tilskudd_flow.domain.frister import vis_frist
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.domain.tid import dato_i_oslo
from tilskudd_flow.models.avtale import Avtale, AvtaleRevisjon
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.motor.aarshjul import sorg_for_aaret
from tilskudd_flow.motor.frister import Fristfabrikk, finn_frist
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.saker import opprett_sak
from tilskudd_flow.motor.tilgang import kan_se, krev_rolle
from workflows import avtale_revisjon

ARBEIDSFLYT = avtale_revisjon.NAVN


@dataclass(frozen=True)
class PartStatus:
    part: str
    versjon: int | None
    i_kraft_fra: date | None
    venter_pa: int | None


def hent_avtale(session: Session, helsefellesskap_id: int, avtale_id: int) -> Avtale:
    avtale = session.get(Avtale, avtale_id)
    if avtale is None or avtale.helsefellesskap_id != helsefellesskap_id:
        raise IkkeFunnet(f"Finner ingen avtale med id {avtale_id}")
    return avtale


def list_avtaler(session: Session, helsefellesskap_id: int) -> list[Avtale]:
    return list(
        session.exec(
            select(Avtale)
            .where(Avtale.helsefellesskap_id == helsefellesskap_id)
            .order_by(col(Avtale.type), col(Avtale.nummer))
        )
    )


def opprett_revisjon(
    session: Session, miljo: Saksmiljo, *, aktor: Bruker, avtale_id: int, aar: int
) -> int:
    """Open this year's revision case for one avtale (one per avtale and year)."""
    avtale = hent_avtale(session, aktor.helsefellesskap_id, avtale_id)
    finnes = session.exec(
        select(AvtaleRevisjon).where(
            AvtaleRevisjon.avtale_id == avtale_id, AvtaleRevisjon.aar == aar
        )
    ).first()
    if finnes is not None:
        raise Regelbrudd(
            f"{avtale.tittel} har allerede en revisjonssak for {aar} (sak {finnes.case_id})"
        )
    revisjon = AvtaleRevisjon(avtale_id=avtale_id, avtale=avtale, aar=aar)
    sak = opprett_sak(
        session,
        miljo,
        aktor=aktor,
        flyt=miljo.register.hent(ARBEIDSFLYT),
        tittel=f"{avtale.tittel} – revisjon {aar}",
        subjekt=revisjon,
    )
    assert sak.id is not None
    # The year's input deadline is on the årshjul with the revision, even for a later year.
    sorg_for_aaret(session, miljo.innstillinger, aktor.helsefellesskap_id, aar)
    return sak.id


def tiltredelsesstatus(avtale: Avtale, dag: date) -> list[PartStatus]:
    """Per party: the version in force on `dag`, and a newer approved one still to come."""
    status = []
    for avtalepart in sorted(avtale.parter, key=lambda p: p.part.navn):
        gjeldende = gjeldende_versjon(avtale.versjoner, avtalepart.part_id, dag)
        nyere = [
            v.versjon
            for v in avtale.versjoner
            if (fra := i_kraft_fra(v, avtalepart.part_id)) is not None and fra > dag
        ]
        status.append(
            PartStatus(
                part=avtalepart.part.navn,
                versjon=gjeldende.versjon if gjeldende else None,
                i_kraft_fra=i_kraft_fra(gjeldende, avtalepart.part_id) if gjeldende else None,
                venter_pa=max(nyere) if nyere else None,
            )
        )
    return status


# Who may read the avtale overview (the reasons are in `avtaleoversikt`).
AVTALE_LESERE = frozenset(Rolle)


@dataclass(frozen=True)
class Tiltredelsesrad:
    """One party's approval of the newest version, and the version holding for it today."""

    part: str
    godkjent: date | None
    gjelder_i_dag: int | None


@dataclass(frozen=True)
class Innspillrad:
    part: str
    omfang: str
    mottatt: date


@dataclass(frozen=True)
class Revisjonsrad:
    sak_id: int
    referanse: str
    aar: int
    tilstandsnavn: str
    innspill_apnet: bool
    innspillsfrist: str
    antall_innspill: int
    innspill: list[Innspillrad]
    kan_se_saken: bool


@dataclass(frozen=True)
class Avtaleoversikt:
    id: int
    tittel: str
    versjon: int | None
    gyldig_fra: date | None
    vedtak: str
    parter: list[Tiltredelsesrad]
    revisjon: Revisjonsrad | None

    @property
    def antall_tiltradt(self) -> int:
        return sum(1 for p in self.parter if p.godkjent is not None)


def avtaleoversikt(session: Session, miljo: Saksmiljo, *, aktor: Bruker) -> list[Avtaleoversikt]:
    """Each avtale's newest version, every party's accession and the open revision, if any.

    Every role may read this (AVTALE_LESERE). The avtaler bind HSYK and each kommune
    (helse- og omsorgstjenesteloven kap. 6) and hold for a kommune only once it has approved
    them, so each party, and the applicants who represent it, needs to see which version holds
    for whom. The revision case itself (innspill texts, negotiation) stays behind `kan_se`:
    those who may not open it see its state and deadline, and only their own parties' innspill.
    """
    krev_rolle(aktor, *AVTALE_LESERE)
    dag = dato_i_oslo(miljo.klokke.now())
    apne = _apne_revisjoner(session, miljo, aktor)
    return [
        _avtaleoversikt(avtale, dag, apne)
        for avtale in list_avtaler(session, aktor.helsefellesskap_id)
    ]


def _avtaleoversikt(avtale: Avtale, dag: date, apne: dict[int, Revisjonsrad]) -> Avtaleoversikt:
    assert avtale.id is not None
    nyeste = max(avtale.versjoner, key=lambda v: v.versjon, default=None)
    godkjent = {t.part_id: t.godkjent for t in nyeste.tiltredelser} if nyeste else {}
    parter = [
        Tiltredelsesrad(
            part=p.part.navn,
            godkjent=godkjent.get(p.part_id),
            gjelder_i_dag=_gjelder(avtale, p.part_id, dag),
        )
        for p in sorted(avtale.parter, key=lambda p: p.part.navn)
    ]
    return Avtaleoversikt(
        id=avtale.id,
        tittel=avtale.tittel,
        versjon=nyeste.versjon if nyeste else None,
        gyldig_fra=nyeste.gyldig_fra if nyeste else None,
        vedtak=nyeste.vedtak if nyeste else "",
        parter=parter,
        revisjon=apne.get(avtale.id),
    )


def _gjelder(avtale: Avtale, part_id: int | None, dag: date) -> int | None:
    versjon = gjeldende_versjon(avtale.versjoner, part_id, dag)
    return versjon.versjon if versjon else None


def _apne_revisjoner(session: Session, miljo: Saksmiljo, aktor: Bruker) -> dict[int, Revisjonsrad]:
    """Per avtale, its newest revision case that has not yet come back to its start state."""
    flyt = miljo.register.hent(ARBEIDSFLYT)
    rader = session.exec(
        select(AvtaleRevisjon, WorkflowCase)
        .join(WorkflowCase, col(AvtaleRevisjon.case_id) == col(WorkflowCase.id))
        .where(WorkflowCase.helsefellesskap_id == aktor.helsefellesskap_id)
        .order_by(col(AvtaleRevisjon.aar))
    )
    apne: dict[int, Revisjonsrad] = {}
    for revisjon, sak in rader:
        ferdig = sak.state == flyt.starttilstand and revisjon.innspill_apnet
        if revisjon.avtale_id is not None and not ferdig:
            apne[revisjon.avtale_id] = _revisjonsrad(session, miljo, flyt, aktor, revisjon, sak)
    return apne


def _revisjonsrad(
    session: Session,
    miljo: Saksmiljo,
    flyt: Arbeidsflyt,
    aktor: Bruker,
    revisjon: AvtaleRevisjon,
    sak: WorkflowCase,
) -> Revisjonsrad:
    assert sak.id is not None
    kan_se_saken = kan_se(aktor, flyt, sak, revisjon)
    return Revisjonsrad(
        sak_id=sak.id,
        referanse=flyt.referanse(sak.id),
        aar=revisjon.aar,
        tilstandsnavn=flyt.tilstandsnavn(sak.state),
        innspill_apnet=revisjon.innspill_apnet,
        innspillsfrist=_innspillsfrist(
            session, miljo, flyt, aktor.helsefellesskap_id, revisjon.aar
        ),
        antall_innspill=len(revisjon.innspill),
        innspill=[
            Innspillrad(i.part.navn, i.omfang.visning, i.mottatt)
            for i in revisjon.innspill
            if kan_se_saken or i.part_id in aktor.part_ider
        ],
        kan_se_saken=kan_se_saken,
    )


def _innspillsfrist(
    session: Session, miljo: Saksmiljo, flyt: Arbeidsflyt, helsefellesskap_id: int, aar: int
) -> str:
    """The year's innspill deadline from the årshjul, or by config.toml's rule if not made yet."""
    type_ = next(regel.frist for regel in flyt.frister)
    frist = finn_frist(session, helsefellesskap_id, f"{type_}:{aar}") or Fristfabrikk(
        miljo.innstillinger, helsefellesskap_id
    ).ny(type_, aar=aar, nokkel="")
    return vis_frist(frist.dato, frist.effektiv_dato)
