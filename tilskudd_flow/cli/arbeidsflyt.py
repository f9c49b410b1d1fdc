"""`tilskudd arbeidsflyt liste|diagram`: the workflows, drawn from their definitions."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Annotated

import typer

from tilskudd_flow.cli.kontekst import kommando, kontekst, skriv_json
from tilskudd_flow.cli.oppstartsfase import oppstart
from tilskudd_flow.cli.visning import linje, tabell
from tilskudd_flow.domain.feil import UgyldigFelt

arbeidsflyt_app = typer.Typer(help="Arbeidsflytene og diagrammene deres.", no_args_is_help=True)

JSON = Annotated[bool, typer.Option("--json", help="Skriv ut som JSON.")]
FORMATER = ("mermaid", "dot", "svg")


@arbeidsflyt_app.command("liste")
@kommando
def liste(ctx: typer.Context, som_json: JSON = False) -> None:
    """List arbeidsflytene med tilstander og hendelser."""
    register = kontekst(ctx).app(klargjor=False).miljo.register
    rader = [
        {
            "navn": f.navn,
            "tittel": f.tittel,
            "tilstander": f.tilstander,
            "hendelser": {
                navn: sorted(r.value for r in regel.hvem | regel.med_fil | regel.gjennom_vedtak)
                for navn, regel in f.hendelser.items()
            },
        }
        for f in register.alle()
    ]
    if som_json:
        skriv_json(rader)
        return
    tabell(
        ["Navn", "Tittel", "Tilstander", "Hendelser"],
        ([r["navn"], r["tittel"], ", ".join(r["tilstander"]), ", ".join(r["hendelser"])]
         for r in rader),
    )  # fmt: skip


@arbeidsflyt_app.command("diagram")
@kommando
def diagram(
    ctx: typer.Context,
    navn: str,
    format_: Annotated[str, typer.Option("--format", help="mermaid, dot eller svg.")] = "mermaid",
    ut: Annotated[Path | None, typer.Option(help="Skriv til fil i stedet for skjermen.")] = None,
) -> None:
    """Tegn en arbeidsflyt som Mermaid, Graphviz DOT eller SVG."""
    with oppstart():
        from statemachine.contrib.diagram import DotGraphMachine, MermaidGraphMachine
    maskin = kontekst(ctx).app(klargjor=False).miljo.register.hent(navn).maskin
    if format_ not in FORMATER:
        raise UgyldigFelt("--format", f"må være en av {', '.join(FORMATER)}")
    if format_ == "mermaid":
        innhold: str | bytes = MermaidGraphMachine(maskin).get_mermaid()
    elif format_ == "dot":
        innhold = DotGraphMachine(maskin).get_graph().to_string()
    else:
        if shutil.which("dot") is None:
            raise UgyldigFelt("--format", "svg krever Graphviz (dot); bruk --format mermaid")
        innhold = DotGraphMachine(maskin).get_graph().create_svg()
    if ut is None:
        linje(innhold.decode("utf-8") if isinstance(innhold, bytes) else innhold)
    elif isinstance(innhold, bytes):
        ut.write_bytes(innhold)
    else:
        ut.write_text(innhold, encoding="utf-8")
