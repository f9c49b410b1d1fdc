"""One measured figure with its target, and the table every benchmark adds its rows to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Resultat:
    maaling: str
    verdi: str
    sammenlignet_med: str
    maal: str
    oppfylt: bool


def tabell(resultater: Sequence[Resultat]) -> str:
    """A Markdown table: measurement, figure, baseline/ratio, target, met."""
    linjer = [
        "| Måling | Verdi | Sammenlignet med | Mål | Nådd |",
        "|---|---|---|---|---|",
    ]
    linjer += [
        f"| {r.maaling} | {r.verdi} | {r.sammenlignet_med} | {r.maal} | "
        f"{'ja' if r.oppfylt else '**nei**'} |"
        for r in resultater
    ]
    return "\n".join(linjer)
