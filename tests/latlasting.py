"""Relationships loaded after a transaction has started writing: a transition loads what its
event reads with the case (`last_sak(for_hendelse=…)`), so it finds none (issue 22).

Listens on every engine and session, so it also sees what the in-process CLI builds itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from sqlalchemy import Engine, event
from sqlalchemy.orm import ORMExecuteState, Session


@contextmanager
def lastet_etter_skriving() -> Iterator[list[str]]:
    """Yields the relationship loads (as load paths) that came after an INSERT or UPDATE in
    the same transaction, while the block runs."""
    skrevet: set[int] = set()  # connections whose transaction has written
    funn: list[str] = []

    def setning(tilkobling: Any, _peker: Any, sql: str, *_: Any) -> None:
        if sql.lstrip().split(maxsplit=1)[0].upper() in {"INSERT", "UPDATE"}:
            skrevet.add(id(tilkobling))

    def avsluttet(tilkobling: Any) -> None:
        skrevet.discard(id(tilkobling))

    def orm(tilstand: ORMExecuteState) -> None:
        if tilstand.is_relationship_load and id(tilstand.session.connection()) in skrevet:
            funn.append(str(tilstand.loader_strategy_path))

    lyttere: list[tuple[Any, str, Callable[..., Any]]] = [
        (Engine, "before_cursor_execute", setning),
        (Engine, "commit", avsluttet),
        (Engine, "rollback", avsluttet),
        (Session, "do_orm_execute", orm),
    ]
    for mal, navn, lytter in lyttere:
        event.listen(mal, navn, lytter)
    try:
        yield funn
    finally:
        for mal, navn, lytter in lyttere:
            event.remove(mal, navn, lytter)
