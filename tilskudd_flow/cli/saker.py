"""`tilskudd saker`, `tilskudd sak vis|hendelse|historikk`: any workflow's cases."""

from __future__ import annotations

from dataclasses import asdict
from typing import Annotated

import typer

from tilskudd_flow.cli.kontekst import handling, kommando, skriv_json
from tilskudd_flow.cli.oppstartsfase import oppstart
from tilskudd_flow.cli.visning import linje, nokkelverdier, tabell
from tilskudd_flow.domain.feil import UgyldigFelt
from tilskudd_flow.domain.norsk import antall

# The services (and through them the ORM) are imported in the commands, inside the start-up
# block, so a command's `--help` imports none of them (issue 22).

sak_app = typer.Typer(help="Én sak: vis, utfør hendelse, historikk.", no_args_is_help=True)

JSON = Annotated[bool, typer.Option("--json", help="Skriv ut som JSON.")]
SAK = Annotated[
    str, typer.Argument(metavar="SAK", help="Saksnummeret (12) eller referansen (RS-12).")
]


@kommando
def saker(
    ctx: typer.Context,
    type_: Annotated[str | None, typer.Option("--type", help="Sakstype, f.eks. rs_soknad.")] = None,
    tilstand: Annotated[str | None, typer.Option(help="Bare saker i denne tilstanden.")] = None,
    aar: Annotated[
        int | None, typer.Option(help="Bare søknader i rundens år og avtalerevisjoner det året.")
    ] = None,
    som_json: JSON = False,
) -> None:
    """List saker du har tilgang til, med tilstand."""
    with oppstart():
        from tilskudd_flow.motor.handlinger import Saksfilter, sakene
    rader = sakene(handling(ctx), Saksfilter(type_ or "", tilstand or "", aar))
    if som_json:
        skriv_json([asdict(r) for r in rader])
        return
    tabell(
        ["Id", "Ref.", "Type", "Tittel", "Tilstand", "Versjon", "Endret"],
        (
            [r.id, r.referanse, r.type, r.tittel, r.tilstandsnavn, r.versjon, r.endret]
            for r in rader
        ),
    )


@sak_app.command("vis")
@kommando
def vis(ctx: typer.Context, sak: SAK, som_json: JSON = False) -> None:
    """Vis en sak med detaljer og mulige hendelser."""
    with oppstart():
        from tilskudd_flow.motor.handlinger import sak_ved_referanse, saksbilde
    h = handling(ctx)
    visning = saksbilde(h, sak_ved_referanse(h, sak)).visning
    if som_json:
        skriv_json(visning.som_dict())
        return
    vist = visning.sak
    nokkelverdier(
        {
            "Tilstand": f"{vist.tilstandsnavn} ({vist.tilstand})",
            "Versjon": vist.versjon,
            **visning.detaljer,
        },
        tittel=f"{vist.referanse} {vist.tittel}",
    )
    linje("")
    tabell(
        ["Hendelse", "Navn", "Til", "Hvem", "Du kan", "Felt"],
        (
            [
                h.hendelse,
                h.navn,
                ", ".join(h.til),
                ", ".join(h.hvem),
                h.du_kan,
                ", ".join(f["navn"] + ("*" if f["pakrevd"] else "") for f in h.felt)
                + (" kommentar*" if h.kommentar_pakrevd else ""),
            ]
            for h in visning.mulige_hendelser
        ),
        tittel="Mulige hendelser (* = påkrevd)",
    )


@sak_app.command("hendelse")
@kommando
def hendelse(
    ctx: typer.Context,
    sak: SAK,
    hendelse_id: Annotated[str, typer.Argument(metavar="HENDELSE")],
    kommentar: Annotated[
        str, typer.Option("--kommentar", "-k", help="Kommentar/begrunnelse.")
    ] = "",
    felt: Annotated[
        list[str] | None, typer.Option("--felt", "-f", help="Felt som navn=verdi (kan gjentas).")
    ] = None,
    versjon: Annotated[
        int | None, typer.Option(help="Versjonen du så; avvises om saken er endret siden.")
    ] = None,
    som_json: JSON = False,
) -> None:
    """Utfør en hendelse på en sak som den oppgitte brukeren."""
    with oppstart():
        from tilskudd_flow.domain.visningsnavn import flyt_for_referanse, overgangstekst
        from tilskudd_flow.motor.handlinger import sak_ved_referanse
        from tilskudd_flow.motor.overganger import Hendelseskommando, utfor_hendelse
    h = handling(ctx)
    kommando_ = Hendelseskommando(
        sak_id=sak_ved_referanse(h, sak),
        hendelse=hendelse_id,
        kommentar=kommentar,
        felt=_felt(felt or []),
        forventet_versjon=versjon,
    )
    overgang = utfor_hendelse(kommando_, uow=h.ny_uow(), miljo=h.miljo, brukernavn=h.brukernavn)
    if som_json:
        skriv_json(asdict(overgang))
        return
    flyt = flyt_for_referanse(h.miljo.register, overgang.referanse)
    hva = overgangstekst(flyt, overgang.hendelse, overgang.fra, overgang.til)
    eposter = antall(len(overgang.utboks_ider), "e-post", "e-poster")
    linje(f"{overgang.referanse}: {hva} (versjon {overgang.versjon}, {eposter} i utboksen)")


@sak_app.command("opprett")
@kommando
def opprett(
    ctx: typer.Context,
    type_: Annotated[str, typer.Argument(metavar="TYPE", help="Sakstype (arbeidsflytens navn).")],
    tittel: Annotated[str, typer.Option(help="Sakens tittel.")],
) -> None:
    """Opprett en sak i en arbeidsflyt uten egne detaljer (andre har egne kommandoer)."""
    with oppstart():
        from tilskudd_flow.motor.handlinger import opprett_sak
    sak_id = opprett_sak(handling(ctx), workflow=type_, tittel=tittel)
    linje(f"Opprettet sak {sak_id}.")


@sak_app.command("historikk")
@kommando
def historikk_(ctx: typer.Context, sak: SAK, som_json: JSON = False) -> None:
    """Vis sakens historikk (revisjonsloggen)."""
    with oppstart():
        from tilskudd_flow.motor.handlinger import sak_ved_referanse, saksbilde
    h = handling(ctx)
    rader = saksbilde(h, sak_ved_referanse(h, sak)).historikk
    if som_json:
        skriv_json(rader)
        return
    tabell(
        ["Tidspunkt", "Hendelse", "Fra", "Til", "Bruker", "Kommentar"],
        ([r["tidspunkt"], r["hendelse"], r["fra"], r["til"], r["bruker"], r["kommentar"]]
         for r in rader),
    )  # fmt: skip


def _felt(par: list[str]) -> dict[str, str]:
    verdier: dict[str, str] = {}
    for element in par:
        navn, skille, verdi = element.partition("=")
        if not skille or not navn.strip():
            raise UgyldigFelt("--felt", f"«{element}» må skrives som navn=verdi")
        verdier[navn.strip()] = verdi
    return verdier
