"""`tilskudd fsu foreslaa` and `tilskudd avtale …`."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from typing import Annotated

import typer

from tilskudd_flow.cli.kontekst import handling, kommando, skriv_json
from tilskudd_flow.cli.oppstartsfase import oppstart
from tilskudd_flow.cli.visning import linje, tabell
from tilskudd_flow.domain.datoer import UgyldigDato, parse_dato
from tilskudd_flow.domain.feil import UgyldigFelt
from tilskudd_flow.domain.kodeverk import FsuType

# The services (and through them the ORM) are imported in the commands, inside the start-up
# block, so a command's `--help` imports none of them (issue 22).

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
    with oppstart():
        from tilskudd_flow.samarbeid.handlinger import foreslaa_utvalg
    try:
        fsu_type = FsuType(type_)
    except ValueError:
        raise UgyldigFelt("--type", "må være fast eller midlertidig") from None
    sak_id = foreslaa_utvalg(handling(ctx), navn=navn, type_=fsu_type, mandat=mandat,
                             begrunnelse=begrunnelse)  # fmt: skip
    linje(f"FSU «{navn}» er foreslått som sak {sak_id}.")


@avtale_app.command("liste")
@kommando
def liste(ctx: typer.Context, som_json: JSON = False) -> None:
    """List avtalene med nyeste versjon."""
    with oppstart():
        from tilskudd_flow.samarbeid.handlinger import avtaleliste
    rader = [asdict(a) for a in avtaleliste(handling(ctx))]
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
    dato: Annotated[
        str | None, typer.Option(help="Per dato, f.eks. 01.09.2025 (standard: i dag).")
    ] = None,
    som_json: JSON = False,
) -> None:
    """Hvilken versjon gjelder for hver part (og hvilken som venter)."""
    with oppstart():
        from tilskudd_flow.samarbeid.handlinger import avtalestatus
    svar = avtalestatus(handling(ctx), avtale_id, _dato(dato))
    rader = svar.parter
    if som_json:
        skriv_json([asdict(r) for r in rader])
        return
    tabell(
        ["Part", "Gjeldende versjon", "I kraft fra", "Ny versjon venter"],
        ([r.part, r.versjon, r.i_kraft_fra, r.venter_pa or ""] for r in rader),
        tittel=f"{svar.tittel} per {svar.dag.isoformat()}",
    )


@avtale_app.command("revisjon")
@kommando
def revisjon(
    ctx: typer.Context,
    avtale_id: int,
    aar: Annotated[int, typer.Option(help="Revisjonsåret (innspill til 1. juni samme år).")],
) -> None:
    """Opprett årets revisjonssak for en avtale."""
    with oppstart():
        from tilskudd_flow.samarbeid.handlinger import ny_avtalerevisjon
    sak_id = ny_avtalerevisjon(handling(ctx), avtale_id, aar)
    linje(f"Revisjonssak for {aar} er opprettet som sak {sak_id}.")


def _dato(tekst: str | None) -> date | None:
    if not tekst:
        return None
    try:
        return parse_dato(tekst)
    except UgyldigDato as feil:
        raise UgyldigFelt("--dato", str(feil)) from None
