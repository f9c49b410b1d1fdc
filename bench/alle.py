"""Every benchmark in one run, and one table of every figure, its target and whether it is met.

    PYTHONPATH=. .venv/bin/python bench/alle.py [--ut bench/resultater.md]

Each database benchmark runs on SQLite and on PostgreSQL (a throwaway cluster, see
bench/databaser.py). Benchmarks stay out of CI.
"""

from __future__ import annotations

import argparse
import platform
from datetime import datetime
from pathlib import Path

import epost
import nettsider
import oppstart
import overganger
import sveip
from databaser import databaser
from resultat import Resultat, tabell


def main() -> None:
    valg = argparse.ArgumentParser(description=__doc__)
    valg.add_argument("--ut", type=Path, help="Skriv tabellen også til denne filen.")
    argumenter = valg.parse_args()
    resultater: list[Resultat] = []
    with databaser() as begge:  # SQLite and PostgreSQL
        for modul in (overganger, sveip, epost, nettsider, oppstart):
            print(f"\n== {modul.__name__} ==")
            resultater += modul.kjor(begge)
    maskin = platform.processor() or platform.machine()
    hode = (f"Målt {datetime.now():%Y-%m-%d %H:%M} på {platform.node()} "
            f"({maskin}, Python {platform.python_version()})")  # fmt: skip
    ut = f"{hode}\n\n{tabell(resultater)}\n"
    print(f"\n{ut}")
    if argumenter.ut:
        argumenter.ut.write_text(ut + _notater(argumenter.ut), encoding="utf-8")
    if not all(r.oppfylt for r in resultater):
        print("Ikke alle mål er nådd (se «Nådd»).")


def _notater(fil: Path) -> str:
    """What the file says below the table (from its first `## ` heading): written by hand,
    kept when the figures are measured again."""
    if not fil.exists():
        return ""
    tekst = fil.read_text(encoding="utf-8")
    start = tekst.find("\n## ")
    return "" if start < 0 else tekst[start:]


if __name__ == "__main__":
    main()
