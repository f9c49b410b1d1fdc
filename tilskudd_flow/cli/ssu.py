"""`tilskudd ssu-sak ny|liste`: SSU's saker with their numbers."""

from __future__ import annotations

from typing import Annotated

import typer

from tilskudd_flow.cli.kontekst import kommando, kontekst, skriv_json, som_bruker
from tilskudd_flow.cli.visning import linje, tabell
from tilskudd_flow.domain.feil import UgyldigFelt
from tilskudd_flow.domain.kodeverk import Sakstype
from tilskudd_flow.domain.saksnummer import Form
from tilskudd_flow.service.ssu_saker import list_ssu_saker, registrer_sak

ssu_sak_app = typer.Typer(help="SSUs saker: nummer, type, eier.", no_args_is_help=True)

JSON = Annotated[bool, typer.Option("--json", help="Skriv ut som JSON.")]
FORMER: tuple[Form, ...] = ("sak", "skrastrek", "kort")


@ssu_sak_app.command("ny")
@kommando
def ny(
    ctx: typer.Context,
    tittel: str,
    type_: Annotated[
        str, typer.Option("--type", help="orienteringssak, droftingssak eller beslutningssak.")
    ],
    eier: Annotated[str, typer.Option(help="Hvem som eier saken.")] = "",
    nummer: Annotated[
        str | None, typer.Option(help="«Sak 23-2025», «23/2025» eller «23/25» (standard: neste).")
    ] = None,
    gjelder: Annotated[
        list[str] | None, typer.Option(help="Sak saken gjelder, f.eks. RS-2 (kan gjentas).")
    ] = None,
    som_json: JSON = False,
) -> None:
    """Registrer en sak til SSU med neste ledige nummer i året, eller nummeret den har fått."""
    try:
        sakstype = Sakstype(type_)
    except ValueError:
        raise UgyldigFelt(
            "--type", "må være orienteringssak, droftingssak eller beslutningssak"
        ) from None
    k = kontekst(ctx)
    app = k.app()
    sak = registrer_sak(tittel=tittel, type_=sakstype, eier=eier, nummer=nummer,
                        gjelder=gjelder or [], uow=app.uow(), miljo=app.miljo,
                        brukernavn=k.bruker())  # fmt: skip
    if som_json:
        skriv_json(sak.som_dict())
        return
    linje(f"{sak.saksnummer.vis()}: {sak.tittel} ({sak.type.lower()}) er registrert.")


@ssu_sak_app.command("liste")
@kommando
def liste(
    ctx: typer.Context,
    aar: Annotated[int | None, typer.Option(help="Bare saker fra dette året.")] = None,
    form: Annotated[
        str,
        typer.Option(help="Nummer som sak (Sak 23-2025), skrastrek (23/2025) eller kort (23/25)."),
    ] = "sak",
    som_json: JSON = False,
) -> None:
    """List SSUs saker i nummerrekkefølge."""
    if form not in FORMER:
        raise UgyldigFelt("--form", "må være sak, skrastrek eller kort")
    with som_bruker(ctx) as okt:
        saker = list_ssu_saker(okt.session, okt.app.miljo.register, okt.aktor, aar=aar)
    if som_json:
        skriv_json([s.som_dict() for s in saker])
        return
    tabell(
        ["Saksnr.", "Tittel", "Type", "Eier", "Gjelder"],
        ([s.saksnummer.vis(form), s.tittel, s.type, s.eier, "; ".join(s.gjelder)]
         for s in saker),
    )  # fmt: skip
