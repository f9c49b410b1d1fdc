"""Audited transitions per second next to the database's raw single-row commit rate, on
SQLite (a file with the shipped pragmas, printed) and on PostgreSQL (bench/databaser.py).
A transition here is the whole service call: load the case, check role and guards, apply
the event, write the audit row and the outbox rows, commit. Target: ratio ≥ 0.5.

    PYTHONPATH=. .venv/bin/python bench/overganger.py [antall]
"""

from __future__ import annotations

import sqlite3
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

import psycopg
import sqlalchemy as sa
from databaser import Database, databaser, libpq_url
from resultat import Resultat

from tilskudd_flow.adapters.database import sqlite_pragmaer
from tilskudd_flow.adapters.migrering import migrer
from tilskudd_flow.bootstrap import bygg_app
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.config import DatabaseInnstillinger, last_innstillinger
from tilskudd_flow.demo.data import last_demodata
from tilskudd_flow.motor.overganger import Hendelseskommando, utfor_hendelse

REPO = Path(__file__).resolve().parent.parent
MAAL = 0.5


def raa_commits(database: Database, url: str, antall: int, pragmaer: dict[str, str]) -> float:
    """Single-row INSERT + COMMIT per iteration through the bare driver; commits per second."""
    if database.er_sqlite:
        return _raa_sqlite(Path(sa.make_url(url).database or ""), antall, pragmaer)
    with psycopg.connect(libpq_url(url)) as tilkobling:
        tilkobling.execute("CREATE TABLE rad (id SERIAL PRIMARY KEY, tekst TEXT NOT NULL)")
        tilkobling.commit()
        start = time.perf_counter()
        for i in range(antall):
            tilkobling.execute("INSERT INTO rad (tekst) VALUES (%s)", (f"rad {i}",))
            tilkobling.commit()
        return antall / (time.perf_counter() - start)


def _raa_sqlite(fil: Path, antall: int, pragmaer: dict[str, str]) -> float:
    tilkobling = sqlite3.connect(fil, isolation_level=None)
    for navn, verdi in pragmaer.items():
        tilkobling.execute(f"PRAGMA {navn}={verdi}")
    tilkobling.execute("CREATE TABLE rad (id INTEGER PRIMARY KEY, tekst TEXT NOT NULL)")
    start = time.perf_counter()
    for i in range(antall):
        tilkobling.execute("BEGIN IMMEDIATE")
        tilkobling.execute("INSERT INTO rad (tekst) VALUES (?)", (f"rad {i}",))
        tilkobling.execute("COMMIT")
    sekunder = time.perf_counter() - start
    tilkobling.close()
    return antall / sekunder


def overganger(url: str, antall: int) -> float:
    """Audited transitions per second: a søknad returned and completed, over and over."""
    innstillinger = last_innstillinger(REPO / "config.toml").model_copy(
        update={"database": DatabaseInnstillinger(url=url)}
    )
    klokke = FixedClock(datetime(2025, 10, 2, 9, 0, tzinfo=UTC))
    app = bygg_app(innstillinger, klokke=klokke)
    migrer(app.engine)
    app.klargjor()
    sak = last_demodata(app).soknader[0]
    hendelser = [
        Hendelseskommando(sak, "returner_som_mangelfull", kommentar="Mangler budsjett."),
        Hendelseskommando(sak, "komplettert"),
    ]
    for kommando in hendelser * 10:  # warm-up: imports, compiled templates, statements
        utfor_hendelse(kommando, uow=app.uow(), miljo=app.miljo, brukernavn="samhandlingssjef")
    start = time.perf_counter()
    for i in range(antall):
        utfor_hendelse(
            hendelser[i % 2], uow=app.uow(), miljo=app.miljo, brukernavn="samhandlingssjef"
        )
    sekunder = time.perf_counter() - start
    app.engine.dispose()
    return antall / sekunder


def kjor(databaser: list[Database], antall: int = 2000) -> list[Resultat]:
    pragmaer = sqlite_pragmaer(last_innstillinger(REPO / "config.toml").database)
    print(f"SQLite-pragmaer (som levert): {pragmaer}")
    return [_maal(database, antall, pragmaer) for database in databaser]


def _maal(database: Database, antall: int, pragmaer: dict[str, str]) -> Resultat:
    raa = raa_commits(database, database.ny("raa"), antall, pragmaer)
    flyt = overganger(database.ny("overganger"), antall)
    forhold = flyt / raa
    print(f"{database.navn}:")
    print(f"  råe enkeltrad-commits:      {raa:10.0f} per sekund")
    print(f"  reviderte overganger:       {flyt:10.0f} per sekund (med revisjonslogg og utboks)")
    vurdering = "nådd" if forhold >= MAAL else "ikke nådd"
    print(f"  forhold overganger/commits: {forhold:10.2f} (mål ≥ {MAAL}: {vurdering})")
    return Resultat(f"Overganger med revisjonslogg og utboks ({database.navn})", f"{flyt:.0f}/s",
                    f"råe commits {raa:.0f}/s, forhold {forhold:.2f}", f"forhold ≥ {MAAL}",
                    forhold >= MAAL)  # fmt: skip


def main() -> None:
    with databaser() as begge:
        kjor(begge, int(sys.argv[1]) if len(sys.argv) > 1 else 2000)


if __name__ == "__main__":
    main()
