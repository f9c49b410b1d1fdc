"""What every command shares: settings, the app, the acting user, errors → exit codes."""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, ParamSpec, TypeVar

import typer

from tilskudd_flow.cli.oppstartsfase import oppstart
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.domain.feil import Saksfeil, UgyldigFelt
from tilskudd_flow.domain.tid import OSLO
from tilskudd_flow.feilmeldinger import uten_verdifeilprefiks

# The app (settings, ORM, services) is imported when a command first needs it, not when
# `tilskudd --help` imports this module (issue 22: the help took 1.4 s).
if TYPE_CHECKING:
    from tilskudd_flow.bootstrap import App
    from tilskudd_flow.motor.handling import Handling

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
            with oppstart():
                self._app = self._bygg(klargjor=klargjor)
        return self._app

    def _bygg(self, *, klargjor: bool) -> App:
        from tilskudd_flow.bootstrap import bygg_app
        from tilskudd_flow.config import last_innstillinger

        klokke = FixedClock(self.naa) if self.naa else None
        app = bygg_app(last_innstillinger(self.config), klokke=klokke)
        if klargjor:
            app.klargjor()
        return app

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


def handling(ctx: typer.Context) -> Handling:
    """The acting `--som` user's request, as a page's `HandlingDep` gives a route: services
    open their own unit of work and load the user in it, so no command holds a session."""
    from tilskudd_flow.motor.handling import Handling

    k = kontekst(ctx)
    app = k.app()
    return Handling(app.uow, app.miljo, k.bruker())


def kommando(funksjon: Callable[P, R]) -> Callable[P, R]:
    """Print a refusal as one line on stderr and exit non-zero; never a traceback."""

    @functools.wraps(funksjon)
    def innpakket(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return funksjon(*args, **kwargs)
        except Saksfeil as feil:
            _feil(str(feil), AVVIST)
        except _oppsettsfeil() as feil:  # evaluated only when an exception gets this far
            _feil(str(feil), OPPSETT)
        raise AssertionError("unreachable")

    return innpakket


def _oppsettsfeil() -> tuple[type[Exception], ...]:
    """Settings or database not usable: imported late, with the app that raises them."""
    from tilskudd_flow.bootstrap import DatabaseIkkeKlar
    from tilskudd_flow.config import UgyldigKonfigurasjon

    return (UgyldigKonfigurasjon, DatabaseIkkeKlar)


def _feil(melding: str, kode: int) -> None:
    typer.echo(f"feil: {uten_verdifeilprefiks(melding)}", err=True)
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
