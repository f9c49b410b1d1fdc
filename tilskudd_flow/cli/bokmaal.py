"""The command line's own words in bokmål: Click's and Typer's usage, help and errors.

Typer 0.29 vendors Click as `typer._click`, whose messages are English f-strings, not
gettext calls; only Typer's panel titles go through `gettext`, and those are read once at
import. So the catalog (sprak/nb/LC_MESSAGES/click.po, shipped compiled as click.mo) is
applied where the text leaves: the usage line, the help panels and the error panel. A
message with a placeholder («No such command {name}.») is matched as a pattern against
the English text and the bokmål filled in. Pydantic's own errors (Typer validates values
with it) become the same bokmål lines as the forms show, never «Value error, …».

Typer imports `typer.rich_utils` (rich's Markdown, Pygments, tracebacks: ~40 ms) only when
it prints help or an error; the bokmål is applied to it then, so a command that runs
without either never loads it (issue 22: `tilskudd saker` should answer at once).
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import re
import sys
from collections.abc import Callable, Sequence
from functools import cache
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING, Any, TypeGuard

from babel.messages.mofile import read_mo
from typer import _click
from typer import core as typer_core

from tilskudd_flow.feilmeldinger import norsk_melding, uten_verdifeilprefiks

if TYPE_CHECKING:
    from pydantic import ValidationError

KATALOG = Path(__file__).parent / "sprak" / "nb" / "LC_MESSAGES" / "click.mo"
_PLASS = re.compile(r"\{(\w+)\}")
# Typer's fixed strings, read through gettext when typer.rich_utils was imported.
_FASTE = ("DEPRECATED_STRING", "DEFAULT_STRING", "ENVVAR_STRING", "REQUIRED_LONG_STRING",
          "ARGUMENTS_PANEL_TITLE", "OPTIONS_PANEL_TITLE", "COMMANDS_PANEL_TITLE",
          "ERRORS_PANEL_TITLE", "ABORTED_TEXT", "RICH_HELP")  # fmt: skip
_METAVARER = ("Usage: ", "[OPTIONS]", "COMMAND [ARGS]...")


@cache
def _oversettelser() -> dict[str, str]:
    with KATALOG.open("rb") as fil:
        return {str(m.id): str(m.string) for m in read_mo(fil) if m.id and m.string}


@cache
def _monstre() -> list[tuple[re.Pattern[str], str]]:
    """The messages with placeholders as patterns; the longest first, so «No such command
    'x'. Did you mean …?» is not taken for the shorter «No such command {name}.»."""
    med_plass = sorted((e for e in _oversettelser().items() if _PLASS.search(e[0]) and
                        "{}" not in e[0]), key=lambda e: -len(e[0]))  # fmt: skip
    return [(re.compile(_som_monster(engelsk), re.DOTALL), norsk) for engelsk, norsk in med_plass]


def _som_monster(engelsk: str) -> str:
    deler = _PLASS.split(engelsk)  # text, name, text, name, …, text
    return "".join(f"(?P<{del_}>.+?)" if i % 2 else re.escape(del_) for i, del_ in enumerate(deler))


def oversett(tekst: str) -> str:
    """The bokmål of one of Click's or Typer's messages; unknown text as it was."""
    if (norsk := _oversettelser().get(tekst)) is not None:
        return norsk
    for monster, norsk in _monstre():
        if treff := monster.fullmatch(tekst):
            return _fyll(norsk, treff.groupdict())
    return uten_verdifeilprefiks(tekst)


def _fyll(norsk: str, verdier: dict[str, str]) -> str:
    # A message inside the message («Invalid value for x: {message}») is translated too.
    ferdige = {n: oversett(v) if n == "message" else v for n, v in verdier.items()}
    return _PLASS.sub(lambda p: ferdige[p.group(1)], norsk)


def _bruk(tekst: str) -> str:
    for engelsk in _METAVARER:
        tekst = tekst.replace(engelsk, oversett(engelsk))
    return tekst


def _feilmelding(feil: _click.ClickException) -> str:
    aarsak = feil.__cause__
    if aarsak is not None and _er_valideringsfeil(aarsak):  # Typer's value check: pydantic's
        feil.message = "; ".join(norsk_melding(detalj) for detalj in aarsak.errors())
    return oversett(feil.format_message())


def _er_valideringsfeil(aarsak: BaseException) -> TypeGuard[ValidationError]:
    # Imported here: the help, and `tilskudd` alone (a usage error), need no pydantic.
    from pydantic import ValidationError

    return isinstance(aarsak, ValidationError)


def _med_bokmaal_hjelp(original: Callable[..., None]) -> Callable[..., None]:
    def hjelp(*, obj: Any, ctx: _click.Context, markup_mode: Any) -> None:
        valg = obj.get_help_option(ctx)
        if valg is not None and valg.help:
            valg.help = oversett(valg.help)
        original(obj=obj, ctx=ctx, markup_mode=markup_mode)

    return hjelp


def _med_bokmaal_feil(original: Callable[[_click.ClickException], None]) -> Callable[..., None]:
    def feil(unntak: _click.ClickException) -> None:
        melding = _feilmelding(unntak)
        unntak.format_message = lambda: melding  # type: ignore[method-assign]
        original(unntak)

    return feil


def _med_bokmaal_bruk(original: Callable[..., str]) -> Callable[..., str]:
    def bruk(self: Any, ctx: _click.Context) -> str:
        return _bruk(original(self, ctx))

    return bruk


def _med_bokmaal_type(original: Callable[..., str]) -> Callable[..., str]:
    def type_(self: Any, ctx: _click.Context) -> str:
        # A flag takes no value: «--json <bool>» made it look as if it did.
        return "" if getattr(self, "is_flag", False) else oversett(original(self, ctx))

    return type_


RICH_UTILS = "typer.rich_utils"


def bruk_bokmaal() -> None:
    """Make the command line speak bokmål (once per process; later calls do nothing)."""
    if getattr(_click.core.Command.get_usage, "_tilskudd_bokmaal", False):
        return
    bruk = _med_bokmaal_bruk(_click.core.Command.get_usage)
    bruk._tilskudd_bokmaal = True  # type: ignore[attr-defined]
    _click.core.Command.get_usage = bruk  # type: ignore[method-assign]
    parameter = typer_core._TyperParameter
    parameter.display_type = _med_bokmaal_type(parameter.display_type)  # type: ignore[method-assign]
    if RICH_UTILS in sys.modules:
        _oversett_rich_utils(sys.modules[RICH_UTILS])
    else:
        sys.meta_path.insert(0, _NaarRichUtilsLastes())


def _oversett_rich_utils(rich_utils: ModuleType) -> None:
    """Typer's fixed strings, help panels and error panel in bokmål."""
    for navn in _FASTE:
        setattr(rich_utils, navn, oversett(getattr(rich_utils, navn)))
    for navn, omslag in (("rich_format_help", _med_bokmaal_hjelp),
                         ("rich_format_error", _med_bokmaal_feil)):  # fmt: skip
        setattr(rich_utils, navn, omslag(getattr(rich_utils, navn)))


class _NaarRichUtilsLastes(importlib.abc.MetaPathFinder):
    """Finds `typer.rich_utils` as Python would, and translates it once it has run."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if fullname != RICH_UTILS:
            return None
        sys.meta_path.remove(self)  # once: the next search is Python's own
        spec = importlib.util.find_spec(fullname)
        if spec is not None and spec.loader is not None:
            spec.loader = _OversattEtterpaa(spec.loader)
        return spec


class _OversattEtterpaa(importlib.abc.Loader):
    """The module's own loader, then the bokmål."""

    def __init__(self, loader: importlib.abc.Loader) -> None:
        self._loader = loader

    def create_module(self, spec: ModuleSpec) -> ModuleType | None:
        return self._loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        _oversett_rich_utils(module)

    def __getattr__(self, navn: str) -> Any:
        # get_source, get_code, is_package …: tracebacks and inspect ask the loader itself.
        return getattr(self._loader, navn)
