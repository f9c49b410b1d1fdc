"""The fault script:

    .venv/bin/python -m tests.feilprove [--del drep|postgres|disk|alle] [--runder 20]
                                        [--antall 1000] [--seed 7]

prints the counts of each part and exits 1 on any loss."""

from __future__ import annotations

import argparse
import tempfile
from datetime import datetime
from pathlib import Path

from tests.feilprove import disk, drep, postgres
from tests.feilprove.oppsett import forbered, innstillinger_for


def _drep(argumenter: argparse.Namespace) -> bool:
    with tempfile.TemporaryDirectory() as mappe:
        database = Path(mappe) / "feilprove.db"
        forbered(innstillinger_for(database))
        prove = drep.prov_drap(database, argumenter.runder, argumenter.antall, argumenter.seed)
    drep.skriv_drap(prove)
    return prove.ok


def _postgres(argumenter: argparse.Namespace) -> bool:
    prove = postgres.prov_omstart(argumenter.antall)
    postgres.skriv_omstart(prove)
    return prove.ok


def _disk(argumenter: argparse.Namespace) -> bool:
    prove = disk.prov_full_disk(argumenter.innsendinger, argumenter.seed)
    disk.skriv_disk(prove)
    return prove.ok


DELER = {"drep": _drep, "postgres": _postgres, "disk": _disk}


def main() -> None:
    valg = argparse.ArgumentParser(
        prog="python -m tests.feilprove",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    valg.add_argument("--del", dest="deler", choices=[*DELER, "alle"], default="alle")
    valg.add_argument("--runder", type=int, default=20, help="drap (drep)")
    valg.add_argument(
        "--antall", type=int, default=1000, help="overganger per drap (drep); i alt (postgres)"
    )
    valg.add_argument("--innsendinger", type=int, default=40, help="søknader (disk)")
    valg.add_argument("--seed", type=int, default=7)
    for skjult in ("--arbeider", "--smtp"):  # the killed worker's own arguments
        valg.add_argument(skjult, type=int, help=argparse.SUPPRESS)
    valg.add_argument("--database", type=Path, help=argparse.SUPPRESS)
    valg.add_argument("--naa", type=datetime.fromisoformat, help=argparse.SUPPRESS)
    argumenter = valg.parse_args()
    if argumenter.arbeider is not None:
        drep.arbeider(argumenter.database, argumenter.arbeider, argumenter.naa, argumenter.smtp)
        return
    deler = list(DELER) if argumenter.deler == "alle" else [argumenter.deler]
    resultater = {del_: DELER[del_](argumenter) for del_ in deler}
    if not all(resultater.values()):
        print("Tap funnet i: " + ", ".join(d for d, ok in resultater.items() if not ok))
        raise SystemExit(1)


if __name__ == "__main__":
    main()
