"""Outbox rows as their recipients read them, for tests (issue 22): a transition queues a
frozen context and the delivery worker renders it, so a queued row's emne/tekst/html are
empty until it is built; `med_innhold` renders them from the same context."""

from __future__ import annotations

from typing import Any

from sqlmodel import col, select

from tilskudd_flow.bootstrap import App
from tilskudd_flow.models.outbox import OutboxMessage
from tilskudd_flow.motor.utboks import med_innhold


def utboksrader(app: App, *vilkar: Any) -> list[OutboxMessage]:
    """The rows that match, oldest first, with subject, text and HTML filled in."""
    with app.uow(skriv=False) as uow:
        sporring = select(OutboxMessage).where(*vilkar).order_by(col(OutboxMessage.id))
        rader = list(uow.session.exec(sporring))
        for rad in rader:
            uow.session.expunge(rad)
    return med_innhold(app.miljo.varsler, rader)
