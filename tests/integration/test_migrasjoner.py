"""Schema changes go through Alembic: upgrade, downgrade one step, upgrade again."""

from __future__ import annotations

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlmodel import SQLModel

import tilskudd_flow.models  # noqa: F401
from tilskudd_flow.adapters.database import lag_engine
from tilskudd_flow.adapters.migrering import (
    gjeldende_revisjon,
    migrer,
    nedgrader,
    nyeste_revisjon,
)


def _tabeller(engine: sa.Engine) -> set[str]:
    return set(sa.inspect(engine).get_table_names()) - {"alembic_version"}


def _kolonner(engine: sa.Engine) -> set[tuple[str, str]]:
    """Every column, index and CHECK constraint, so a migration that only adds an index or
    a status value shows too."""
    inspeksjon = sa.inspect(engine)
    tabeller = _tabeller(engine)
    kolonner = {(t, k["name"]) for t in tabeller for k in inspeksjon.get_columns(t)}
    indekser = {(t, f"indeks {i['name']}") for t in tabeller for i in inspeksjon.get_indexes(t)}
    sjekker = {
        (t, f"sjekk {c['name']}: {c['sqltext']}")
        for t in tabeller
        for c in inspeksjon.get_check_constraints(t)
    }
    return kolonner | indekser | sjekker


def test_upgrade_from_empty_then_downgrade_one_step_and_upgrade_again(
    tom_database_url: str,
) -> None:
    engine = lag_engine(tom_database_url)
    assert _tabeller(engine) == set()
    migrer(engine)
    assert gjeldende_revisjon(engine) == nyeste_revisjon()
    alle = _kolonner(engine)
    assert {"workflow_case", "soknad", "audit_entry", "outbox_message", "frist"} <= _tabeller(
        engine
    )
    nedgrader(engine, "-1")
    assert gjeldende_revisjon(engine) not in (None, nyeste_revisjon())
    assert _kolonner(engine) != alle
    migrer(engine)
    assert gjeldende_revisjon(engine) == nyeste_revisjon()
    assert _kolonner(engine) == alle
    engine.dispose()


def test_the_migrations_create_exactly_the_tables_the_models_declare(database_url: str) -> None:
    engine = lag_engine(database_url)
    with engine.connect() as tilkobling:
        kontekst = MigrationContext.configure(tilkobling, opts={"compare_type": True})
        assert compare_metadata(kontekst, SQLModel.metadata) == []
    engine.dispose()
