"""The `tilskudd` script pauses the cycle collector while a command starts and sets aside
what the start built (issue 22: the collector walked the start's objects again and again,
and all of them at exit, ~0.35 s of `tilskudd --som … saker`'s ~1.0 s of CPU). In-process
callers (these tests, CliRunner, the web app) are left as they were."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from tilskudd_flow.cli import main
from tilskudd_flow.cli.oppstartsfase import oppstart

REPO = Path(__file__).resolve().parents[2]

_I_SKRIPTET = """
import gc, json
from tilskudd_flow.cli.oppstartsfase import i_skriptet, oppstart
i_skriptet()
for_blokken = gc.get_freeze_count()
with oppstart():
    under = gc.isenabled()
    bygget = [[i] for i in range(1000)]
print(json.dumps({"under": under, "etter": gc.isenabled(),
                  "frosset": gc.get_freeze_count() - for_blokken}))
"""


def test_in_the_script_the_collector_pauses_in_a_start_block_and_the_start_is_set_aside() -> None:
    ut = subprocess.run([sys.executable, "-c", _I_SKRIPTET], capture_output=True, text=True,
                        check=True)  # fmt: skip
    svar = json.loads(ut.stdout)
    assert svar["under"] is False
    assert svar["etter"] is True  # the command itself runs with the collector on
    assert svar["frosset"] >= 1000


def test_in_process_a_start_block_leaves_the_collector_alone() -> None:
    for_blokken = gc.get_freeze_count()
    with oppstart():
        assert gc.isenabled()
    assert gc.isenabled()
    assert gc.get_freeze_count() == for_blokken


def test_the_installed_script_goes_through_run(monkeypatch: pytest.MonkeyPatch) -> None:
    skript = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["scripts"]
    assert skript["tilskudd"] == "tilskudd_flow.cli.main:run"
    kall: list[str] = []
    monkeypatch.setattr(main, "i_skriptet", lambda: kall.append("i_skriptet"))
    monkeypatch.setattr(main, "app", lambda: kall.append("app"))
    main.run()
    assert kall == ["i_skriptet", "app"]
