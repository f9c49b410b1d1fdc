"""The naming policy for SSU's agenda items: a workflow case is a `sak`; an item on a
meeting's saksliste (`SsuSak`) is always an `ssu_sak` in code, so a reader of
`ssu/ssu_vedtak.py` (where both meet) never has to guess which one a name holds."""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

import tilskudd_flow

KILDE = Path(tilskudd_flow.__file__).parent
SSU_SAK_TYPE = re.compile(r"\bSsuSak(Visning)?\b")
# Services whose result is an SSU sak (or its view).
GIR_SSU_SAK = {
    "SsuSak",
    "hent_ssu_sak",
    "finn_ssu_sak",
    "velg_ssu_sak",
    "registrer_ssu_sak",
    "ta_opp",
}


def _moduler() -> Iterator[tuple[str, ast.Module]]:
    for fil in sorted(KILDE.rglob("*.py")):
        if "migrations" not in fil.parts:
            yield str(fil.relative_to(KILDE)), ast.parse(fil.read_text(encoding="utf-8"))


def _er_ssu_sak_type(merknad: ast.expr | None) -> bool:
    if merknad is None:
        return False
    # A quoted annotation ("SsuSak") counts as well as a bare name.
    return SSU_SAK_TYPE.search(ast.unparse(merknad)) is not None


def _parametre(modul: ast.Module) -> Iterator[ast.arg]:
    for node in ast.walk(modul):
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            a = node.args
            yield from (*a.posonlyargs, *a.args, *a.kwonlyargs)


def _kalt(verdi: ast.expr) -> str:
    if isinstance(verdi, ast.Call):
        funksjon = verdi.func
        if isinstance(funksjon, ast.Name):
            return funksjon.id
        if isinstance(funksjon, ast.Attribute):
            return funksjon.attr
    return ""


def test_a_parameter_holding_an_ssu_sak_is_named_ssu_sak() -> None:
    feil = [
        f"{fil}:{p.lineno} {p.arg}"
        for fil, modul in _moduler()
        for p in _parametre(modul)
        if _er_ssu_sak_type(p.annotation) and not p.arg.startswith("ssu_sak")
    ]
    assert feil == []


def test_a_variable_given_an_ssu_sak_is_named_ssu_sak() -> None:
    feil = [
        f"{fil}:{node.lineno} {mål.id}"
        for fil, modul in _moduler()
        for node in ast.walk(modul)
        if isinstance(node, ast.Assign) and _kalt(node.value) in GIR_SSU_SAK
        for mål in node.targets
        if isinstance(mål, ast.Name) and not mål.id.startswith("ssu_sak")
    ]
    assert feil == []
