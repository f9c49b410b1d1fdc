"""Audited transitions per second next to the database's raw single-row commit rate and
next to a plain implementation (bench/enkel_overgang.py), on SQLite (a file with the shipped
pragmas, printed) and on PostgreSQL (bench/databaser.py). A transition here is the whole
service call: load the case, check role and guards, apply the event, write the audit row
and the outbox rows, commit. The plain one runs in the same database, interleaved with ours
in rounds, so a loaded machine slows both alike. Targets: ratio to raw ≥ 0.5, to plain ≥ 1.

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
from enkel_overgang import EnkelTjeneste
from resultat import Resultat

from tilskudd_flow.adapters.database import sqlite_pragmaer
from tilskudd_flow.adapters.migrering import migrer
from tilskudd_flow.bootstrap import bygg_app
from tilskudd_flow.cli.oppstartsfase import i_skriptet, oppstart
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.config import DatabaseInnstillinger, last_innstillinger
from tilskudd_flow.demo.data import last_demodata
from tilskudd_flow.motor.overganger import Hendelseskommando, utfor_hendelse

REPO = Path(__file__).resolve().parent.parent
MAAL = 0.5
MAAL_ENKEL = 1.0
RUNDER = 5  # ours and the plain one take turns, antall/RUNDER transitions at a time


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


def overganger(url: str, antall: int) -> tuple[float, float]:
    """Audited transitions per second, ours and the plain implementation's, in one database:
    a søknad returned and completed, over and over."""
    innstillinger = last_innstillinger(REPO / "config.toml").model_copy(
        update={"database": DatabaseInnstillinger(url=url)}
    )
    klokke = FixedClock(datetime(2025, 10, 2, 9, 0, tzinfo=UTC))
    with oppstart():  # as the server and the CLI build it (cli/oppstartsfase.py)
        app = bygg_app(innstillinger, klokke=klokke)
    migrer(app.engine)
    with oppstart():
        app.klargjor()
    sak = last_demodata(app).soknader[0]
    hendelser = [
        Hendelseskommando(sak, "returner_som_mangelfull", kommentar="Mangler budsjett."),
        Hendelseskommando(sak, "komplettert"),
    ]
    enkel = EnkelTjeneste(app.engine)  # same engine: same file or cluster, same pragmas
    enkel_sak = enkel.ny_sak()

    def var(i: int) -> None:
        utfor_hendelse(
            hendelser[i % 2], uow=app.uow(), miljo=app.miljo, brukernavn="samhandlingssjef"
        )

    def plain(i: int) -> None:
        kommando = hendelser[i % 2]
        enkel.utfor(enkel_sak, kommando.hendelse, kommando.kommentar)

    for i in range(20):  # warm-up: imports, compiled templates, statements
        var(i)
        plain(i)
    tid = {var: 0.0, plain: 0.0}
    per_runde = max(2, antall // RUNDER // 2 * 2)  # even: each round ends where it began
    for _ in range(RUNDER):
        for kjoring in (var, plain):
            start = time.perf_counter()
            for i in range(per_runde):
                kjoring(i)
            tid[kjoring] += time.perf_counter() - start
    app.engine.dispose()
    totalt = per_runde * RUNDER
    return totalt / tid[var], totalt / tid[plain]


def kjor(databaser: list[Database], antall: int = 2000) -> list[Resultat]:
    # Transitions run in the installed script's processes (the server, the CLI), whose
    # start-up the cycle collector leaves out of later collections: so does this one.
    i_skriptet()
    pragmaer = sqlite_pragmaer(last_innstillinger(REPO / "config.toml").database)
    print(f"SQLite-pragmaer (som levert): {pragmaer}")
    return [r for database in databaser for r in _maal(database, antall, pragmaer)]


def _maal(database: Database, antall: int, pragmaer: dict[str, str]) -> list[Resultat]:
    raa = raa_commits(database, database.ny("raa"), antall, pragmaer)
    flyt, enkel = overganger(database.ny("overganger"), antall)
    forhold, mot_enkel = flyt / raa, flyt / enkel
    print(f"{database.navn}:")
    print(f"  råe enkeltrad-commits:      {raa:10.0f} per sekund")
    print(f"  enkel ORM-overgang:         {enkel:10.0f} per sekund (bench/enkel_overgang.py)")
    print(f"  reviderte overganger:       {flyt:10.0f} per sekund (med revisjonslogg og utboks)")
    print(
        f"  forhold overganger/commits: {forhold:10.2f} (mål ≥ {MAAL}: {_vurdert(forhold, MAAL)})"
    )
    print(f"  forhold overganger/enkel:   {mot_enkel:10.2f} "
          f"(mål ≥ {MAAL_ENKEL}: {_vurdert(mot_enkel, MAAL_ENKEL)})")  # fmt: skip
    navn = f"Overganger med revisjonslogg og utboks ({database.navn})"
    return [
        Resultat(
            navn,
            f"{flyt:.0f}/s",
            f"råe commits {raa:.0f}/s, forhold {forhold:.2f}",
            f"forhold ≥ {MAAL}",
            forhold >= MAAL,
        ),
        Resultat(
            f"{navn} mot enkel implementasjon",
            f"{flyt:.0f}/s",
            f"enkel ORM-overgang {enkel:.0f}/s, forhold {mot_enkel:.2f}",
            f"forhold ≥ {MAAL_ENKEL}",
            mot_enkel >= MAAL_ENKEL,
        ),
    ]


def _vurdert(forhold: float, maal: float) -> str:
    return "nådd" if forhold >= maal else "ikke nådd"


def main() -> None:
    with databaser() as begge:
        kjor(begge, int(sys.argv[1]) if len(sys.argv) > 1 else 2000)


if __name__ == "__main__":
    main()
