"""Shared fixtures: migrated databases (SQLite file and PostgreSQL), the app, demo data."""

from __future__ import annotations

import json
import os
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner, Result

from tests.postgres import klynge
from tilskudd_flow.adapters.database import lag_engine
from tilskudd_flow.adapters.migrering import migrer
from tilskudd_flow.bootstrap import App, bygg_app
from tilskudd_flow.cli.main import app as cli_app
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.config import Innstillinger, last_innstillinger
from tilskudd_flow.demo.data import Demosammendrag, last_demodata

REPO = Path(__file__).resolve().parent.parent
KONFIG = REPO / "config.toml"
START = datetime(2025, 9, 15, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[str]:
    eksisterende = os.environ.get("TILSKUDD_TEST_POSTGRES_URL")
    if eksisterende:
        yield eksisterende
        return
    with klynge() as url:
        yield url


@pytest.fixture(scope="session")
def postgres_mal(postgres_server: str) -> str:
    """A migrated database that each test copies (CREATE DATABASE … TEMPLATE)."""
    _opprett_database(postgres_server, "tilskudd_mal")
    engine = lag_engine(_med_database(postgres_server, "tilskudd_mal"))
    migrer(engine)
    engine.dispose()
    return "tilskudd_mal"


def _opprett_database(server_url: str, navn: str, mal: str | None = None) -> None:
    engine = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as tilkobling:
        kopi = f" TEMPLATE {mal}" if mal else ""
        tilkobling.exec_driver_sql(f'CREATE DATABASE "{navn}"{kopi}')
    engine.dispose()


def _med_database(server_url: str, navn: str) -> str:
    return sa.make_url(server_url).set(database=navn).render_as_string(hide_password=False)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """A freshly migrated database on each backend."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'tilskudd.db'}"
        engine = lag_engine(url)
        migrer(engine)
        engine.dispose()
        return url
    server = request.getfixturevalue("postgres_server")
    mal = request.getfixturevalue("postgres_mal")
    navn = f"test_{uuid.uuid4().hex[:12]}"
    _opprett_database(server, navn, mal)
    return _med_database(server, navn)


@pytest.fixture
def innstillinger(
    database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> Innstillinger:
    monkeypatch.setenv("TILSKUDD_DATABASE__URL", database_url)
    # Uploads, the mail sink and the cookie secret stay in the test's own directory.
    monkeypatch.setenv("TILSKUDD_DATA_DIR", str(tmp_path / "data"))
    return last_innstillinger(KONFIG)


@pytest.fixture
def klokke() -> FixedClock:
    return FixedClock(START)


@pytest.fixture
def app(innstillinger: Innstillinger, klokke: FixedClock) -> Iterator[App]:
    app = bygg_app(innstillinger, klokke=klokke)
    app.klargjor()
    yield app
    app.engine.dispose()


@pytest.fixture
def demo(app: App) -> Demosammendrag:
    return last_demodata(app)


@pytest.fixture(params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)])
def tom_database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database (no schema) on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'tom.db'}"
    server = request.getfixturevalue("postgres_server")
    navn = f"tom_{uuid.uuid4().hex[:12]}"
    _opprett_database(server, navn)
    return _med_database(server, navn)


class Cli:
    """Runs `tilskudd …` in-process against the test database, as a named user."""

    def __init__(self) -> None:
        self._runner = CliRunner()

    def __call__(self, *args: str, som: str | None = None, naa: str | None = None) -> Result:
        valg = ["--config", str(KONFIG)]
        if som:
            valg += ["--som", som]
        if naa:
            valg += ["--naa", naa]
        return self._runner.invoke(cli_app, [*valg, *args])

    def ok(self, *args: str, som: str | None = None, naa: str | None = None) -> str:
        resultat = self(*args, som=som, naa=naa)
        assert resultat.exit_code == 0, resultat.stderr or resultat.stdout
        return resultat.stdout

    def vurder(self, *saker: int) -> None:
        """The sekretariat finds these demo søknader complete on 6 October 2025."""
        for sak in saker:
            self.ok("sak", "hendelse", str(sak), "vurder", "-f", "vurdering=Komplett.", "-f",
                    "avtale_bekreftelse=Bekreftet på e-post", som="samhandlingssjef",
                    naa="2025-10-06T09:00")  # fmt: skip

    def json(self, *args: str, som: str | None = None, naa: str | None = None) -> Any:
        return json.loads(self.ok(*args, "--json", som=som, naa=naa))


@pytest.fixture
def cli(innstillinger: Innstillinger) -> Cli:
    return Cli()
