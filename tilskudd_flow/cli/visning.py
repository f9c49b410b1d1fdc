"""Human output: tables and key–value blocks (every read command also has --json)."""

from __future__ import annotations

import sys
from collections.abc import Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from rich import box
from rich.console import Console
from rich.table import Table
from rich.text import Text

from tilskudd_flow.domain.tid import kort_tidspunkt

if TYPE_CHECKING:
    from tilskudd_flow.domain.arbeidsflyt import Tabell

# Piped output (no terminal) gets a wide console rather than rich's 80 columns.
_konsoll = Console(highlight=False, soft_wrap=True, width=None if sys.stdout.isatty() else 160)


def tabell(overskrifter: Sequence[str], rader: Iterable[Sequence[Any]], tittel: str = "") -> None:
    t = Table(title=tittel or None, show_lines=False, header_style="bold")
    for overskrift in overskrifter:
        t.add_column(overskrift, overflow="fold")
    antall = 0
    for rad in rader:
        # Text, not str: rich reads "[…]" in a str as markup and drops it («[linjeskift]»,
        # or a title someone typed in brackets).
        t.add_row(*(Text(tekst(verdi)) for verdi in rad))
        antall += 1
    if antall == 0:
        _konsoll.print("(ingen)")
        return
    _konsoll.print(t)


def nokkelverdier(par: dict[str, Any], tittel: str = "") -> None:
    # Here, not at the top: the workflow module brings python-statemachine and pydantic,
    # which a command's `--help` does not need (the command has loaded them by now).
    from tilskudd_flow.domain.arbeidsflyt import Tabell

    if tittel:
        _konsoll.print(f"[bold]{tittel}[/bold]")
    bredde = max((len(k) for k in par), default=0)
    for nokkel, verdi in par.items():
        if isinstance(verdi, Tabell):
            _konsoll.print(f"{nokkel.ljust(bredde)} : {verdi.overskrift}", markup=False)
            _konsoll.print(_tabellvisning(verdi), markup=False)
        elif isinstance(verdi, list):
            _konsoll.print(f"{nokkel.ljust(bredde)} :", markup=False)
            for element in verdi:
                _konsoll.print(f"{'':{bredde}}   - {tekst(element)}", markup=False)
        else:
            _konsoll.print(f"{nokkel.ljust(bredde)} : {tekst(verdi)}", markup=False)


def _tabellvisning(verdi: Tabell) -> Table:
    """A summary table (the budget) as columns: amounts right-aligned, sum rows beneath."""
    t = Table(header_style="bold", box=box.SIMPLE, padding=(0, 1))
    for i, kolonne in enumerate(verdi.kolonner):
        t.add_column(kolonne, justify="left" if i == 0 else "right")
    for i, rad in enumerate(verdi.rader, start=1):
        t.add_row(*(Text(celle) for celle in rad), end_section=i == len(verdi.rader))
    for rad in verdi.sumrader:
        t.add_row(*(Text(celle, style="bold") for celle in rad))
    return t


def linje(melding: str) -> None:
    _konsoll.print(melding, markup=False)


def tekst(verdi: Any) -> str:
    if verdi is None:
        return ""
    if isinstance(verdi, datetime):
        return kort_tidspunkt(verdi)
    if isinstance(verdi, bool):
        return "ja" if verdi else "nei"
    return str(verdi)
