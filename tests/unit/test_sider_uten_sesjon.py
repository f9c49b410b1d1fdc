"""Pages and the API talk to services, never to a database session (issue 18): no route in
tilskudd_flow/web reaches for `.session` (web routes did so 115 times, `hent_aktor(uow.session,
…)` 33 of them); the actor and the unit of work come from one dependency, `HandlingDep`."""

from __future__ import annotations

import ast
from pathlib import Path

import tilskudd_flow.web

WEB = Path(tilskudd_flow.web.__file__).parent
# Starlette's signed-cookie session, which carries the OIDC login's `neste`: no database.
STARLETTE_OKT = "request"


def _sesjonsbruk(fil: Path) -> set[tuple[str, str, int]]:
    """(file, function, line) of every `x.session` in the module, `request.session` aside."""
    funnet: set[tuple[str, str, int]] = set()
    for funksjon in ast.walk(ast.parse(fil.read_text(encoding="utf-8"))):
        if not isinstance(funksjon, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in ast.walk(funksjon):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "session"
                and not (isinstance(node.value, ast.Name) and node.value.id == STARLETTE_OKT)
            ):
                funnet.add((fil.name, funksjon.name, node.lineno))
    return funnet


def test_no_route_or_helper_in_web_touches_a_database_session() -> None:
    bruk = set().union(*(_sesjonsbruk(fil) for fil in sorted(WEB.glob("*.py"))))
    assert sorted(bruk) == [], "Kall en tjeneste med HandlingDep i stedet for uow.session"


def test_the_check_finds_a_session_where_there_is_one(tmp_path: Path) -> None:
    rute = tmp_path / "ruter_eksempel.py"
    rute.write_text(
        "def side(app, request):\n"
        "    request.session['neste'] = '/'\n"
        "    with app.uow() as uow:\n"
        "        return hent_aktor(uow.session, 'ola')\n"
    )
    assert _sesjonsbruk(rute) == {("ruter_eksempel.py", "side", 4)}
