"""Engines for SQLite (the embedded default) and PostgreSQL, with safe defaults."""

from __future__ import annotations

import threading
from contextlib import AbstractContextManager, nullcontext
from pathlib import Path
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url

from tilskudd_flow.config import DatabaseInnstillinger

SKRIV = "tilskudd_skriv"
_SKRIVELAASER: WeakKeyDictionary[Engine, AbstractContextManager[object]] = WeakKeyDictionary()


def lag_engine(url: str, innstillinger: DatabaseInnstillinger | None = None) -> Engine:
    """An engine for `url`; SQLite gets WAL, foreign keys and IMMEDIATE write transactions."""
    valg = innstillinger or DatabaseInnstillinger()
    if make_url(url).get_backend_name() == "sqlite":
        return _sqlite_engine(url, valg)
    return create_engine(url, pool_pre_ping=True)


def skrivelaas(engine: Engine) -> AbstractContextManager[object]:
    """Held around a writing transaction. SQLite has one writer at a time; writers in this
    process queue on a lock and are handed over at once, where SQLite's own busy wait (still
    there for other processes) would sleep up to 100 ms between tries."""
    return _SKRIVELAASER.get(engine) or nullcontext()


def skrivende(engine: Engine) -> Engine:
    """The same engine, for transactions that write (SQLite then takes its write lock first)."""
    return engine.execution_options(**{SKRIV: True})


def sqlite_pragmaer(valg: DatabaseInnstillinger) -> dict[str, str]:
    """The pragmas every SQLite connection gets; the benchmark prints and reuses them."""
    return {
        "journal_mode": "WAL",
        "synchronous": valg.sqlite_synchronous,
        "foreign_keys": "ON",
        "busy_timeout": str(valg.sqlite_busy_timeout_ms),
    }


def _sqlite_engine(url: str, valg: DatabaseInnstillinger) -> Engine:
    database = make_url(url).database
    if database and database != ":memory:":
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(url)
    _SKRIVELAASER[engine] = threading.RLock()
    pragmaer = sqlite_pragmaer(valg)

    @event.listens_for(engine, "connect")
    def _ved_tilkobling(dbapi_tilkobling: Any, _post: Any) -> None:
        # Let SQLAlchemy, not the driver, decide when a transaction begins.
        dbapi_tilkobling.isolation_level = None
        markor = dbapi_tilkobling.cursor()
        for navn, verdi in pragmaer.items():
            markor.execute(f"PRAGMA {navn}={verdi}")
        markor.close()

    @event.listens_for(engine, "begin")
    def _ved_start(tilkobling: Any) -> None:
        # A writer that starts deferred can lose its snapshot to another writer and fail
        # with "database is locked"; IMMEDIATE makes it wait for the lock instead.
        umiddelbar = tilkobling.get_execution_options().get(SKRIV, False)
        tilkobling.exec_driver_sql("BEGIN IMMEDIATE" if umiddelbar else "BEGIN")

    return engine
