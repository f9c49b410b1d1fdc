"""A transition loads what it reads with the case, up front: no relationship is loaded once
it has started writing, and it runs a bounded number of statements (issue 22: on main a
returned søknad lazy-loaded its contacts, awards and report deadlines while queueing its
e-mails, after the case and audit rows were written)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlmodel
from sqlalchemy import create_engine, event, inspect
from sqlalchemy.orm import ORMExecuteState, Session

from tests.latlasting import lastet_etter_skriving
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.models.soknad import Soknad
from tilskudd_flow.motor.audit import skriv_audit, verifiser_alle
from tilskudd_flow.motor.overganger import Hendelseskommando, anvend_hendelse, utfor_hendelse
from tilskudd_flow.motor.saker import last_sak
from tilskudd_flow.motor.tilgang import hent_aktor

SEKR = "samhandlingssjef"
# user, case, the søknad with all the event reads (one UNION ALL), case UPDATE, the chain
# head's conditional UPDATE, audit INSERT, the outbox rows' one INSERT, SQLite's BEGIN.
HOYST = {"returner_som_mangelfull": 8, "komplettert": 8}


@dataclass
class Telling:
    setninger: list[str] = field(default_factory=list)
    lastet_etter_skriving: list[str] = field(default_factory=list)


@contextmanager
def tell(app: App) -> Iterator[Telling]:
    telling = Telling()

    def setning(_tilkobling: Any, _peker: Any, sql: str, *_: Any) -> None:
        telling.setninger.append(sql.split()[0].upper())

    def orm(tilstand: ORMExecuteState) -> None:
        skrevet = {"UPDATE", "INSERT"} & set(telling.setninger)
        if tilstand.is_relationship_load and skrevet:
            telling.lastet_etter_skriving.append(str(tilstand.loader_strategy_path))

    event.listen(app.engine, "before_cursor_execute", setning)
    event.listen(Session, "do_orm_execute", orm)
    try:
        yield telling
    finally:
        event.remove(app.engine, "before_cursor_execute", setning)
        event.remove(Session, "do_orm_execute", orm)


@pytest.mark.parametrize(
    ("hendelser"),
    [[("returner_som_mangelfull", "Mangler budsjett."), ("komplettert", "")]],
)
def test_a_transition_loads_everything_before_it_writes_and_runs_few_statements(
    app: App, demo: Demosammendrag, hendelser: list[tuple[str, str]]
) -> None:
    sak_id = demo.soknader[0]  # mottatt
    for hendelse, kommentar in hendelser:
        kommando = Hendelseskommando(sak_id, hendelse, kommentar=kommentar)
        with tell(app) as telling:
            utfor_hendelse(kommando, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
        assert telling.lastet_etter_skriving == [], hendelse
        assert len(telling.setninger) <= HOYST[hendelse], (hendelse, telling.setninger)


def test_loading_for_an_event_leaves_nothing_it_reads_unloaded(
    app: App, demo: Demosammendrag
) -> None:
    with app.uow(skriv=False) as uow:
        aktor = hent_aktor(uow.session, SEKR)
        lastet = last_sak(uow.session, app.miljo.register, aktor, demo.soknader[0],
                          for_hendelse="vurder")  # fmt: skip
        planlagt = {r.key for r in lastet.flyt.laster_for("vurder")}
        assert planlagt == {"vedlegg", "kontakter", "tildelinger", "rapportkrav"}
        assert not planlagt & inspect(lastet.subjekt).unloaded


def test_a_case_a_batch_service_has_already_read_gets_what_the_event_reads_before_it_writes(
    app: App, demo: Demosammendrag
) -> None:
    # A batch (SSU's vedtak on the priority list) reads its søknader before moving each one;
    # loader options do not reload a row already in the session, so the plan is topped up.
    sak_id = demo.soknader[0]  # mottatt
    kommando = Hendelseskommando(sak_id, "returner_som_mangelfull", kommentar="Mangler budsjett.")
    with app.uow() as uow, lastet_etter_skriving() as sent_lastet:
        soknad = uow.session.get(Soknad, sak_id)
        assert soknad is not None
        aktor = hent_aktor(uow.session, SEKR)
        anvend_hendelse(kommando, uow=uow, miljo=app.miljo, aktor=aktor)
        uow.commit()
    assert sent_lastet == []


def test_a_chain_moved_by_another_process_is_read_again_and_stays_whole(
    app: App, demo: Demosammendrag
) -> None:
    sak_id = demo.soknader[0]  # mottatt
    annen = create_engine(app.engine.url)  # another process: its own pool, its own guess
    try:
        with sqlmodel.Session(annen) as session:
            aktor = hent_aktor(session, SEKR)
            hf, naa = aktor.helsefellesskap_id, datetime.now(UTC)
            skriv_audit(session, helsefellesskap_id=hf, tidspunkt=naa, bruker=aktor,
                        objekt_type="test", objekt_id=0, hendelse="annen_prosess")  # fmt: skip
            session.commit()
    finally:
        annen.dispose()
    kommando = Hendelseskommando(sak_id, "returner_som_mangelfull", kommentar="Mangler budsjett.")
    with tell(app) as telling:
        utfor_hendelse(kommando, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    assert telling.setninger.count("UPDATE") == 3  # case, stale guess, after the locked read
    with app.uow(skriv=False) as uow:
        assert verifiser_alle(uow.session) == {hf: "hel" for hf in verifiser_alle(uow.session)}
