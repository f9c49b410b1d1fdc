"""Dates and times people read go through domain.norsk (Babel), never strftime.

Today's main wrote dates three ways («2025-10-06 08:00» in the CLI, «05.12.2026 09:14» on
pages, «5. desember 2026» in e-mails) with strftime and f-string formats scattered over
templates and code. This scan keeps one format per context: only the machine formats
listed below (file names, keys, form values in ISO) may format a date by hand.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
KILDER = [
    *sorted((REPO / "tilskudd_flow").rglob("*.py")),
    *sorted((REPO / "workflows").glob("*.py")),
]
MALER = [*sorted((REPO / "tilskudd_flow/web/maler").glob("*.html")),
         *sorted((REPO / "notifications").rglob("*.j2"))]  # fmt: skip

# Machine formats, not for people: each names the file and the format it may use.
MASKINFORMATER = {
    ("tilskudd_flow/soknader/oversending.py", "%Y%m%dT%H%M%S%f"),  # the package's folder
    ("tilskudd_flow/motor/vedleggsveip.py", "%Y-%m-%dT%H"),  # a job's unique key
    ("tilskudd_flow/drift/sikkerhetskopi.py", "%Y%m%d-%H%M%S"),  # the backup's folder
    ("tilskudd_flow/adapters/epostoppsamler.py", "%Y%m%dT%H%M%S%f"),  # an .eml file name
}
# `<input type="date">` takes ISO 8601; the browser shows it in the user's format.
MASKINMALER = {("tilskudd_flow/web/maler/ssu_medlemmer.html", "dag.isoformat()")}
_I_MAL = re.compile(r"\.strftime\(\s*['\"]([^'\"]*)|[\w.]+\.isoformat\(\)")


def _datoformater(tre: ast.AST) -> list[str]:
    """Every strftime pattern and every f-string date spec («{d:%d.%m.%Y}») in a module."""
    funnet: list[str] = []
    for node in ast.walk(tre):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute):
            if node.func.attr == "strftime":
                arg = node.args[0] if node.args else None
                funnet.append(
                    str(arg.value) if isinstance(arg, ast.Constant) else ast.unparse(node)
                )
        elif isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            spec = ast.unparse(node.format_spec)
            if "%" in spec:
                funnet.append(spec.removeprefix("f'").removeprefix('f"').rstrip("'\""))
    return funnet


def test_no_code_formats_a_date_for_people_by_hand() -> None:
    funnet = {
        (str(fil.relative_to(REPO)), fmt)
        for fil in KILDER
        for fmt in _datoformater(ast.parse(fil.read_text(encoding="utf-8")))
    }
    assert funnet - MASKINFORMATER == set(), "bruk dato/langdato/kort_tidspunkt i domain.norsk"


def test_no_page_or_email_template_formats_a_date_by_hand() -> None:
    funnet = {
        (str(fil.relative_to(REPO)), treff.group(0))
        for fil in MALER
        for treff in _I_MAL.finditer(fil.read_text(encoding="utf-8"))
    }
    assert funnet - MASKINMALER == set(), "bruk filtrene dato, langdato, tidspunkt eller langtid"


def test_the_scan_finds_both_ways_of_formatting_a_date_by_hand() -> None:
    kode = 'd.strftime("%d.%m.%Y")\nf"{d:%H:%M} og {n:>5}"'
    assert _datoformater(ast.parse(kode)) == ["%d.%m.%Y", "%H:%M"]
    assert [t.group(0) for t in _I_MAL.finditer('{{ a.strftime("%d") }} {{ b.isoformat() }}')] == [
        '.strftime("%d',
        "b.isoformat()",
    ]
