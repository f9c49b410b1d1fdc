"""Backups on both databases: taken while saker are being registered, restored into an empty
database and data folder whose audit chain is whole and whose attachments are all there;
a damaged backup or a database in use is refused and nothing changes."""

from __future__ import annotations

import hashlib
import threading
import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlmodel import Session, col, func, select

from tests.conftest import Cli, _med_database, _opprett_database
from tilskudd_flow.adapters.database import lag_engine
from tilskudd_flow.bootstrap import App
from tilskudd_flow.config import DatabaseInnstillinger, Innstillinger
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.domain.feil import Regelbrudd
from tilskudd_flow.domain.kodeverk import Sakstype
from tilskudd_flow.drift.sikkerhetskopi import gjenopprett, kontroller, lag_sikkerhetskopi
from tilskudd_flow.models.soknad import Vedlegg
from tilskudd_flow.models.ssu import SsuSak
from tilskudd_flow.ssu.ssu_saker import registrer_ssu_sak

SEKR = "samhandlingssjef"


def tom_database(app: App, request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An empty database of the same kind as the app's."""
    if app.engine.dialect.name == "sqlite":
        return f"sqlite:///{tmp_path / 'gjenopprettet.db'}"
    server = request.getfixturevalue("postgres_server")
    navn = f"gjenopprettet_{uuid.uuid4().hex[:12]}"
    _opprett_database(server, navn)
    return _med_database(server, navn)


def andre(innstillinger: Innstillinger, url: str, data_dir: Path) -> Innstillinger:
    return innstillinger.model_copy(
        update={"data_dir": data_dir, "database": DatabaseInnstillinger(url=url)}
    )


def antall_saker(url: str) -> int:
    engine = lag_engine(url)
    try:
        with Session(engine) as session:
            return session.exec(select(func.count()).select_from(SsuSak)).one()
    finally:
        engine.dispose()


def test_a_backup_taken_during_load_restores_whole(
    app: App, demo: Demosammendrag, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    ferdig = threading.Event()
    registrert: list[int] = []

    def last() -> None:
        while not ferdig.is_set() and len(registrert) < 300:
            sak = registrer_ssu_sak(tittel=f"Sak under last {len(registrert)}",
                                    type_=Sakstype.ORIENTERINGSSAK, uow=app.uow(),
                                    miljo=app.miljo, brukernavn=SEKR)  # fmt: skip
            registrert.append(sak.id)

    traad = threading.Thread(target=last)
    traad.start()
    while len(registrert) < 5:  # the load is running before the backup starts
        traad.join(0.01)
    kopi = lag_sikkerhetskopi(app.innstillinger, app.engine, tmp_path / "kopier",
                              app.miljo.klokke.now())  # fmt: skip
    ferdig.set()
    traad.join(60)
    assert kontroller(kopi.mappe) == []

    url = tom_database(app, request, tmp_path)
    resultat = gjenopprett(andre(app.innstillinger, url, tmp_path / "ny-data"), kopi.mappe,
                           overskriv=False)  # fmt: skip
    assert resultat.revisjonslogg == {"Helsefellesskap Helgeland": "hel"}
    assert 5 <= antall_saker(url) <= len(registrert)
    engine = lag_engine(url)
    with Session(engine) as session:
        vedlegg = session.exec(select(Vedlegg).where(col(Vedlegg.lagret_som) != "")).all()
        assert vedlegg
        for v in vedlegg:
            fil = tmp_path / "ny-data" / app.innstillinger.vedlegg.mappe / v.lagret_som
            assert hashlib.sha256(fil.read_bytes()).hexdigest() == v.sha256
    engine.dispose()


def test_a_damaged_backup_or_a_database_in_use_is_refused_and_nothing_changes(
    app: App, demo: Demosammendrag, request: pytest.FixtureRequest, tmp_path: Path
) -> None:
    kopi = lag_sikkerhetskopi(app.innstillinger, app.engine, tmp_path / "kopier",
                              app.miljo.klokke.now())  # fmt: skip
    with pytest.raises(Regelbrudd, match="Databasen er i bruk"):
        gjenopprett(app.innstillinger, kopi.mappe, overskriv=False)

    vedlegg = next((kopi.mappe / "filer" / "vedlegg").iterdir())
    vedlegg.write_bytes(vedlegg.read_bytes() + b"endret")
    url = tom_database(app, request, tmp_path)
    with pytest.raises(Regelbrudd, match=f"filer/vedlegg/{vedlegg.name} er endret"):
        gjenopprett(andre(app.innstillinger, url, tmp_path / "ny-data"), kopi.mappe,
                    overskriv=False)  # fmt: skip
    engine = lag_engine(url)
    assert sa.inspect(engine).get_table_names() == []
    engine.dispose()
    assert not (tmp_path / "ny-data").exists()


def test_the_cli_takes_and_checks_a_backup(cli: Cli, demo: Demosammendrag, tmp_path: Path) -> None:
    svar = cli.ok("sikkerhetskopi", "lag", "--til", str(tmp_path / "kopier"))
    mappe = next((tmp_path / "kopier").iterdir())
    assert f"Sikkerhetskopien er i {mappe}" in svar
    assert f"{mappe} er hel." in cli.ok("sikkerhetskopi", "kontroller", str(mappe))
    (mappe / "manifest.json").unlink()
    assert (
        "har ingen lesbar manifest.json" in cli("sikkerhetskopi", "kontroller", str(mappe)).stderr
    )
    brukt = cli("sikkerhetskopi", "gjenopprett", str(tmp_path / "finnes-ikke"))
    assert brukt.exit_code == 1 and "har ingen lesbar manifest.json" in brukt.stderr
