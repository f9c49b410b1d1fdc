"""Each workflow is drawn from its definition; the README shows exactly those drawings."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO, Cli

FLYTER = ["rs_soknad", "fsu_etablering", "avtale_revisjon", "mote"]


@pytest.mark.parametrize("navn", FLYTER)
def test_the_readme_shows_the_current_diagram_of_each_workflow(cli: Cli, navn: str) -> None:
    diagram = cli.ok("arbeidsflyt", "diagram", navn).strip()
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    blokker = re.findall(r"```mermaid\n(.*?)```", readme, flags=re.DOTALL)
    assert diagram in [b.strip() for b in blokker], (
        f"README.md viser ikke gjeldende diagram for {navn}: "
        f"kjør `tilskudd arbeidsflyt diagram {navn}` og lim inn"
    )


def test_a_workflow_renders_as_svg_with_graphviz(cli: Cli, tmp_path: Path) -> None:
    ut = tmp_path / "rs_soknad.svg"
    cli.ok("arbeidsflyt", "diagram", "rs_soknad", "--format", "svg", "--ut", str(ut))
    svg = ut.read_text(encoding="utf-8")
    assert "<svg" in svg
    assert "Oversendt Helse Nord" in svg


def test_every_workflow_is_listed_with_who_may_trigger_each_event(cli: Cli) -> None:
    flyter = {f["navn"]: f for f in cli.json("arbeidsflyt", "liste")}
    assert set(flyter) == set(FLYTER)
    assert flyter["rs_soknad"]["hendelser"]["send_inn"] == ["sekretariat", "soker"]
    # Roles that act only together with a file count too (issue 18: the innkalling's).
    assert flyter["mote"]["hendelser"]["send_innkalling"] == ["sekretariat"]
    assert flyter["rs_soknad"]["hendelser"]["registrer_rapport"] == ["sekretariat", "soker"]
    assert flyter["fsu_etablering"]["tilstander"][-1] == "avsluttet"
