"""The audit trail is hash-chained per helsefellesskap: any edit of a row is named."""

from __future__ import annotations

import itertools

import sqlalchemy as sa
from sqlmodel import col, select

from tests.conftest import Cli
from tilskudd_flow.bootstrap import App
from tilskudd_flow.models.audit import AuditEntry
from tilskudd_flow.motor.audit import GENESIS, forste_brudd, radens_hash

SEKR = "samhandlingssjef"


def test_every_row_links_to_the_previous_one(cli: Cli, app: App) -> None:
    cli.ok("demo", "last")
    with app.uow(skriv=False) as uow:
        rader = list(uow.session.exec(select(AuditEntry).order_by(col(AuditEntry.id))))
        assert rader[0].forrige_hash == GENESIS
        for forrige, rad in itertools.pairwise(rader):
            assert rad.forrige_hash == forrige.hash
            assert rad.hash == radens_hash(rad)
        assert forste_brudd(uow.session, rader[0].helsefellesskap_id) is None
    assert "er hel" in cli.ok("revisjonslogg", "verifiser", som=SEKR)


def test_an_edited_row_is_named_by_the_verification(cli: Cli, app: App) -> None:
    cli.ok("demo", "last")
    with app.engine.begin() as tilkobling:
        tilkobling.execute(
            sa.text("UPDATE audit_entry SET kommentar = 'endret i ettertid' WHERE id = 5")
        )
    resultat = cli("revisjonslogg", "verifiser", som=SEKR)
    assert resultat.exit_code == 1
    assert "brutt ved rad 5" in resultat.stderr
    alle = cli("revisjonslogg", "verifiser", "--alle")
    assert alle.exit_code == 1
    assert "Revisjonsloggen for Helsefellesskap Helgeland: brutt ved rad 5" in alle.stdout


def test_a_deleted_row_breaks_the_chain_at_the_next_row(cli: Cli, app: App) -> None:
    cli.ok("demo", "last")
    with app.engine.begin() as tilkobling:
        tilkobling.execute(sa.text("UPDATE outbox_message SET audit_id = NULL WHERE audit_id = 7"))
        tilkobling.execute(sa.text("DELETE FROM audit_entry WHERE id = 7"))
    assert "brutt ved rad 8" in cli("revisjonslogg", "verifiser", som=SEKR).stderr
