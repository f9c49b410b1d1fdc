"""`tilskudd --som … saker` builds the app and lists the cases without importing what it
does not use (issue 22): no web app, no PDF or Word library, no SMTP client or mail sink,
no calendar library, and not Typer's help and error printer (rich's Markdown, Pygments),
which only help and errors use. Before, the command line imported all of them before any
command."""

from __future__ import annotations

from tests.conftest import KONFIG
from tests.importer import kjor_tilskudd
from tilskudd_flow.demo.data import Demosammendrag

UBRUKT = ("tilskudd_flow.web", "fastapi", "starlette", "uvicorn", "fpdf", "docx", "docxtpl",
          "aiosmtpd", "aiosmtplib", "icalendar", "alembic", "typer.rich_utils", "markdown_it",
          "pygments")  # fmt: skip


def test_the_case_list_imports_no_web_documents_smtp_or_calendar(demo: Demosammendrag) -> None:
    kjoring = kjor_tilskudd("--config", str(KONFIG), "--som", "samhandlingssjef", "saker")
    assert kjoring.kode == 0
    assert "tilskudd_flow.cli.saker" in kjoring.moduler  # it did run the command
    assert kjoring.av(*UBRUKT) == []
