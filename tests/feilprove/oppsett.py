"""The database every fault run starts from: migrated, with the demo data."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from tilskudd_flow.adapters.migrering import migrer
from tilskudd_flow.bootstrap import bygg_app
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.config import DatabaseInnstillinger, Innstillinger, last_innstillinger
from tilskudd_flow.demo.data import last_demodata

REPO = Path(__file__).resolve().parents[2]


def innstillinger(url: str, data_dir: Path) -> Innstillinger:
    return last_innstillinger(REPO / "config.toml").model_copy(
        update={"database": DatabaseInnstillinger(url=url), "data_dir": data_dir}
    )


def innstillinger_for(database: Path) -> Innstillinger:
    """A SQLite file, with its data directory beside it."""
    return innstillinger(f"sqlite:///{database}", database.parent / "data")


def forbered(valg: Innstillinger) -> None:
    """A migrated database with the demo data, as the processes under test find it."""
    app = bygg_app(valg, klokke=FixedClock(datetime(2025, 9, 15, 9, 0, tzinfo=UTC)))
    migrer(app.engine)
    app.klargjor()
    last_demodata(app)
    app.engine.dispose()
