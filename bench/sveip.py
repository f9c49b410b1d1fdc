"""The scheduler's sweep for due jobs among 100 000 cases, next to the raw SQL query.

The sweep is what every scheduler tick runs first (`forfalte_jobber`: a batch of up to
100 due job ids); each id is then claimed and fired in its own transaction.

Closed cases keep their finished jobs; the sweep reads only unfinished ones through a
partial index, so its time should not grow with the number of closed cases. Target: the
sweep through the application takes at most twice the raw query's time.

    PYTHONPATH=. .venv/bin/python bench/sveip.py
"""

from __future__ import annotations

import os
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import sqlalchemy as sa
from resultat import Resultat
from sqlmodel import Session

from tilskudd_flow.adapters.database import sqlite_pragmaer
from tilskudd_flow.adapters.migrering import migrer
from tilskudd_flow.bootstrap import bygg_app
from tilskudd_flow.config import last_innstillinger
from tilskudd_flow.models import PlanlagtJobb, WorkflowCase
from tilskudd_flow.service.helsefellesskap import opprett_helsefellesskap
from tilskudd_flow.service.planlegger import forfalte_jobber

REPO = Path(__file__).resolve().parent.parent
NAA = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
APNE = 2_000  # open cases, each with 3 pending jobs; a tenth of those are due
MAAL = 2.0
RAA_SQL = (
    "SELECT id FROM planlagt_jobb WHERE utfort IS NULL AND forfaller <= ? "
    "ORDER BY forfaller, id LIMIT 100"
)


def fyll(engine: sa.Engine, fra: int, til: int, *, lukket: bool) -> None:
    """Cases fra..til with three jobs each: done for closed cases, pending for open ones."""
    saker, jobber = [], []
    for nr in range(fra, til):
        saker.append(
            {
                "id": nr,
                "helsefellesskap_id": 1,
                "workflow": "rs_soknad",
                "state": "rapportert" if lukket else "tildelt",
                "versjon": 1,
                "tittel": f"Sak {nr}",
                "opprettet": NAA,
                "endret": NAA,
            }
        )
        for j in range(3):
            forfaller = (
                NAA - timedelta(days=400 - nr % 365)
                if lukket
                else NAA + timedelta(days=(nr * 3 + j) % 30 - 3)
            )
            jobber.append(
                {
                    "helsefellesskap_id": 1,
                    "nokkel": f"1:bench:{nr}:{j}",
                    "art": "paaminnelse",
                    "dager": 30,
                    "forfaller": forfaller,
                    "frist_id": 1,
                    "utfort": forfaller if lukket else None,
                    "resultat": "",
                }
            )
    with engine.begin() as tilkobling:
        tilkobling.execute(sa.insert(WorkflowCase), saker)
        tilkobling.execute(sa.insert(PlanlagtJobb), jobber)


def median_tid(funksjon: Callable[[], object], ganger: int = 200) -> float:
    tider = []
    for _ in range(ganger):
        start = time.perf_counter()
        funksjon()
        tider.append(time.perf_counter() - start)
    return statistics.median(tider)


def maal(fil: Path, engine: sa.Engine, pragmaer: dict[str, str]) -> tuple[float, float, int]:
    raa = sqlite3.connect(fil)
    for navn, verdi in pragmaer.items():
        raa.execute(f"PRAGMA {navn}={verdi}")
    naa_tekst = NAA.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
    with Session(engine) as session:
        antall = len(forfalte_jobber(session, NAA))
        assert antall == len(raa.execute(RAA_SQL, (naa_tekst,)).fetchall())
        app_tid = median_tid(lambda: forfalte_jobber(session, NAA))
    raa_tid = median_tid(lambda: raa.execute(RAA_SQL, (naa_tekst,)).fetchall())
    raa.close()
    return app_tid, raa_tid, antall


def kjor() -> list[Resultat]:
    with tempfile.TemporaryDirectory(dir=REPO) as mappe:
        fil = Path(mappe) / "sveip.db"
        os.environ["TILSKUDD_DATABASE__URL"] = f"sqlite:///{fil}"
        app = bygg_app(last_innstillinger(REPO / "config.toml"))
        migrer(app.engine)
        app.klargjor()
        with app.uow() as uow:
            opprett_helsefellesskap(
                uow.session, kode="helgeland", navn="Bench", systemepost="s@x.example", naa=NAA
            )
            uow.session.execute(
                sa.text(
                    "INSERT INTO frist (id, helsefellesskap_id, nokkel, type, navn, aar, dato, "
                    "virkedag, klokkeslett, bekreftet) VALUES (1, 1, 'bench', 'rapport', 'Bench', "
                    "2026, '2026-06-01', 'ingen', '23:59:59', 1)"
                )
            )
            uow.commit()
        pragmaer = sqlite_pragmaer(app.innstillinger.database)
        fyll(app.engine, 1, APNE + 1, lukket=False)
        lukket = APNE + 1
        print(
            f"{'lukkede saker':>14} {'sveip (ms)':>11} {'rå SQL (ms)':>12} {'forhold':>8} forfalte"
        )
        for totalt in (10_000, 50_000, 100_000):
            fyll(app.engine, lukket, totalt + 1, lukket=True)
            lukket = totalt + 1
            app_tid, raa_tid, antall = maal(fil, app.engine, pragmaer)
            forhold = app_tid / raa_tid
            print(
                f"{totalt - APNE:>14} {app_tid * 1000:>11.3f} {raa_tid * 1000:>12.3f} "
                f"{forhold:>8.2f} {antall}"
            )
        vurdering = "nådd" if forhold <= MAAL else "ikke nådd"
        print(f"{APNE} åpne saker; mål: sveip ≤ {MAAL}× rå SQL ved 100 000 saker: {vurdering}")
        app.engine.dispose()
    return [Resultat("Fristsveip, 100 000 saker (SQLite)", f"{app_tid * 1000:.2f} ms",
                     f"rå SQL {raa_tid * 1000:.2f} ms, forhold {forhold:.2f}",
                     f"forhold ≤ {MAAL}", forhold <= MAAL)]  # fmt: skip


def main() -> None:
    kjor()


if __name__ == "__main__":
    main()
