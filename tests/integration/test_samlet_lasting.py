"""The one statement that reads a case's detail row and what a transition reads of it
(`motor/samlet_lasting.py`) loads what the ORM's own loaders load: the same rows, the same
values, in each relationship's order. Checked for every event of every case a year of the
demo leaves behind, on each backend (PostgreSQL types a UNION's columns, SQLite does not)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import event, inspect
from sqlmodel import Session, col, select

from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.demo.gjennomgang import kjor_gjennomgang
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflyt
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.soknad import Soknad
from tilskudd_flow.motor.saker import last_sak
from tilskudd_flow.motor.samlet_lasting import kan_samles, last_det_som_mangler, last_detalj
from tilskudd_flow.motor.tilgang import hent_aktor
from workflows.rs_soknad import NAVN as RS_SOKNAD
from workflows.rs_soknad import Hendelse, Tilstand

SEKR = "samhandlingssjef"
Sak = tuple[Arbeidsflyt, int, str]


def verdier(objekt: Any) -> Any:
    """A loaded object as its class and column values; a list of them, in order."""
    if isinstance(objekt, list):
        return [verdier(o) for o in objekt]
    if objekt is None:
        return None
    kolonner = inspect(objekt).mapper.column_attrs
    return (type(objekt).__name__, {k.key: getattr(objekt, k.key) for k in kolonner})


def slik_orm_leser(app: App, flyt: Arbeidsflyt, sak_id: int, plan: tuple[Any, ...]) -> Any:
    """The detail row and the plan's relationships as the ORM reads them lazily."""
    with Session(app.engine) as session:
        subjekt = session.get(detaljmodell(flyt), sak_id)
        return verdier(subjekt), {r.key: verdier(getattr(subjekt, r.key)) for r in plan}


def detaljmodell(flyt: Arbeidsflyt) -> type[Any]:
    assert flyt.detaljmodell is not None
    return flyt.detaljmodell


def rapportert_soknad(saker: list[Sak]) -> tuple[Arbeidsflyt, int]:
    """A søknad with awards and report deadlines: rows in every branch."""
    flyt, sak_id, _ = next(
        s for s in saker if s[0].navn == RS_SOKNAD and s[2] == Tilstand.RAPPORTERT
    )
    return flyt, sak_id


@pytest.fixture
def alle_saker(app: App, demo: Demosammendrag) -> list[Sak]:
    kjor_gjennomgang(app, demo.soknader, demo.fsu, lambda _: None)
    with Session(app.engine) as session:
        saker = session.exec(select(WorkflowCase).order_by(col(WorkflowCase.id))).all()
        return [(app.miljo.register.hent(s.workflow), s.id or 0, s.state) for s in saker]


def test_every_event_of_every_case_loads_what_the_orm_loads(
    app: App, alle_saker: list[Sak]
) -> None:
    provd: set[str] = set()
    for flyt, sak_id, _tilstand in alle_saker:
        for hendelse in flyt.hendelser if flyt.detaljmodell else ():
            for soker in (False, True):  # an applicant's plan adds the case's parties
                plan = flyt.laster_for(hendelse, soker=soker)
                assert all(kan_samles(r) for r in plan), (flyt.navn, hendelse)
                if not plan:
                    continue
                with Session(app.engine) as session:
                    subjekt = last_detalj(session, detaljmodell(flyt), sak_id, plan)
                    assert not {r.key for r in plan} & inspect(subjekt).unloaded
                    funnet = (
                        verdier(subjekt),
                        {r.key: verdier(getattr(subjekt, r.key)) for r in plan},
                    )
                assert funnet == slik_orm_leser(app, flyt, sak_id, plan), (sak_id, hendelse)
                provd.add(flyt.navn)
    assert provd == {"rs_soknad", "fsu_etablering", "avtale_revisjon"}  # a møte reads no more


def test_a_transition_reads_the_case_and_then_its_detail_row_with_all_it_reads(
    app: App, alle_saker: list[Sak]
) -> None:
    flyt, sak_id = rapportert_soknad(alle_saker)
    setninger: list[str] = []

    def tell(_tilkobling: Any, _peker: Any, sql: str, *_: Any) -> None:
        setninger.append(sql)

    with Session(app.engine) as session:
        aktor = hent_aktor(session, SEKR)
        event.listen(app.engine, "before_cursor_execute", tell)
        try:
            lastet = last_sak(
                session, app.miljo.register, aktor, sak_id, for_hendelse=Hendelse.VURDER
            )
        finally:
            event.remove(app.engine, "before_cursor_execute", tell)
        assert [s.split()[0] for s in setninger] == ["SELECT", "SELECT"]  # case; all the rest
        assert "FROM workflow_case" in setninger[0]
        assert (
            not {r.key for r in flyt.laster_for(Hendelse.VURDER)} & inspect(lastet.subjekt).unloaded
        )


def test_a_detail_row_already_read_gets_only_what_it_lacks(app: App, alle_saker: list[Sak]) -> None:
    flyt, sak_id = rapportert_soknad(alle_saker)
    plan = flyt.laster_for(Hendelse.VURDER)
    with Session(app.engine) as session:
        subjekt = session.get(Soknad, sak_id)
        assert subjekt is not None
        kontakter = list(subjekt.kontakter)  # read before, by a batch say
        last_det_som_mangler(session, subjekt, plan)
        assert subjekt.kontakter == kontakter
        assert not {r.key for r in plan} & inspect(subjekt).unloaded
        funnet = verdier(subjekt), {r.key: verdier(getattr(subjekt, r.key)) for r in plan}
    assert funnet == slik_orm_leser(app, flyt, sak_id, plan)
    assert funnet[1]["tildelinger"] and funnet[1]["rapportkrav"]  # rows, not only empty lists
