"""The scheduler's sweep for due jobs among 100 000 cases, next to the raw SQL query.

The sweep is what every scheduler tick runs first (`forfalte_jobber`: a batch of up to
100 due job ids); each id is then claimed and fired in its own transaction.

Closed cases keep their finished jobs; the sweep reads only unfinished ones through a
partial index, so its time should not grow with the number of closed cases. On SQLite
and on PostgreSQL (bench/databaser.py). Target: the
sweep through the application takes at most twice the raw query's time.

    PYTHONPATH=. .venv/bin/python bench/sveip.py
"""

from __future__ import annotations

import sqlite3
import statistics
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import psycopg
import sqlalchemy as sa
from databaser import Database, databaser, libpq_url
from resultat import Resultat
from sqlmodel import Session

from tilskudd_flow.adapters.database import sqlite_pragmaer
from tilskudd_flow.adapters.migrering import migrer
from tilskudd_flow.bootstrap import bygg_app
from tilskudd_flow.config import DatabaseInnstillinger, last_innstillinger
from tilskudd_flow.domain.frister import Virkedag
from tilskudd_flow.models import Frist, PlanlagtJobb, WorkflowCase
from tilskudd_flow.motor.helsefellesskap import opprett_helsefellesskap
from tilskudd_flow.motor.planlegger import forfalte_jobber

REPO = Path(__file__).resolve().parent.parent
NAA = datetime(2026, 6, 1, 12, 0, tzinfo=UTC)
APNE = 2_000  # open cases, each with 3 pending jobs; a tenth of those are due
MAAL = 2.0
Sporring = Callable[[], list[tuple[object, ...]]]
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


@contextmanager
def raa_sporring(database: Database, url: str, pragmaer: dict[str, str]) -> Iterator[Sporring]:
    """The sweep's SQL through the bare driver, as a call returning the rows."""
    if database.er_sqlite:
        raa = sqlite3.connect(sa.make_url(url).database or "")
        for navn, verdi in pragmaer.items():
            raa.execute(f"PRAGMA {navn}={verdi}")
        naa_tekst = NAA.replace(tzinfo=None).isoformat(sep=" ", timespec="microseconds")
        yield lambda: raa.execute(RAA_SQL, (naa_tekst,)).fetchall()
        raa.close()
        return
    with psycopg.connect(libpq_url(url)) as tilkobling:
        yield lambda: tilkobling.execute(RAA_SQL.replace("?", "%s"), (NAA,)).fetchall()


def maal(
    database: Database, url: str, engine: sa.Engine, pragmaer: dict[str, str]
) -> tuple[float, float, int]:
    with Session(engine) as session, raa_sporring(database, url, pragmaer) as raa:
        antall = len(forfalte_jobber(session, NAA))
        assert antall == len(raa())
        app_tid = median_tid(lambda: forfalte_jobber(session, NAA))
        raa_tid = median_tid(raa)
    return app_tid, raa_tid, antall


def kjor(databaser: list[Database]) -> list[Resultat]:
    return [_kjor(database) for database in databaser]


def _kjor(database: Database) -> Resultat:
    url = database.ny("sveip")
    innstillinger = last_innstillinger(REPO / "config.toml").model_copy(
        update={"database": DatabaseInnstillinger(url=url)}
    )
    app = bygg_app(innstillinger)
    migrer(app.engine)
    app.klargjor()
    with app.uow() as uow:
        opprett_helsefellesskap(
            uow.session, kode="helgeland", navn="Bench", systemepost="s@x.example", naa=NAA
        )
        uow.session.add(Frist(id=1, helsefellesskap_id=1, nokkel="bench", type="rapport",
                              navn="Bench", aar=2026, dato=date(2026, 6, 1),
                              virkedag=Virkedag.INGEN))  # fmt: skip
        uow.commit()
    pragmaer = sqlite_pragmaer(app.innstillinger.database)
    fyll(app.engine, 1, APNE + 1, lukket=False)
    lukket = APNE + 1
    print(f"{database.navn}:")
    print(f"{'lukkede saker':>14} {'sveip (ms)':>11} {'rå SQL (ms)':>12} {'forhold':>8} forfalte")
    for totalt in (10_000, 50_000, 100_000):
        fyll(app.engine, lukket, totalt + 1, lukket=True)
        lukket = totalt + 1
        if not database.er_sqlite:
            with app.engine.connect() as tilkobling:  # fresh statistics, as autovacuum keeps
                tilkobling.execute(sa.text("ANALYZE"))
                tilkobling.commit()
        app_tid, raa_tid, antall = maal(database, url, app.engine, pragmaer)
        forhold = app_tid / raa_tid
        print(
            f"{totalt - APNE:>14} {app_tid * 1000:>11.3f} {raa_tid * 1000:>12.3f} "
            f"{forhold:>8.2f} {antall}"
        )
    vurdering = "nådd" if forhold <= MAAL else "ikke nådd"
    print(f"{APNE} åpne saker; mål: sveip ≤ {MAAL}× rå SQL ved 100 000 saker: {vurdering}")
    app.engine.dispose()
    return Resultat(f"Fristsveip, 100 000 saker ({database.navn})", f"{app_tid * 1000:.2f} ms",
                    f"rå SQL {raa_tid * 1000:.2f} ms, forhold {forhold:.2f}",
                    f"forhold ≤ {MAAL}", forhold <= MAAL)  # fmt: skip


def main() -> None:
    with databaser() as begge:
        kjor(begge)


if __name__ == "__main__":
    main()
