"""`tilskudd ssu-sak …`: SSU's saker with their numbers, saksfremlegg, vedtak and the saker
reported in through the web."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tilskudd_flow.cli.kontekst import handling, kommando, skriv_json
from tilskudd_flow.cli.oppstartsfase import oppstart
from tilskudd_flow.cli.visning import linje, tabell
from tilskudd_flow.domain.feil import UgyldigFelt
from tilskudd_flow.domain.kodeverk import Sakstype
from tilskudd_flow.domain.saksnummer import Form

# The services (and through them the ORM) are imported in the commands, inside the start-up
# block, so a command's `--help` imports none of them (issue 22).

ssu_sak_app = typer.Typer(help="SSUs saker: nummer, type, eier.", no_args_is_help=True)

JSON = Annotated[bool, typer.Option("--json", help="Skriv ut som JSON.")]
FORMER: tuple[Form, ...] = ("sak", "skrastrek", "kort")


def _sakstype(type_: str) -> Sakstype:
    try:
        return Sakstype(type_)
    except ValueError:
        raise UgyldigFelt(
            "--type", "må være orienteringssak, droftingssak eller beslutningssak"
        ) from None


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
        list[str] | None,
        typer.Option(
            help="Sak saken gjelder, f.eks. RS-2, eller FSU-1:oppnevn når vedtaket "
            "skal flytte den (kan gjentas)."
        ),
    ] = None,
    prioriteringsliste: Annotated[
        int | None, typer.Option(help="Vedtaket vedtar prioriteringslisten for dette året.")
    ] = None,
    som_json: JSON = False,
) -> None:
    """Registrer en sak til SSU med neste ledige nummer i året, eller nummeret den har fått."""
    with oppstart():
        from tilskudd_flow.ssu.ssu_saker import registrer_ssu_sak
    sakstype = _sakstype(type_)
    h = handling(ctx)
    ssu_sak = registrer_ssu_sak(tittel=tittel, type_=sakstype, eier=eier, nummer=nummer,
                                gjelder=gjelder or [], prioriteringsliste_aar=prioriteringsliste,
                                uow=h.ny_uow(), miljo=h.miljo,
                                brukernavn=h.brukernavn)  # fmt: skip
    if som_json:
        skriv_json(ssu_sak.som_dict())
        return
    linje(f"{ssu_sak.saksnummer.vis()}: {ssu_sak.tittel} ({ssu_sak.type.lower()}) er registrert.")


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
    with oppstart():
        from tilskudd_flow.ssu.handlinger import ssu_sakene
    if form not in FORMER:
        raise UgyldigFelt("--form", "må være sak, skrastrek eller kort")
    ssu_saker = ssu_sakene(handling(ctx), aar)
    if som_json:
        skriv_json([s.som_dict() for s in ssu_saker])
        return
    tabell(
        ["Saksnr.", "Tittel", "Type", "Eier", "Gjelder"],
        ([s.saksnummer.vis(form), s.tittel, s.type, s.eier, "; ".join(s.gjelder)]
         for s in ssu_saker),
    )  # fmt: skip


@ssu_sak_app.command("fremlegg")
@kommando
def fremlegg(
    ctx: typer.Context,
    saksnummer: str,
    innstilling: Annotated[str, typer.Option(help="Forslag til vedtak, ett punkt per linje.")] = "",
    saksopplysninger: Annotated[str, typer.Option(help="Bakgrunn og saksopplysninger.")] = "",
    vurdering: Annotated[str, typer.Option(help="Sekretariatets vurdering.")] = "",
    vedlegg: Annotated[str, typer.Option(help="Vedlegg, ett per linje.")] = "",
) -> None:
    """Skriv saksfremlegget (innstilling, saksopplysninger, vurdering, vedlegg)."""
    with oppstart():
        from tilskudd_flow.ssu.ssu_saker import Saksinnhold, skriv_saksfremlegg
    h = handling(ctx)
    innhold = Saksinnhold(innstilling.replace("\\n", "\n"), saksopplysninger, vurdering,
                          vedlegg.replace("\\n", "\n"))  # fmt: skip
    skriv_saksfremlegg(saksnummer, innhold, uow=h.ny_uow(), miljo=h.miljo,
                       brukernavn=h.brukernavn)  # fmt: skip
    linje(f"Saksfremlegget til {saksnummer} er lagret.")


@ssu_sak_app.command("dokument")
@kommando
def dokument(
    ctx: typer.Context,
    saksnummer: str,
    format_: Annotated[str, typer.Option("--format", help="html, pdf eller docx.")] = "pdf",
    ut: Annotated[Path | None, typer.Option(help="Filen som skrives.")] = None,
) -> None:
    """Skriv saksfremlegget som HTML, PDF eller Word."""
    with oppstart():
        from tilskudd_flow.ssu.dokumentfiler import SAKSFREMLEGG, saksfremlegg_fil
    if format_ not in SAKSFREMLEGG:
        raise UgyldigFelt("--format", "må være html, pdf eller docx")
    h = handling(ctx)
    fil = saksfremlegg_fil(saksnummer, format_, uow=h.ny_uow(skriv=False), miljo=h.miljo,
                           brukernavn=h.brukernavn)  # fmt: skip
    mal = ut or Path(fil.filnavn)
    mal.write_bytes(fil.innhold)
    linje(f"Skrev {mal}.")


@ssu_sak_app.command("vedtak")
@kommando
def vedtak(
    ctx: typer.Context,
    saksnummer: str,
    tekst: Annotated[str, typer.Option(help="Vedtaket, om det ikke er «Forslaget vedtas.».")] = "",
) -> None:
    """Før SSUs vedtak i saken; en beslutningssak flytter sakene den gjelder."""
    with oppstart():
        from tilskudd_flow.ssu.ssu_vedtak import registrer_vedtak
    h = handling(ctx)
    resultat = registrer_vedtak(saksnummer, tekst, uow=h.ny_uow(), miljo=h.miljo,
                                brukernavn=h.brukernavn)  # fmt: skip
    linje(f"{resultat.saksnummer}: {resultat.vedtak}")
    for overgang in resultat.overganger:
        linje(f"  {overgang}")


@ssu_sak_app.command("innmeldinger")
@kommando
def innmeldinger(ctx: typer.Context, som_json: JSON = False) -> None:
    """Saker meldt inn gjennom nettskjemaet."""
    with oppstart():
        from tilskudd_flow.ssu.handlinger import innmeldingene
    rader = innmeldingene(handling(ctx))
    if som_json:
        skriv_json([r.__dict__ for r in rader])
        return
    tabell(["Id", "Tittel", "Meldt inn av", "Mottatt", "Status"],
           ([r.id, r.tittel, r.innmeldt_av, r.mottatt_vist, r.status] for r in rader))  # fmt: skip


@ssu_sak_app.command("ta-opp")
@kommando
def ta_opp_innmelding(
    ctx: typer.Context,
    innmelding: int,
    type_: Annotated[
        str, typer.Option("--type", help="orienteringssak, droftingssak eller beslutningssak.")
    ],
    eier: Annotated[str, typer.Option(help="Hvem som eier saken.")] = "",
    nummer: Annotated[str | None, typer.Option(help="Standard: neste ledige.")] = None,
) -> None:
    """Ta opp en innmeldt sak: den får type, eier og nummer."""
    with oppstart():
        from tilskudd_flow.ssu.sak_innmelding import ta_opp
    h = handling(ctx)
    ssu_sak = ta_opp(innmelding, type_=_sakstype(type_), eier=eier, nummer=nummer,
                     uow=h.ny_uow(), miljo=h.miljo, brukernavn=h.brukernavn)  # fmt: skip
    linje(f"{ssu_sak.saksnummer.vis()}: {ssu_sak.tittel} ({ssu_sak.type.lower()}) er registrert.")


@kommando
def arkivuttrekk(
    ctx: typer.Context,
    sak: Annotated[str, typer.Argument(help="En SSU-sak («Sak 23-2025») eller en sak (RS-2, 2).")],
    ut: Annotated[Path | None, typer.Option(help="ZIP-filen som skrives.")] = None,
) -> None:
    """Noark 5-uttrekk av en sak med dokumenter og historikk, til arkivering i Elements."""
    with oppstart():
        from tilskudd_flow.drift.handlinger import arkivuttrekk_sak, arkivuttrekk_ssu_saksnummer
        from tilskudd_flow.motor.handlinger import sak_ved_referanse
        from tilskudd_flow.motor.saksreferanse import er_saksreferanse
    h = handling(ctx)
    if er_saksreferanse(sak):
        sak_id = sak_ved_referanse(h, sak)
        innhold = arkivuttrekk_sak(h, sak_id)
        navn = f"arkivuttrekk-{sak.upper() if '-' in sak else sak_id}.zip"
    else:
        saksnummer, innhold = arkivuttrekk_ssu_saksnummer(h, sak)
        navn = f"arkivuttrekk-{saksnummer.vis('skrastrek').replace('/', '-')}.zip"
    mal = ut or Path(navn)
    mal.write_bytes(innhold)
    linje(f"Skrev {mal} (Noark 5, kontrollert mot Arkivverkets skjemaer).")
