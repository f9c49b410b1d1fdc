"""Schema changes go through Alembic, from the first table on."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRASJONER = Path(__file__).resolve().parent.parent / "migrations"


def alembic_konfigurasjon(engine: Engine) -> Config:
    konfig = Config()
    konfig.set_main_option("script_location", str(MIGRASJONER))
    konfig.attributes["engine"] = engine
    return konfig


def migrer(engine: Engine, revisjon: str = "head") -> None:
    """Upgrade the schema to `revisjon` (default: the newest)."""
    command.upgrade(alembic_konfigurasjon(engine), revisjon)


def nedgrader(engine: Engine, revisjon: str) -> None:
    command.downgrade(alembic_konfigurasjon(engine), revisjon)


def gjeldende_revisjon(engine: Engine) -> str | None:
    with engine.connect() as tilkobling:
        return MigrationContext.configure(tilkobling).get_current_revision()


def nyeste_revisjon() -> str | None:
    konfig = Config()
    konfig.set_main_option("script_location", str(MIGRASJONER))
    return ScriptDirectory.from_config(konfig).get_current_head()
