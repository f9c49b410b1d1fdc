"""FSUs and avtaler as pages call them: one call, one transaction, the acting user loaded in
it (`Handling`). The functions they wrap take an open session."""

from __future__ import annotations

from tilskudd_flow.motor.handling import Handling
from tilskudd_flow.samarbeid.avtaler import Avtaleoversikt, avtaleoversikt
from tilskudd_flow.samarbeid.fsu import Fsuoversikt, list_fsu


def fsuene(h: Handling) -> list[Fsuoversikt]:
    """Every FSU the user may see, open ones first."""
    with h.les() as t:
        return list_fsu(t.session, h.miljo, aktor=t.aktor)


def avtalene(h: Handling) -> list[Avtaleoversikt]:
    """Each avtale's newest version, the parties' accession and the open revision."""
    with h.les() as t:
        return avtaleoversikt(t.session, h.miljo, aktor=t.aktor)
