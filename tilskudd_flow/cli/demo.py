"""`tilskudd demo last|gjennomgang`: the demo data set and the walk through one year."""

from __future__ import annotations

import typer

from tilskudd_flow.cli.kontekst import kommando, kontekst
from tilskudd_flow.cli.oppstartsfase import oppstart
from tilskudd_flow.cli.visning import linje
from tilskudd_flow.domain.norsk import antall

# The services (and through them the ORM) are imported in the commands, inside the start-up
# block, so a command's `--help` imports none of them (issue 22).

demo_app = typer.Typer(help="Demodata og gjennomgang av et år.", no_args_is_help=True)


@demo_app.command("last")
@kommando
def last(ctx: typer.Context) -> None:
    """Last demodata: Helsefellesskap Helgeland, 18 kommuner, brukere, runden for 2026."""
    with oppstart():
        from tilskudd_flow.demo.data import last_demodata
    sammendrag = last_demodata(kontekst(ctx).app())
    linje(
        f"Lastet {sammendrag.kommuner} kommuner, {sammendrag.brukere} brukere, "
        f"søknader {sammendrag.soknader} og FSU-sak {sammendrag.fsu}."
    )


@demo_app.command("gjennomgang")
@kommando
def gjennomgang(ctx: typer.Context) -> None:
    """Last demodata og før sakene gjennom et helt år i simulert tid."""
    with oppstart():
        from tilskudd_flow.bootstrap import epostlevering
        from tilskudd_flow.demo.data import last_demodata
        from tilskudd_flow.demo.gjennomgang import kjor_gjennomgang
    app = kontekst(ctx).app()
    sammendrag = last_demodata(app)
    linje(f"Demodata lastet: søknader {sammendrag.soknader}, FSU-sak {sammendrag.fsu}.")
    kjor_gjennomgang(app, sammendrag.soknader, sammendrag.fsu, linje)
    with epostlevering(app, "demo") as levering:
        resultat = levering.tom_koen()
    mappe = app.innstillinger.data_dir / "epost"
    levert = antall(resultat.sendt, "e-post", "e-poster")
    linje(f"\n{levert} levert til den lokale oppsamleren ({mappe}).")
    linje("Ferdig. Se sakene med: tilskudd --som samhandlingssjef saker")
    linje("Se e-postene med: tilskudd epost innboks, og tilskudd epost les NR")


@demo_app.command("i-dag")
@kommando
def i_dag(ctx: typer.Context) -> None:
    """Last demodata slik det står i dag: året bak og en åpen søknadsrunde foran (`make run`)."""
    with oppstart():
        from tilskudd_flow.bootstrap import epostlevering
        from tilskudd_flow.demo.i_dag import last_demo_i_dag
    app = kontekst(ctx).app()
    sammendrag = last_demo_i_dag(app, linje)
    with epostlevering(app, "demo") as levering:
        resultat = levering.tom_koen()
    linje(f"\nDemodata lastet: søknader {sammendrag.soknader}, FSU-sak {sammendrag.fsu}.")
    linje(f"{antall(resultat.sendt, 'e-post', 'e-poster')} levert til den lokale oppsamleren.")
