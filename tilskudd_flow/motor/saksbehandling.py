"""Who handles a case (its saksbehandler) and the sekretariat's internal notes on it. Both
are rows of the case's audit trail; a note is never shown to anyone outside the
sekretariat and the administrators: not on the case page, the API, its PDFs or e-mails."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session, col, select

from tilskudd_flow.clock import Clock
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflytregister
from tilskudd_flow.domain.feil import UgyldigFelt
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.domain.tid import norsk_tidspunkt
from tilskudd_flow.models.audit import AuditEntry
from tilskudd_flow.models.tenancy import Bruker, BrukerRolle
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.saker import last_sak
from tilskudd_flow.motor.tilgang import krev_rolle

INTERNT_NOTAT = "internt_notat"
TILDEL_SAKSBEHANDLER = "tildel_saksbehandler"
# Audit events of a case only the sekretariat and administrators see in its history.
INTERNE_HENDELSER = frozenset({INTERNT_NOTAT, TILDEL_SAKSBEHANDLER})
HENDELSESNAVN = {INTERNT_NOTAT: "Internt notat", TILDEL_SAKSBEHANDLER: "Saksbehandler"}
LENGSTE_NOTAT = 10_000
_SAKSBEHANDLING = (Rolle.SEKRETARIAT, Rolle.ADMIN)


@dataclass(frozen=True)
class Notat:
    tidspunkt: datetime
    skrevet_av: str
    tekst: str

    @property
    def vist(self) -> str:
        """«6. desember 2026 kl. 07.40», in Oslo time."""
        return norsk_tidspunkt(self.tidspunkt)


@dataclass(frozen=True)
class Saksbehandlervalg:
    brukernavn: str
    navn: str


def saksbehandlere(session: Session, aktor: Bruker) -> list[Saksbehandlervalg]:
    """The active sekretariat users of the actor's helsefellesskap, by name."""
    brukere = session.exec(
        select(Bruker.brukernavn, Bruker.navn)
        .join(BrukerRolle, col(BrukerRolle.bruker_id) == col(Bruker.id))
        .where(col(Bruker.helsefellesskap_id) == aktor.helsefellesskap_id,
               col(Bruker.aktiv).is_(True), col(BrukerRolle.rolle) == Rolle.SEKRETARIAT)
        .order_by(col(Bruker.navn))
    )  # fmt: skip
    return [Saksbehandlervalg(brukernavn, navn) for brukernavn, navn in brukere]


def saksbehandler(session: Session, saksbehandler_id: int | None) -> Saksbehandlervalg | None:
    bruker = session.get(Bruker, saksbehandler_id) if saksbehandler_id is not None else None
    return Saksbehandlervalg(bruker.brukernavn, bruker.navn) if bruker else None


def tildel_saksbehandler(
    session: Session,
    register: Arbeidsflytregister,
    klokke: Clock,
    aktor: Bruker,
    *,
    sak_id: int,
    brukernavn: str,
) -> Saksbehandlervalg | None:
    """Assign the case to a sekretariat user (the actor or another), or to nobody ("")."""
    krev_rolle(aktor, *_SAKSBEHANDLING)
    lastet = last_sak(session, register, aktor, sak_id)
    valgt = _velg(session, aktor, brukernavn.strip())
    forrige = saksbehandler(session, lastet.sak.saksbehandler_id)
    if forrige == valgt:
        return valgt
    lastet.sak.saksbehandler_id = _bruker_id(session, valgt)
    skriv_audit(session, helsefellesskap_id=aktor.helsefellesskap_id, tidspunkt=klokke.now(),
                bruker=aktor, objekt_type=lastet.flyt.navn, objekt_id=sak_id,
                hendelse=TILDEL_SAKSBEHANDLER,
                kommentar=f"Tildelt {valgt.navn}" if valgt else "Ingen saksbehandler",
                detaljer={"saksbehandler": valgt.brukernavn if valgt else None,
                          "forrige": forrige.brukernavn if forrige else None})  # fmt: skip
    return valgt


def _velg(session: Session, aktor: Bruker, brukernavn: str) -> Saksbehandlervalg | None:
    if not brukernavn:
        return None
    for valg in saksbehandlere(session, aktor):
        if valg.brukernavn == brukernavn:
            return valg
    raise UgyldigFelt("saksbehandler", f"«{brukernavn}» er ikke en aktiv bruker i sekretariatet")


def _bruker_id(session: Session, valgt: Saksbehandlervalg | None) -> int | None:
    if valgt is None:
        return None
    return session.exec(select(Bruker.id).where(Bruker.brukernavn == valgt.brukernavn)).one()


def skriv_notat(
    session: Session,
    register: Arbeidsflytregister,
    klokke: Clock,
    aktor: Bruker,
    *,
    sak_id: int,
    tekst: str,
) -> None:
    """Add an internal note to the case's history."""
    krev_rolle(aktor, *_SAKSBEHANDLING)
    lastet = last_sak(session, register, aktor, sak_id)
    notat = tekst.strip()
    if not notat:
        raise UgyldigFelt("notat", "Skriv notatet før du lagrer det")
    if "\x00" in notat:
        raise UgyldigFelt("notat", "Notatet inneholder et tegn som ikke kan lagres (NUL)")
    if len(notat) > LENGSTE_NOTAT:
        raise UgyldigFelt("notat", f"Notatet er for langt (høyst {LENGSTE_NOTAT} tegn)")
    skriv_audit(session, helsefellesskap_id=aktor.helsefellesskap_id, tidspunkt=klokke.now(),
                bruker=aktor, objekt_type=lastet.flyt.navn, objekt_id=sak_id,
                hendelse=INTERNT_NOTAT, kommentar=notat)  # fmt: skip


def notater(
    session: Session, register: Arbeidsflytregister, aktor: Bruker, sak_id: int
) -> list[Notat]:
    """The case's internal notes, oldest first; only for the sekretariat and admins."""
    krev_rolle(aktor, *_SAKSBEHANDLING)
    flyt = last_sak(session, register, aktor, sak_id).flyt
    rader = session.exec(
        select(AuditEntry)
        .where(AuditEntry.helsefellesskap_id == aktor.helsefellesskap_id,
               AuditEntry.objekt_type == flyt.navn, AuditEntry.objekt_id == sak_id,
               AuditEntry.hendelse == INTERNT_NOTAT)
        .order_by(col(AuditEntry.id))
    )  # fmt: skip
    return [Notat(rad.tidspunkt, rad.brukernavn, rad.kommentar) for rad in rader]
