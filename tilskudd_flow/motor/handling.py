"""Who acts, and how a service opens its transaction: what pages and the API hand a service,
so that no route holds a database session of its own."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Protocol

from sqlmodel import Session

from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.tilgang import hent_aktor


class NyUow(Protocol):
    """Opens a unit of work (the bootstrap's `App.uow`)."""

    def __call__(self, *, skriv: bool = True) -> UnitOfWork: ...


@dataclass(frozen=True)
class Transaksjon:
    """An open transaction and the acting user, loaded in it."""

    session: Session
    aktor: Bruker


@dataclass(frozen=True)
class Handling:
    """One user's request: the services' surroundings, a way to open a unit of work, and the
    user who acts. The user is looked up again in every transaction, so a deactivated user
    is refused there, not only at login."""

    ny_uow: NyUow
    miljo: Saksmiljo
    brukernavn: str

    @contextmanager
    def les(self) -> Iterator[Transaksjon]:
        """A read-only transaction with the acting user."""
        with self.ny_uow(skriv=False) as uow:
            yield Transaksjon(uow.session, hent_aktor(uow.session, self.brukernavn))

    @contextmanager
    def skriv(self) -> Iterator[Transaksjon]:
        """A write transaction with the acting user, committed when the block ends normally."""
        with self.ny_uow() as uow:
            yield Transaksjon(uow.session, hent_aktor(uow.session, self.brukernavn))
            uow.commit()
