"""`tilskudd planlegger …`: run what is due, in simulated time, as a dry run, or as a service."""

from __future__ import annotations

import logging
import os
import signal
from dataclasses import asdict
from datetime import datetime
from typing import TYPE_CHECKING, Annotated

import typer

from tilskudd_flow.cli.kontekst import kommando, kontekst, skriv_json, tolk_tidspunkt
from tilskudd_flow.cli.oppstartsfase import oppstart
from tilskudd_flow.cli.visning import linje, tekst
from tilskudd_flow.domain.feil import UgyldigFelt
from tilskudd_flow.domain.kodeverk import JobbArt
from tilskudd_flow.loggoppsett import sett_opp_logging

# The services (and through them the ORM) are imported in the commands, inside the start-up
# block, so a command's `--help` imports none of them (issue 22).
if TYPE_CHECKING:
    from tilskudd_flow.motor.fristjobber import Utfort
    from tilskudd_flow.motor.planlegger import Etterkrok

planlegger_app = typer.Typer(help="Påminnelser og fristvirkninger.", no_args_is_help=True)

JSON = Annotated[bool, typer.Option("--json", help="Skriv ut som JSON.")]
TIL = Annotated[str, typer.Option(help="Til tidspunkt, f.eks. 2026-07-01T00:00 (Oslo-tid).")]
# Test-only: kill the process with SIGKILL just before the Nth job commits.
TESTKROK = "TILSKUDD_TESTKROK_DREP_ETTER"
logger = logging.getLogger("tilskudd_flow.planlegger")


@planlegger_app.command("kjor")
@kommando
def kjor(
    ctx: typer.Context,
    til: Annotated[str | None, typer.Option(help="Kjør i simulert tid fram til dette.")] = None,
    som_json: JSON = False,
) -> None:
    """Kjør det som har forfalt nå, eller alt fram til --til i simulert tid."""
    with oppstart():
        from tilskudd_flow.motor.planlegger import Planlegger
    app = kontekst(ctx).app()
    planlegger = Planlegger(app.uow, app.miljo, etter_jobb=_testkrok())
    slutt = _tidspunkt(til)
    utfort = planlegger.kjor_til(slutt) if slutt else planlegger.kjor_forfalte()
    _skriv(utfort, som_json)


@planlegger_app.command("provekjor")
@kommando
def provekjor_(ctx: typer.Context, til: TIL, som_json: JSON = False) -> None:
    """Vis i datorekkefølge alt som ville blitt sendt og gjort fram til --til, uten å endre noe."""
    with oppstart():
        from tilskudd_flow.motor.planlegger import provekjor
    app = kontekst(ctx).app()
    slutt = _tidspunkt(til)
    assert slutt is not None
    _skriv(provekjor(app.uow(), app.miljo, slutt), som_json)


@planlegger_app.command("rydd-vedlegg")
@kommando
def rydd_vedlegg_(ctx: typer.Context, som_json: JSON = False) -> None:
    """Fjern vedleggsfiler som ingen rad viser til (etter et krasj), eldre enn
    vedlegg.foreldreloese_timer. Planleggeren gjør det selv én gang i timen."""
    with oppstart():
        from tilskudd_flow.motor.vedleggsveip import rydd_vedlegg_naa
    app = kontekst(ctx).app()
    resultat = rydd_vedlegg_naa(app.uow(), app.innstillinger, app.miljo.klokke.now())
    if som_json:
        skriv_json(asdict(resultat))
        return
    for navn in resultat.fjernet:
        linje(f"Fjernet {navn}")
    linje(f"{len(resultat.fjernet)} filer uten rad fjernet; {resultat.for_unge} uten rad er "
          "for nye til å fjernes ennå.")  # fmt: skip


@planlegger_app.command("start")
@kommando
def start(ctx: typer.Context) -> None:
    """Start planleggeren som tjeneste: tar igjen det som forfalt mens den var stoppet."""
    with oppstart():
        from tilskudd_flow.adapters.tidsplan import kjor_hvert
        from tilskudd_flow.motor.planlegger import Planlegger
    sett_opp_logging()
    app = kontekst(ctx).app()
    planlegger = Planlegger(app.uow, app.miljo, etter_jobb=_testkrok())
    ventende = planlegger.ventende()
    if ventende:
        logger.warning("Tar igjen %d jobber som forfalt mens planleggeren var stoppet", ventende)
    logger.info(
        "Planleggeren går (hvert %d. sekund)", app.innstillinger.planlegger.intervall_sekunder
    )
    kjor_hvert([(app.innstillinger.planlegger.intervall_sekunder, planlegger.kjor_forfalte)])


def _skriv(utfort: list[Utfort], som_json: bool) -> None:
    if som_json:
        skriv_json([asdict(u) for u in utfort])
        return
    for u in utfort:
        linje(f"{tekst(u.forfaller)}  {JobbArt(u.art).visning:<13} {u.frist}: {u.resultat}")
        for mottaker in u.mottakere:
            linje(f"{'':29}→ {mottaker}")
        for overgang in u.overganger:
            linje(f"{'':29}· {overgang}")
    if not utfort:
        linje("Ingenting å gjøre.")


def _tidspunkt(tekst_: str | None) -> datetime | None:
    try:
        return tolk_tidspunkt(tekst_)
    except ValueError:
        raise UgyldigFelt("--til", f"«{tekst_}» er ikke et tidspunkt") from None


def _testkrok() -> Etterkrok | None:
    grense = os.environ.get(TESTKROK)
    if not grense:
        return None

    def drep(antall: int) -> None:
        if antall >= int(grense):
            os.kill(os.getpid(), signal.SIGKILL)

    return drep
