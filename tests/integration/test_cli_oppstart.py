"""`tilskudd --som … saker` builds the app and lists the cases without importing what it
does not use (issue 22): no web app, no PDF or Word library, no SMTP client or mail sink,
no calendar library, no e-mail address checker (it lists, it checks no address), and not
Typer's help and error printer (rich's Markdown, Pygments), which only help and errors use.
Before, the command line imported all of them before any command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.conftest import KONFIG, Cli
from tests.importer import kjor_tilskudd
from tilskudd_flow.demo.data import Demosammendrag

UBRUKT = ("tilskudd_flow.web", "fastapi", "starlette", "uvicorn", "fpdf", "docx", "docxtpl",
          "aiosmtpd", "aiosmtplib", "icalendar", "alembic", "typer.rich_utils", "markdown_it",
          "pygments", "email_validator")  # fmt: skip


def test_the_case_list_imports_no_web_documents_smtp_or_calendar(demo: Demosammendrag) -> None:
    kjoring = kjor_tilskudd("--config", str(KONFIG), "--som", "samhandlingssjef", "saker")
    assert kjoring.kode == 0
    assert "tilskudd_flow.cli.saker" in kjoring.moduler  # it did run the command
    assert kjoring.av(*UBRUKT) == []


def _skriptet(*argumenter: str) -> subprocess.CompletedProcess[str]:
    """The installed `tilskudd` script: the cycle collector paused while it starts."""
    kommando = [str(Path(sys.executable).with_name("tilskudd")), "--config", str(KONFIG),
                "--som", "samhandlingssjef", *argumenter]  # fmt: skip
    return subprocess.run(kommando, capture_output=True, text=True, timeout=120, check=True)


def test_the_script_lists_and_changes_cases_as_the_command_does_in_process(
    demo: Demosammendrag, cli: Cli
) -> None:
    assert json.loads(_skriptet("saker", "--json").stdout) == cli.json(
        "saker", som="samhandlingssjef"
    )
    sak = str(demo.soknader[0])
    for_ = cli.json("sak", "vis", sak, som="samhandlingssjef")["sak"]["versjon"]
    felt = ["-f", "vurdering=Komplett.", "-f", "avtale_bekreftelse=Bekreftet på e-post"]
    _skriptet("--naa", "2025-10-06T09:00", "sak", "hendelse", sak, "vurder", *felt)
    assert cli.json("sak", "vis", sak, som="samhandlingssjef")["sak"]["versjon"] == for_ + 1
