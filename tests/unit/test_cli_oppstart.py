"""`tilskudd --help` answers at once (issue 22): it took 1.4 s and 120 MB, because main.py
imported every command module, and with them the services, the ORM, the templates and the
web app. The list now comes from one table in main.py and a command's module is imported
when the command is run; these tests keep the table true and the help free of imports."""

from __future__ import annotations

import inspect

import pytest
from typer.core import TyperGroup
from typer.testing import CliRunner

from tests.importer import kjor_etter_hverandre, kjor_tilskudd
from tilskudd_flow.cli.lazy_group import Utsatt
from tilskudd_flow.cli.main import KOMMANDOER, app

TUNGE = ("sqlalchemy", "sqlmodel", "alembic", "fastapi", "starlette", "uvicorn", "jinja2",
         "fpdf", "docx", "docxtpl", "pydantic", "pydantic_settings", "icalendar", "holidays",
         "statemachine", "aiosmtplib", "aiosmtpd", "argon2")  # fmt: skip
APPEN = ("tilskudd_flow.bootstrap", "tilskudd_flow.config", "tilskudd_flow.models",
         "tilskudd_flow.motor", "tilskudd_flow.web", "tilskudd_flow.adapters",
         "tilskudd_flow.dokumenter")  # fmt: skip
KOMMANDOMODULER = sorted({utsatt.sti.split(":")[0] for utsatt in KOMMANDOER.values()})


FORBUDT = (*TUNGE, *APPEN, *KOMMANDOMODULER)


@pytest.mark.parametrize("argumenter", [("--help",), ()], ids=["--help", "uten argumenter"])
def test_the_help_imports_no_command_module_orm_web_or_templates(
    argumenter: tuple[str, ...],
) -> None:
    kjoring = kjor_tilskudd(*argumenter)
    assert kjoring.kode in (0, 2)  # `tilskudd` alone prints the help as a usage error
    assert kjoring.av(*FORBUDT) == []


def test_the_check_sees_an_import_where_there_is_one() -> None:
    # A command that runs imports its services (here before it finds no config file).
    kjoring = kjor_tilskudd("--config", "finnes-ikke.toml", "--som", "x", "sak", "vis", "1")
    assert "tilskudd_flow.cli.saker" in kjoring.av(*FORBUDT)
    assert "sqlalchemy" in kjoring.av(*FORBUDT)


def _hjelpelinje(navn: str, utsatt: Utsatt) -> tuple[str, bool, bool, object]:
    """What `tilskudd --help` shows of the real command: its help line (first paragraph, as
    Typer prints it), and whether it would be hidden, deprecated or in another panel."""
    kommando = utsatt.last(navn)
    avsnitt = inspect.cleandoc(kommando.short_help or kommando.help or "").split("\n\n")[0]
    panel = getattr(kommando, "rich_help_panel", None) or None  # Typer: a falsy default
    return " ".join(avsnitt.split()), kommando.hidden, bool(kommando.deprecated), panel


@pytest.mark.parametrize("navn", list(KOMMANDOER))
def test_the_help_table_says_what_each_command_says_of_itself(navn: str) -> None:
    assert _hjelpelinje(navn, KOMMANDOER[navn]) == (KOMMANDOER[navn].hjelp, False, False, None)


def test_a_near_miss_still_gets_suggestions_from_the_table() -> None:
    resultat = CliRunner().invoke(app, ["sakr"], prog_name="tilskudd", env={"COLUMNS": "120"})
    assert "Kommandoen 'sakr' finnes ikke. Mente du 'saker', 'sak'?" in resultat.output


def test_a_group_is_built_from_its_module_when_run() -> None:
    resultat = CliRunner().invoke(
        app, ["sak", "--help"], prog_name="tilskudd", env={"COLUMNS": "120"}
    )
    assert resultat.exit_code == 0
    assert "Bruk: tilskudd sak [VALG] KOMMANDO [ARGUMENTER]..." in resultat.output
    assert "historikk" in resultat.output


# A command's own help needs its module and the types in its signatures, nothing the
# command does: `tilskudd runde --help` imported the ORM, the templates and the services
# (0.6 s). The services are imported inside the commands now.
ORM = ("sqlalchemy", "sqlmodel", "tilskudd_flow.models")
WEB = ("fastapi", "starlette", "uvicorn", "tilskudd_flow.web")
DOKUMENTER = ("fpdf", "docx", "docxtpl", "tilskudd_flow.dokumenter")
MALER = ("jinja2",)


def _hjelpekjoringer(navn: str) -> list[list[str]]:
    """`tilskudd NAVN --help`, and `--help` of each of its subcommands."""
    kommando = KOMMANDOER[navn].last(navn)
    under = sorted(kommando.commands) if isinstance(kommando, TyperGroup) else []
    return [[navn, "--help"], *([navn, u, "--help"] for u in under)]


@pytest.mark.parametrize("navn", list(KOMMANDOER))
def test_a_commands_help_imports_no_orm_web_documents_or_templates(navn: str) -> None:
    kjoring = kjor_etter_hverandre(*_hjelpekjoringer(navn))
    assert kjoring.kode == 0
    assert kjoring.av(*ORM, *WEB, *DOKUMENTER, *MALER) == []
