"""Refresh the workflow diagrams in README.md from the definitions (a test checks them)."""

from __future__ import annotations

import re
from pathlib import Path

from statemachine.contrib.diagram import MermaidGraphMachine

from tilskudd_flow.bootstrap import last_register
from tilskudd_flow.config import last_innstillinger

REPO = Path(__file__).resolve().parent.parent
REKKEFOLGE = ["rs_soknad", "fsu_etablering", "avtale_revisjon"]


def main() -> None:
    register = last_register(last_innstillinger(REPO / "config.toml"))
    diagrammer = iter(
        MermaidGraphMachine(register.hent(navn).maskin).get_mermaid().strip() for navn in REKKEFOLGE
    )
    readme = REPO / "README.md"
    tekst = re.sub(
        r"```mermaid\n.*?```",
        lambda _: f"```mermaid\n{next(diagrammer)}\n```",
        readme.read_text(encoding="utf-8"),
        flags=re.DOTALL,
    )
    readme.write_text(tekst, encoding="utf-8")


if __name__ == "__main__":
    main()
