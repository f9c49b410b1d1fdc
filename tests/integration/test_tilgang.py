"""Permission checks are real: roles per event, parties for applicants, tenancy."""

from __future__ import annotations

from dataclasses import replace

import pytest
import sqlalchemy as sa
from sqlmodel import Session, select

from tests.conftest import Cli
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflyt
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.motor.sporring import side_med_saker
from tilskudd_flow.motor.tilgang import hent_aktor, kan_se

SEKR = "samhandlingssjef"


def _sak(cli: Cli, tittel: str) -> int:
    return int(next(r["id"] for r in cli.json("saker", som=SEKR) if tittel in r["tittel"]))


def test_the_case_list_filters_by_round_year_from_the_cli(cli: Cli) -> None:
    cli.ok("demo", "last")
    i_runden = {r["type"] for r in cli.json("saker", "--aar", "2026", som=SEKR)}
    assert i_runden == {"rs_soknad"}
    assert cli.json("saker", "--aar", "2024", som=SEKR) == []
    assert len(cli.json("saker", "--aar", "2026", som="vefsn.soker")) == 2


def test_an_applicant_sees_only_the_soknader_of_the_parties_it_represents(cli: Cli) -> None:
    cli.ok("demo", "last")
    titler = {r["tittel"] for r in cli.json("saker", som="vefsn.soker")}
    assert titler == {
        "Fremtidens pasientforløp: Enhet for samhandling og digital oppfølging Helgeland",
        "Helgelandssykepleier – utdanning, rekruttering og stabilisering av sykepleiere på "
        "Helgeland",
    }
    kols = _sak(cli, "KOLS")
    assert "Finner ingen sak" in cli("sak", "vis", str(kols), som="vefsn.soker").stderr


def test_an_applicant_never_sees_the_internal_assessment(cli: Cli) -> None:
    cli.ok("demo", "last")
    sak = _sak(cli, "Fremtidens")
    cli.ok(
        "sak", "hendelse", str(sak), "vurder", "-f", "vurdering=Svak forankring i Grane.", som=SEKR
    )
    intern = cli.json("sak", "vis", str(sak), som=SEKR)["detaljer"]
    ekstern = cli.json("sak", "vis", str(sak), som="vefsn.soker")["detaljer"]
    assert intern["Vurdering (intern)"] == "Svak forankring i Grane."
    assert "Vurdering (intern)" not in ekstern
    historikk = cli.json("sak", "historikk", str(sak), som="vefsn.soker")
    assert all(r["detaljer"] == "{}" and r["bruker"] == "" for r in historikk)
    assert "Svak forankring" not in cli.ok(
        "sak", "historikk", str(sak), "--json", som="vefsn.soker"
    )


def test_roles_decide_who_may_trigger_an_event(cli: Cli) -> None:
    cli.ok("demo", "last")
    sak = _sak(cli, "Fremtidens")
    nektet = cli("sak", "hendelse", str(sak), "vurder", som="vefsn.soker")
    assert "kan bare utføres av: sekretariat" in nektet.stderr
    assert cli.json("sak", "hendelse", str(sak), "trekk", som="vefsn.soker")["til"] == "trukket"


def test_ssu_members_see_submitted_cases_but_not_drafts_and_cannot_advance_them(cli: Cli) -> None:
    cli.ok("demo", "last")
    tilstander = {r["tilstand"] for r in cli.json("saker", som="ssu.medlem")}
    assert "utkast" not in tilstander
    assert "mottatt" in tilstander
    sak = _sak(cli, "KOLS")
    assert cli("sak", "hendelse", str(sak), "vurder", som="ssu.medlem").exit_code == 1


def test_a_deactivated_user_can_do_nothing(cli: Cli) -> None:
    cli.ok("demo", "last")
    cli.ok("bruker", "deaktiver", "rana.soker", som="admin")
    resultat = cli("saker", som="rana.soker")
    assert resultat.exit_code == 1
    assert "deaktivert" in resultat.stderr
    cli.ok("bruker", "aktiver", "rana.soker", som="admin")
    assert cli("saker", som="rana.soker").exit_code == 0


def test_only_an_admin_manages_users_and_every_change_is_audited(cli: Cli, app: App) -> None:
    cli.ok("demo", "last")
    ny = [
        "bruker",
        "opprett",
        "grane.soker",
        "--navn",
        "Gunn Grane",
        "--epost",
        "gunn@grane.kommune.example",
        "--rolle",
        "soker",
        "--part",
        "1825",
    ]
    assert "administrator" in cli(*ny, som=SEKR).stderr
    cli.ok(*ny, som="admin")
    cli.ok("bruker", "rolle", "grane.soker", "--legg-til", "ssu_medlem", som="admin")
    brukere = {b["brukernavn"]: b for b in cli.json("bruker", "liste", som="admin")}
    assert brukere["grane.soker"]["roller"] == "soker, ssu_medlem"
    uten_part = [
        "bruker",
        "opprett",
        "x.soker",
        "--navn",
        "X",
        "--epost",
        "x@x.example",
        "--rolle",
        "soker",
    ]
    assert "minst én kommune eller helseforetak" in cli(*uten_part, som="admin").stderr
    feil_epost = [
        "bruker",
        "opprett",
        "yy",
        "--navn",
        "Y",
        "--epost",
        "y@",
        "--rolle",
        "ssu_medlem",
    ]
    assert "epost: «y@» er ikke en gyldig e-postadresse" in cli(*feil_epost, som="admin").stderr
    with app.engine.connect() as tilkobling:
        hendelser = tilkobling.execute(
            sa.text(
                "SELECT hendelse, brukernavn FROM audit_entry WHERE objekt_type = 'bruker' "
                "AND detaljer LIKE '%grane.soker%' ORDER BY id"
            )
        ).all()
    assert [tuple(h) for h in hendelser] == [
        ("bruker_opprettet", "admin"),
        ("roller_endret", "admin"),
    ]


