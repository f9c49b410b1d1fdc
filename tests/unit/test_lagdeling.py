"""The layer rules in pyproject.toml ([tool.importlinter]) hold, and the check can fail.

The same `lint-imports` runs in `make lint`; here it also runs against a throwaway copy of
the layers with the leaks issue 18 found planted in it, so a contract that stopped catching
its leak would show.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from importlinter.api import read_configuration

ROT = Path(__file__).resolve().parents[2]
PYPROJECT = ROT / "pyproject.toml"
# The venv's console script, next to the interpreter running the tests.
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def _lint_imports(mappe: Path) -> subprocess.CompletedProcess[str]:
    # Wide columns: a long contract name on one line, so the verdicts can be read by line.
    miljo = {**os.environ, "PYTHONPATH": str(mappe), "COLUMNS": "400"}
    return subprocess.run(
        [str(LINT_IMPORTS), "--config", str(mappe / "pyproject.toml"), "--no-cache"],
        cwd=mappe,
        env=miljo,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def _kontrakter() -> list[dict[str, object]]:
    kontrakter: list[dict[str, object]] = read_configuration(str(PYPROJECT))["contracts_options"]
    return kontrakter


def _brutte(utskrift: str) -> list[str]:
    """The contracts the report calls broken («Navn BROKEN», maybe «(1 ignored import)»)."""
    return re.findall(r"^(.+?) BROKEN(?: \(.*\))?$", utskrift, re.MULTILINE)


def _avsnitt(utskrift: str) -> dict[str, str]:
    """Each broken contract's section of the report: the imports that break it."""
    rapport = utskrift.split("Broken contracts", 1)[-1]
    start = sorted((rapport.index(f"\n{navn}\n"), navn) for navn in _brutte(utskrift))
    slutt = [posisjon for posisjon, _ in start[1:]] + [len(rapport)]
    return {navn: rapport[fra:til] for (fra, navn), til in zip(start, slutt, strict=True)}


def test_every_layer_contract_is_kept() -> None:
    svar = _lint_imports(ROT)
    assert _brutte(svar.stdout) == [], svar.stdout
    assert f"Contracts: {len(_kontrakter())} kept, 0 broken." in svar.stdout, svar.stdout
    assert svar.returncode == 0, svar.stdout + svar.stderr


def _pakke(rot: Path, navn: str) -> Path:
    """A package of the throwaway project, and its parents."""
    mappe = rot
    for del_ in navn.split("."):
        mappe = mappe / del_
        mappe.mkdir(exist_ok=True)
        (mappe / "__init__.py").touch()
    return mappe


def _modul(rot: Path, navn: str, innhold: str = "") -> None:
    """A module of the throwaway project (appended to, if it is there)."""
    foreldre, _, siste = navn.rpartition(".")
    mappe = _pakke(rot, foreldre)
    fil = mappe / siste / "__init__.py" if (mappe / siste).is_dir() else mappe / f"{siste}.py"
    fil.write_text((fil.read_text() if fil.exists() else "") + innhold)


def _tomt_prosjekt(rot: Path) -> None:
    """Every layer the contracts name, empty, plus the imports they explicitly allow."""
    shutil.copy(PYPROJECT, rot / "pyproject.toml")
    rotpakker = tuple(read_configuration(str(PYPROJECT))["session_options"]["root_packages"])
    for kontrakt in _kontrakter():
        for nokkel in ("source_modules", "forbidden_modules", "modules"):
            moduler = kontrakt.get(nokkel, [])
            assert isinstance(moduler, list)
            for modul in moduler:
                if modul.split(".")[0] in rotpakker:
                    _pakke(rot, modul)
        unntak = kontrakt.get("ignore_imports", [])
        assert isinstance(unntak, list)
        for regel in unntak:
            fra, til = (del_.strip() for del_ in regel.split("->"))
            _pakke(rot, til)
            _pakke(rot, fra)
            _modul(rot, fra, f"import {til}\n")


def test_the_empty_layers_keep_every_contract(tmp_path: Path) -> None:
    """The baseline for the test below: without a leak, nothing is broken."""
    _tomt_prosjekt(tmp_path)
    svar = _lint_imports(tmp_path)
    assert svar.returncode == 0, svar.stdout + svar.stderr
    assert _brutte(svar.stdout) == []


# The leaks issue 18 found, all planted in one throwaway project; the contract that
# must report each.
LEKKASJER = [
    ("tilskudd_flow.motor.sporring", "import tilskudd_flow.kontoer.engangslenker",
     "Motoren kjenner ingen funksjon og ingen arbeidsflyt"),
    ("tilskudd_flow.motor.saker", "import workflows.rs_soknad",
     "Motoren kjenner ingen funksjon og ingen arbeidsflyt"),
    ("tilskudd_flow.domain.avtaler", "import tilskudd_flow.models.avtale",
     "Domenet er rent: ingen tabeller, ingen database, ingen I/O"),
    # import-linter counts imports under TYPE_CHECKING too: a type hint is a dependency.
    ("tilskudd_flow.domain.soknadsskjema",
     "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    import tilskudd_flow.models.soknad",
     "Domenet er rent: ingen tabeller, ingen database, ingen I/O"),
    ("tilskudd_flow.dokumenter.kalender", "import tilskudd_flow.motor.frister",
     "Dokumentene lages rent: bytes inn, bytes ut"),
    ("tilskudd_flow.adapters.kalender", "import tilskudd_flow.motor.frister",
     "Adaptere kaller aldri opp i tjenestene"),
    ("tilskudd_flow.models.soknad", "import tilskudd_flow.soknader.soknader",
     "Adaptere kaller aldri opp i tjenestene"),
    ("workflows.rs_soknad", "from sqlmodel import select",
     "Arbeidsflytene er deklarasjoner: de leser sakens tabeller, men bygger ingen SQL og "
     "kaller ingen tjeneste"),
    ("tilskudd_flow.web.ruter_saker", "import tilskudd_flow.cli.saker",
     "Sider og kommandoer kjenner ikke hverandre"),
]  # fmt: skip


def test_every_planted_leak_breaks_the_contract_that_forbids_it(tmp_path: Path) -> None:
    _tomt_prosjekt(tmp_path)
    for modul, importsetning, _ in LEKKASJER:
        for importert in _importerte(importsetning):
            if importert.startswith(("tilskudd_flow.", "workflows.")):
                _modul(tmp_path, importert)
        _modul(tmp_path, modul, importsetning + "\n")
    svar = _lint_imports(tmp_path)
    assert svar.returncode == 1, svar.stdout + svar.stderr
    avsnitt = _avsnitt(svar.stdout)
    assert set(avsnitt) == {kontrakt for _, _, kontrakt in LEKKASJER}, svar.stdout
    for modul, importsetning, kontrakt in LEKKASJER:
        for importert in _importerte(importsetning):
            if importert not in sys.stdlib_module_names:
                assert f"{modul} -> {importert}" in avsnitt[kontrakt], (modul, svar.stdout)


def _importerte(importsetning: str) -> list[str]:
    return re.findall(r"^\s*(?:from|import) ([\w.]+)", importsetning, re.MULTILINE)
