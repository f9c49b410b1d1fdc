"""Which version of an avtale holds for a party on a given day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Protocol, TypeVar


class Godkjenning(Protocol):
    """One party's approval of a version (a `Tiltredelse` row, as the rule reads it)."""

    @property
    def part_id(self) -> int | None: ...

    @property
    def godkjent(self) -> date: ...


class Avtaleversjon(Protocol):
    """A version of an avtale (an `AvtaleVersjon` row, as the rule reads it): the domain
    states the rule over the shape it needs, so it never imports the tables."""

    @property
    def versjon(self) -> int: ...

    @property
    def gyldig_fra(self) -> date: ...

    @property
    def tiltredelser(self) -> Sequence[Godkjenning]: ...


V = TypeVar("V", bound=Avtaleversjon)


def i_kraft_fra(versjon: Avtaleversjon, part_id: int | None) -> date | None:
    """A version holds for a party from the later of its start and that party's approval."""
    for tiltredelse in versjon.tiltredelser:
        if tiltredelse.part_id == part_id:
            return max(versjon.gyldig_fra, tiltredelse.godkjent)
    return None


def gjeldende_versjon(versjoner: Sequence[V], part_id: int | None, dag: date) -> V | None:
    """The newest version in force for the party on `dag`; older ones hold until then."""
    gjeldende: V | None = None
    for versjon in sorted(versjoner, key=lambda v: v.versjon):
        fra = i_kraft_fra(versjon, part_id)
        if fra is not None and fra <= dag:
            gjeldende = versjon
    return gjeldende
