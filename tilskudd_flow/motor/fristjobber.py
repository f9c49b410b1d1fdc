"""One due job: a reminder or escalation as outbox rows, or a deadline effect on cases."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.domain.arbeidsflyt import Adresse, Arbeidsflyt, Fristregel
from tilskudd_flow.domain.feil import Regelbrudd, UgyldigHendelse
from tilskudd_flow.domain.frister import vis_frist
from tilskudd_flow.domain.kodeverk import JobbArt
from tilskudd_flow.domain.norsk import antall
from tilskudd_flow.domain.tid import norsk_dato
from tilskudd_flow.domain.visningsnavn import overgangslinje
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.frist import Frist, PlanlagtJobb
from tilskudd_flow.models.tenancy import Helsefellesskap
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.helsefellesskap import systembrukernavn
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.mottakere import Mottakerkatalog
from tilskudd_flow.motor.overganger import Hendelseskommando, anvend_hendelse
from tilskudd_flow.motor.tilgang import hent_aktor
from tilskudd_flow.motor.utboks import legg_i_utboks, mottakerkontekst

# The engine's own reminder and escalation, for a deadline whose Fristregel names none.
FRISTMALER = {JobbArt.PAAMINNELSE: "frister/paaminnelse", JobbArt.ESKALERING: "frister/eskalering"}


@dataclass(frozen=True)
class Utfort:
    """What one job did, for logs, the CLI and the dry run."""

    jobb_id: int
    nokkel: str
    art: str
    frist: str
    forfaller: datetime
    resultat: str
    mottakere: tuple[str, ...] = ()
    overganger: tuple[str, ...] = ()


@dataclass(frozen=True)
class Treff:
    """A case a deadline concerns, under one of its workflow's deadline rules."""

    flyt: Arbeidsflyt
    regel: Fristregel
    sak: WorkflowCase
    subjekt: Any


def utfor_jobb(uow: UnitOfWork, miljo: Saksmiljo, jobb: PlanlagtJobb) -> Utfort:
    """Do the job and mark it done, inside the caller's transaction."""
    session = uow.session
    frist = session.get(Frist, jobb.frist_id)
    assert frist is not None, "jobs are deleted with their deadline"
    naa = miljo.klokke.now()
    if jobb.art == JobbArt.VIRKNING:
        overganger = _virkning(uow, miljo, frist)
        mottakere: list[str] = []
        resultat = (
            antall(len(overganger), "overgang", "overganger")
            if overganger
            else "ingen saker å flytte"
        )
    else:
        mottakere = _varsle(session, miljo, frist, jobb, naa)
        overganger = []
        resultat = antall(len(mottakere), "e-post", "e-poster") if mottakere else "ingen mottakere"
    jobb.utfort, jobb.resultat = naa, resultat
    _logg(session, frist, jobb, naa, resultat)
    assert jobb.id is not None
    return Utfort(
        jobb_id=jobb.id,
        nokkel=jobb.nokkel,
        art=jobb.art.value,
        frist=frist.navn,
        forfaller=jobb.forfaller,
        resultat=resultat,
        mottakere=tuple(mottakere),
        overganger=tuple(overganger),
    )


def treff(session: Session, miljo: Saksmiljo, frist: Frist) -> Iterator[Treff]:
    """Every case the deadline concerns, by the rules the workflow files declare."""
    for flyt in miljo.register.alle():
        for regel in (r for r in flyt.frister if r.frist == frist.type):
            saker = session.exec(
                select(WorkflowCase)
                .where(WorkflowCase.helsefellesskap_id == frist.helsefellesskap_id)
                .where(WorkflowCase.workflow == flyt.navn)
                .where(col(WorkflowCase.state).in_(regel.tilstander))
                .order_by(col(WorkflowCase.id))
            )
            for sak in saker:
                subjekt = session.get(flyt.detaljmodell, sak.id) if flyt.detaljmodell else None
                if regel.gjelder(subjekt, frist):
                    yield Treff(flyt, regel, sak, subjekt)


def _virkning(uow: UnitOfWork, miljo: Saksmiljo, frist: Frist) -> list[str]:
    """Try each rule's events in order on each case; a refused event ends that case's chain."""
    hf = uow.session.get(Helsefellesskap, frist.helsefellesskap_id)
    assert hf is not None
    system = hent_aktor(uow.session, systembrukernavn(hf.kode))
    utfort: list[str] = []
    for t in list(treff(uow.session, miljo, frist)):
        for hendelse in t.regel.virkning:
            kommando = Hendelseskommando(
                t.sak.id or 0, hendelse, kommentar=f"Frist: {frist.navn} {_vist(frist)}"
            )
            try:
                overgang = anvend_hendelse(kommando, uow=uow, miljo=miljo, aktor=system)
            except (Regelbrudd, UgyldigHendelse):
                break
            utfort.append(
                overgangslinje(
                    miljo.register, overgang.referanse, hendelse, overgang.fra, overgang.til
                )
            )
    return utfort


