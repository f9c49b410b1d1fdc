"""`tilskudd ssu-medlem …` (the member register) and `tilskudd mote …` (meetings: plan,
saksliste, innkalling, forfall, attendance, papers). The meeting's later steps (held,
referat, høring, published) are workflow events: `tilskudd sak hendelse MOTE-ID …`."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from tilskudd_flow.cli.kontekst import handling, kommando, skriv_json, tolk_tidspunkt
from tilskudd_flow.cli.oppstartsfase import oppstart
from tilskudd_flow.cli.visning import linje, tabell
from tilskudd_flow.domain import norsk
from tilskudd_flow.domain.datoer import UgyldigDato, parse_dato
from tilskudd_flow.domain.feil import UgyldigFelt
from tilskudd_flow.domain.kodeverk import Motetype, Side, Verv

# The services (and through them the ORM) are imported in the commands, inside the start-up
# block, so a command's `--help` imports none of them (issue 22).

ssu_medlem_app = typer.Typer(help="SSUs medlemsregister.", no_args_is_help=True)
mote_app = typer.Typer(help="Møter: SSU, Dialog- og partnerskapsmøtet, FSU.", no_args_is_help=True)

JSON = Annotated[bool, typer.Option("--json", help="Skriv ut som JSON.")]


Valg = TypeVar("Valg", Side, Verv, Motetype)


def _valg(enum: type[Valg], verdi: str, felt: str) -> Valg:
    try:
        return enum(verdi)
    except ValueError:
        raise UgyldigFelt(felt, "må være " + " eller ".join(e.value for e in enum)) from None


def _dato(tekst: str | None, felt: str) -> date | None:
    if not tekst:
        return None
    try:
        return parse_dato(tekst)
    except UgyldigDato as feil:
        raise UgyldigFelt(felt, str(feil)) from None


@ssu_medlem_app.command("ny")
@kommando
def ny_medlem(
    ctx: typer.Context,
    navn: str,
    epost: Annotated[str, typer.Option(help="Medlemmets e-post.")],
    side: Annotated[str, typer.Option(help="kommune eller helseforetak.")],
    organisasjon: Annotated[str, typer.Option(help="Kommune eller helseforetak.")] = "",
    tittel: Annotated[str, typer.Option(help="Stilling.")] = "",
    verv: Annotated[str, typer.Option(help="medlem, leder eller nestleder.")] = "medlem",
    vara_for: Annotated[str, typer.Option(help="E-posten til medlemmet en vara er vara for.")] = "",
    fra: Annotated[
        str | None, typer.Option(help="Første dag (ÅÅÅÅ-MM-DD); standard i dag.")
    ] = None,
) -> None:
    """Registrer et medlem eller en vara for fire år."""
    with oppstart():
        from tilskudd_flow.ssu.ssu_medlemmer import NyttMedlem, registrer_medlem
    h = handling(ctx)
    nytt = NyttMedlem(navn=navn, epost=epost, side=_valg(Side, side, "--side"),
                      organisasjon=organisasjon, tittel=tittel, verv=_valg(Verv, verv, "--verv"),
                      vara_for=vara_for, fra=_dato(fra, "--fra"))  # fmt: skip
    medlem = registrer_medlem(nytt, uow=h.ny_uow(), miljo=h.miljo, brukernavn=h.brukernavn)
    linje(f"{medlem.navn} er registrert i SSU ({medlem.verv.lower()}, {medlem.side.lower()}"
          f"siden) fra {medlem.fra} til {medlem.til}.")  # fmt: skip


@ssu_medlem_app.command("liste")
@kommando
def liste_medlemmer(
    ctx: typer.Context,
    dato: Annotated[str | None, typer.Option(help="Medlemmer på denne datoen.")] = None,
    som_json: JSON = False,
) -> None:
    """Medlemmer og vara på en dato: leder, nestleder, medlemmer, vara."""
    with oppstart():
        from tilskudd_flow.ssu.handlinger import ssu_medlemmene
    medlemmer = ssu_medlemmene(handling(ctx), _dato(dato, "--dato"))
    if som_json:
        skriv_json([m.som_dict() for m in medlemmer])
        return
    tabell(["Navn", "Verv", "Side", "Organisasjon", "Vara for", "Fra", "Til"],
           ([m.navn, m.verv, m.side, m.organisasjon, m.vara_for, m.fra, m.til]
            for m in medlemmer))  # fmt: skip


@ssu_medlem_app.command("ledelse")
@kommando
def ledelse(
    ctx: typer.Context,
    leder: Annotated[str, typer.Option(help="Lederens e-post.")],
    nestleder: Annotated[str, typer.Option(help="Nestlederens e-post.")],
    fra: Annotated[str, typer.Option(help="Første dag i toårsperioden (ÅÅÅÅ-MM-DD).")],
) -> None:
    """Velg leder og nestleder for en toårsperiode (sidene bytter hvert andre år)."""
    with oppstart():
        from tilskudd_flow.ssu.ssu_medlemmer import velg_ledelse
    h = handling(ctx)
    dag = _dato(fra, "--fra")
    assert dag is not None
    velg_ledelse(leder=leder, nestleder=nestleder, fra=dag, uow=h.ny_uow(), miljo=h.miljo,
                 brukernavn=h.brukernavn)  # fmt: skip
    linje(f"Ledelsen fra {dag} er registrert.")


@mote_app.command("ny")
@kommando
def ny_mote(
    ctx: typer.Context,
    type_: Annotated[
        str, typer.Option("--type", help="ssu, ssu_ekstraordinaert, dialog_partnerskap, fsu.")
    ],
    start: Annotated[str, typer.Option(help="Start, f.eks. 2025-09-09T09:00 (Oslo-tid).")],
    slutt: Annotated[str, typer.Option(help="Slutt, f.eks. 2025-09-09T15:00.")],
    sted: Annotated[str, typer.Option(help="Møtested.")] = "",
    video: Annotated[str, typer.Option(help="Lenke til videomøtet.")] = "",
    tittel: Annotated[str, typer.Option(help="Standard: møtetype og dato.")] = "",
    fsu: Annotated[int | None, typer.Option(help="FSU-ets saksnummer (for et FSU-møte).")] = None,
    som_json: JSON = False,
) -> None:
    """Planlegg et møte; fristen for sakspapirene settes ut fra møtetypen."""
    with oppstart():
        from tilskudd_flow.ssu.moter import Motebestilling, planlegg_mote
    h = handling(ctx)
    try:
        fra, til = tolk_tidspunkt(start), tolk_tidspunkt(slutt)
    except ValueError:
        raise UgyldigFelt("--start/--slutt", "skriv tidspunktet som 2025-09-09T09:00") from None
    assert fra is not None and til is not None
    bestilling = Motebestilling(_valg(Motetype, type_, "--type"), fra, til, sted, video, tittel,
                                fsu)  # fmt: skip
    mote_id = planlegg_mote(bestilling, uow=h.ny_uow(), miljo=h.miljo, brukernavn=h.brukernavn)
    if som_json:
        skriv_json({"id": mote_id})
        return
    linje(f"Møtet er planlagt som sak {mote_id} (MOTE-{mote_id}).")


@mote_app.command("plan")
@kommando
def plan(
    ctx: typer.Context,
    aar: Annotated[int | None, typer.Option(help="År; standard i år.")] = None,
    som_json: JSON = False,
) -> None:
    """Årets møteplan."""
    with oppstart():
        from tilskudd_flow.ssu.handlinger import moteplanen
    rader = moteplanen(handling(ctx), aar).rader
    if som_json:
        skriv_json([r.__dict__ for r in rader])
        return
    tabell(["Sak", "Møte", "Tid", "Sted", "Status", "Saker", "Papirfrist"],
           ([f"MOTE-{r.id}", r.tittel, r.tid, r.sted, r.tilstand, r.saker, r.papirfrist]
            for r in rader))  # fmt: skip


@mote_app.command("saksliste")
@kommando
def saksliste(ctx: typer.Context, mote_id: int, saker: list[str]) -> None:
    """Sett saker («Sak 23-2025», «23/2025») på møtets saksliste, i denne rekkefølgen."""
    with oppstart():
        from tilskudd_flow.ssu.moter import sett_paa_saksliste
    # `saker` (SSU saker by number) is named for the help text, which shows the name.
    h = handling(ctx)
    for ssu_sak in saker:
        linje(sett_paa_saksliste(mote_id, ssu_sak, uow=h.ny_uow(), miljo=h.miljo,
                                 brukernavn=h.brukernavn))  # fmt: skip


@mote_app.command("innkall")
@kommando
def innkall(ctx: typer.Context, mote_id: int) -> None:
    """Send innkallingen med sakspapirer og kalenderinvitasjon til medlemmene (vara ved forfall)."""
    with oppstart():
        from tilskudd_flow.ssu.moter import send_innkalling
    h = handling(ctx)
    resultat = send_innkalling(mote_id, uow=h.ny_uow(), miljo=h.miljo, brukernavn=h.brukernavn)
    hva = "Oppdatert innkalling" if resultat.oppdatering else "Innkallingen"
    til = norsk.antall(len(resultat.mottakere), "mottaker", "mottakere")
    linje(f"{hva} er lagt i utboksen til {til}, med "
          f"{', '.join(resultat.vedlegg)}.")  # fmt: skip


@mote_app.command("avlys-mote")
@kommando
def avlys(
    ctx: typer.Context,
    mote_id: int,
    begrunnelse: Annotated[str, typer.Option(help="Hvorfor møtet avlyses.")],
) -> None:
    """Avlys møtet; alle som er kalt inn får avlysningen, også i kalenderen."""
    with oppstart():
        from tilskudd_flow.ssu.moter import avlys_mote
    h = handling(ctx)
    antall = avlys_mote(mote_id, begrunnelse, uow=h.ny_uow(), miljo=h.miljo,
                        brukernavn=h.brukernavn)  # fmt: skip
    til = norsk.antall(antall, "mottaker", "mottakere")
    linje(f"Møtet er avlyst. Avlysningen er lagt i utboksen til {til}.")


@mote_app.command("forfall")
@kommando
def forfall(
    ctx: typer.Context,
    mote_id: int,
    epost: Annotated[str, typer.Option(help="Hvem som har forfall; standard deg selv.")] = "",
) -> None:
    """Meld forfall; medlemmets vara kalles inn."""
    with oppstart():
        from tilskudd_flow.ssu.moter import meld_forfall
    h = handling(ctx)
    linje(meld_forfall(mote_id, epost=epost, uow=h.ny_uow(), miljo=h.miljo,
                       brukernavn=h.brukernavn))  # fmt: skip


@mote_app.command("oppmote")
@kommando
def oppmote(ctx: typer.Context, mote_id: int, til_stede: list[str]) -> None:
    """Registrer hvem som møtte (e-postadresser)."""
    with oppstart():
        from tilskudd_flow.ssu.moter import registrer_oppmote
    h = handling(ctx)
    registrer_oppmote(mote_id, til_stede, uow=h.ny_uow(), miljo=h.miljo, brukernavn=h.brukernavn)
    linje(f"Oppmøtet er registrert: {len(til_stede)} til stede.")


@mote_app.command("dokument")
@kommando
def dokument(
    ctx: typer.Context,
    mote_id: int,
    hva: Annotated[str, typer.Option(help="innkalling eller referat.")] = "innkalling",
    format_: Annotated[str, typer.Option("--format", help="pdf eller docx.")] = "pdf",
    ut: Annotated[Path | None, typer.Option(help="Filen som skrives.")] = None,
) -> None:
    """Skriv møtets innkalling eller referat som PDF eller Word."""
    with oppstart():
        from tilskudd_flow.ssu.dokumentfiler import MOTEFORMATER, MOTEPAPIRER, motepapir_fil
    if hva not in MOTEPAPIRER or format_ not in MOTEFORMATER:
        raise UgyldigFelt("--hva/--format", "velg innkalling eller referat, pdf eller docx")
    h = handling(ctx)
    fil = motepapir_fil(mote_id, hva, format_, uow=h.ny_uow(skriv=False), miljo=h.miljo,
                        brukernavn=h.brukernavn)  # fmt: skip
    mal = ut or Path(f"{hva}-{mote_id}.{format_}")
    mal.write_bytes(fil.innhold)
    linje(f"Skrev {mal}.")
