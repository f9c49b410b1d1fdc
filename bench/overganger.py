"""Audited transitions per second next to SQLite's raw single-row commit rate.

Both run on a SQLite file with the shipped pragmas (printed). A transition here is the
whole service call: load the case, check role and guards, apply the event, write the
audit row and the outbox rows, commit. Target: ratio ≥ 0.5.

    PYTHONPATH=. .venv/bin/python bench/overganger.py [antall]
"""

from __future__ import annotations

import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from resultat import Resultat

from tilskudd_flow.adapters.database import sqlite_pragmaer
from tilskudd_flow.adapters.migrering import migrer
from tilskudd_flow.bootstrap import bygg_app
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.config import last_innstillinger
from tilskudd_flow.demo.data import last_demodata
from tilskudd_flow.service.overganger import Hendelseskommando, utfor_hendelse

REPO = Path(__file__).resolve().parent.parent
MAAL = 0.5


def raa_commits(fil: Path, antall: int, pragmaer: dict[str, str]) -> float:
    """Single-row INSERT + COMMIT per iteration with the same pragmas; commits per second."""
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


def overganger(mappe: Path, antall: int) -> float:
    """Audited transitions per second: a søknad returned and completed, over and over."""
    import os

    os.environ["TILSKUDD_DATABASE__URL"] = f"sqlite:///{mappe / 'bench.db'}"
    innstillinger = last_innstillinger(REPO / "config.toml")
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


def kjor(antall: int = 2000) -> list[Resultat]:
    pragmaer = sqlite_pragmaer(last_innstillinger(REPO / "config.toml").database)
    with tempfile.TemporaryDirectory(dir=REPO) as mappe_navn:
        mappe = Path(mappe_navn)
        raa = raa_commits(mappe / "raa.db", antall, pragmaer)
        flyt = overganger(mappe, antall)
    forhold = flyt / raa
    print(f"SQLite-pragmaer (som levert): {pragmaer}")
    print(f"råe enkeltrad-commits:      {raa:10.0f} per sekund")
    print(f"reviderte overganger:       {flyt:10.0f} per sekund (med revisjonslogg og utboks)")
    vurdering = "nådd" if forhold >= MAAL else "ikke nådd"
    print(f"forhold overganger/commits: {forhold:10.2f} (mål ≥ {MAAL}: {vurdering})")
    return [Resultat("Overganger med revisjonslogg og utboks (SQLite)", f"{flyt:.0f}/s",
                     f"råe commits {raa:.0f}/s, forhold {forhold:.2f}", f"forhold ≥ {MAAL}",
                     forhold >= MAAL)]  # fmt: skip


def main() -> None:
    kjor(int(sys.argv[1]) if len(sys.argv) > 1 else 2000)


if __name__ == "__main__":
    main()
