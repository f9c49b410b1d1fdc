"""`tilskudd part liste|medlem`: the kommuner and the helseforetak, and membership."""

from __future__ import annotations

from typing import Annotated

import typer

from tilskudd_flow.cli.kontekst import handling, kommando, skriv_json
from tilskudd_flow.cli.visning import linje, tabell
from tilskudd_flow.kontoer.handlinger import endre_medlemskap, partene

part_app = typer.Typer(help="Kommuner og helseforetak (parter).", no_args_is_help=True)

JSON = Annotated[bool, typer.Option("--json", help="Skriv ut som JSON.")]


@part_app.command("liste")
@kommando
def liste(ctx: typer.Context, som_json: JSON = False) -> None:
    """List kommuner og helseforetak med postmottak og medlemskap."""
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
    navn = endre_medlemskap(handling(ctx), part, medlem=er_medlem)
    linje(f"{navn} er {'medlem' if er_medlem else 'ikke medlem'}.")
