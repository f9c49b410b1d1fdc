"""A transition loads what it reads with the case: no lazy load on its path, and a bounded
number of statements (issue 22: on main a returned and completed søknad lazy-loaded nine
relationships, one query each, as its guards and e-mails touched them)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import event
from sqlalchemy.orm import ORMExecuteState, Session

from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.motor.overganger import Hendelseskommando, utfor_hendelse

SEKR = "samhandlingssjef"
# user, case, søknad, seven collections, case UPDATE, chain head read and UPDATE, audit
# INSERT, outbox INSERT (and SQLite's BEGIN): a plain ORM transition with guards.
HOYST = 17


@dataclass
class Telling:
    setninger: int = 0
    latlastet: list[str] = field(default_factory=list)


@contextmanager
def tell(app: App) -> Iterator[Telling]:
    telling = Telling()

    def setning(*_: Any) -> None:
        telling.setninger += 1

    def orm(tilstand: ORMExecuteState) -> None:
        if tilstand.is_relationship_load and tilstand.lazy_loaded_from is not None:
            telling.latlastet.append(str(tilstand.loader_strategy_path))

    event.listen(app.engine, "before_cursor_execute", setning)
    event.listen(Session, "do_orm_execute", orm)
    try:
        yield telling
    finally:
        event.remove(app.engine, "before_cursor_execute", setning)
        event.remove(Session, "do_orm_execute", orm)


def _utfor(app: App, sak_id: int, hendelse: str, kommentar: str = "") -> Telling:
    kommando = Hendelseskommando(sak_id, hendelse, kommentar=kommentar)
    with tell(app) as telling:
        utfor_hendelse(kommando, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    return telling


def test_a_transition_with_guards_and_emails_lazy_loads_nothing(
    app: App, demo: Demosammendrag
) -> None:
    sak_id = demo.soknader[0]  # mottatt
    for hendelse, kommentar in [("returner_som_mangelfull", "Mangler budsjett."),
                                ("komplettert", "")]:  # fmt: skip
        telling = _utfor(app, sak_id, hendelse, kommentar)
        assert telling.latlastet == [], hendelse
        assert telling.setninger <= HOYST, (hendelse, telling.setninger)
