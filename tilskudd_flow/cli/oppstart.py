"""`tilskudd oppstart importer FIL`: today's parties, FSUs, avtaler and funded projects."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tilskudd_flow.cli.kontekst import handling, kommando
from tilskudd_flow.cli.oppstartsfase import oppstart
from tilskudd_flow.cli.visning import linje

# The services (and through them the ORM) are imported in the commands, inside the start-up
# block, so a command's `--help` imports none of them (issue 22).

oppstart_app = typer.Typer(
    help="Oppstart: dagens parter, FSU-er, avtaler og prosjekter med tilskudd.",
    no_args_is_help=True,
)


@oppstart_app.command("importer")
@kommando
def importer_(
    ctx: typer.Context,
    fil: Path,
    provekjor: Annotated[
        bool, typer.Option(help="Vis hva som ville skjedd, uten å lagre.")
    ] = False,
) -> None:
    """Importer en oppstartsfil (docs/oppstartsimport.md); samme fil to ganger endrer ingenting."""
    with oppstart():
        from tilskudd_flow.drift.oppstartsimport import importer, les_oppstartsfil
    h = handling(ctx)
    rapport = importer(les_oppstartsfil(fil), uow=h.ny_uow(), miljo=h.miljo,
                       brukernavn=h.brukernavn, provekjor=provekjor)  # fmt: skip
    hva = "Ville opprettet" if provekjor else "Opprettet"
    linje(f"{hva} {len(rapport.opprettet)}, uendret {len(rapport.uendret)}.")
    for rad in rapport.opprettet:
        linje(f"  + {rad}")
    for rad in rapport.sammenslatt:
        linje(f"  Slått sammen: {rad}")
    for rad in rapport.advarsler:
        linje(f"  Advarsel: {rad}")
