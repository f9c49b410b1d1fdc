"""What every command shares: settings, the app, the acting user, errors → exit codes."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, ParamSpec, TypeVar

import typer
from sqlmodel import Session

from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.bootstrap import App, DatabaseIkkeKlar, bygg_app
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.config import UgyldigKonfigurasjon, last_innstillinger
from tilskudd_flow.domain.feil import Saksfeil, UgyldigFelt
from tilskudd_flow.domain.tid import OSLO
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.motor.tilgang import hent_aktor

P = ParamSpec("P")
R = TypeVar("R")

AVVIST = 1  # bad input or a refused action: unknown id, invalid event, failed guard …
OPPSETT = 3  # configuration or database not usable


@dataclass
class Kontekst:
    config: Path | None = None
    som: str | None = None
    naa: datetime | None = None
    _app: App | None = field(default=None, repr=False)

    def app(self, *, klargjor: bool = True) -> App:
        if self._app is None:
            klokke = FixedClock(self.naa) if self.naa else None
            self._app = bygg_app(last_innstillinger(self.config), klokke=klokke)
            if klargjor:
                self._app.klargjor()
        return self._app

    def bruker(self) -> str:
        navn = self.som or os.environ.get("TILSKUDD_BRUKER")
        if not navn:
            raise UgyldigFelt(
                "--som", "oppgi hvilken bruker du handler som (eller TILSKUDD_BRUKER)"
            )
        return navn


def kontekst(ctx: typer.Context) -> Kontekst:
    obj = ctx.find_root().obj
    assert isinstance(obj, Kontekst)
    return obj


@dataclass
class Okt:
    """One command's work as the acting user: the app, an open unit of work, the actor."""

    app: App
    uow: UnitOfWork
    aktor: Bruker

    @property
    def session(self) -> Session:
        return self.uow.session

    @property
    def naa(self) -> datetime:
        return self.app.miljo.klokke.now()


@contextmanager
def som_bruker(ctx: typer.Context, *, skriv: bool = False) -> Iterator[Okt]:
    """Open a unit of work as the `--som` user; a writing block must call `okt.uow.commit()`."""
    k = kontekst(ctx)
    app = k.app()
    with app.uow(skriv=skriv) as uow:
        yield Okt(app, uow, hent_aktor(uow.session, k.bruker()))


def kommando(funksjon: Callable[P, R]) -> Callable[P, R]:
    """Print a refusal as one line on stderr and exit non-zero; never a traceback."""

    @functools.wraps(funksjon)
    def innpakket(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return funksjon(*args, **kwargs)
        except Saksfeil as feil:
            _feil(str(feil), AVVIST)
        except (UgyldigKonfigurasjon, DatabaseIkkeKlar) as feil:
            _feil(str(feil), OPPSETT)
        raise AssertionError("unreachable")

    return innpakket


def _feil(melding: str, kode: int) -> None:
    typer.echo(f"feil: {melding}", err=True)
    raise typer.Exit(kode)


def skriv_json(innhold: Any) -> None:
    typer.echo(json.dumps(innhold, ensure_ascii=False, indent=2, default=_json_verdi))


def _json_verdi(verdi: Any) -> Any:
    if isinstance(verdi, datetime):
        return verdi.isoformat()
    if hasattr(verdi, "isoformat"):
        return verdi.isoformat()
    return str(verdi)


def tolk_tidspunkt(tekst: str | None) -> datetime | None:
    """`--naa 2025-10-22T10:00` (Oslo time unless a zone is given)."""
    if not tekst:
        return None
    instant = datetime.fromisoformat(tekst)
    return instant if instant.tzinfo else instant.replace(tzinfo=OSLO)
