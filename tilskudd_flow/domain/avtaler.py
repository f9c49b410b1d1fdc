"""Which version of an avtale holds for a party on a given day."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from tilskudd_flow.models.avtale import AvtaleVersjon


def i_kraft_fra(versjon: AvtaleVersjon, part_id: int | None) -> date | None:
    """A version holds for a party from the later of its start and that party's approval."""
    for tiltredelse in versjon.tiltredelser:
        if tiltredelse.part_id == part_id:
            return max(versjon.gyldig_fra, tiltredelse.godkjent)
    return None


def gjeldende_versjon(
    versjoner: Sequence[AvtaleVersjon], part_id: int | None, dag: date
) -> AvtaleVersjon | None:
    """The newest version in force for the party on `dag`; older ones hold until then."""
    gjeldende: AvtaleVersjon | None = None
    for versjon in sorted(versjoner, key=lambda v: v.versjon):
        fra = i_kraft_fra(versjon, part_id)
        if fra is not None and fra <= dag:
            gjeldende = versjon
    return gjeldende
