"""Fault injection: a process applying transitions (each queuing e-mail) is killed with SIGKILL
at seeded random points; afterwards every transition it reported as done must be in the
database with its e-mails, none twice, and the audit chain whole.

    .venv/bin/python -m tests.feilprove --runder 20 --antall 1000 [--seed 7]

prints the counts and exits non-zero on any loss. A short seeded subset runs in CI
(tests/integration/test_feilprove.py). Loopback and a temporary SQLite file only.
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from datetime import UTC, datetime
from itertools import pairwise
from pathlib import Path

import sqlalchemy as sa

REPO = Path(__file__).resolve().parent.parent
NAA = "2025-10-02T09:00:00+00:00"


@dataclass(frozen=True)
class Telling:
    rapportert: int  # transitions the killed process had committed and reported
    tapte_overganger: int
    tapte_eposter: int  # committed transitions without their outbox rows
    doble: int  # two audit rows for one case version
    brutt_kjede: bool

    @property
    def ok(self) -> bool:
        return not (self.tapte_overganger or self.tapte_eposter or self.doble or self.brutt_kjede)


def arbeider(antall: int) -> None:
    """Apply `antall` transitions on the demo's first søknad, printing each audit id after
    its commit (the process is killed somewhere along the way)."""
    from tilskudd_flow.bootstrap import bygg_app
    from tilskudd_flow.clock import FixedClock
    from tilskudd_flow.config import last_innstillinger
    from tilskudd_flow.service.overganger import Hendelseskommando, utfor_hendelse

    app = bygg_app(last_innstillinger(REPO / "config.toml"),
                   klokke=FixedClock(datetime.fromisoformat(NAA)))  # fmt: skip
    sak = 2
    hendelser = [Hendelseskommando(sak, "returner_som_mangelfull", kommentar="Mangler budsjett."),
                 Hendelseskommando(sak, "komplettert")]  # fmt: skip
    with app.uow(skriv=False) as uow:
        from tilskudd_flow.models.case import WorkflowCase

        case = uow.session.get(WorkflowCase, sak)
        start = 0 if case is not None and case.state == "mottatt" else 1
    for nr in range(start, start + antall):
        overgang = utfor_hendelse(hendelser[nr % 2], uow=app.uow(), miljo=app.miljo,
                                  brukernavn="samhandlingssjef")  # fmt: skip
        print(overgang.audit_id, flush=True)


def runde(database: Path, antall: int, tilfeldig: random.Random) -> Telling:
    """One run: start the worker, kill it after a random number of reports, then count."""
    miljo = {**os.environ, "TILSKUDD_DATABASE__URL": f"sqlite:///{database}",
             "TILSKUDD_DATA_DIR": str(database.parent / "data")}  # fmt: skip
    drep_etter = tilfeldig.randint(1, max(1, antall - 1))
    prosess = subprocess.Popen([sys.executable, "-m", "tests.feilprove", "--arbeider", str(antall)],
                               cwd=REPO, env=miljo, stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert prosess.stdout is not None
    rapportert: list[int] = []
    for linje in prosess.stdout:
        rapportert.append(int(linje))
        if len(rapportert) >= drep_etter:
            prosess.send_signal(signal.SIGKILL)
            break
    rapportert += [int(linje) for linje in prosess.stdout]  # reported before it died
    prosess.wait()
    return tell(f"sqlite:///{database}", rapportert)


def tell(url: str, rapportert: list[int]) -> Telling:
    from sqlmodel import Session

    from tilskudd_flow.adapters.database import lag_engine
    from tilskudd_flow.service.audit import forste_brudd

    engine = lag_engine(url)
    with engine.connect() as tilkobling:
        finnes = set(tilkobling.execute(sa.text("SELECT id FROM audit_entry")).scalars())
        med_epost = set(tilkobling.execute(
            sa.text("SELECT DISTINCT audit_id FROM outbox_message WHERE audit_id IS NOT NULL")
        ).scalars())  # fmt: skip
        kjede = tilkobling.execute(sa.text(
            "SELECT fra_tilstand, til_tilstand FROM audit_entry WHERE objekt_type = 'rs_soknad' "
            "AND objekt_id = 2 AND fra_tilstand IS NOT NULL ORDER BY id"
        )).all()  # fmt: skip
    with Session(engine) as session:
        brutt = forste_brudd(session, 1) is not None
    engine.dispose()
    return Telling(
        rapportert=len(rapportert),
        tapte_overganger=sum(1 for a in rapportert if a not in finnes),
        tapte_eposter=sum(1 for a in rapportert if a in finnes and a not in med_epost),
        # A transition applied twice leaves a row starting where the case no longer was.
        doble=sum(1 for forrige, neste in pairwise(kjede) if neste[0] != forrige[1]),
        brutt_kjede=brutt,
    )


def forbered(database: Path) -> None:
    """A migrated database with the demo data, as the workers find it."""
    from tilskudd_flow.adapters.migrering import migrer
    from tilskudd_flow.bootstrap import bygg_app
    from tilskudd_flow.clock import FixedClock
    from tilskudd_flow.config import DatabaseInnstillinger, last_innstillinger
    from tilskudd_flow.demo.data import last_demodata

    innstillinger = last_innstillinger(REPO / "config.toml").model_copy(update={
        "database": DatabaseInnstillinger(url=f"sqlite:///{database}"),
        "data_dir": database.parent / "data",
    })  # fmt: skip
    app = bygg_app(innstillinger, klokke=FixedClock(datetime(2025, 9, 15, 9, 0, tzinfo=UTC)))
    migrer(app.engine)
    app.klargjor()
    last_demodata(app)
    app.engine.dispose()


def prov(runder: int, antall: int, seed: int) -> list[Telling]:
    tilfeldig = random.Random(seed)
    with tempfile.TemporaryDirectory() as mappe:
        database = Path(mappe) / "feilprove.db"
        forbered(database)
        return [runde(database, antall, tilfeldig) for _ in range(runder)]


def main() -> None:
    valg = argparse.ArgumentParser(description=__doc__)
    valg.add_argument("--runder", type=int, default=20)
    valg.add_argument("--antall", type=int, default=1000)
    valg.add_argument("--seed", type=int, default=7)
    valg.add_argument("--arbeider", type=int, help=argparse.SUPPRESS)
    argumenter = valg.parse_args()
    if argumenter.arbeider is not None:
        arbeider(argumenter.arbeider)
        return
    tellinger = prov(argumenter.runder, argumenter.antall, argumenter.seed)
    for nr, t in enumerate(tellinger, start=1):
        print(f"runde {nr:2}: {t.rapportert:5} overganger før SIGKILL, tapte overganger "
              f"{t.tapte_overganger}, tapte e-poster {t.tapte_eposter}, doble {t.doble}, "
              f"revisjonslogg {'brutt' if t.brutt_kjede else 'hel'}")  # fmt: skip
    if not all(t.ok for t in tellinger):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
