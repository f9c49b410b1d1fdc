"""SSU's papers as files, one call each for the web and the command line: a saksfremlegg
(HTML, PDF, Word) and a meeting's innkalling or referat (PDF, Word)."""

from __future__ import annotations

from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.dokumenter.dokument import Dokument
from tilskudd_flow.domain.feil import IkkeFunnet
from tilskudd_flow.models.tenancy import Bruker, Helsefellesskap
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.tilgang import hent_aktor
from tilskudd_flow.ssu.moter import hent_mote, krev_moteleser
from tilskudd_flow.ssu.saksdokumenter import (
    MOTEFORMATER,
    MOTEPAPIRER,
    SAKSFREMLEGG,
    motepapirfil,
    saksfremleggsfil,
)
from tilskudd_flow.ssu.ssu_saker import velg_ssu_sak

# The formats and papers the commands offer, as this module checks them.
__all__ = ["MOTEFORMATER", "MOTEPAPIRER", "SAKSFREMLEGG", "motepapir_fil", "saksfremlegg_fil"]


def saksfremlegg_fil(
    ssu_sak_ref: int | str, format_: str, *, uow: UnitOfWork, miljo: Saksmiljo, brukernavn: str
) -> Dokument:
    """The saksfremlegg of an SSU sak, given by id or by number («Sak 23-2025»)."""
    with uow:
        aktor = hent_aktor(uow.session, brukernavn)
        ssu_sak = velg_ssu_sak(uow.session, aktor, ssu_sak_ref)
        if format_ not in SAKSFREMLEGG:
            raise IkkeFunnet(f"Saksfremlegget finnes som HTML, PDF og DOCX, ikke «{format_}»")
        return saksfremleggsfil(uow.session, miljo, _hf(uow, aktor), ssu_sak, format_)


def motepapir_fil(
    mote_id: int, hva: str, format_: str, *, uow: UnitOfWork, miljo: Saksmiljo, brukernavn: str
) -> Dokument:
    """A meeting's innkalling or referat, for the sekretariat and SSU's members."""
    with uow:
        aktor = hent_aktor(uow.session, brukernavn)
        krev_moteleser(aktor)
        if hva not in MOTEPAPIRER or format_ not in MOTEFORMATER:
            raise IkkeFunnet("Møtet har innkalling og referat, som PDF eller DOCX")
        sak, mote = hent_mote(uow.session, miljo, aktor, mote_id)
        return motepapirfil(uow.session, miljo, _hf(uow, aktor), sak, mote, hva, format_)


def _hf(uow: UnitOfWork, aktor: Bruker) -> Helsefellesskap:
    hf = uow.session.get(Helsefellesskap, aktor.helsefellesskap_id)
    assert hf is not None
    return hf
