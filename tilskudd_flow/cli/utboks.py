"""`tilskudd utboks`: the e-mails waiting in the outbox (delivery is a separate job)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from tilskudd_flow.cli.kontekst import handling, kommando, skriv_json
from tilskudd_flow.cli.oppstartsfase import oppstart
from tilskudd_flow.cli.visning import linje, nokkelverdier, tabell
from tilskudd_flow.domain.feil import UgyldigFelt
from tilskudd_flow.domain.kodeverk import OutboxStatus
from tilskudd_flow.domain.mottaker import synlig

# The services (and through them the ORM) are imported in the commands, inside the start-up
# block, so a command's `--help` imports none of them (issue 22).
if TYPE_CHECKING:
    from tilskudd_flow.motor.handling import Handling

utboks_app = typer.Typer(help="Utboksen: e-post som venter på sending.", no_args_is_help=True)

JSON = Annotated[bool, typer.Option("--json", help="Skriv ut som JSON.")]


@utboks_app.command("liste")
@kommando
def liste(
    ctx: typer.Context,
    sak: Annotated[
        str | None, typer.Option(help="Bare e-post for denne saken (12 eller RS-12).")
    ] = None,
    status: Annotated[
        str | None, typer.Option(help="klar, sendt, feilet, dod eller forkastet.")
    ] = None,
    som_json: JSON = False,
) -> None:
    """List e-post i utboksen."""
    with oppstart():
        from tilskudd_flow.motor.handlinger import utboksen
    h = handling(ctx)
    rader = utboksen(h, sak_id=_sak(h, sak), status=_status(status))
    if som_json:
        skriv_json(rader)
        return
    tabell(
        ["Id", "Sak", "Mal", "Til", "Emne", "Status", "Opprettet", "Årsak"],
        ([r["id"], r["case_id"], r["mal"], synlig(r["til_adresse"]), synlig(r["emne"]),
          r["status"], r["opprettet"], synlig(r["sist_feil"])] for r in rader),
    )  # fmt: skip


@utboks_app.command("vis")
@kommando
def vis(ctx: typer.Context, melding_id: int, som_json: JSON = False) -> None:
    """Vis én e-post med tekst."""
    with oppstart():
        from tilskudd_flow.motor.handlinger import utboksmeldingen
    melding = utboksmeldingen(handling(ctx), melding_id)
    if som_json:
        skriv_json(melding)
        return
    nokkelverdier({"Til": synlig(f"{melding['til_navn']} <{melding['til_adresse']}>"),
                   "Emne": synlig(melding["emne"]), "Status": melding["status"],
                   "Årsak": synlig(melding["sist_feil"]) or "–"})  # fmt: skip
    linje("")
    linje(melding["tekst"])


@utboks_app.command("send-igjen")
@kommando
def send_igjen_(ctx: typer.Context, melding_id: int) -> None:
    """Legg en feilet eller død e-post i køen igjen."""
    with oppstart():
        from tilskudd_flow.motor.handlinger import send_utboksmelding_igjen
    til = send_utboksmelding_igjen(handling(ctx), melding_id)
    linje(f"E-post {melding_id} til {til} sendes på nytt.")


@utboks_app.command("rett")
@kommando
def rett(
    ctx: typer.Context,
    melding_id: int,
    adresse: Annotated[str, typer.Option(help="Riktig e-postadresse.")],
    navn: Annotated[str, typer.Option(help="Mottakerens navn (tomt for ingen).")] = "",
) -> None:
    """Rett mottakeren av en feilet eller død e-post og legg den i køen igjen."""
    with oppstart():
        from tilskudd_flow.motor.handlinger import rett_utboksmottaker
    til = rett_utboksmottaker(handling(ctx), melding_id, adresse=adresse, navn=navn)
    linje(f"E-post {melding_id} er rettet og sendes til {til}.")


@utboks_app.command("forkast")
@kommando
def forkast_(ctx: typer.Context, melding_id: int) -> None:
    """Forkast en feilet eller død e-post: den blir aldri sendt."""
    with oppstart():
        from tilskudd_flow.motor.handlinger import forkast_utboksmelding
    forkast_utboksmelding(handling(ctx), melding_id)
    linje(f"E-post {melding_id} er forkastet og blir ikke sendt.")


def _status(tekst: str | None) -> OutboxStatus | None:
    if tekst is None:
        return None
    try:
        return OutboxStatus(tekst)
    except ValueError:
        raise UgyldigFelt("--status", "må være klar, sendt, feilet, dod eller forkastet") from None


def _sak(h: Handling, sak: str | None) -> int | None:
    from tilskudd_flow.motor.handlinger import sak_ved_referanse  # loaded by the command

    return None if sak is None else sak_ved_referanse(h, sak)
