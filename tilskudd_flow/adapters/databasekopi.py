"""A consistent copy of the database and its way back: SQLite's online backup API, and
PostgreSQL's own pg_dump/pg_restore (custom format). Nothing here knows what the tables mean."""

from __future__ import annotations

import glob
import os
import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path

from sqlalchemy.engine import URL, make_url

SQLITE_FIL = "tilskudd.db"
PG_FIL = "database.dump"


class Databasekopifeil(RuntimeError):
    """pg_dump/pg_restore is missing or failed; the message says which and why."""


def er_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def sqlite_sti(url: str) -> Path:
    database = make_url(url).database
    if not database:
        raise Databasekopifeil("SQLite-adressen peker ikke på en fil")
    return Path(database)


def kopier_database(url: str, mappe: Path) -> Path:
    """Write the database as of one instant into `mappe`; return the file written."""
    if er_sqlite(url):
        mal = mappe / SQLITE_FIL
        # The online backup copies a consistent snapshot while others keep writing.
        with (
            closing(sqlite3.connect(sqlite_sti(url))) as kilde,
            closing(sqlite3.connect(mal)) as kopi,
        ):
            kilde.backup(kopi)
        return mal
    mal = mappe / PG_FIL
    _kjor("pg_dump", ["--format=custom", "--no-owner", f"--file={mal}", _libpq(url)], url)
    return mal


def les_inn_database(url: str, fil: Path) -> None:
    """Put the copied database in place of the (empty or replaced) database at `url`."""
    if er_sqlite(url):
        mal = sqlite_sti(url)
        mal.parent.mkdir(parents=True, exist_ok=True)
        midlertidig = mal.with_suffix(".gjenoppretter")
        shutil.copyfile(fil, midlertidig)
        for rest in (Path(f"{mal}-wal"), Path(f"{mal}-shm")):
            rest.unlink(missing_ok=True)
        os.replace(midlertidig, mal)  # all or nothing: the old file until the new is whole
        return
    _kjor("pg_restore", ["--clean", "--if-exists", "--no-owner", "--single-transaction",
                         f"--dbname={_libpq(url)}", str(fil)], url)  # fmt: skip


def _libpq(url: str) -> str:
    """The SQLAlchemy URL as libpq reads it, without the password (given in PGPASSWORD)."""
    adresse: URL = make_url(url).set(drivername="postgresql", password=None)
    return adresse.render_as_string(hide_password=False)


def _kjor(program: str, argumenter: list[str], url: str) -> None:
    miljo = dict(os.environ)
    passord = make_url(url).password
    if passord:
        miljo["PGPASSWORD"] = str(passord)
    try:
        subprocess.run([str(finn_program(program)), *argumenter], env=miljo, check=True,
                       capture_output=True, text=True)  # fmt: skip
    except subprocess.CalledProcessError as feil:
        raise Databasekopifeil(f"{program} feilet: {feil.stderr.strip()}") from None


def finn_program(program: str) -> Path:
    """pg_dump/pg_restore from PATH, else the newest of Debian's /usr/lib/postgresql/*/bin."""
    funnet = shutil.which(program)
    if funnet:
        return Path(funnet)
    for mappe in sorted(glob.glob("/usr/lib/postgresql/*/bin"), reverse=True):
        if (Path(mappe) / program).exists():
            return Path(mappe) / program
    raise Databasekopifeil(
        f"Fant ikke {program}; installer PostgreSQL-klienten (Debian: postgresql-client)"
    )
