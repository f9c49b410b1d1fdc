"""`tilskudd runde …` and `tilskudd soknad …`: the RS round, søknader, the priority list."""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from tilskudd_flow.cli.kontekst import handling, kommando, skriv_json
from tilskudd_flow.cli.oppstartsfase import oppstart
from tilskudd_flow.cli.visning import linje, tabell
from tilskudd_flow.domain.amounts import formater_kroner
from tilskudd_flow.domain.feil import UgyldigFelt
from tilskudd_flow.domain.frister import Fristvisning
from tilskudd_flow.domain.kodeverk import Prioritering

# The services (and through them the ORM) are imported in the commands, inside the start-up
# block, so a command's `--help` imports none of them (issue 22).
if TYPE_CHECKING:
    from tilskudd_flow.soknader.handlinger import Rundefrister

runde_app = typer.Typer(help="Søknadsrunder og SSUs prioriteringsliste.", no_args_is_help=True)
soknad_app = typer.Typer(help="RS-søknader.", no_args_is_help=True)

JSON = Annotated[bool, typer.Option("--json", help="Skriv ut som JSON.")]


@runde_app.command("opprett")
@kommando
def opprett(ctx: typer.Context, aar: int) -> None:
    """Opprett søknadsrunden for et år; fristene lages fra reglene i config.toml."""
    with oppstart():
        from tilskudd_flow.soknader.handlinger import ny_runde
    frister = _frister(ny_runde(handling(ctx), aar))
    linje(f"Runde {aar}:")
    for navn, frist in frister.items():
        linje(f"  {navn}: {frist.vist}{'' if frist.bekreftet else ' (foreslått)'}")


@runde_app.command("liste")
@kommando
def liste(ctx: typer.Context, som_json: JSON = False) -> None:
    """List søknadsrunder med frister."""
    with oppstart():
        from tilskudd_flow.soknader.handlinger import rundene
    runder = {r.aar: _frister(r) for r in rundene(handling(ctx))}
    if som_json:
        skriv_json({aar: {k: asdict(v) for k, v in f.items()} for aar, f in runder.items()})
        return
    tabell(
        ["År", "Søknadsfrist", "Prioriteringsmøte", "Oversending Helse Nord"],
        ([aar, *(f.vist for f in frister.values())] for aar, frister in runder.items()),
    )


def _frister(runde: Rundefrister) -> dict[str, Fristvisning]:
    return {
        "søknadsfrist": runde.soknadsfrist,
        "prioriteringsmøte": runde.prioriteringsmote,
        "oversending til Helse Nord": runde.oversendelse,
    }


@runde_app.command("potter")
@kommando
def potter(ctx: typer.Context, aar: int, som_json: JSON = False) -> None:
    """Vis årets potter: ramme, overført, øremerket, tildelt og hva som gjenstår."""
    with oppstart():
        from tilskudd_flow.soknader.handlinger import pottene
    status = pottene(handling(ctx), aar)
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
    with oppstart():
        from tilskudd_flow.domain.visningsnavn import flyt_for_referanse, overgangstekst
        from tilskudd_flow.soknader.prioritering import vedta_prioriteringsliste
    h = handling(ctx)
    overganger = vedta_prioriteringsliste(
        [_plass(p) for p in plass], aar=aar, vedtak=vedtak, uow=h.ny_uow(), miljo=h.miljo,
        brukernavn=h.brukernavn,
    )  # fmt: skip
    if som_json:
        skriv_json([asdict(o) for o in overganger])
        return
    for o in overganger:
        flyt = flyt_for_referanse(h.miljo.register, o.referanse)
        linje(f"{o.referanse}: {overgangstekst(flyt, o.hendelse, o.fra, o.til)}")


@soknad_app.command("send-inn")
@kommando
def send_inn(
    ctx: typer.Context,
    fil: Annotated[Path, typer.Argument(help="Søknaden som .toml eller .json")],
    utkast: Annotated[bool, typer.Option(help="Lagre som utkast uten å sende inn.")] = False,
) -> None:
    """Send inn en søknad fra fil (vedlegg leses relativt til filen)."""
    with oppstart():
        from tilskudd_flow.soknader.soknader import send_inn_soknad
        from tilskudd_flow.soknader.soknadsfil import les_soknadsfil
    h = handling(ctx)
    dokument = les_soknadsfil(fil)
    sak_id = send_inn_soknad(
        dokument, vedleggsmappe=fil.resolve().parent, uow=h.ny_uow(), miljo=h.miljo,
        brukernavn=h.brukernavn, utkast=utkast,
    )  # fmt: skip
    tilstand = "lagret som utkast" if utkast else "sendt inn"
    linje(f"Søknaden «{dokument.prosjektnavn}» er {tilstand} som sak {sak_id}.")


def _plass(tekst: str) -> tuple[int, Prioritering]:
    sak, _, hva = tekst.partition("=")
    try:
        return int(sak), Prioritering(hva.strip() or "regional")
    except ValueError:
        raise UgyldigFelt("--plass", f"«{tekst}» må skrives SAK=lokal|regional|begge") from None
