"""The two backends every database benchmark runs on: a SQLite file with the shipped pragmas,
and PostgreSQL in a throwaway cluster on loopback (tests/postgres.py: the tests' own, with
fsync off, so both the raw baseline and the application run without disk flushes there)."""

from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

import sqlalchemy as sa

from tests.postgres import ny_database, styrt_klynge

REPO = Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Database:
    navn: str  # as the table shows it
    ny: Callable[[str], str]  # a fresh, empty database's SQLAlchemy URL, by name

    @property
    def er_sqlite(self) -> bool:
        return self.navn == "SQLite"


@contextmanager
def databaser(med_postgres: bool = True) -> Iterator[list[Database]]:
    with tempfile.TemporaryDirectory(dir=REPO) as mappe, ExitStack() as stakk:
        liste = [Database("SQLite", lambda navn: f"sqlite:///{Path(mappe) / navn}.db")]
        if med_postgres:
            klynge = stakk.enter_context(styrt_klynge())
            liste.append(Database("PostgreSQL", lambda navn: ny_database(klynge.url, navn)))
        yield liste


def libpq_url(url: str) -> str:
    """The URL psycopg itself takes (the raw baselines use the driver directly)."""
    return sa.make_url(url).set(drivername="postgresql").render_as_string(hide_password=False)
