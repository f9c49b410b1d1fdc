"""Fire what the årshjul has due: reminders, deadline effects, escalations.

Each job runs in its own transaction: claim the row, write its outbox rows (or apply the
workflow's deadline effect through the transition service), mark it done, commit. A crash
before the commit leaves nothing behind and the job fires again; a second process finds
it claimed or done. The same code runs for real, in simulated time up to an instant, and
as a dry run inside a transaction that is rolled back.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from datetime import datetime

import sqlalchemy as sa
from sqlalchemy import ColumnElement
from sqlmodel import Session, col, func, select

from tilskudd_flow.adapters.unit_of_work import Delarbeid, UnitOfWork
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.models.frist import PlanlagtJobb
from tilskudd_flow.models.tenancy import Helsefellesskap
from tilskudd_flow.motor.aarshjul import synkroniser
from tilskudd_flow.motor.fristjobber import Utfort, utfor_jobb
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.vedleggsveip import rydd_en_gang_i_timen

logger = logging.getLogger("tilskudd_flow.planlegger")

Etterkrok = Callable[[int], None]


@dataclass
class Planlegger:
    """Runs due jobs against one database; `uow` makes a fresh unit of work."""

    uow: Callable[[], UnitOfWork]
    miljo: Saksmiljo
    etter_jobb: Etterkrok | None = None  # test hook: called before each job's commit
    _antall: int = field(default=0, init=False)

    def kjor_forfalte(self) -> list[Utfort]:
        """Plan, then fire everything due now (the scheduler's tick); once an hour, also
        sweep the upload folder for files no row refers to."""
        self.synkroniser()
        utfort = list(self._fyr_til(self.miljo.klokke.now()))
        rydd_en_gang_i_timen(self.uow(), self.miljo.innstillinger, self.naa())
        return utfort

    def kjor_til(self, til: datetime) -> list[Utfort]:
        """Step simulated time job by job up to `til`, firing each at its due instant."""
        klokke = FixedClock(self.miljo.klokke.now())
        stegvis = replace(self, miljo=replace(self.miljo, klokke=klokke))
        utfort: list[Utfort] = []
        stegvis.synkroniser()
        while (neste := stegvis._neste_forfall(til)) is not None:
            klokke.set(max(klokke.now(), neste))
            stegvis.synkroniser()
            utfort += stegvis._fyr_til(klokke.now())
        klokke.set(max(klokke.now(), til))
        stegvis.synkroniser()
        return utfort

    def ventende(self) -> int:
        """Jobs due now that have not run: what a restarted scheduler must catch up."""
        with self.uow() as uow:
            return int(
                uow.session.exec(
                    select(func.count()).select_from(PlanlagtJobb).where(_forfalt(self.naa()))
                ).one()
            )

    def naa(self) -> datetime:
        return self.miljo.klokke.now()

    def synkroniser(self) -> None:
        with self.uow() as uow:
            for hf_id in _helsefellesskap(uow.session):
                synkroniser(
                    uow.session,
                    self.miljo.innstillinger,
                    self.miljo.register,
                    hf_id,
                    self.naa(),
                )
            uow.commit()

    def _neste_forfall(self, til: datetime) -> datetime | None:
        with self.uow() as uow:
            forste = uow.session.exec(
                select(func.min(PlanlagtJobb.forfaller)).where(_forfalt(til))
            ).one()
        return forste

    def _fyr_til(self, naa: datetime) -> Iterator[Utfort]:
        """Sweep for due jobs and fire them, until a sweep finds none."""
        while ider := self._sveip(naa):
            for jobb_id in ider:
                if (resultat := self._fyr(jobb_id)) is not None:
                    yield resultat

    def _sveip(self, naa: datetime) -> list[int]:
        with self.uow() as uow:
            return forfalte_jobber(uow.session, naa)

    def _fyr(self, jobb_id: int) -> Utfort | None:
        with self.uow() as uow:
            jobb = _ta(uow.session, jobb_id)
            if jobb is None:
                return None  # another process has it, or has done it
            resultat = utfor_jobb(uow, self.miljo, jobb)
            self._antall += 1
            if self.etter_jobb is not None:
                self.etter_jobb(self._antall)
            uow.commit()
        logger.info("%s: %s", jobb.nokkel, resultat.resultat)
        return resultat


def provekjor(uow: UnitOfWork, miljo: Saksmiljo, til: datetime) -> list[Utfort]:
    """Everything that would fire up to `til`, in order — then roll it all back."""
    with uow:
        return Planlegger(lambda: Delarbeid(uow), miljo).kjor_til(til)


def _forfalt(naa: datetime) -> ColumnElement[bool]:
    return col(PlanlagtJobb.utfort).is_(None) & (col(PlanlagtJobb.forfaller) <= naa)


def forfalte_jobber(session: Session, naa: datetime, grense: int = 100) -> list[int]:
    """The sweep: ids of jobs due at `naa`, oldest first (uses the partial index)."""
    # One prepared Core statement, not the ORM: only ids come back, and it runs every tick.
    resultat = session.connection().execute(_SVEIP, {"naa": naa, "grense": grense})
    return list(resultat.scalars().all())


_jobbtabell = PlanlagtJobb.__table__  # type: ignore[attr-defined]
_SVEIP = (
    sa.select(_jobbtabell.c.id)
    .where(_jobbtabell.c.utfort.is_(None), _jobbtabell.c.forfaller <= sa.bindparam("naa"))
    .order_by(_jobbtabell.c.forfaller, _jobbtabell.c.id)
    .limit(sa.bindparam("grense"))
)


def _ta(session: Session, jobb_id: int) -> PlanlagtJobb | None:
    """Claim a job for this transaction, unless it is done or another process holds it."""
    # SKIP LOCKED: a second process moves on instead of waiting for this job.
    # On SQLite the write transaction (BEGIN IMMEDIATE) already keeps processes apart.
    return session.exec(
        select(PlanlagtJobb)
        .where(PlanlagtJobb.id == jobb_id, col(PlanlagtJobb.utfort).is_(None))
        .with_for_update(skip_locked=True)
    ).first()


def _helsefellesskap(session: Session) -> list[int]:
    return [hf_id for hf_id in session.exec(select(Helsefellesskap.id)) if hf_id is not None]