def _varsle(
    session: Session, miljo: Saksmiljo, frist: Frist, jobb: PlanlagtJobb, naa: datetime
) -> list[str]:
    """One e-mail per recipient, listing the cases that concern that recipient."""
    hf = session.get(Helsefellesskap, frist.helsefellesskap_id)
    assert hf is not None
    hf_innstillinger = miljo.innstillinger.helsefellesskap_innstillinger(hf.kode)
    katalog = Mottakerkatalog(session, frist.helsefellesskap_id, hf_innstillinger)
    eskalering = jobb.art == JobbArt.ESKALERING
    saker_per_mottaker = _per_mottaker(session, miljo, katalog, frist, eskalering)
    if eskalering and not saker_per_mottaker:
        return []  # nothing is missing any more: no escalation
    for kind in _om_fristen(miljo, frist, eskalering):
        for adresse in katalog.felles(kind):
            saker_per_mottaker.setdefault(adresse.epost.lower(), (adresse, []))
    mal = _mal(miljo, frist.type, jobb.art)
    for adresse, saker in saker_per_mottaker.values():
        kontekst = _kontekst(miljo, hf, frist, jobb, adresse, saker)
        case_id = saker[0].id if len(saker) == 1 else None
        legg_i_utboks(session, adresse, mal=mal, kontekst=kontekst, naa=naa, case_id=case_id,
                      helsefellesskap_id=frist.helsefellesskap_id, jobb_id=jobb.id)  # fmt: skip
    return [adresse.epost for adresse, _ in saker_per_mottaker.values()]


def _per_mottaker(
    session: Session,
    miljo: Saksmiljo,
    katalog: Mottakerkatalog,
    frist: Frist,
    eskalering: bool,
) -> dict[str, tuple[Adresse, list[WorkflowCase]]]:
    """Recipient (by lower-cased address) → the cases that concern them."""
    per: dict[str, tuple[Adresse, list[WorkflowCase]]] = {}
    for t in treff(session, miljo, frist):
        kinds = t.regel.eskalering_til if eskalering else t.regel.paaminnelse_til
        for kind in kinds:
            for adresse in katalog.finn(kind, t.flyt, t.subjekt, {}):
                per.setdefault(adresse.epost.lower(), (adresse, []))[1].append(t.sak)
    return per


def _om_fristen(miljo: Saksmiljo, frist: Frist, eskalering: bool) -> list[str]:
    """The kinds the workflow files tell of the deadline itself, whether or not a case of
    theirs is concerned (`Fristregel.*_om_fristen_til`)."""
    regler = [r for f in miljo.register.alle() for r in f.frister if r.frist == frist.type]
    kinds = [r.eskalering_om_fristen_til if eskalering else r.paaminnelse_om_fristen_til
             for r in regler]  # fmt: skip
    return list(dict.fromkeys(kind for k in kinds for kind in k))


def _mal(miljo: Saksmiljo, type_: str, art: JobbArt) -> str:
    """The template a workflow file declares for this deadline's reminder or escalation
    (`Fristregel.paaminnelse_mal`/`eskalering_mal`), else the engine's general one."""
    regler = [r for f in miljo.register.alle() for r in f.frister if r.frist == type_]
    egne = [r.eskalering_mal if art is JobbArt.ESKALERING else r.paaminnelse_mal
            for r in regler]  # fmt: skip
    return next((mal for mal in egne if mal), FRISTMALER[art])


def _kontekst(
    miljo: Saksmiljo,
    hf: Helsefellesskap,
    frist: Frist,
    jobb: PlanlagtJobb,
    adresse: Adresse,
    saker: list[WorkflowCase],
) -> dict[str, Any]:
    return {
        "helsefellesskap": hf.navn,
        "mottaker": mottakerkontekst(adresse),
        "frist": {
            "navn": frist.navn,
            "vist": _vist(frist),
            "dato": norsk_dato(frist.dato),
            "aar": frist.aar,
            "type": frist.type,
        },
        "dager": jobb.dager,
        "saker": [
            {
                "referanse": miljo.register.hent(s.workflow).referanse(s.id or 0),
                "tittel": s.tittel,
                "tilstand": miljo.register.hent(s.workflow).tilstandsnavn(s.state),
            }
            for s in saker
        ],
        "lenke": f"{miljo.innstillinger.base_url.rstrip('/')}/aarshjul",
    }


def _vist(frist: Frist) -> str:
    return vis_frist(frist.dato, frist.effektiv_dato)


def _logg(session: Session, frist: Frist, jobb: PlanlagtJobb, naa: datetime, resultat: str) -> None:
    assert frist.id is not None
    skriv_audit(
        session,
        helsefellesskap_id=frist.helsefellesskap_id,
        tidspunkt=naa,
        bruker=None,
        objekt_type="frist",
        objekt_id=frist.id,
        hendelse=jobb.art.value,
        detaljer={"jobb": jobb.nokkel, "resultat": resultat},
    )
