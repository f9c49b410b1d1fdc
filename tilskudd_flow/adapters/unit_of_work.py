"""One database transaction: the state change, its audit row and its e-mails commit together."""

from __future__ import annotations

from contextlib import nullcontext
from types import TracebackType

from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError
from sqlalchemy.orm import SessionTransaction
from sqlalchemy.orm.exc import StaleDataError
from sqlmodel import Session

from tilskudd_flow.adapters.database import skrivelaas, skrivende
from tilskudd_flow.domain.feil import Konflikt


class UnitOfWork:
    """`with uow: ...; uow.commit()` — anything not committed is rolled back on exit."""

    def __init__(self, engine: Engine, *, skriv: bool = True) -> None:
        self._engine = skrivende(engine) if skriv else engine
        self._laas = skrivelaas(engine) if skriv else nullcontext()
        self._session: Session | None = None

    @property
    def session(self) -> Session:
        if self._session is None:
            raise RuntimeError("UnitOfWork brukes utenfor with-blokken")
        return self._session

    def __enter__(self) -> UnitOfWork:
        self._laas.__enter__()
        self._session = Session(self._engine, expire_on_commit=False, autoflush=True)
        return self

    def __exit__(
        self,
        _type: type[BaseException] | None,
        verdi: BaseException | None,
        _traceback: TracebackType | None,
    ) -> None:
        try:
            self._avslutt()
        finally:
            self._session = None
            self._laas.__exit__(None, None, None)
        if isinstance(verdi, StaleDataError):
            # An autoflush inside the block found the case's version already moved on.
            raise Konflikt(_KONFLIKT) from None

    def _avslutt(self) -> None:
        # close() rolls back anything uncommitted; unlike rollback() it does not expire
        # what was read, so results stay readable after the block.
        self.session.close()

    def flush(self) -> None:
        try:
            self.session.flush()
        except StaleDataError:
            raise Konflikt(_KONFLIKT) from None

    def commit(self) -> None:
        try:
            self.session.commit()
        except StaleDataError:
            raise Konflikt(_KONFLIKT) from None
        except OperationalError as feil:
            if "locked" in str(feil.orig) or "could not serialize" in str(feil.orig):
                raise Konflikt(_KONFLIKT) from None
            raise


_KONFLIKT = "Saken ble endret av noen andre i mellomtiden. Last den på nytt og prøv igjen."


class Delarbeid(UnitOfWork):
    """A unit of work inside an open one (a savepoint): `commit` keeps its changes in the
    outer transaction, leaving the block without it undoes them. The dry run uses it."""

    def __init__(self, ytre: UnitOfWork) -> None:
        self._ytre = ytre
        self._session = None
        self._laas = nullcontext()  # the outer unit of work holds the write lock
        self._lagringspunkt: SessionTransaction | None = None

    def __enter__(self) -> Delarbeid:
        self._session = self._ytre.session
        self._lagringspunkt = self._session.begin_nested()
        return self

    def _avslutt(self) -> None:
        if self._lagringspunkt is not None and self._lagringspunkt.is_active:
            self._lagringspunkt.rollback()

    def commit(self) -> None:
        assert self._lagringspunkt is not None
        self._lagringspunkt.commit()
