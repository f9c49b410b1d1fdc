"""Operations as pages call them: one call, one transaction, the acting user loaded in it
(`Handling`). The functions they wrap take an open session."""

from __future__ import annotations

from tilskudd_flow.drift.arkivuttrekk import uttrekk_sak, uttrekk_ssu_sak
from tilskudd_flow.motor.handling import Handling


def arkivuttrekk_ssu_sak(h: Handling, sak_id: int) -> bytes:
    """An SSU sak as a Noark 5 extraction (ZIP), validated before it is handed over."""
    with h.les() as t:
        return uttrekk_ssu_sak(t.session, h.miljo, t.aktor, sak_id)


def arkivuttrekk_sak(h: Handling, sak_id: int) -> bytes:
    """Any workflow case as a Noark 5 extraction (ZIP)."""
    with h.les() as t:
        return uttrekk_sak(t.session, h.miljo, t.aktor, sak_id)
