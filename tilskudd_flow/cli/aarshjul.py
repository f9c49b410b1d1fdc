"""`tilskudd aarshjul …`, `tilskudd frist …`: the year's deadlines, month by month."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date
from pathlib import Path
from typing import Annotated

import typer

from tilskudd_flow.cli.kontekst import handling, kommando, skriv_json
from tilskudd_flow.cli.oppstartsfase import oppstart
from tilskudd_flow.cli.visning import linje
from tilskudd_flow.domain.datoer import UgyldigDato, parse_dato
from tilskudd_flow.domain.feil import UgyldigFelt

# The services (and through them the ORM) are imported in the commands, inside the start-up
# block, so a command's `--help` imports none of them (issue 22).

aarshjul_app = typer.Typer(help="Årshjulet: frister måned for måned, og som kalender.")
frist_app = typer.Typer(help="Enkeltfrister: flytt eller bekreft.", no_args_is_help=True)

JSON = Annotated[bool, typer.Option("--json", help="Skriv ut som JSON.")]
FRA = Annotated[str | None, typer.Option(help="Fra dato (ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ).")]
TIL = Annotated[str | None, typer.Option(help="Til dato (ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ).")]
MAANEDER = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august",
            "september", "oktober", "november", "desember"]  # fmt: skip


@aarshjul_app.command("vis")
@kommando
def vis_aarshjul(
    ctx: typer.Context, fra: FRA = None, til: TIL = None, som_json: JSON = False
) -> None:
    """Vis fristene måned for måned (begge datoer når fristen flyttes til en virkedag)."""
    with oppstart():
        from tilskudd_flow.motor.handlinger import fristene
    frister = fristene(handling(ctx), fra=_dato(fra), til=_dato(til))
    if som_json:
        skriv_json([asdict(f) for f in frister])
        return
    maaned: tuple[int, int] | None = None
    for frist in frister:
        if (frist.dato.year, frist.dato.month) != maaned:
            maaned = (frist.dato.year, frist.dato.month)
            linje(f"\n{MAANEDER[frist.dato.month - 1].capitalize()} {frist.dato.year}")
        foreslatt = "" if frist.bekreftet else "  (foreslått, ikke bekreftet)"
        linje(f"  [{frist.id}] {frist.navn}: {frist.vist}{foreslatt}")


@aarshjul_app.command("ics")
@kommando
def ics(
    ctx: typer.Context,
    ut: Annotated[Path, typer.Option(help="Filen kalenderen skrives til (.ics).")],
    fra: FRA = None,
    til: TIL = None,
) -> None:
    """Skriv årshjulet som iCalendar-fil (kan importeres i Outlook)."""
    with oppstart():
        from tilskudd_flow.motor.handlinger import aarshjul_som_kalender
    innhold, antall = aarshjul_som_kalender(handling(ctx), fra=_dato(fra), til=_dato(til))
    ut.write_bytes(innhold)
    linje(f"Skrev {antall} frister til {ut}.")


@frist_app.command("endre")
@kommando
def endre(
    ctx: typer.Context,
    frist_id: int,
    dato: Annotated[str, typer.Argument(help="Ny dato (ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ).")],
) -> None:
    """Flytt en frist; påminnelsene planlegges på nytt, endringen revisjonslogges."""
    with oppstart():
        from tilskudd_flow.motor.handlinger import flytt_frist
    frist = flytt_frist(handling(ctx), frist_id, _dato(dato))
    linje(f"{frist.navn}: {frist.vist}")


@frist_app.command("bekreft")
@kommando
def bekreft(ctx: typer.Context, frist_id: int) -> None:
    """Bekreft en foreslått dato (f.eks. SSUs prioriteringsmøte)."""
    with oppstart():
        from tilskudd_flow.motor.handlinger import bekreft_frist
    frist = bekreft_frist(handling(ctx), frist_id)
    linje(f"{frist.navn}: {frist.vist} er bekreftet.")


def _dato(tekst: str | None) -> date | None:
    if tekst is None:
        return None
    try:
        return parse_dato(tekst)
    except UgyldigDato as feil:
        raise UgyldigFelt("dato", str(feil)) from None
