"""`tilskudd fsu foreslaa` and `tilskudd avtale …`."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated

import typer

from tilskudd_flow.cli.kontekst import kommando, skriv_json, som_bruker
from tilskudd_flow.cli.visning import linje, tabell
from tilskudd_flow.domain.feil import UgyldigFelt
from tilskudd_flow.domain.kodeverk import FsuType
from tilskudd_flow.domain.tid import dato_i_oslo
from tilskudd_flow.samarbeid.avtaler import (
    hent_avtale,
    list_avtaler,
    opprett_revisjon,
    tiltredelsesstatus,
)
from tilskudd_flow.samarbeid.fsu import foreslaa_fsu

fsu_app = typer.Typer(help="Faglige samarbeidsutvalg.", no_args_is_help=True)
avtale_app = typer.Typer(help="Samarbeidsavtalen og tjenesteavtalene.", no_args_is_help=True)

JSON = Annotated[bool, typer.Option("--json", help="Skriv ut som JSON.")]


@fsu_app.command("foreslaa")
@kommando
def foreslaa(
    ctx: typer.Context,
    navn: Annotated[str, typer.Option(help="FSU-ets navn.")],
    type_: Annotated[str, typer.Option("--type", help="fast eller midlertidig.")] = "fast",
    mandat: Annotated[str, typer.Option(help="Utkast til mandat.")] = "",
    begrunnelse: Annotated[str, typer.Option(help="Hvorfor utvalget foreslås.")] = "",
) -> None:
    """Foreslå et nytt FSU (saken starter som foreslått)."""
    try:
        fsu_type = FsuType(type_)
    except ValueError:
        raise UgyldigFelt("--type", "må være fast eller midlertidig") from None
    with som_bruker(ctx, skriv=True) as okt:
        sak_id = foreslaa_fsu(
            okt.session, okt.app.miljo, aktor=okt.aktor, navn=navn, type_=fsu_type, mandat=mandat,
            begrunnelse=begrunnelse,
        )  # fmt: skip
        okt.uow.commit()
    linje(f"FSU «{navn}» er foreslått som sak {sak_id}.")


@avtale_app.command("liste")
@kommando
def liste(ctx: typer.Context, som_json: JSON = False) -> None:
    """List avtalene med nyeste versjon."""
    with som_bruker(ctx) as okt:
        rader = [
            {"id": a.id, "type": a.type.value, "nummer": a.nummer, "tittel": a.tittel,
             "nyeste_versjon": max((v.versjon for v in a.versjoner), default=None),
             "parter": len(a.parter)}
            for a in list_avtaler(okt.session, okt.aktor.helsefellesskap_id)
        ]  # fmt: skip
    if som_json:
        skriv_json(rader)
        return
    tabell(
        ["Id", "Type", "Nr.", "Tittel", "Nyeste versjon", "Parter"],
        ([r["id"], r["type"], r["nummer"] or "", r["tittel"], r["nyeste_versjon"], r["parter"]]
         for r in rader),
    )  # fmt: skip


@avtale_app.command("status")
@kommando
def status(
    ctx: typer.Context,
    avtale_id: int,
    dato: Annotated[str | None, typer.Option(help="Per dato ÅÅÅÅ-MM-DD (standard: i dag).")] = None,
    som_json: JSON = False,
) -> None:
    """Hvilken versjon gjelder for hver part (og hvilken som venter)."""
    with som_bruker(ctx) as okt:
        dag = date.fromisoformat(dato) if dato else dato_i_oslo(okt.naa)
        avtale = hent_avtale(okt.session, okt.aktor.helsefellesskap_id, avtale_id)
        tittel = avtale.tittel
        rader = tiltredelsesstatus(avtale, dag)
    if som_json:
        skriv_json([asdict(r) for r in rader])
        return
    tabell(
        ["Part", "Gjeldende versjon", "I kraft fra", "Ny versjon venter"],
        ([r.part, r.versjon, r.i_kraft_fra, r.venter_pa or ""] for r in rader),
        tittel=f"{tittel} per {dag.isoformat()}",
    )


@avtale_app.command("revisjon")
@kommando
def revisjon(
    ctx: typer.Context,
    avtale_id: int,
    aar: Annotated[int, typer.Option(help="Revisjonsåret (innspill til 1. juni samme år).")],
) -> None:
    """Opprett årets revisjonssak for en avtale."""
    with som_bruker(ctx, skriv=True) as okt:
        sak_id = opprett_revisjon(
            okt.session, okt.app.miljo, aktor=okt.aktor, avtale_id=avtale_id, aar=aar
        )
        okt.uow.commit()
    linje(f"Revisjonssak for {aar} er opprettet som sak {sak_id}.")
