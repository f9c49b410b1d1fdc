"""A workflow file names what a link leads to (`Vedleggslenke`, `Motelenke`), never the URL:
the engine's `motor/adresser.py` gives the addresses the web's routes answer (issue 18)."""

from __future__ import annotations

import ast
import re
from pathlib import Path

ARBEIDSFLYTER = Path(__file__).resolve().parents[2] / "workflows"
ADRESSE = re.compile(r"^/[a-zæøå]")


def _adresser(kilde: str) -> list[int]:
    """Lines of every string (f-string parts too) that starts like a page's path."""
    return [
        node.lineno
        for node in ast.walk(ast.parse(kilde))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        and ADRESSE.match(node.value)
    ]  # fmt: skip


def test_no_workflow_file_writes_a_page_address() -> None:
    funnet = {
        fil.name: linjer
        for fil in sorted(ARBEIDSFLYTER.glob("*.py"))
        if (linjer := _adresser(fil.read_text(encoding="utf-8")))
    }
    assert funnet == {}


def test_the_check_finds_an_address_in_a_link_and_in_an_e_mail_declaration() -> None:
    kilde = 'Lenke(tekst, f"/vedlegg/{v.id}")\nvarsel("mote/innkalling", side="/moter/{sak_id}")'
    assert _adresser(kilde) == [1, 2]
