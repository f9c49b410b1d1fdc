"""A throwaway PostgreSQL cluster for the test session, on loopback, as a non-root user.

PostgreSQL refuses to run as root, so when the tests run as root the cluster is created
and started as the `postgres` system user (Debian's package creates it). Set
TILSKUDD_TEST_POSTGRES_URL to use an existing server instead.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

MANGLER = (
    "PostgreSQL er ikke installert. Kjør testene med `make test`, som installerer "
    "Debians postgresql-pakke."
)


def finn_bin() -> Path:
    """The directory holding initdb and pg_ctl (Debian keeps them out of PATH)."""
    kandidater = sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True)
    for kandidat in kandidater:
        if (Path(kandidat) / "initdb").exists():
            return Path(kandidat)
    initdb = shutil.which("initdb")
    if initdb:
        return Path(initdb).resolve().parent
    raise RuntimeError(MANGLER)


def ledig_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _som_eier(kommando: list[str]) -> list[str]:
    if os.geteuid() == 0:
        return ["runuser", "-u", "postgres", "--", *kommando]
    return kommando


@dataclass(frozen=True)
class Klynge:
    """A running cluster: its URL (the `postgres` database), and stop/start for fault runs."""

    url: str
    data: Path
    binmappe: Path

    def stopp(self, modus: str = "fast") -> None:
        """`fast` ends every session as a restart by the operator does; `immediate` is a crash."""
        self._pg_ctl("-m", modus, "stop")

    def start(self) -> None:
        """Returns once the server accepts connections (`pg_ctl -w`)."""
        self._pg_ctl("-l", str(self.data.parent / "logg"), "-w", "start")

    def _pg_ctl(self, *argumenter: str) -> None:
        kommando = [str(self.binmappe / "pg_ctl"), "-D", str(self.data), *argumenter]
        subprocess.run(_som_eier(kommando), check=True, capture_output=True)


@contextmanager
def klynge() -> Iterator[str]:
    """Start a cluster; yield a SQLAlchemy URL to its `postgres` database; stop it."""
    with styrt_klynge() as startet:
        yield startet.url


@contextmanager
def styrt_klynge() -> Iterator[Klynge]:
    """Start a cluster on a free loopback port; yield it; stop it and remove its files."""
    binmappe = finn_bin()
    rot = Path(tempfile.mkdtemp(prefix="tilskudd-pg-"))
    data = rot / "data"
    if os.geteuid() == 0:
        shutil.chown(rot, user="postgres", group="postgres")
    port = ledig_port()
    subprocess.run(
        _som_eier(
            [
                str(binmappe / "initdb"),
                "-D",
                str(data),
                "-U",
                "tilskudd",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--locale=C.UTF-8",
                "--no-sync",
            ]
        ),
        check=True,
        capture_output=True,
    )
    innstillinger = {
        "listen_addresses": "127.0.0.1",
        "port": port,
        "unix_socket_directories": rot,
        "fsync": "off",
        "max_connections": 200,
    }
    with (data / "postgresql.conf").open("a", encoding="utf-8") as konfigurasjon:  # kept on restart
        konfigurasjon.writelines(f"{navn} = '{verdi}'\n" for navn, verdi in innstillinger.items())
    startet = Klynge(f"postgresql+psycopg://tilskudd@127.0.0.1:{port}/postgres", data, binmappe)
    startet.start()
    try:
        yield startet
    finally:
        subprocess.run(
            _som_eier([str(binmappe / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(rot, ignore_errors=True)


def ny_database(server_url: str, navn: str) -> str:
    """Create an empty database on the server; its URL."""
    engine = sa.create_engine(server_url, isolation_level="AUTOCOMMIT")
    with engine.connect() as tilkobling:
        tilkobling.exec_driver_sql(f'CREATE DATABASE "{navn}"')
    engine.dispose()
    return sa.make_url(server_url).set(database=navn).render_as_string(hide_password=False)
