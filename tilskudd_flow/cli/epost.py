"""`tilskudd epost …` (delivery and the local mail sink) and `tilskudd mal …` (proofreading)."""

from __future__ import annotations

import logging
import os
import signal
import socket
from typing import TYPE_CHECKING, Annotated

import typer

from tilskudd_flow.cli.kontekst import kommando, kontekst, skriv_json
from tilskudd_flow.cli.oppstartsfase import oppstart
from tilskudd_flow.cli.visning import linje, tabell
from tilskudd_flow.domain.feil import IkkeFunnet
from tilskudd_flow.loggoppsett import sett_opp_logging

# The services (and through them the ORM) are imported in the commands, inside the start-up
# block, so a command's `--help` imports none of them (issue 22).
if TYPE_CHECKING:
    from tilskudd_flow.adapters.smtp import Utfall
    from tilskudd_flow.motor.levering import Batchresultat, Etterkrok

epost_app = typer.Typer(help="Levering av e-post og den lokale e-postoppsamleren.",
                        no_args_is_help=True)  # fmt: skip
mal_app = typer.Typer(help="E-postmalene: se dem med eksempeldata.", no_args_is_help=True)

JSON = Annotated[bool, typer.Option("--json", help="Skriv ut som JSON.")]
# Test-only: kill the process with SIGKILL after a batch is sent, before it is recorded.
TESTKROK = "TILSKUDD_TESTKROK_DREP_ETTER_SENDING"
logger = logging.getLogger("tilskudd_flow.epost")


def arbeidernavn() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


@epost_app.command("send")
@kommando
def send(ctx: typer.Context) -> None:
    """Send det som ligger klart i utboksen nå."""
    with oppstart():
        from tilskudd_flow.bootstrap import epostlevering
    app = kontekst(ctx).app()
    with epostlevering(app, arbeidernavn()) as levering:
        levering.etter_sending = _testkrok()
        resultat = levering.tom_koen()
    linje(_oppsummer(resultat))


@epost_app.command("start")
@kommando
def start(ctx: typer.Context) -> None:
    """Start e-postleveringen som egen prosess."""
    with oppstart():
        from tilskudd_flow.adapters.tidsplan import kjor_hvert
        from tilskudd_flow.bootstrap import epostlevering
    sett_opp_logging()
    app = kontekst(ctx).app()
    with epostlevering(app, arbeidernavn()) as levering:
        levering.etter_sending = _testkrok()

        def tikk() -> None:
            resultat = levering.tom_koen()
            if resultat.antall:
                logger.info(_oppsummer(resultat))

        logger.info("E-postleveringen går")
        kjor_hvert([(app.innstillinger.epost.intervall_sekunder, tikk)])


@epost_app.command("innboks")
@kommando
def innboks(ctx: typer.Context, som_json: JSON = False) -> None:
    """List e-postene den lokale oppsamleren har tatt imot (når ingen SMTP-tjener er satt)."""
    with oppstart():
        from tilskudd_flow.adapters.epostoppsamler import les_innboks
    mappe = kontekst(ctx).app(klargjor=False).innstillinger.data_dir / "epost"
    rader = [
        {"nr": nr, "fil": str(fil), "til": str(e["To"]), "emne": str(e["Subject"]),
         "dato": str(e["Date"]), "message_id": str(e["Message-ID"])}
        for nr, (fil, e) in enumerate(les_innboks(mappe), start=1)
    ]  # fmt: skip
    if som_json:
        skriv_json(rader)
        return
    tabell(
        ["Nr.", "Til", "Emne", "Dato"], ([r["nr"], r["til"], r["emne"], r["dato"]] for r in rader)
    )


@epost_app.command("les")
@kommando
def les(ctx: typer.Context, nr: int) -> None:
    """Skriv ut en e-post fra den lokale oppsamleren (nummer fra `epost innboks`)."""
    with oppstart():
        from tilskudd_flow.adapters.epostoppsamler import les_innboks
    mappe = kontekst(ctx).app(klargjor=False).innstillinger.data_dir / "epost"
    meldinger = les_innboks(mappe)
    if not 1 <= nr <= len(meldinger):
        raise IkkeFunnet(f"Oppsamleren har ingen e-post nummer {nr}")
    _, epost = meldinger[nr - 1]
    for felt in ("From", "To", "Reply-To", "Subject", "Date", "Message-ID"):
        if epost[felt]:
            linje(f"{felt}: {epost[felt]}")
    linje("")
    tekst = epost.get_body(preferencelist=("plain",))
    linje(tekst.get_content() if tekst is not None else "")


@mal_app.command("liste")
@kommando
def mal_liste(ctx: typer.Context) -> None:
    """List alle e-postmalene."""
    for navn in kontekst(ctx).app(klargjor=False).miljo.varsler.alle_maler():
        linje(navn)


@mal_app.command("vis")
@kommando
def mal_vis(
    ctx: typer.Context,
    navn: str,
    html: Annotated[bool, typer.Option("--html", help="Vis HTML-delen.")] = False,
) -> None:
    """Vis en mal fylt med eksempeldata (emne og tekst, eller HTML)."""
    with oppstart():
        from tilskudd_flow.motor.maleksempler import eksempelkontekst
    miljo = kontekst(ctx).app(klargjor=False).miljo
    if not miljo.varsler.finnes(navn):
        raise IkkeFunnet(f"Finner ingen mal «{navn}» (se tilskudd mal liste)")
    innhold = miljo.varsler.bygg(navn, eksempelkontekst(miljo.register, navn))
    linje(f"Emne: {innhold.emne}\n")
    linje(innhold.html if html else innhold.tekst)


def _oppsummer(resultat: Batchresultat) -> str:
    return (
        f"{resultat.sendt} sendt, {resultat.utsatt} utsatt (prøves igjen), "
        f"{resultat.feilet} feilet, {resultat.dode} gitt opp"
    )


def _testkrok() -> Etterkrok | None:
    if not os.environ.get(TESTKROK):
        return None

    def drep(_utfall: list[Utfall]) -> None:
        os.kill(os.getpid(), signal.SIGKILL)

    return drep
