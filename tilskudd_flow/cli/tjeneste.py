"""`tilskudd tjeneste start`: the main server process (scheduler, and e-mail unless separate)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable

import typer

from tilskudd_flow.adapters.tidsplan import kjor_hvert
from tilskudd_flow.bootstrap import epostlevering
from tilskudd_flow.cli.epost import arbeidernavn
from tilskudd_flow.cli.kontekst import kommando, kontekst
from tilskudd_flow.service.planlegger import Planlegger

tjeneste_app = typer.Typer(help="Hovedprosessen.", no_args_is_help=True)
logger = logging.getLogger("tilskudd_flow")


@tjeneste_app.command("start")
@kommando
def start(ctx: typer.Context) -> None:
    """Start planleggeren og (om ikke `epost.egen_prosess`) e-postleveringen."""
    logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(message)s")
    app = kontekst(ctx).app()
    planlegger = Planlegger(app.uow, app.miljo)
    ventende = planlegger.ventende()
    if ventende:
        logger.warning("Tar igjen %d jobber som forfalt mens planleggeren var stoppet", ventende)
    jobber: list[tuple[float, Callable[[], object]]] = [
        (app.innstillinger.planlegger.intervall_sekunder, planlegger.kjor_forfalte)
    ]
    if app.innstillinger.epost.egen_prosess:
        logger.info("Tjenesten går (e-post leveres av en egen prosess)")
        kjor_hvert(jobber)
        return
    with epostlevering(app, arbeidernavn()) as levering:
        jobber.append((app.innstillinger.epost.intervall_sekunder, levering.tom_koen))
        logger.info("Tjenesten går: planlegger og e-postlevering")
        kjor_hvert(jobber)
