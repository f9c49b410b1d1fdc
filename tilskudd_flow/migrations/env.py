"""Alembic environment: the engine comes from the caller, or from tilskudd's settings."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy import Connection, Engine
from sqlmodel import SQLModel

import tilskudd_flow.models  # noqa: F401  (registers every table on the metadata)
from tilskudd_flow.adapters.database import lag_engine
from tilskudd_flow.config import last_innstillinger
from tilskudd_flow.models.base import UtcDateTime

target_metadata = SQLModel.metadata


def _render_item(type_: str, obj: Any, _autogen_context: Any) -> str | Literal[False]:
    # Migrations must not import application code: store UTC instants as plain timestamps.
    if type_ == "type" and isinstance(obj, UtcDateTime):
        return "sa.DateTime(timezone=True)"
    return False


def _engine() -> Engine:
    engine = context.config.attributes.get("engine")
    if engine is None:
        innstillinger = last_innstillinger()
        engine = lag_engine(innstillinger.database_url(), innstillinger.database)
    return engine


def run_migrations_online() -> None:
    engine = _engine()
    with engine.connect() as tilkobling:
        sqlite = tilkobling.dialect.name == "sqlite"
        if sqlite:
            _sqlite_fremmednokler(tilkobling, paa=False)
        try:
            context.configure(
                connection=tilkobling,
                target_metadata=target_metadata,
                render_as_batch=sqlite,
                compare_type=True,
                render_item=_render_item,
            )
            with context.begin_transaction():
                context.run_migrations()
                if sqlite:
                    _krev_hele_fremmednokler(tilkobling)
            tilkobling.commit()
        finally:
            if sqlite:
                _sqlite_fremmednokler(tilkobling, paa=True)


def _sqlite_fremmednokler(tilkobling: Connection, *, paa: bool) -> None:
    """SQLite changes a table by copying it and dropping the old one: with foreign keys on,
    that drop would cascade and delete every child row (a søknad's contacts, budget lines).
    The pragma is ignored inside a transaction, so it goes straight to the driver."""
    tilkobling.connection.driver_connection.execute(  # type: ignore[union-attr]
        f"PRAGMA foreign_keys={'ON' if paa else 'OFF'}"
    )


def _krev_hele_fremmednokler(tilkobling: Connection) -> None:
    brudd = tilkobling.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if brudd:
        raise RuntimeError(f"Migreringen etterlot rader uten forelder: {brudd[:5]}")


run_migrations_online()
