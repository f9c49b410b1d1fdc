"""Which round comes next: the year after the newest, or next year when there is none."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date


def neste_rundeaar(eksisterende: Iterable[int], i_dag: date) -> int:
    """The year «Åpne neste søknadsrunde» opens (rounds are named by the year they fund)."""
    return max(eksisterende, default=i_dag.year) + 1
