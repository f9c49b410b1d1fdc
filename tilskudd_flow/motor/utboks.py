"""Queue a transition's e-mails as outbox rows in the transition's own transaction."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlmodel import Session

from tilskudd_flow.domain.arbeidsflyt import Adresse, Arbeidsflyt, Varsel
from tilskudd_flow.domain.feil import IkkeFunnet, Regelbrudd, UgyldigFelt
from tilskudd_flow.domain.kodeverk import OutboxStatus, Rolle
from tilskudd_flow.domain.mottaker import gyldig_mottakeradresse, gyldig_mottakernavn
from tilskudd_flow.models.audit import AuditEntry
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.outbox import OutboxMessage
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.mottakere import Mottakerkatalog
from tilskudd_flow.motor.tilgang import krev_rolle


def koe_varsler(
    session: Session,
    miljo: Saksmiljo,
    *,
    varsler: Iterable[Varsel],
    katalog: Mottakerkatalog,
    flyt: Arbeidsflyt,
    sak: WorkflowCase,
    subjekt: Any,
    felt: Mapping[str, Any],
    kontekst: Mapping[str, Any],
    audit: AuditEntry | None,
    naa: datetime,
) -> list[OutboxMessage]:
    """One outbox row per (template, recipient address), rendered now."""
    rader: list[OutboxMessage] = []
    for varsel in varsler:
        adresser = _unike(a for kind in varsel.til for a in katalog.finn(kind, flyt, subjekt, felt))
        for adresse in adresser:
            mottaker = {"navn": adresse.navn, "epost": adresse.epost}
            innhold = miljo.varsler.bygg(varsel.mal, {**kontekst, "mottaker": mottaker})
            rader.append(
                OutboxMessage(
                    helsefellesskap_id=sak.helsefellesskap_id,
                    opprettet=naa,
                    mal=varsel.mal,
                    til_adresse=adresse.epost,
                    til_navn=adresse.navn,
                    emne=innhold.emne,
                    tekst=innhold.tekst,
                    html=innhold.html,
                    case_id=sak.id,
                    audit=audit,
                )
            )
    session.add_all(rader)
    return rader


def koe_epost(
    session: Session,
    miljo: Saksmiljo,
    *,
    helsefellesskap_id: int,
    mal: str,
    til: Adresse,
    kontekst: Mapping[str, Any],
    naa: datetime,
    case_id: int | None = None,
) -> OutboxMessage:
    """One e-mail outside a transition (accounts, invitations), rendered now, in the
    caller's transaction like every other outbox row."""
    mottaker = {"navn": til.navn, "epost": til.epost}
    innhold = miljo.varsler.bygg(mal, {**kontekst, "mottaker": mottaker})
    melding = OutboxMessage(helsefellesskap_id=helsefellesskap_id, opprettet=naa, mal=mal,
                            til_adresse=til.epost, til_navn=til.navn, emne=innhold.emne,
                            tekst=innhold.tekst, html=innhold.html, case_id=case_id)  # fmt: skip
    session.add(melding)
    return melding


def _unike(adresser: Iterable[Adresse]) -> list[Adresse]:
    sett: dict[str, Adresse] = {}
    for adresse in adresser:
        sett.setdefault(adresse.epost.lower(), adresse)
    return list(sett.values())


def send_igjen(session: Session, *, aktor: Bruker, melding_id: int, naa: datetime) -> OutboxMessage:
    """Put a failed or dead message back in the queue; the audit row says who did it."""
    melding = _stoppet(session, aktor, melding_id, "sendes på nytt")
    _revider(session, aktor, melding, "send_igjen", naa, {})
    melding.status, melding.forsok, melding.neste_forsok = OutboxStatus.KLAR, 0, None
    return melding


def rett_mottaker(
    session: Session, *, aktor: Bruker, melding_id: int, adresse: str, navn: str, naa: datetime
) -> OutboxMessage:
    """Correct a stopped message's recipient and put it back in the queue, audited."""
    melding = _stoppet(session, aktor, melding_id, "rettes")
    ny_adresse = _gyldig("adresse", gyldig_mottakeradresse, adresse)
    nytt_navn = _gyldig("navn", gyldig_mottakernavn, navn)
    endring = {"adresse": [melding.til_adresse, ny_adresse], "navn": [melding.til_navn, nytt_navn],
               "sist_feil": melding.sist_feil}  # fmt: skip
    _revider(session, aktor, melding, "rett_mottaker", naa, endring)
    melding.til_adresse, melding.til_navn, melding.sist_feil = ny_adresse, nytt_navn, ""
    melding.status, melding.forsok, melding.neste_forsok = OutboxStatus.KLAR, 0, None
    return melding


def forkast(session: Session, *, aktor: Bruker, melding_id: int, naa: datetime) -> OutboxMessage:
    """Drop a stopped message for good (it is kept, marked forkastet, never sent), audited."""
    melding = _stoppet(session, aktor, melding_id, "forkastes")
    _revider(session, aktor, melding, "forkast", naa, {"sist_feil": melding.sist_feil})
    melding.status = OutboxStatus.FORKASTET
    return melding


def _stoppet(session: Session, aktor: Bruker, melding_id: int, hva: str) -> OutboxMessage:
    """A failed or dead message of the actor's helsefellesskap; only the sekretariat acts."""
    krev_rolle(aktor, Rolle.SEKRETARIAT, Rolle.ADMIN)
    melding = session.get(OutboxMessage, melding_id)
    if melding is None or melding.helsefellesskap_id != aktor.helsefellesskap_id:
        raise IkkeFunnet(f"Finner ingen e-post med id {melding_id}")
    if melding.status not in (OutboxStatus.FEILET, OutboxStatus.DOD):
        raise Regelbrudd(
            f"E-post {melding_id} er {melding.status.visning.lower()}; bare feilede og døde "
            f"e-poster {hva}"
        )
    return melding


def _revider(
    session: Session,
    aktor: Bruker,
    melding: OutboxMessage,
    hendelse: str,
    naa: datetime,
    detaljer: Mapping[str, Any],
) -> None:
    skriv_audit(
        session,
        helsefellesskap_id=melding.helsefellesskap_id,
        tidspunkt=naa,
        bruker=aktor,
        objekt_type="utboks",
        objekt_id=melding.id or 0,
        hendelse=hendelse,
        detaljer={"status": melding.status.value, "forsok": melding.forsok, **detaljer},
    )


def _gyldig(felt: str, sjekk: Callable[[str], str], verdi: str) -> str:
    try:
        return sjekk(verdi)
    except ValueError as feil:
        raise UgyldigFelt(felt, str(feil)) from None
