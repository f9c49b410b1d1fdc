"""`tilskudd tjeneste start`: the main server process — web app, scheduler and e-mail."""

from __future__ import annotations

import contextlib
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import typer

from tilskudd_flow.cli.epost import arbeidernavn
from tilskudd_flow.cli.kontekst import kommando, kontekst
from tilskudd_flow.cli.oppstartsfase import oppstart
from tilskudd_flow.loggoppsett import sett_opp_logging

# The web app, uvicorn and the services are imported by `start`, inside the start-up block,
# so `tilskudd tjeneste --help` imports none of them (issue 22).
if TYPE_CHECKING:
    from tilskudd_flow.bootstrap import App
    from tilskudd_flow.motor.levering import Levering

tjeneste_app = typer.Typer(help="Hovedprosessen.", no_args_is_help=True)
logger = logging.getLogger("tilskudd_flow")


@tjeneste_app.command("start")
@kommando
def start(ctx: typer.Context) -> None:
    """Start nettsidene, planleggeren og (om ikke `epost.egen_prosess`) e-postleveringen."""
    with oppstart():
        import uvicorn  # noqa: F401 (for `_web`)

        from tilskudd_flow.adapters.minne import gi_tilbake_minne
        from tilskudd_flow.adapters.tidsplan import i_bakgrunnen
        from tilskudd_flow.bootstrap import epostlevering  # noqa: F401 (for `_levering`)
        from tilskudd_flow.motor.planlegger import Planlegger
        from tilskudd_flow.web.app import lag_webapp  # noqa: F401 (for `_web`)
        from tilskudd_flow.web.arbeider import antall_arbeidere
    sett_opp_logging()
    gi_tilbake_minne()
    app = kontekst(ctx).app()
    # A fixed --naa is this process's clock only: then the app is served from here alone.
    arbeidere = 1 if kontekst(ctx).naa else antall_arbeidere(app.innstillinger.web.arbeidere,
                                                              app.engine.dialect.name)  # fmt: skip
    planlegger = Planlegger(app.uow, app.miljo)
    ventende = planlegger.ventende()
    if ventende:
        logger.warning("Tar igjen %d jobber som forfalt mens planleggeren var stoppet", ventende)
    with _levering(app) as levering:
        jobber: list[tuple[float, Callable[[], object]]] = [
            (app.innstillinger.planlegger.intervall_sekunder, planlegger.kjor_forfalte)
        ]
        if levering is not None:
            jobber.append((app.innstillinger.epost.intervall_sekunder, levering.tom_koen))
        bakgrunn = i_bakgrunnen(jobber)
        try:
            _web(app, arbeidere, kontekst(ctx).config)
        finally:
            bakgrunn.shutdown(wait=False)


def _web(app: App, arbeidere: int, config: Path | None) -> None:
    import uvicorn  # all imported by `start` in its start-up block

    from tilskudd_flow.config import CONFIG_ENV, finn_konfigurasjonsfil
    from tilskudd_flow.web.app import lag_webapp
    from tilskudd_flow.web.arbeider import FABRIKK

    web = app.innstillinger.web
    logger.info("Nettsidene på http://%s:%d", web.vert, web.port)
    # No "Server: uvicorn" banner. Proxy headers are uvicorn's default: X-Forwarded-For and
    # -Proto are believed only from FORWARDED_ALLOW_IPS (127.0.0.1, where Caddy is).
    valg: dict[str, Any] = {"host": web.vert, "port": web.port, "log_level": "warning",
                            "server_header": False}  # fmt: skip
    if arbeidere == 1:
        uvicorn.run(lag_webapp(app), **valg)
        return
    logger.info("%d arbeidere for nettsidene", arbeidere)
    # Each worker is a fresh process that reads the same config file and environment.
    os.environ[CONFIG_ENV] = str(finn_konfigurasjonsfil(config).resolve())
    uvicorn.run(FABRIKK, factory=True, workers=arbeidere, **valg)


@contextlib.contextmanager
def _levering(app: App) -> Iterator[Levering | None]:
    from tilskudd_flow.bootstrap import epostlevering  # imported by `start`

    if app.innstillinger.epost.egen_prosess:
        logger.info("E-post leveres av en egen prosess (tilskudd epost start)")
        yield None
        return
    with epostlevering(app, arbeidernavn()) as levering:
        yield levering
