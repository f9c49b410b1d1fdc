"""`tilskudd sikkerhetskopi lag|kontroller|gjenopprett`: the database and the stored files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tilskudd_flow.cli.kontekst import kommando, kontekst
from tilskudd_flow.cli.oppstartsfase import oppstart
from tilskudd_flow.cli.visning import linje
from tilskudd_flow.domain.feil import Regelbrudd

# The services (and through them the ORM) are imported in the commands, inside the start-up
# block, so a command's `--help` imports none of them (issue 22).

sikkerhetskopi_app = typer.Typer(
    help="Sikkerhetskopi av databasen og de lagrede filene, og gjenoppretting.",
    no_args_is_help=True,
)


@sikkerhetskopi_app.command("lag")
@kommando
def lag(
    ctx: typer.Context,
    til: Annotated[
        Path | None, typer.Option(help="Mappen kopien legges i (standard: sikkerhetskopier/).")
    ] = None,
) -> None:
    """Ta en konsistent kopi mens tjenesten kjører (SQLite: online backup; PostgreSQL: pg_dump)."""
    with oppstart():
        from tilskudd_flow.drift.sikkerhetskopi import lag_sikkerhetskopi
    app = kontekst(ctx).app(klargjor=False)
    mal = til or app.innstillinger.data_dir.parent / "sikkerhetskopier"
    kopi = lag_sikkerhetskopi(app.innstillinger, app.engine, mal, app.miljo.klokke.now())
    linje(f"Sikkerhetskopien er i {kopi.mappe}: {kopi.database}-databasen på skjemaversjon "
          f"{kopi.skjemaversjon} og {kopi.filer} filer, sjekksummer i manifest.json.")  # fmt: skip


@sikkerhetskopi_app.command("kontroller")
@kommando
def kontroller_(ctx: typer.Context, mappe: Path) -> None:
    """Kontroller at en sikkerhetskopi er hel (hver fil og sjekksum)."""
    with oppstart():
        from tilskudd_flow.drift.sikkerhetskopi import kontroller
    del ctx
    feil = kontroller(mappe)
    if feil:
        raise Regelbrudd("; ".join(feil))
    linje(f"{mappe} er hel.")


@sikkerhetskopi_app.command("gjenopprett")
@kommando
def gjenopprett_(
    ctx: typer.Context,
    mappe: Path,
    overskriv: Annotated[
        bool, typer.Option(help="Erstatt en database i bruk (stopp tjenesten først).")
    ] = False,
) -> None:
    """Gjenopprett databasen og filene fra en sikkerhetskopi, og kontroller revisjonsloggen."""
    with oppstart():
        from tilskudd_flow.drift.sikkerhetskopi import gjenopprett
    app = kontekst(ctx).app(klargjor=False)
    app.engine.dispose()
    resultat = gjenopprett(app.innstillinger, mappe, overskriv=overskriv)
    linje(f"Gjenopprettet {resultat.database}-databasen (skjemaversjon {resultat.skjemaversjon}) "
          f"og {resultat.filer} filer.")  # fmt: skip
    brutt = {hf: status for hf, status in resultat.revisjonslogg.items() if status != "hel"}
    for hf, status in resultat.revisjonslogg.items():
        linje(f"Revisjonsloggen for {hf}: {status}.")
    if brutt:
        raise Regelbrudd("Revisjonsloggen er ikke hel etter gjenopprettingen")
