"""`tilskudd`: the command line. Thin: parse, call one service, present the result."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from tilskudd_flow.cli.bokmaal import bruk_bokmaal
from tilskudd_flow.cli.kontekst import Kontekst, tolk_tidspunkt
from tilskudd_flow.cli.lazy_group import LazyGroup, Utsatt
from tilskudd_flow.cli.oppstartsfase import i_skriptet

CLI = "tilskudd_flow.cli"
# Every command in `tilskudd --help`'s order: where it lives and its help line. The list is
# printed from here, so `--help` imports no command module (they import the ORM, the
# services, the templates, the web app); a command's module is imported when it is run.
# tests/unit/test_cli_oppstart.py checks each line against the command's own help.
KOMMANDOER = {
    "saker": Utsatt(f"{CLI}.saker:saker", "List saker du har tilgang til, med tilstand."),
    "arkivuttrekk": Utsatt(
        f"{CLI}.ssu:arkivuttrekk",
        "Noark 5-uttrekk av en sak med dokumenter og historikk, til arkivering i Elements.",
    ),
    "sak": Utsatt(f"{CLI}.saker:sak_app", "Én sak: vis, utfør hendelse, historikk."),
    "ssu-sak": Utsatt(f"{CLI}.ssu:ssu_sak_app", "SSUs saker: nummer, type, eier."),
    "ssu-medlem": Utsatt(f"{CLI}.moter:ssu_medlem_app", "SSUs medlemsregister."),
    "mote": Utsatt(f"{CLI}.moter:mote_app", "Møter: SSU, Dialog- og partnerskapsmøtet, FSU."),
    "soknad": Utsatt(f"{CLI}.runder:soknad_app", "RS-søknader."),
    "runde": Utsatt(f"{CLI}.runder:runde_app", "Søknadsrunder og SSUs prioriteringsliste."),
    "fsu": Utsatt(f"{CLI}.fsu_avtale:fsu_app", "Faglige samarbeidsutvalg."),
    "avtale": Utsatt(f"{CLI}.fsu_avtale:avtale_app", "Samarbeidsavtalen og tjenesteavtalene."),
    "utboks": Utsatt(f"{CLI}.utboks:utboks_app", "Utboksen: e-post som venter på sending."),
    "part": Utsatt(f"{CLI}.kommuner:part_app", "Kommuner og helseforetak (parter)."),
    "aarshjul": Utsatt(
        f"{CLI}.aarshjul:aarshjul_app", "Årshjulet: frister måned for måned, og som kalender."
    ),
    "frist": Utsatt(f"{CLI}.aarshjul:frist_app", "Enkeltfrister: flytt eller bekreft."),
    "planlegger": Utsatt(f"{CLI}.planlegger:planlegger_app", "Påminnelser og fristvirkninger."),
    "epost": Utsatt(
        f"{CLI}.epost:epost_app", "Levering av e-post og den lokale e-postoppsamleren."
    ),
    "mal": Utsatt(f"{CLI}.epost:mal_app", "E-postmalene: se dem med eksempeldata."),
    "tjeneste": Utsatt(f"{CLI}.tjeneste:tjeneste_app", "Hovedprosessen."),
    "bruker": Utsatt(f"{CLI}.admin:bruker_app", "Brukere og roller (administrator)."),
    "helsefellesskap": Utsatt(f"{CLI}.admin:hf_app", "Helsefellesskap (leietakere)."),
    "database": Utsatt(f"{CLI}.admin:database_app", "Opprett og oppgrader databasen."),
    "sikkerhetskopi": Utsatt(
        f"{CLI}.sikkerhetskopi:sikkerhetskopi_app",
        "Sikkerhetskopi av databasen og de lagrede filene, og gjenoppretting.",
    ),
    "revisjonslogg": Utsatt(f"{CLI}.admin:logg_app", "Revisjonsloggen."),
    "arbeidsflyt": Utsatt(
        f"{CLI}.arbeidsflyt:arbeidsflyt_app", "Arbeidsflytene og diagrammene deres."
    ),
    "demo": Utsatt(f"{CLI}.demo:demo_app", "Demodata og gjennomgang av et år."),
    "oppstart": Utsatt(
        f"{CLI}.oppstart:oppstart_app",
        "Oppstart: dagens parter, FSU-er, avtaler og prosjekter med tilskudd.",
    ),
}


class Kommandoer(LazyGroup):
    utsatte = KOMMANDOER


# Before any command is parsed: Click's own words («Usage», «Missing option») in bokmål.
bruk_bokmaal()

app = typer.Typer(
    cls=Kommandoer,
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


def run() -> None:
    """The `tilskudd` script (pyproject's entry point; tests call `app` in-process)."""
    i_skriptet()
    app()
