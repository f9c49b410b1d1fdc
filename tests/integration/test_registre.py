"""The register services of issue 20 against a real database (SQLite and PostgreSQL): a
party's other names set up through the web's service are found by the command line too,
a user's roles and parties change in one audited transaction, and the audit chain holds."""

from __future__ import annotations

import json

from sqlmodel import select

from tests.conftest import Cli
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.domain.feil import UgyldigeFelt
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.kontoer.handlinger import (
    endre_brukertilgang,
    lagre_part,
    partoversikten,
    tilgangen,
)
from tilskudd_flow.kontoer.parter import Partendring
from tilskudd_flow.models.audit import AuditEntry
from tilskudd_flow.models.tenancy import PartAlias
from tilskudd_flow.motor.handling import Handling

SEKR = "samhandlingssjef"


def handling(app: App, brukernavn: str = SEKR) -> Handling:
    return Handling(app.uow, app.miljo, brukernavn)


def rana(app: App) -> int:
    return next(p.id for p in partoversikten(handling(app)) if p.navn == "Rana kommune")


def test_an_alias_saved_by_the_web_service_is_found_by_the_command_line(
    app: App, demo: Demosammendrag, cli: Cli
) -> None:
    endring = Partendring("Rana kommune", "postmottak@rana.kommune.example", True, ("Mo i Rana",))
    assert lagre_part(handling(app), rana(app), endring) == "Rana kommune"
    assert "Rana kommune er ikke medlem." in cli.ok(
        "part", "medlem", "mo i rana", "--nei", som=SEKR
    )
    with app.uow(skriv=False) as uow:
        aliaser = [a.alias for a in uow.session.exec(select(PartAlias))]
    assert aliaser == ["Mo i Rana"]
    assert "er hel." in cli.ok("revisjonslogg", "verifiser", som="admin")


def test_a_refused_change_writes_nothing(app: App, demo: Demosammendrag) -> None:
    endring = Partendring("Rana kommune", "ikke-epost", False, ("HSYK",))
    try:
        lagre_part(handling(app), rana(app), endring)
    except UgyldigeFelt as feil:
        assert set(feil.alle) == {"postmottak", "aliaser"}
    else:
        raise AssertionError("endringen skulle vært avvist")
    with app.uow(skriv=False) as uow:
        assert uow.session.exec(select(PartAlias)).first() is None
        assert (
            uow.session.exec(select(AuditEntry).where(AuditEntry.hendelse == "part_endret")).first()
            is None
        )
    assert next(p for p in partoversikten(handling(app)) if p.navn == "Rana kommune").medlem


def test_roles_and_parties_change_together_and_each_is_audited(
    app: App, demo: Demosammendrag
) -> None:
    admin = handling(app, "admin")
    endre_brukertilgang(admin, "rana.soker", roller=[Rolle.SOKER], parter=["1833", "Hemnes"])
    skjema = tilgangen(admin, "rana.soker")
    assert skjema.valgte_parter == ["1832", "1833"]
    with app.uow(skriv=False) as uow:
        rad = uow.session.exec(
            select(AuditEntry).where(AuditEntry.hendelse == "bruker_parter_endret")
        ).one()
    assert rad.objekt_type == "bruker" and rad.brukernavn == "admin"
    assert json.loads(rad.detaljer)["parter"] == [["Rana kommune"],
                                                  ["Hemnes kommune", "Rana kommune"]]  # fmt: skip


def test_the_command_line_changes_a_party_through_the_same_rules(
    app: App, demo: Demosammendrag, cli: Cli
) -> None:
    ut = cli.ok("part", "endre", "1833", "--alias", "Mo i Rana", "--alias", "MIR", som=SEKR)
    assert "Rana kommune er endret." in ut
    ut = cli.ok("part", "endre", "mir", "--postmottak", "post@rana.kommune.example", som=SEKR)
    rad = next(p for p in partoversikten(handling(app)) if p.navn == "Rana kommune")
    assert (rad.postmottak, rad.aliaser) == ("post@rana.kommune.example", ("Mo i Rana", "MIR"))
    feil = cli("part", "endre", "Rana", "--alias", "HSYK", som=SEKR)
    assert feil.exit_code != 0
    assert "«HSYK» (Helgelandssykehuset HF)" in feil.stderr
    cli.ok("part", "endre", "Rana", "--ingen-alias", som=SEKR)
    assert next(p for p in partoversikten(handling(app)) if p.navn == "Rana kommune").aliaser == ()
