"""A command group that imports a subcommand's module when it is run, not to list it.

Click's documented LazyGroup pattern, on Typer's group class: the names and help lines come
from a table (`Utsatt`), so `tilskudd --help` prints them without importing the commands'
modules — those import the services, the ORM, the templates and the web app. Running a
command, or asking for its own help, imports its module and builds it as `add_typer` would.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import typer
from typer import _click
from typer.core import TyperCommand, TyperGroup

from tilskudd_flow.cli.oppstartsfase import oppstart


@dataclass(frozen=True)
class Utsatt:
    """Where a command lives («tilskudd_flow.cli.saker:sak_app») and its help line."""

    sti: str
    hjelp: str

    def last(self, navn: str) -> _click.Command:
        """Import the module and build the command as `app.add_typer`/`app.command` would."""
        modulnavn, attributt = self.sti.split(":")
        objekt = getattr(importlib.import_module(modulnavn), attributt)
        omslag = typer.Typer()
        omslag.callback()(_ingenting)  # with a callback Typer builds a group, even of one
        if isinstance(objekt, typer.Typer):
            omslag.add_typer(objekt, name=navn)
        else:
            omslag.command(navn)(objekt)
        gruppe = typer.main.get_command(omslag)
        assert isinstance(gruppe, TyperGroup)
        return gruppe.commands[navn]


def _ingenting() -> None:
    """The wrapper group's callback: never run, only there to make Typer build a group."""


class _Plassholder(TyperCommand):
    """A name and a help line for the help list; never run (`get_command` loads the real)."""


class LazyGroup(TyperGroup):
    """A group whose subcommands are listed from `utsatte` and imported when used."""

    utsatte: Mapping[str, Utsatt] = {}

    def __init__(self, **attrs: Any) -> None:
        super().__init__(**attrs)
        self._lister = False
        # Placeholders under every name, so Typer's «Did you mean …?» knows them all.
        for navn, utsatt in self.utsatte.items():
            self.commands.setdefault(navn, _Plassholder(name=navn, help=utsatt.hjelp))

    def get_command(self, ctx: _click.Context, cmd_name: str) -> _click.Command | None:
        kommando = self.commands.get(cmd_name)
        if isinstance(kommando, _Plassholder) and not self._lister:
            with oppstart():
                kommando = self.commands[cmd_name] = self.utsatte[cmd_name].last(cmd_name)
        return kommando

    def format_help(self, ctx: _click.Context, formatter: _click.HelpFormatter) -> None:
        # Listing the commands needs only their names and help lines: no import.
        self._lister = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self._lister = False
