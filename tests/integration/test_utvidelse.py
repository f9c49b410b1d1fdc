"""A fourth workflow is one new module plus its templates: the engine is not touched."""

from __future__ import annotations

from dataclasses import replace

import pytest

from tests.conftest import KONFIG, Cli
from tests.integration.ekstra_arbeidsflyt.innmelding import ARBEIDSFLYT as INNMELDING
from tests.utboksinnhold import utboksrader
from tilskudd_flow.bootstrap import bygg_app, last_register
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.config import Innstillinger, UgyldigKonfigurasjon, last_innstillinger
from tilskudd_flow.demo.data import last_demodata
from tilskudd_flow.domain.arbeidsflyt import hendelse, varsel
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.models.outbox import OutboxMessage
from tilskudd_flow.motor.overganger import Hendelseskommando, utfor_hendelse
from tilskudd_flow.motor.saker import opprett_enkel_sak
from tilskudd_flow.motor.tilgang import hent_aktor

SEKR = "samhandlingssjef"


def test_a_workflow_registered_through_the_extension_point_runs_end_to_end(
    innstillinger: Innstillinger, klokke: FixedClock
) -> None:
    register = last_register(innstillinger)
    register.registrer(INNMELDING)
    app = bygg_app(innstillinger, klokke=klokke, register=register)
    app.klargjor()
    last_demodata(app)
    with app.uow() as uow:
        aktor = hent_aktor(uow.session, SEKR)
        sak_id = opprett_enkel_sak(
            uow.session, app.miljo, aktor=aktor, workflow="innmelding", tittel="Årsrapport 2025"
        )
        uow.commit()
    kommando = Hendelseskommando(sak_id, "sett_opp", felt={"type": "orienteringssak"})
    overgang = utfor_hendelse(kommando, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    assert (overgang.referanse, overgang.til) == (f"INN-{sak_id}", "satt_opp")
    assert len(overgang.utboks_ider) == 3  # the sekretariat mailbox and two SSU members
    # Issue 22: rendered at delivery; read them as the recipient will.
    emner = {r.emne for r in utboksrader(app, OutboxMessage.case_id == sak_id)}
    assert emner == {f"Sak INN-{sak_id} er satt opp"}
    app.engine.dispose()


def test_the_cli_runs_a_workflow_added_by_configuration(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(
        "TILSKUDD_ARBEIDSFLYT__PAKKER", '["workflows", "tests.integration.ekstra_arbeidsflyt"]'
    )
    assert "innmelding" in {f["navn"] for f in cli.json("arbeidsflyt", "liste")}
    cli.ok("demo", "last")
    ut = cli.ok("sak", "opprett", "innmelding", "--tittel", "Handlingsplan 2026–2028", som=SEKR)
    sak = ut.split()[-1].rstrip(".")
    refusert = cli("sak", "hendelse", sak, "sett_opp", som=SEKR)
    assert "En sak må ha type" in refusert.stderr
    cli.ok("sak", "hendelse", sak, "sett_opp", "-f", "type=beslutningssak", som=SEKR)
    cli.ok("sak", "hendelse", sak, "avslutt", som=SEKR)
    # #17: a case title is the subject of its e-mails; a line break there is refused
    refusert = cli("sak", "opprett", "innmelding", "--tittel", "Plan\r\nBcc: x@y.no", som=SEKR)
    assert "tittel: Feltet kan ikke inneholde linjeskift eller kontrolltegn" in refusert.stderr
    historikk = cli.json("sak", "historikk", sak, som=SEKR)
    assert [r["til"] for r in historikk] == ["meldt_inn", "satt_opp", "avsluttet"]
    assert "stateDiagram-v2" in cli.ok("arbeidsflyt", "diagram", "innmelding")
    assert (
        last_innstillinger(KONFIG).arbeidsflyt.pakker[-1] == "tests.integration.ekstra_arbeidsflyt"
    )


def test_an_rs_soknad_is_not_created_through_the_generic_command(cli: Cli) -> None:
    cli.ok("demo", "last")
    resultat = cli("sak", "opprett", "rs_soknad", "--tittel", "X", som=SEKR)
    assert "opprettes med sin egen kommando" in resultat.stderr


def test_a_workflow_naming_a_missing_template_is_refused_at_start(
    innstillinger: Innstillinger,
) -> None:
    register = last_register(innstillinger)
    feil = replace(
        INNMELDING,
        navn="innmelding_uten_mal",
        hendelser={
            "sett_opp": hendelse(Rolle.SEKRETARIAT, varsler=[varsel("finnes/ikke", "sekretariat")]),
            "avslutt": hendelse(Rolle.SEKRETARIAT),
        },
    )
    register.registrer(feil)
    with pytest.raises(UgyldigKonfigurasjon, match="malen «finnes/ikke» finnes ikke"):
        bygg_app(innstillinger, register=register)


def test_a_definition_whose_rules_do_not_match_its_machine_is_refused() -> None:
    with pytest.raises(ValueError, match="hendelser uten regel: \\['avslutt'\\]"):
        replace(INNMELDING, hendelser={"sett_opp": INNMELDING.hendelser["sett_opp"]})
