"""`tilskudd`: the command line. Thin: parse, call one service, present the result."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tilskudd_flow.cli.aarshjul import aarshjul_app, frist_app
from tilskudd_flow.cli.admin import bruker_app, database_app, hf_app, logg_app
from tilskudd_flow.cli.arbeidsflyt import arbeidsflyt_app
from tilskudd_flow.cli.bokmaal import bruk_bokmaal
from tilskudd_flow.cli.demo import demo_app
from tilskudd_flow.cli.epost import epost_app, mal_app
from tilskudd_flow.cli.fsu_avtale import avtale_app, fsu_app
from tilskudd_flow.cli.kommuner import part_app
from tilskudd_flow.cli.kontekst import Kontekst, tolk_tidspunkt
from tilskudd_flow.cli.moter import mote_app, ssu_medlem_app
from tilskudd_flow.cli.oppstart import oppstart_app
from tilskudd_flow.cli.planlegger import planlegger_app
from tilskudd_flow.cli.runder import runde_app, soknad_app
from tilskudd_flow.cli.saker import sak_app, saker
from tilskudd_flow.cli.sikkerhetskopi import sikkerhetskopi_app
from tilskudd_flow.cli.ssu import arkivuttrekk, ssu_sak_app
from tilskudd_flow.cli.tjeneste import tjeneste_app
from tilskudd_flow.cli.utboks import utboks_app

# Before any command is parsed: Click's own words («Usage», «Missing option») in bokmål.
bruk_bokmaal()

app = typer.Typer(
    help="tilskudd-flow: saksflyt for helsefellesskapet (RS-søknader, FSU, avtaler).",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
)


@app.callback()
def hovedvalg(
    ctx: typer.Context,
    config: Annotated[
        Path | None,
        typer.Option(help="Konfigurasjonsfil (standard: $TILSKUDD_CONFIG eller ./config.toml)."),
    ] = None,
    som: Annotated[
        str | None, typer.Option(help="Brukeren du handler som (eller $TILSKUDD_BRUKER).")
    ] = None,
    naa: Annotated[
        str | None,
        typer.Option(help="Simulert tid, f.eks. 2025-10-22T10:00 (Oslo-tid)."),
    ] = None,
) -> None:
    try:
        tidspunkt = tolk_tidspunkt(naa)
    except ValueError:
        raise typer.BadParameter(f"«{naa}» er ikke et tidspunkt (ÅÅÅÅ-MM-DDTtt:mm)") from None
    ctx.obj = Kontekst(config=config, som=som, naa=tidspunkt)


app.command("saker")(saker)
app.command("arkivuttrekk")(arkivuttrekk)
app.add_typer(sak_app, name="sak")
app.add_typer(ssu_sak_app, name="ssu-sak")
app.add_typer(ssu_medlem_app, name="ssu-medlem")
app.add_typer(mote_app, name="mote")
app.add_typer(soknad_app, name="soknad")
app.add_typer(runde_app, name="runde")
app.add_typer(fsu_app, name="fsu")
app.add_typer(avtale_app, name="avtale")
app.add_typer(utboks_app, name="utboks")
app.add_typer(part_app, name="part")
app.add_typer(aarshjul_app, name="aarshjul")
app.add_typer(frist_app, name="frist")
app.add_typer(planlegger_app, name="planlegger")
app.add_typer(epost_app, name="epost")
app.add_typer(mal_app, name="mal")
app.add_typer(tjeneste_app, name="tjeneste")
app.add_typer(bruker_app, name="bruker")
app.add_typer(hf_app, name="helsefellesskap")
app.add_typer(database_app, name="database")
app.add_typer(sikkerhetskopi_app, name="sikkerhetskopi")
app.add_typer(logg_app, name="revisjonslogg")
app.add_typer(arbeidsflyt_app, name="arbeidsflyt")
app.add_typer(demo_app, name="demo")
app.add_typer(oppstart_app, name="oppstart")


def run() -> None:
    app()
