"""Cold start of the command line, each run a fresh process, beside `python -c pass`.

`tilskudd --help` (target < 0.2 s) and `tilskudd --som samhandlingssjef saker` on the demo
data (target < 0.5 s, on each backend): the median wall time of N runs and the largest
resident size, as a user waits for them (the installed `tilskudd` script, start to exit).

    PYTHONPATH=. .venv/bin/python bench/oppstart.py [antall] [--uten-postgres]
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from databaser import Database, databaser
from resultat import Resultat

REPO = Path(__file__).resolve().parent.parent
TILSKUDD = str(Path(sys.executable).parent / "tilskudd")
TIME = "/usr/bin/time"  # GNU time (Debian package `time`)
KONFIG = ["--config", str(REPO / "config.toml")]
MAAL_HJELP = 0.2
MAAL_SAKER = 0.5


def kaldstart(kommando: list[str], miljo: dict[str, str], antall: int) -> tuple[float, float]:
    """Median seconds from start to exit, and the largest resident size in MB."""
    tider, minne = [], 0
    with tempfile.NamedTemporaryFile(mode="r") as rss:
        # GNU time reports the child's own peak: Python's fork would count our own pages in
        # the child's ru_maxrss (Linux keeps the pre-exec peak), 37 MB for `python -c pass`.
        maalt = [TIME, "-f", "%M", "-o", rss.name, *kommando]
        for _ in range(antall):
            start = time.perf_counter()
            subprocess.run(maalt, env=miljo, cwd=REPO, stdout=subprocess.DEVNULL, check=True)
            tider.append(time.perf_counter() - start)
            rss.seek(0)
            minne = max(minne, int(rss.read().split()[-1]))  # kB
    return statistics.median(tider), minne / 1024


def _miljo(database_url: str, datamappe: str) -> dict[str, str]:
    return os.environ | {"TILSKUDD_DATABASE__URL": database_url, "TILSKUDD_DATA_DIR": datamappe,
                         "COLUMNS": "120"}  # fmt: skip


def _med_demodata(database: Database, datamappe: str) -> dict[str, str]:
    miljo = _miljo(database.ny("oppstart"), datamappe)
    for kommando in (["database", "migrer"], ["demo", "last"]):
        subprocess.run([TILSKUDD, *KONFIG, *kommando], env=miljo, cwd=REPO, check=True,
                       stdout=subprocess.DEVNULL)  # fmt: skip
    return miljo


def _rad(hva: str, tid: float, mb: float, grunn: tuple[float, float], maal: float) -> Resultat:
    naadd = tid < maal
    print(f"  {hva:<45} {tid:6.3f} s {mb:5.0f} MB  (mål < {maal} s: "
          f"{'nådd' if naadd else 'ikke nådd'})")  # fmt: skip
    return Resultat(f"Kaldstart {hva}", f"{tid:.2f} s, {mb:.0f} MB",
                    f"`python -c pass` {grunn[0]:.3f} s, {grunn[1]:.0f} MB", f"< {maal} s",
                    naadd)  # fmt: skip


def kjor(databaser: list[Database], antall: int = 11) -> list[Resultat]:
    with tempfile.TemporaryDirectory() as datamappe:
        tom = _miljo("sqlite://", datamappe)
        grunn = kaldstart([sys.executable, "-c", "pass"], tom, antall)
        print(f"Kaldstart, median av {antall} kjøringer (maskinen: {os.cpu_count()} kjerner)")
        print(f"  {'python -c pass':<45} {grunn[0]:6.3f} s {grunn[1]:5.0f} MB")
        hjelp = kaldstart([TILSKUDD, "--help"], tom, antall)
        rader = [_rad("`tilskudd --help`", *hjelp, grunn, MAAL_HJELP)]
        for database in databaser:
            saker = [TILSKUDD, *KONFIG, "--som", "samhandlingssjef", "saker"]
            tid, mb = kaldstart(saker, _med_demodata(database, datamappe), antall)
            hva = f"`tilskudd --som … saker` ({database.navn})"
            rader.append(_rad(hva, tid, mb, grunn, MAAL_SAKER))
        return rader


def main() -> None:
    tall = [int(a) for a in sys.argv[1:] if a.isdigit()]
    with databaser(med_postgres="--uten-postgres" not in sys.argv) as begge:
        kjor(begge, tall[0] if tall else 11)


if __name__ == "__main__":
    main()
