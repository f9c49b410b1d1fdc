"""Attachment files no row refers to, and the sweep that removes them.

A submission writes its files (durably) before the transaction that records them commits;
a process killed between the two (kill -9, power loss) leaves files nothing refers to. The
sweep removes those, but only once they are older than a grace period: a younger one may
belong to a submission whose transaction is still open. Only names this app generates are
ever touched. The scheduler runs it once an hour across all processes (a `Driftsjobb` row
per hour, committed with the run); `tilskudd planlegger rydd-vedlegg` runs it at once.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.config import Innstillinger
from tilskudd_flow.models.frist import Driftsjobb
from tilskudd_flow.models.outbox import UtboksVedlegg
from tilskudd_flow.models.soknad import Vedlegg

logger = logging.getLogger("tilskudd_flow.planlegger")
# What lagre_vedlegg names a file: a random hex id and the type it was recognised as.
GENERERT_NAVN = re.compile(r"^[0-9a-f]{32}\.(pdf|docx|xlsx|odt)$")


@dataclass(frozen=True)
class Vedleggsveip:
    fjernet: tuple[str, ...]
    for_unge: int  # files with no row yet, inside the grace period: left for now


def rydd_vedlegg(session: Session, innstillinger: Innstillinger, naa: datetime) -> Vedleggsveip:
    """Remove the files in the upload folder that no row refers to and that are older than
    `vedlegg.foreldreloese_timer`."""
    mappe = innstillinger.data_dir / innstillinger.vedlegg.mappe
    grense = naa - timedelta(hours=innstillinger.vedlegg.foreldreloese_timer)
    # The folder is listed before the rows are read: a file whose row commits in between
    # is then counted as referenced, never removed.
    filer = _genererte_filer(mappe)
    kjente = _kjente_navn(session, innstillinger)
    uten_rad = [f for f in filer if f.name not in kjente]
    gamle = [f for f in uten_rad if _eldre_enn(f, grense)]
    for fil in gamle:
        fil.unlink(missing_ok=True)
        logger.warning("Fjernet vedleggsfil uten rad i databasen: %s", fil.name)
    return Vedleggsveip(tuple(sorted(f.name for f in gamle)), len(uten_rad) - len(gamle))


def rydd_vedlegg_naa(uow: UnitOfWork, innstillinger: Innstillinger, naa: datetime) -> Vedleggsveip:
    """The sweep at once, whatever the scheduler has done this hour (the command line's)."""
    with uow:
        return rydd_vedlegg(uow.session, innstillinger, naa)


def rydd_en_gang_i_timen(uow: UnitOfWork, innstillinger: Innstillinger, naa: datetime) -> None:
    """The scheduler's sweep: done by the one process that records this hour's run."""
    nokkel = f"vedleggsveip:{naa.astimezone(UTC):%Y-%m-%dT%H}"
    with uow:
        if uow.session.exec(select(Driftsjobb.id).where(Driftsjobb.nokkel == nokkel)).first():
            return
        jobb = Driftsjobb(nokkel=nokkel, utfort=naa)
        uow.session.add(jobb)
        try:
            uow.flush()  # PostgreSQL: a second process waits here on the key, then fails
        except IntegrityError:
            return  # another process has this hour's run
        resultat = rydd_vedlegg(uow.session, innstillinger, naa)
        jobb.resultat = f"{len(resultat.fjernet)} filer fjernet, {resultat.for_unge} for unge"
        uow.commit()


def _genererte_filer(mappe: Path) -> list[Path]:
    if not mappe.is_dir():
        return []
    return [f for f in mappe.iterdir() if GENERERT_NAVN.match(f.name) and f.is_file()]


def _kjente_navn(session: Session, innstillinger: Innstillinger) -> set[str]:
    """The names attachment rows store, and those queued e-mails send from the folder."""
    lagret = session.exec(select(Vedlegg.lagret_som).where(col(Vedlegg.lagret_som) != ""))
    mappe = innstillinger.vedlegg.mappe
    sendes = session.exec(select(UtboksVedlegg.sti))
    return set(lagret) | {Path(sti).name for sti in sendes if Path(sti).parent == mappe}


def _eldre_enn(fil: Path, grense: datetime) -> bool:
    try:
        endret = datetime.fromtimestamp(fil.stat().st_mtime, tz=UTC)
    except FileNotFoundError:
        return False  # another sweep (the CLI's, another process's) took it first
    return endret < grense
