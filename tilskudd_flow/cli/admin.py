"""`tilskudd database …`, `helsefellesskap …`, `bruker …`, `revisjonslogg …`."""

from __future__ import annotations

from typing import Annotated

import typer

from tilskudd_flow.cli.kontekst import handling, kommando, kontekst, skriv_json
from tilskudd_flow.cli.oppstartsfase import oppstart
from tilskudd_flow.cli.visning import linje, tabell
from tilskudd_flow.domain.feil import BruttRevisjonslogg, UgyldigFelt
from tilskudd_flow.domain.kodeverk import Rolle

# The services (and through them the ORM) are imported in the commands, inside the start-up
# block, so a command's `--help` imports none of them (issue 22).

database_app = typer.Typer(help="Opprett og oppgrader databasen.", no_args_is_help=True)
hf_app = typer.Typer(help="Helsefellesskap (leietakere).", no_args_is_help=True)
bruker_app = typer.Typer(help="Brukere og roller (administrator).", no_args_is_help=True)
logg_app = typer.Typer(help="Revisjonsloggen.", no_args_is_help=True)

JSON = Annotated[bool, typer.Option("--json", help="Skriv ut som JSON.")]
ROLLER = ", ".join(r.value for r in Rolle if r != Rolle.SYSTEM)


@database_app.command("migrer")
@kommando
def migrer_(ctx: typer.Context) -> None:
    """Opprett eller oppgrader databaseskjemaet (Alembic) til nyeste versjon."""
    with oppstart():
        from tilskudd_flow.adapters.migrering import gjeldende_revisjon, migrer
    app = kontekst(ctx).app(klargjor=False)
    migrer(app.engine)
    app.klargjor()
    linje(f"Databasen er på skjemaversjon {gjeldende_revisjon(app.engine)}.")


@database_app.command("status")
@kommando
def status(ctx: typer.Context, som_json: JSON = False) -> None:
    """Vis databasens skjemaversjon."""
    with oppstart():
        from tilskudd_flow.adapters.migrering import gjeldende_revisjon, nyeste_revisjon
    app = kontekst(ctx).app(klargjor=False)
    svar = {
        "database": app.engine.url.render_as_string(hide_password=True),
        "skjemaversjon": gjeldende_revisjon(app.engine),
        "nyeste": nyeste_revisjon(),
    }
    if som_json:
        skriv_json(svar)
        return
    for nokkel, verdi in svar.items():
        linje(f"{nokkel}: {verdi}")


@hf_app.command("opprett")
@kommando
def opprett_hf(
    ctx: typer.Context,
    kode: str,
    admin: Annotated[str, typer.Option(help="Brukernavn for første administrator.")],
    admin_navn: Annotated[str, typer.Option(help="Administratorens navn.")],
    admin_epost: Annotated[str, typer.Option(help="Administratorens e-post.")],
) -> None:
    """Opprett et helsefellesskap (fra config.toml) med sin første administrator."""
    with oppstart():
        from tilskudd_flow.drift.leietakere import etabler_helsefellesskap
        from tilskudd_flow.kontoer.brukere import NyBruker
    app = kontekst(ctx).app()
    ny = NyBruker(admin, admin_navn, admin_epost, (Rolle.ADMIN,))
    navn = etabler_helsefellesskap(kode, ny, uow=app.uow(), innstillinger=app.innstillinger,
                                   naa=app.miljo.klokke.now())  # fmt: skip
    linje(f"Opprettet {navn} med administrator {admin}.")


@bruker_app.command("opprett")
@kommando
def opprett(
    ctx: typer.Context,
    brukernavn: str,
    navn: Annotated[str, typer.Option(help="Fullt navn.")],
    epost: Annotated[str, typer.Option(help="E-postadresse.")],
    rolle: Annotated[list[str], typer.Option(help=f"Rolle (kan gjentas): {ROLLER}.")],
    part: Annotated[
        list[str] | None,
        typer.Option(help="Part en søker representerer: kommunenummer eller navn (kan gjentas)."),
    ] = None,
    inviter: Annotated[
        bool, typer.Option(help="Send en invitasjon på e-post med lenke for å velge passord.")
    ] = False,
) -> None:
    """Opprett en bruker."""
    with oppstart():
        from tilskudd_flow.kontoer import handlinger as kontoer
        from tilskudd_flow.kontoer.brukere import NyBruker
    ny = NyBruker(brukernavn, navn, epost, tuple(_roller(rolle)), tuple(part or []))
    (kontoer.inviter if inviter else kontoer.opprett_konto)(handling(ctx), ny)
    linje(
        f"Opprettet bruker {brukernavn}"
        + (f"; invitasjon til {epost} ligger i utboksen." if inviter else ".")
    )


@bruker_app.command("inviter-igjen")
@kommando
def inviter_igjen(ctx: typer.Context, brukernavn: str) -> None:
    """Send en ny invitasjon (den forrige lenken slutter å virke)."""
    with oppstart():
        from tilskudd_flow.kontoer import handlinger as kontoer
    epost = kontoer.inviter_igjen(handling(ctx), brukernavn)
    linje(f"Ny invitasjon til {epost} ligger i utboksen.")


