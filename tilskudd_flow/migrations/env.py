"""Alembic environment: the engine comes from the caller, or from tilskudd's settings."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context
from sqlalchemy import Engine
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
        context.configure(
            connection=tilkobling,
            target_metadata=target_metadata,
            render_as_batch=tilkobling.dialect.name == "sqlite",
            compare_type=True,
            render_item=_render_item,
        )
        with context.begin_transaction():
            context.run_migrations()
        tilkobling.commit()


run_migrations_online()
