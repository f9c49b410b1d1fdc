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
from pathlib import Path

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


@contextmanager
def klynge() -> Iterator[str]:
    """Start a cluster; yield a SQLAlchemy URL to its `postgres` database; stop it."""
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
    valg = f"-h 127.0.0.1 -p {port} -k {rot} -c fsync=off -c max_connections=200"
    subprocess.run(
        _som_eier(
            [
                str(binmappe / "pg_ctl"),
                "-D",
                str(data),
                "-o",
                valg,
                "-l",
                str(rot / "logg"),
                "-w",
                "start",
            ]
        ),
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://tilskudd@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(
            _som_eier([str(binmappe / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"]),
            capture_output=True,
        )
        shutil.rmtree(rot, ignore_errors=True)
