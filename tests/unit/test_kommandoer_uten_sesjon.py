"""Commands talk to services, never to a database session (issue 18): no module in
tilskudd_flow/cli reaches for `.session` or imports the database library, `cli/kontekst.py`
included. A command gets a `Handling` from `kontekst.handling(ctx)` — the acting `--som` user
and a way to open a unit of work, as a page gets one from `HandlingDep` — and calls one
service function, which opens its transaction and loads the user in it. Before, commands
used `okt.session` 42 times and committed with `okt.uow.commit()` 16 times, on a session
`kontekst.som_bruker` opened for them."""

from __future__ import annotations

import ast
from pathlib import Path

import tilskudd_flow.cli

CLI = Path(tilskudd_flow.cli.__file__).parent
DATABASEBIBLIOTEK = ("sqlmodel", "sqlalchemy")


def _sesjonsbruk(fil: Path) -> list[int]:
    """The lines of every `x.session` in the module, whatever `x` is."""
    tre = ast.parse(fil.read_text(encoding="utf-8"))
    return sorted(
        node.lineno
        for node in ast.walk(tre)
        if isinstance(node, ast.Attribute) and node.attr == "session"
    )


def _databaseimport(fil: Path) -> list[str]:
    """The database modules the module imports (a session has to come from one of them)."""
    tre = ast.parse(fil.read_text(encoding="utf-8"))
    moduler = [
        alias.name for node in ast.walk(tre) if isinstance(node, ast.Import) for alias in node.names
    ] + [node.module or "" for node in ast.walk(tre) if isinstance(node, ast.ImportFrom)]
    return sorted(m for m in moduler if m.split(".")[0] in DATABASEBIBLIOTEK)


def test_no_command_reaches_into_a_database_session() -> None:
    funn = {fil.name: linjer for fil in sorted(CLI.glob("*.py")) if (linjer := _sesjonsbruk(fil))}
    assert funn == {}, "Kall en tjeneste (handlinger.py) med handling(ctx) i stedet for .session"


def test_no_command_imports_the_database_library() -> None:
    funn = {fil.name: m for fil in sorted(CLI.glob("*.py")) if (m := _databaseimport(fil))}
    assert funn == {}


def test_the_checks_find_a_session_where_there_is_one(tmp_path: Path) -> None:
    kommando = tmp_path / "eksempel.py"
    kommando.write_text(
        "from sqlmodel import Session\n"
        "def vis(ctx):\n"
        "    with som_bruker(ctx) as okt:\n"
        "        return list_saker(okt.session, okt.aktor)\n"
    )
    assert _sesjonsbruk(kommando) == [4]
    assert _databaseimport(kommando) == ["sqlmodel"]
