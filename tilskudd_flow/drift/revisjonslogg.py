"""Checking the audit trail's hash chains: the sekretariat's or an admin's own
helsefellesskap, or (operations, no user) every helsefellesskap in the database."""

from __future__ import annotations

from dataclasses import dataclass

from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.models.audit import AuditEntry
from tilskudd_flow.models.tenancy import Helsefellesskap
from tilskudd_flow.motor.audit import forste_brudd, verifiser_alle
from tilskudd_flow.motor.tilgang import hent_aktor, krev_rolle


@dataclass(frozen=True)
class Loggkontroll:
    helsefellesskap: str
    brudd: AuditEntry | None  # the first row that does not match; None when whole


def kontroller_revisjonslogg(*, uow: UnitOfWork, brukernavn: str) -> Loggkontroll:
    """The actor's own helsefellesskap's chain, for an admin or the sekretariat."""
    with uow:
        aktor = hent_aktor(uow.session, brukernavn)
        krev_rolle(aktor, Rolle.ADMIN, Rolle.SEKRETARIAT)
        brudd = forste_brudd(uow.session, aktor.helsefellesskap_id)
        hf = uow.session.get(Helsefellesskap, aktor.helsefellesskap_id)
    return Loggkontroll(hf.navn if hf else "?", brudd)


def kontroller_alle_revisjonslogger(uow: UnitOfWork) -> dict[str, str]:
    """Every helsefellesskap's chain by name: «hel», or where it breaks."""
    with uow:
        return verifiser_alle(uow.session)
