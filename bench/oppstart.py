"""Cold start of the command line, each run a fresh process, beside `python -c pass`.

`tilskudd --help` and a command group's own help, `tilskudd runde --help` (target < 0.2 s
each), and `tilskudd --som samhandlingssjef saker` on the demo data (target < 0.5 s, on each
backend): the median wall time of N runs and the largest
resident size, as a user waits for them (the installed `tilskudd` script, start to exit),
and beside it the median CPU time (user + system): on a loaded machine the wall time is
mostly waiting for a core, the CPU time is what the start costs.

The project's own modules are compiled to bytecode first, as `pip install` leaves an
installed package: with PYTHONDONTWRITEBYTECODE set (this machine sets it) an editable
install would compile ~90 modules from source on every start, ~0.1 s no user pays.

    PYTHONPATH=. .venv/bin/python bench/oppstart.py [antall] [--uten-postgres]
"""

from __future__ import annotations

import compileall
import os
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from databaser import Database, databaser
from resultat import Resultat

REPO = Path(__file__).resolve().parent.parent
TILSKUDD = str(Path(sys.executable).parent / "tilskudd")
TIME = "/usr/bin/time"  # GNU time (Debian package `time`)
KONFIG = ["--config", str(REPO / "config.toml")]
MAAL_HJELP = 0.2
MAAL_SAKER = 0.5


@dataclass(frozen=True)
class Kaldstart:
    sekunder: float  # median wall time
    cpu: float  # median user + system seconds
    mb: float  # largest resident size


def kaldstart(kommando: list[str], miljo: dict[str, str], antall: int) -> Kaldstart:
    """Median seconds from start to exit and of CPU, and the largest resident size."""
    tider, cpu, minne = [], [], 0
    with tempfile.NamedTemporaryFile(mode="r") as maaling:
        # GNU time reports the child's own peak: Python's fork would count our own pages in
        # the child's ru_maxrss (Linux keeps the pre-exec peak), 37 MB for `python -c pass`.
        maalt = [TIME, "-f", "%U %S %M", "-o", maaling.name, *kommando]
        for _ in range(antall):
            start = time.perf_counter()
            subprocess.run(maalt, env=miljo, cwd=REPO, stdout=subprocess.DEVNULL, check=True)
            tider.append(time.perf_counter() - start)
            maaling.seek(0)
            bruker, system, kb = maaling.read().split()[-3:]
            cpu.append(float(bruker) + float(system))
            minne = max(minne, int(kb))
    return Kaldstart(statistics.median(tider), statistics.median(cpu), minne / 1024)


def med_bytekode() -> None:
    """Compile the project's modules as an installed package has them (see the top)."""
    for mappe in ("tilskudd_flow", "workflows"):
        compileall.compile_dir(REPO / mappe, quiet=1)


def _miljo(database_url: str, datamappe: str) -> dict[str, str]:
    return os.environ | {"TILSKUDD_DATABASE__URL": database_url, "TILSKUDD_DATA_DIR": datamappe,
                         "COLUMNS": "120"}  # fmt: skip


def _med_demodata(database: Database, datamappe: str) -> dict[str, str]:
    miljo = _miljo(database.ny("oppstart"), datamappe)
    for kommando in (["database", "migrer"], ["demo", "last"]):
        subprocess.run([TILSKUDD, *KONFIG, *kommando], env=miljo, cwd=REPO, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
    return miljo


def _linje(hva: str, maalt: Kaldstart) -> str:
    return f"  {hva:<45} {maalt.sekunder:6.3f} s (CPU {maalt.cpu:5.2f} s) {maalt.mb:5.0f} MB"


def _rad(hva: str, maalt: Kaldstart, grunn: Kaldstart, maal: float) -> Resultat:
    naadd = maalt.sekunder < maal
    print(f"{_linje(hva, maalt)}  (mål < {maal} s: {'nådd' if naadd else 'ikke nådd'})")
    return Resultat(f"Kaldstart {hva}",
                    f"{maalt.sekunder:.2f} s (CPU {maalt.cpu:.2f} s), {maalt.mb:.0f} MB",
                    f"`python -c pass` {grunn.sekunder:.3f} s, {grunn.mb:.0f} MB",
                    f"< {maal} s", naadd)  # fmt: skip


def kjor(databaser: list[Database], antall: int = 11) -> list[Resultat]:
    med_bytekode()
    with tempfile.TemporaryDirectory() as datamappe:
        tom = _miljo("sqlite://", datamappe)
        grunn = kaldstart([sys.executable, "-c", "pass"], tom, antall)
        last = os.getloadavg()[0]
        print(f"Kaldstart, median av {antall} kjøringer (maskinen: {os.cpu_count()} kjerner, "
              f"last {last:.1f})")  # fmt: skip
        print(_linje("python -c pass", grunn))
        hjelp = kaldstart([TILSKUDD, "--help"], tom, antall)
        rader = [_rad("`tilskudd --help`", hjelp, grunn, MAAL_HJELP)]
        gruppe = kaldstart([TILSKUDD, "runde", "--help"], tom, antall)
        rader.append(_rad("`tilskudd runde --help`", gruppe, grunn, MAAL_HJELP))
        for database in databaser:
            saker = [TILSKUDD, *KONFIG, "--som", "samhandlingssjef", "saker"]
            maalt = kaldstart(saker, _med_demodata(database, datamappe), antall)
            rader.append(_rad(f"`tilskudd --som … saker` ({database.navn})", maalt, grunn,
                              MAAL_SAKER))  # fmt: skip
        return rader


def main() -> None:
    tall = [int(a) for a in sys.argv[1:] if a.isdigit()]
    with databaser(med_postgres="--uten-postgres" not in sys.argv) as begge:
        kjor(begge, tall[0] if tall else 11)


if __name__ == "__main__":
    main()
