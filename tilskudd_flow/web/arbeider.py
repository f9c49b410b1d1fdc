"""One of several web worker processes (`[web] arbeidere`): its own app, from the settings.

uvicorn starts each worker as a fresh process and calls `lag_arbeider` there. The scheduler
and the e-mail delivery stay in the process that started them, so they run once.
"""

from __future__ import annotations

import os
import signal

from fastapi import FastAPI

from tilskudd_flow.adapters.minne import gi_tilbake_minne, libc
from tilskudd_flow.bootstrap import bygg_app
from tilskudd_flow.config import UgyldigKonfigurasjon, last_innstillinger
from tilskudd_flow.loggoppsett import sett_opp_logging
from tilskudd_flow.web.app import lag_webapp

FABRIKK = "tilskudd_flow.web.arbeider:lag_arbeider"
PR_SET_PDEATHSIG = 1  # from <sys/prctl.h>


def antall_arbeidere(onsket: int, dialekt: str) -> int:
    """How many web processes: as configured, or one per core on PostgreSQL; one on SQLite."""
    if dialekt != "postgresql":
        if onsket > 1:
            raise UgyldigKonfigurasjon(
                f"web.arbeidere = {onsket}: SQLite har én skriver, så tjenesten kjører i én "
                "prosess. Sett arbeidere = 1 (eller 0), eller bruk PostgreSQL."
            )
        return 1
    return onsket or os.cpu_count() or 1


def lag_arbeider() -> FastAPI:
    """The web app in a worker process; the database was checked by the starting process."""
    _do_med_forelderen()
    sett_opp_logging()
    gi_tilbake_minne()
    return lag_webapp(bygg_app(last_innstillinger()))


def _do_med_forelderen() -> None:
    """The worker dies with the process that started it, even one killed with SIGKILL: no
    orphan goes on answering requests (and writing) after its server is gone (Linux)."""
    prctl = getattr(libc(), "prctl", None)
    if prctl is not None:
        prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() == 1:  # the starting process was gone before the line above
        os._exit(1)
