"""Shared column types and the metadata naming convention every table uses."""

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Dialect
from sqlmodel import SQLModel

# Named constraints let Alembic drop and recreate them on SQLite and PostgreSQL alike.
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(sa.types.TypeDecorator[datetime]):
    """Stores instants as UTC and always returns timezone-aware datetimes."""

    impl = sa.DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("tidspunkter lagres med tidssone")
        utc = value.astimezone(UTC)
        return utc.replace(tzinfo=None) if dialect.name == "sqlite" else utc

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def tidspunkt(*, nullable: bool = False, index: bool = False) -> Any:
    """A column for an instant (UTC)."""
    return sa.Column(UtcDateTime(), nullable=nullable, index=index)


def valg(
    enum: type[StrEnum],
    *,
    nullable: bool = False,
    default: str | None = None,
    primary_key: bool = False,
) -> Any:
    """A string column constrained to the values of a StrEnum (CHECK constraint)."""
    return sa.Column(
        sa.Enum(
            enum,
            native_enum=False,
            create_constraint=True,
            length=40,
            name=enum.__name__.lower(),
            values_callable=lambda e: [m.value for m in e],
        ),
        nullable=nullable,
        server_default=default,
        primary_key=primary_key,
    )


def fremmednokkel(mal: str, *, nullable: bool = False, ondelete: str | None = None) -> Any:
    """An indexed foreign-key column."""
    return sa.Column(sa.ForeignKey(mal, ondelete=ondelete), nullable=nullable, index=True)


def langtekst(*, nullable: bool = False) -> Any:
    """Free text of any length, kept exactly as written."""
    return sa.Column(sa.Text(), nullable=nullable, server_default="" if not nullable else None)
