"""Commands talk to services, not to a database session: no command opens a unit of work and
reaches into `uow.session`. `cli/kontekst.py` is the one place that does, to hand a command
its acting user (`som_bruker`), as a page's dependency does on the web."""

from __future__ import annotations

import ast
from pathlib import Path

import tilskudd_flow.cli

CLI = Path(tilskudd_flow.cli.__file__).parent
UNNTAK = {"kontekst.py"}


def _uow_session(fil: Path) -> list[int]:
    tre = ast.parse(fil.read_text(encoding="utf-8"))
    return [
        node.lineno
        for node in ast.walk(tre)
        if isinstance(node, ast.Attribute)
        and node.attr == "session"
        and isinstance(node.value, ast.Name)
        and node.value.id == "uow"
    ]


def test_no_command_reaches_into_a_unit_of_works_session() -> None:
    funn = {
        fil.name: linjer
        for fil in sorted(CLI.glob("*.py"))
        if fil.name not in UNNTAK and (linjer := _uow_session(fil))
    }
    assert funn == {}
