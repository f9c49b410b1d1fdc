"""One of several web worker processes (`[web] arbeidere`): its own app, from the settings.

uvicorn starts each worker as a fresh process and calls `lag_arbeider` there. The scheduler
and the e-mail delivery stay in the process that started them, so they run once.
"""

from __future__ import annotations

import os

from fastapi import FastAPI

from tilskudd_flow.adapters.minne import gi_tilbake_minne
from tilskudd_flow.bootstrap import bygg_app
from tilskudd_flow.config import UgyldigKonfigurasjon, last_innstillinger
from tilskudd_flow.loggoppsett import sett_opp_logging
from tilskudd_flow.web.app import lag_webapp

FABRIKK = "tilskudd_flow.web.arbeider:lag_arbeider"


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
    sett_opp_logging()
    gi_tilbake_minne()
    return lag_webapp(bygg_app(last_innstillinger()))