@bruker_app.command("liste")
@kommando
def liste(ctx: typer.Context, som_json: JSON = False) -> None:
    """List brukere med roller og parter."""
    with oppstart():
        from tilskudd_flow.kontoer import handlinger as kontoer
    rader = [
        {
            "brukernavn": b.brukernavn,
            "navn": b.navn,
            "epost": b.epost,
            "aktiv": b.aktiv,
            "roller": ", ".join(sorted(r.value for r in b.roller)),
            "parter": ", ".join(str(p) for p in sorted(b.part_ider)),
        }
        for b in kontoer.kontoene(handling(ctx))
    ]
    if som_json:
        skriv_json(rader)
        return
    tabell(
        ["Brukernavn", "Navn", "E-post", "Aktiv", "Roller", "Parter (id)"],
        ([r["brukernavn"], r["navn"], r["epost"], r["aktiv"], r["roller"], r["parter"]]
         for r in rader),
    )  # fmt: skip


@bruker_app.command("rolle")
@kommando
def rolle(
    ctx: typer.Context,
    brukernavn: str,
    legg_til: Annotated[list[str] | None, typer.Option(help="Rolle å gi.")] = None,
    fjern: Annotated[list[str] | None, typer.Option(help="Rolle å ta bort.")] = None,
) -> None:
    """Gi eller ta bort roller."""
    with oppstart():
        from tilskudd_flow.kontoer import handlinger as kontoer
    rollesett = kontoer.endre_brukerroller(
        handling(ctx), brukernavn, legg_til=_roller(legg_til or []), fjern=_roller(fjern or [])
    )
    roller = ", ".join(sorted(r.value for r in rollesett))
    linje(f"{brukernavn} har nå rollene: {roller}")


@bruker_app.command("deaktiver")
@kommando
def deaktiver(ctx: typer.Context, brukernavn: str) -> None:
    """Deaktiver en bruker (historikken beholdes)."""
    _sett_aktiv(ctx, brukernavn, aktiv=False)


@bruker_app.command("aktiver")
@kommando
def aktiver(ctx: typer.Context, brukernavn: str) -> None:
    """Aktiver en deaktivert bruker."""
    _sett_aktiv(ctx, brukernavn, aktiv=True)


@bruker_app.command("sperrer")
@kommando
def sperrer(ctx: typer.Context, som_json: JSON = False) -> None:
    """List innloggingssperrer som gjelder nå (brukernavn og adresser)."""
    with oppstart():
        from tilskudd_flow.kontoer import handlinger as kontoer
    rader = [
        {"gjelder": s.gjelder, "navn": s.navn, "sperret_til": s.sperret_til.isoformat(),
         "sperringer": s.sperringer}
        for s in kontoer.innloggingssperrene(handling(ctx))
    ]  # fmt: skip
    if som_json:
        skriv_json(rader)
        return
    if not rader:
        linje("Ingen innloggingssperrer.")
        return
    kolonner = ["gjelder", "navn", "sperret_til", "sperringer"]
    tabell(["Gjelder", "Brukernavn/adresse", "Sperret til", "Sperre nr."],
           ([r[k] for k in kolonner] for r in rader))  # fmt: skip


@bruker_app.command("opphev-sperre")
@kommando
def opphev_sperre_(
    ctx: typer.Context,
    navn: Annotated[str, typer.Argument(help="Brukernavnet (eller adressen med --adresse).")],
    adresse: Annotated[bool, typer.Option("--adresse", help="NAVN er en klientadresse.")] = False,
) -> None:
    """Opphev en innloggingssperre før den går ut (revisjonslogges)."""
    with oppstart():
        from tilskudd_flow.kontoer import handlinger as kontoer
    gjelder = "adresse" if adresse else "konto"
    kontoer.opphev_innloggingssperre(handling(ctx), gjelder=gjelder, navn=navn)
    linje(f"Innloggingssperren for {navn} er opphevet.")


@logg_app.command("verifiser")
@kommando
def verifiser(
    ctx: typer.Context,
    alle: Annotated[
        bool, typer.Option("--alle", help="Alle helsefellesskap i databasen (drift, uten --som).")
    ] = False,
) -> None:
    """Kontroller hash-kjeden i revisjonsloggen; navngir første brutte rad."""
    with oppstart():
        from tilskudd_flow.drift.revisjonslogg import (
            kontroller_alle_revisjonslogger,
            kontroller_revisjonslogg,
        )
    app = kontekst(ctx).app()
    if alle:
        resultat = kontroller_alle_revisjonslogger(app.uow(skriv=False))
        for navn, status in resultat.items():
            linje(f"Revisjonsloggen for {navn}: {status}.")
        brutt = [navn for navn, status in resultat.items() if status != "hel"]
        if brutt:
            raise BruttRevisjonslogg(f"Revisjonsloggen er brutt for {', '.join(brutt)}")
        return
    h = handling(ctx)
    kontroll = kontroller_revisjonslogg(uow=h.ny_uow(skriv=False), brukernavn=h.brukernavn)
    if (brudd := kontroll.brudd) is not None:
        raise BruttRevisjonslogg(f"Revisjonsloggen er brutt ved rad {brudd.id} ({brudd.hendelse})")
    linje(f"Revisjonsloggen for {kontroll.helsefellesskap} er hel.")


def _sett_aktiv(ctx: typer.Context, brukernavn: str, *, aktiv: bool) -> None:
    with oppstart():
        from tilskudd_flow.kontoer import handlinger as kontoer

    kontoer.endre_aktiv(handling(ctx), brukernavn, aktiv=aktiv)
    linje(f"{brukernavn} er {'aktivert' if aktiv else 'deaktivert'}.")


def _roller(navn: list[str]) -> list[Rolle]:
    try:
        return [Rolle(n) for n in navn]
    except ValueError:
        raise UgyldigFelt("rolle", f"kjente roller er: {ROLLER}") from None
