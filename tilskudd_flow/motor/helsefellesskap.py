"""Tenants: a helsefellesskap with its audit chain and its system user."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Session, select

from tilskudd_flow.domain.feil import Regelbrudd
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.domain.tekst import krev_enlinje
from tilskudd_flow.models.tenancy import Bruker, BrukerRolle, Helsefellesskap
from tilskudd_flow.motor.audit import opprett_kjede


def systembrukernavn(kode: str) -> str:
    """The user deadline jobs act as, one per helsefellesskap."""
    return f"system@{kode}"


def opprett_helsefellesskap(
    session: Session, *, kode: str, navn: str, systemepost: str, naa: datetime
) -> Helsefellesskap:
    krev_enlinje(kode=kode, navn=navn, systemepost=systemepost)  # the sender's display name
    if session.exec(select(Helsefellesskap).where(Helsefellesskap.kode == kode)).first():
        raise Regelbrudd(f"Helsefellesskapet «{kode}» finnes allerede")
    hf = Helsefellesskap(kode=kode, navn=navn)
    session.add(hf)
    session.flush()
    assert hf.id is not None
    opprett_kjede(session, hf.id)
    session.add(
        Bruker(
            helsefellesskap_id=hf.id,
            brukernavn=systembrukernavn(kode),
            navn=f"Automatikk ({navn})",
            epost=systemepost,
            opprettet=naa,
            roller=[BrukerRolle(rolle=Rolle.SYSTEM)],
        )
    )
    return hf