def test_an_admin_invites_from_the_cli_and_the_link_is_never_shown_in_the_outbox(
    cli: Cli, app: App
) -> None:
    cli.ok("demo", "last")
    cli.ok("bruker", "opprett", "gunn.grane", "--navn", "Gunn Grane", "--epost",
           "gunn@grane.kommune.example", "--rolle", "soker", "--part", "Grane", "--inviter",
           som="admin")  # fmt: skip
    assert "administrator" in cli("bruker", "inviter-igjen", "gunn.grane", som=SEKR).stderr
    svar = cli.ok("bruker", "inviter-igjen", "gunn.grane", som="admin")
    assert "Ny invitasjon til gunn@grane.kommune.example ligger i utboksen." in svar
    invitasjoner = [m for m in cli.json("utboks", "liste", som="admin")
                    if m["til_adresse"] == "gunn@grane.kommune.example"]  # fmt: skip
    assert [m["mal"] for m in invitasjoner] == ["konto/invitasjon", "konto/invitasjon"]
    vist = cli.ok("utboks", "vis", str(invitasjoner[0]["id"]), som="admin")
    assert "/konto/lenke/" not in vist
    assert "engangslenke" in vist
    with app.engine.connect() as tilkobling:
        lenker = (
            tilkobling.execute(sa.text("SELECT brukt IS NULL FROM engangslenke ORDER BY id"))
            .scalars()
            .all()
        )
    assert lenker == [False, True]  # the second invitation replaced the first


def test_membership_is_a_setting_that_decides_who_gets_reminders(cli: Cli, app: App) -> None:
    cli.ok("demo", "last")
    bindal = next(p for p in cli.json("part", "liste", som=SEKR) if p["kommunenummer"] == "1811")
    assert bindal["medlem"] is False
    cli.ok("part", "medlem", "Bindal", "--ja", som=SEKR)
    assert next(p for p in cli.json("part", "liste", som=SEKR) if p["navn"] == "Bindal kommune")[
        "medlem"
    ]
    assert cli("part", "medlem", "1811", "--nei", som="vefsn.soker").exit_code == 1
    with app.engine.connect() as tilkobling:
        endringer = tilkobling.execute(
            sa.text("SELECT count(*) FROM audit_entry WHERE hendelse = 'medlemskap_endret'")
        ).scalar_one()
    assert endringer == 1


@pytest.mark.parametrize("partsfilter", ["i databasen", "uten (filtreres i Python)"])
def test_the_case_list_shows_each_user_exactly_what_kan_se_allows(
    app: App, demo: Demosammendrag, partsfilter: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The list's filter and the per-case rule never disagree, for any demo user; also for
    a workflow that gives its parties only in Python."""
    if partsfilter.startswith("uten"):
        flyt = app.miljo.register.hent("rs_soknad")
        monkeypatch.setitem(app.miljo.register._flyter, "rs_soknad",
                            replace(flyt, partsfilter=None))  # fmt: skip
    with app.uow(skriv=False) as uow:
        saker = list(uow.session.exec(select(WorkflowCase)))
        for brukernavn in [b.brukernavn for b in uow.session.exec(select(Bruker)).unique()]:
            aktor = hent_aktor(uow.session, brukernavn)
            i_sql = {
                r.id
                for r in side_med_saker(
                    uow.session, app.miljo.register, aktor, per_side=10_000
                ).rader
            }
            regel = {
                sak.id
                for sak in saker
                if kan_se(aktor, _flyt(app, sak), sak, _subjekt(uow.session, app, sak))
            }
            assert i_sql == regel, brukernavn


def test_an_applicant_finds_a_case_by_its_reference(app: App, demo: Demosammendrag) -> None:
    with app.uow(skriv=False) as uow:
        aktor = hent_aktor(uow.session, "vefsn.soker")
        funnet = side_med_saker(uow.session, app.miljo.register, aktor, sok="rs-2").rader
        annen_kommune = side_med_saker(uow.session, app.miljo.register, aktor, sok="RS-5").rader
    assert [r.referanse for r in funnet] == ["RS-2"]
    assert annen_kommune == []


def _flyt(app: App, sak: WorkflowCase) -> Arbeidsflyt:
    return app.miljo.register.hent(sak.workflow)


def _subjekt(session: Session, app: App, sak: WorkflowCase) -> object:
    flyt = _flyt(app, sak)
    return session.get(flyt.detaljmodell, sak.id) if flyt.detaljmodell else None
