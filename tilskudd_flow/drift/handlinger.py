"""Operations as pages call them: one call, one transaction, the acting user loaded in it
(`Handling`). The functions they wrap take an open session."""

from __future__ import annotations

from tilskudd_flow.domain.saksnummer import Saksnummer
from tilskudd_flow.drift.arkivuttrekk import uttrekk_sak, uttrekk_ssu_sak
from tilskudd_flow.motor.handling import Handling
from tilskudd_flow.ssu.ssu_saker import finn_ssu_sak


def arkivuttrekk_ssu_sak(h: Handling, sak_id: int) -> bytes:
    """An SSU sak as a Noark 5 extraction (ZIP), validated before it is handed over."""
    with h.les() as t:
        return uttrekk_ssu_sak(t.session, h.miljo, t.aktor, sak_id)


def arkivuttrekk_ssu_saksnummer(h: Handling, saksnummer: str) -> tuple[Saksnummer, bytes]:
    """An SSU sak named by its number as people write it («Sak 23-2025»): its number and its
    Noark 5 extraction."""
    with h.les() as t:
        ssu_sak = finn_ssu_sak(t.session, t.aktor.helsefellesskap_id, saksnummer)
        assert ssu_sak.id is not None
        return ssu_sak.saksnummer, uttrekk_ssu_sak(t.session, h.miljo, t.aktor, ssu_sak.id)


def arkivuttrekk_sak(h: Handling, sak_id: int) -> bytes:
    """Any workflow case as a Noark 5 extraction (ZIP)."""
    with h.les() as t:
        return uttrekk_sak(t.session, h.miljo, t.aktor, sak_id)
