"""Keep the årshjul complete: yearly deadlines exist, and every deadline has its jobs planned.

Jobs are rows with a unique key (what, which deadline, which day): planning twice, or in
two processes at once, never makes a second job. A job that is already past when it is
first planned (a deadline entered late) is recorded as skipped rather than sent late;
a job planned in time but missed because the scheduler was down is caught up.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from tilskudd_flow.config import Innstillinger
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflyt, Arbeidsflytregister
from tilskudd_flow.domain.frister import tidspunkt_paa_dag
from tilskudd_flow.domain.kodeverk import JobbArt
from tilskudd_flow.domain.tid import dato_i_oslo, fristens_slutt
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.frist import Frist, PlanlagtJobb
from tilskudd_flow.motor.frister import Fristfabrikk, finn_frist

HOPPET_OVER = "hoppet over: lagt inn etter at den forfalt"


@dataclass(frozen=True)
class Jobbplan:
    nokkel: str
    art: JobbArt
    dager: int
    forfaller: datetime


def synkroniser(
    session: Session,
    innstillinger: Innstillinger,
    register: Arbeidsflytregister,
    helsefellesskap_id: int,
    naa: datetime,
) -> None:
    """Create this and next year's yearly deadlines, then plan jobs for unplanned ones."""
    fabrikk = Fristfabrikk(innstillinger, helsefellesskap_id)
    aar = dato_i_oslo(naa).year
    sorg_for_aarene(session, innstillinger, helsefellesskap_id, naa)
    for type_, regel in innstillinger.frister.items():
        if regel.gjelder == "sak":
            for sak_id, workflow in _saker_for(session, register, helsefellesskap_id, type_):
                nokkel = f"{type_}:{sak_id}:{aar}"
                _sorg_for(session, fabrikk, type_, aar, nokkel, (workflow, sak_id))
    session.flush()
    for frist in _uplanlagte(session, helsefellesskap_id):
        try:
            with session.begin_nested():
                planlegg(session, innstillinger, register, frist, naa)
        except IntegrityError:
            pass  # another process planned the same jobs first: the unique keys held


def sorg_for_aarene(
    session: Session, innstillinger: Innstillinger, helsefellesskap_id: int, naa: datetime
) -> None:
    """This and next year's yearly deadlines (the 1 June avtale input), made when the
    helsefellesskap is set up or the app starts, so the årshjul is whole before any
    scheduler run; the scheduler keeps them coming as the years turn."""
    aar = dato_i_oslo(naa).year
    for aaret in (aar, aar + 1):
        sorg_for_aaret(session, innstillinger, helsefellesskap_id, aaret)


def sorg_for_aaret(
    session: Session, innstillinger: Innstillinger, helsefellesskap_id: int, aar: int
) -> None:
    """One year's yearly deadlines (a revision opened for a later year needs its own)."""
    fabrikk = Fristfabrikk(innstillinger, helsefellesskap_id)
    for type_ in mangler_aarsfrister(session, innstillinger, helsefellesskap_id, aar):
        _sorg_for(session, fabrikk, type_, aar, f"{type_}:{aar}")


def mangler_aarsfrister(
    session: Session, innstillinger: Innstillinger, helsefellesskap_id: int, aar: int
) -> list[str]:
    """The kinds of yearly deadline the year does not have yet."""
    return [
        type_
        for type_, regel in innstillinger.frister.items()
        if regel.gjelder == "aar"
        and finn_frist(session, helsefellesskap_id, f"{type_}:{aar}") is None
    ]


def sorg_for_saken(
    session: Session,
    innstillinger: Innstillinger,
    flyt: Arbeidsflyt,
    sak: WorkflowCase,
    naa: datetime,
) -> None:
    """The yearly deadline a case carries in its state (an FSU just made active reports to
    SSU), made in the transition that brought it there, under the scheduler's key."""
    assert sak.id is not None
    aar = dato_i_oslo(naa).year
    fabrikk = Fristfabrikk(innstillinger, sak.helsefellesskap_id)
    for regel in flyt.frister:
        if sak.state in regel.tilstander and innstillinger.fristregel(regel.frist).gjelder == "sak":
            nokkel = f"{regel.frist}:{sak.id}:{aar}"
            _sorg_for(session, fabrikk, regel.frist, aar, nokkel, (flyt.navn, sak.id))


