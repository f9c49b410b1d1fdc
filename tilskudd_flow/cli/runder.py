"""`tilskudd runde …` and `tilskudd soknad …`: the RS round, søknader, the priority list."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import Annotated

import typer

from tilskudd_flow.cli.kontekst import kommando, kontekst, skriv_json, som_bruker
from tilskudd_flow.cli.visning import linje, tabell
from tilskudd_flow.domain.amounts import formater_kroner
from tilskudd_flow.domain.feil import UgyldigFelt
from tilskudd_flow.domain.frister import Fristvisning
from tilskudd_flow.domain.kodeverk import Prioritering
from tilskudd_flow.models.soknad import Soknadsrunde
from tilskudd_flow.motor.frister import vis
from tilskudd_flow.soknader.prioritering import vedta_prioriteringsliste
from tilskudd_flow.soknader.runder import list_runder, opprett_runde, pottstatus
from tilskudd_flow.soknader.soknader import send_inn_soknad
from tilskudd_flow.soknader.soknadsfil import les_soknadsfil

runde_app = typer.Typer(help="Søknadsrunder og SSUs prioriteringsliste.", no_args_is_help=True)
soknad_app = typer.Typer(help="RS-søknader.", no_args_is_help=True)

JSON = Annotated[bool, typer.Option("--json", help="Skriv ut som JSON.")]


@runde_app.command("opprett")
@kommando
def opprett(ctx: typer.Context, aar: int) -> None:
    """Opprett søknadsrunden for et år; fristene lages fra reglene i config.toml."""
    with som_bruker(ctx, skriv=True) as okt:
        runde = opprett_runde(
            okt.session, aktor=okt.aktor, innstillinger=okt.app.innstillinger, aar=aar,
            naa=okt.naa,
        )  # fmt: skip
        okt.uow.commit()
        frister = _frister(runde)
    linje(f"Runde {aar}:")
    for navn, frist in frister.items():
        linje(f"  {navn}: {frist.vist}{'' if frist.bekreftet else ' (foreslått)'}")


@runde_app.command("liste")
@kommando
def liste(ctx: typer.Context, som_json: JSON = False) -> None:
    """List søknadsrunder med frister."""
    with som_bruker(ctx) as okt:
        runder = {
            r.aar: _frister(r) for r in list_runder(okt.session, okt.aktor.helsefellesskap_id)
        }
    if som_json:
        skriv_json({aar: {k: asdict(v) for k, v in f.items()} for aar, f in runder.items()})
        return
    tabell(
        ["År", "Søknadsfrist", "Prioriteringsmøte", "Oversending Helse Nord"],
        ([aar, *(f.vist for f in frister.values())] for aar, frister in runder.items()),
    )


def _frister(runde: Soknadsrunde) -> dict[str, Fristvisning]:
    return {
        "søknadsfrist": vis(runde.soknadsfrist),
        "prioriteringsmøte": vis(runde.prioriteringsmote),
        "oversending til Helse Nord": vis(runde.oversendelse),
    }


@runde_app.command("potter")
@kommando
def potter(ctx: typer.Context, aar: int, som_json: JSON = False) -> None:
    """Vis årets potter: ramme, overført, øremerket, tildelt og hva som gjenstår."""
    with som_bruker(ctx) as okt:
        status = pottstatus(okt.session, okt.aktor.helsefellesskap_id, aar)
    if som_json:
        skriv_json([{**asdict(p), "gjenstaar_ore": p.gjenstaar_ore} for p in status])
        return
    tabell(
        ["Ordning", "År", "Ramme", "Overført", "Øremerket", "Tildelt", "Gjenstår"],
        (
            [p.ordning, p.aar, _kr(p.ramme_ore), _kr(p.overfort_ore), _kr(p.oremerket_ore),
             _kr(p.tildelt_ore), _kr(p.gjenstaar_ore)]
            for p in status
        ),
    )  # fmt: skip


def _kr(ore: int | None) -> str:
    return "ukjent" if ore is None else formater_kroner(ore)


@runde_app.command("prioriter")
@kommando
def prioriter(
    ctx: typer.Context,
    aar: int,
    vedtak: Annotated[str, typer.Option(help="SSU-vedtaket, f.eks. «Sak 30-2025».")],
    plass: Annotated[
        list[str],
        typer.Option(help="SAK=lokal|regional|begge, i prioritert rekkefølge (kan gjentas)."),
    ],
    som_json: JSON = False,
) -> None:
    """Registrer SSUs vedtatte prioriteringsliste; vurderte søknader som ikke står på den, blir
    ikke prioritert."""
    k = kontekst(ctx)
    app = k.app()
    overganger = vedta_prioriteringsliste(
        [_plass(p) for p in plass], aar=aar, vedtak=vedtak, uow=app.uow(), miljo=app.miljo,
        brukernavn=k.bruker(),
    )  # fmt: skip
    if som_json:
        skriv_json([asdict(o) for o in overganger])
        return
    for o in overganger:
        linje(f"{o.referanse}: {o.fra} → {o.til}")


@soknad_app.command("send-inn")
@kommando
def send_inn(
    ctx: typer.Context,
    fil: Annotated[Path, typer.Argument(help="Søknaden som .toml eller .json")],
    utkast: Annotated[bool, typer.Option(help="Lagre som utkast uten å sende inn.")] = False,
) -> None:
    """Send inn en søknad fra fil (vedlegg leses relativt til filen)."""
    k = kontekst(ctx)
    app = k.app()
    dokument = les_soknadsfil(fil)
    sak_id = send_inn_soknad(
        dokument, vedleggsmappe=fil.resolve().parent, uow=app.uow(), miljo=app.miljo,
        brukernavn=k.bruker(), utkast=utkast,
    )  # fmt: skip
    tilstand = "lagret som utkast" if utkast else "sendt inn"
    linje(f"Søknaden «{dokument.prosjektnavn}» er {tilstand} som sak {sak_id}.")


def _plass(tekst: str) -> tuple[int, Prioritering]:
    sak, _, hva = tekst.partition("=")
    try:
        return int(sak), Prioritering(hva.strip() or "regional")
    except ValueError:
        raise UgyldigFelt("--plass", f"«{tekst}» må skrives SAK=lokal|regional|begge") from None
