"""The installed `tilskudd` command, as a person runs it, answers in bokmål (issue 21)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ENGELSK = ("Usage", "Options", "Show this message", "No such", "Value error", "Error")


def tilskudd(*argumenter: str) -> subprocess.CompletedProcess[str]:
    miljo = {**os.environ, "COLUMNS": "120", "LANG": "C.UTF-8"}
    kommando = [str(Path(sys.executable).with_name("tilskudd")), *argumenter]
    return subprocess.run(kommando, capture_output=True, text=True, env=miljo, timeout=60)


def test_help_in_a_real_process_is_in_bokmaal() -> None:
    svar = tilskudd("--help")
    assert svar.returncode == 0
    assert "Bruk: tilskudd [VALG] KOMMANDO [ARGUMENTER]..." in svar.stdout
    assert "Vis denne meldingen og avslutt." in svar.stdout
    assert not [ord_ for ord_ in ENGELSK if ord_ in svar.stdout]


def test_an_unknown_command_in_a_real_process_is_refused_in_bokmaal() -> None:
    svar = tilskudd("finnesikke")
    assert svar.returncode == 2
    assert "Kommandoen 'finnesikke' finnes ikke." in svar.stderr
    assert not [ord_ for ord_ in ENGELSK if ord_ in svar.stderr]


def test_a_bad_value_in_a_real_process_is_refused_without_value_error() -> None:
    svar = tilskudd("utboks", "send-igjen", "abc")
    assert svar.returncode == 2
    assert "Ugyldig verdi for 'melding_id': må være et heltall" in svar.stderr
    assert not [ord_ for ord_ in ENGELSK if ord_ in svar.stderr]