def planlegg(
    session: Session,
    innstillinger: Innstillinger,
    register: Arbeidsflytregister,
    frist: Frist,
    naa: datetime,
) -> None:
    """Replace the deadline's pending jobs with those its current date calls for."""
    onsket = {p.nokkel: p for p in jobbplan(innstillinger, register, frist)}
    eksisterende = session.exec(select(PlanlagtJobb).where(PlanlagtJobb.frist_id == frist.id))
    for jobb in eksisterende:
        if jobb.nokkel in onsket:
            del onsket[jobb.nokkel]
        elif jobb.utfort is None:
            session.delete(jobb)
    for plan in onsket.values():
        session.add(_jobb(frist, plan, naa))
    frist.planlagt_for = frist.dato


def jobbplan(
    innstillinger: Innstillinger, register: Arbeidsflytregister, frist: Frist
) -> list[Jobbplan]:
    """Reminders before, the deadline effect at the end of the day, escalations after."""
    regel = innstillinger.fristregel(frist.type)
    dag = frist.effektiv_dato
    morgen = innstillinger.planlegger.paaminnelse_klokkeslett
    prefiks = f"{frist.helsefellesskap_id}:{frist.nokkel}"
    planer = [
        Jobbplan(f"{prefiks}:paaminnelse:{d}:{dag}", JobbArt.PAAMINNELSE, d,
                 tidspunkt_paa_dag(dag - timedelta(days=d), morgen))
        for d in regel.paaminnelser
    ]  # fmt: skip
    if _har_virkning(register, frist.type):
        slutt = fristens_slutt(dag, frist.klokkeslett) + timedelta(seconds=1)
        planer.append(Jobbplan(f"{prefiks}:virkning:{dag}", JobbArt.VIRKNING, 0, slutt))
    planer += [
        Jobbplan(f"{prefiks}:eskalering:{d}:{dag}", JobbArt.ESKALERING, d,
                 _eskaleringstid(frist, d, morgen))
        for d in regel.eskaleringer
    ]  # fmt: skip
    return planer


def _eskaleringstid(frist: Frist, dager: int, morgen: time) -> datetime:
    # Never before the deadline has ended, even with 0 days (the same evening).
    slutt = fristens_slutt(frist.effektiv_dato, frist.klokkeslett) + timedelta(seconds=1)
    return max(slutt, tidspunkt_paa_dag(frist.effektiv_dato + timedelta(days=dager), morgen))


def _jobb(frist: Frist, plan: Jobbplan, naa: datetime) -> PlanlagtJobb:
    for_sent = plan.forfaller < naa and plan.art != JobbArt.VIRKNING
    return PlanlagtJobb(
        helsefellesskap_id=frist.helsefellesskap_id,
        nokkel=plan.nokkel,
        frist_id=frist.id,
        art=plan.art,
        dager=plan.dager,
        forfaller=plan.forfaller,
        utfort=naa if for_sent else None,
        resultat=HOPPET_OVER if for_sent else "",
    )


def _har_virkning(register: Arbeidsflytregister, type_: str) -> bool:
    return any(r.virkning for f in register.alle() for r in f.frister if r.frist == type_)


def _saker_for(
    session: Session, register: Arbeidsflytregister, helsefellesskap_id: int, type_: str
) -> list[tuple[int, str]]:
    """Cases that carry a yearly deadline of this kind (e.g. active FSUs)."""
    saker: list[tuple[int, str]] = []
    for flyt in register.alle():
        for regel in (r for r in flyt.frister if r.frist == type_):
            rader = session.exec(
                select(WorkflowCase.id)
                .where(WorkflowCase.helsefellesskap_id == helsefellesskap_id)
                .where(WorkflowCase.workflow == flyt.navn)
                .where(col(WorkflowCase.state).in_(regel.tilstander))
            )
            saker += [(sak_id, flyt.navn) for sak_id in rader if sak_id is not None]
    return saker


def _sorg_for(
    session: Session,
    fabrikk: Fristfabrikk,
    type_: str,
    aar: int,
    nokkel: str,
    objekt: tuple[str, int] | None = None,
) -> None:
    if finn_frist(session, fabrikk.helsefellesskap_id, nokkel) is not None:
        return
    try:
        with session.begin_nested():
            session.add(fabrikk.ny(type_, aar=aar, nokkel=nokkel, objekt=objekt))
    except IntegrityError:
        pass  # another process created the same deadline first: the unique key held


def _uplanlagte(session: Session, helsefellesskap_id: int) -> list[Frist]:
    return list(
        session.exec(
            select(Frist)
            .where(Frist.helsefellesskap_id == helsefellesskap_id)
            .where(col(Frist.planlagt_for).is_(None))
            .order_by(col(Frist.id))
        )
    )
