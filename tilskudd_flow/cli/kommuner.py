"""`tilskudd part liste|medlem|endre`: the kommuner and the helseforetak, membership, and
name, postmottak and other names (the same services as the web's /parter)."""

from __future__ import annotations

from typing import Annotated

import typer

from tilskudd_flow.cli.kontekst import handling, kommando, skriv_json
from tilskudd_flow.cli.oppstartsfase import oppstart
from tilskudd_flow.cli.visning import linje, tabell

# The services (and through them the ORM) are imported in the commands, inside the start-up
# block, so a command's `--help` imports none of them (issue 22).

part_app = typer.Typer(help="Kommuner og helseforetak (parter).", no_args_is_help=True)

JSON = Annotated[bool, typer.Option("--json", help="Skriv ut som JSON.")]


@part_app.command("liste")
@kommando
def liste(ctx: typer.Context, som_json: JSON = False) -> None:
    """List kommuner og helseforetak med postmottak og medlemskap."""
    with oppstart():
        from tilskudd_flow.kontoer.handlinger import partene
    rader = [p.model_dump() for p in partene(handling(ctx))]
    if som_json:
        skriv_json(rader)
        return
    tabell(
        ["Nr.", "Navn", "Type", "Postmottak", "Medlem"],
        ([r["kommunenummer"] or "", r["navn"], r["type"], r["postmottak"], r["medlem"]]
         for r in rader),
    )  # fmt: skip


@part_app.command("medlem")
@kommando
def medlem(
    ctx: typer.Context,
    part: Annotated[str, typer.Argument(help="Kommunenummer eller navn.")],
    er_medlem: Annotated[bool, typer.Option("--ja/--nei", help="Medlem eller ikke.")],
) -> None:
    """Sett om en kommune er medlem av helsefellesskapet (får påminnelser, er avtalepart)."""
    with oppstart():
        from tilskudd_flow.kontoer.handlinger import endre_medlemskap
    navn = endre_medlemskap(handling(ctx), part, medlem=er_medlem)
    linje(f"{navn} er {'medlem' if er_medlem else 'ikke medlem'}.")


@part_app.command("endre")
@kommando
def endre(
    ctx: typer.Context,
    part: Annotated[str, typer.Argument(help="Kommunenummer, navn eller annet navn.")],
    navn: Annotated[
        str | None, typer.Option(help="Nytt navn; det gamle blir et annet navn.")
    ] = None,
    postmottak: Annotated[str | None, typer.Option(help="Ny e-post til postmottaket.")] = None,
    alias: Annotated[
        list[str] | None,
        typer.Option(help="Et annet navn parten finnes på; gjentas. Erstatter de som er satt opp."),
    ] = None,
    ingen_alias: Annotated[
        bool, typer.Option("--ingen-alias", help="Fjern de andre navnene som er satt opp.")
    ] = False,
) -> None:
    """Endre navn, postmottak eller andre navn for en kommune eller helseforetaket."""
    with oppstart():
        from tilskudd_flow.kontoer.handlinger import rett_part
    aliaser = () if ingen_alias else (tuple(alias) if alias else None)
    ny = rett_part(handling(ctx), part, navn=navn, postmottak=postmottak, aliaser=aliaser)
    linje(f"{ny} er endret.")
