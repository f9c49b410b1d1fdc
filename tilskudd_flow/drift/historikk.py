"""The administrative history: every audited change that is not a case's (rounds, deadlines,
pots, SSU members, parties, users), newest first, each row in words."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from sqlmodel import Session, col, func, select

from tilskudd_flow.domain.frister import aarshjulnavn
from tilskudd_flow.domain.historikk import detaljlinjer, hendelsestekst, objekttype
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.domain.tid import norsk_tidspunkt
from tilskudd_flow.models.audit import AuditEntry
from tilskudd_flow.models.frist import Frist
from tilskudd_flow.models.soknad import Pott, Soknadsrunde
from tilskudd_flow.models.tenancy import Bruker, Part
from tilskudd_flow.motor.handling import Handling
from tilskudd_flow.motor.tilgang import krev_rolle

PER_SIDE = 50


@dataclass(frozen=True)
class Historikkrad:
    tidspunkt: str
    hvem: str
    objekt: str
    hendelse: str
    detaljer: list[str]


@dataclass(frozen=True)
class Historikkside:
    rader: list[Historikkrad]
    typer: list[tuple[str, str]]  # (objekt_type, its name) for the filter
    side: int
    flere: bool


def historikken(h: Handling, *, objekt_type: str, side: int) -> Historikkside:
    """One page of the history, optionally of one kind of object (sekretariat, admin)."""
    saker = [flyt.navn for flyt in h.miljo.register.alle()]
    with h.les() as t:
        krev_rolle(t.aktor, Rolle.SEKRETARIAT, Rolle.ADMIN)
        hf = t.aktor.helsefellesskap_id
        sporring = select(AuditEntry).where(
            AuditEntry.helsefellesskap_id == hf, col(AuditEntry.objekt_type).not_in(saker)
        )
        if objekt_type:
            sporring = sporring.where(AuditEntry.objekt_type == objekt_type)
        sporring = sporring.order_by(col(AuditEntry.id).desc()).offset((side - 1) * PER_SIDE)
        rader = list(t.session.exec(sporring.limit(PER_SIDE + 1)))
        typer = _typer(t.session, hf, saker)
        visning = [_rad(t.session, r) for r in rader[:PER_SIDE]]
    return Historikkside(visning, typer, side, len(rader) > PER_SIDE)


def _typer(session: Session, helsefellesskap_id: int, saker: list[str]) -> list[tuple[str, str]]:
    funnet = session.exec(
        select(AuditEntry.objekt_type, func.count())
        .where(AuditEntry.helsefellesskap_id == helsefellesskap_id)
        .where(col(AuditEntry.objekt_type).not_in(saker))
        .group_by(col(AuditEntry.objekt_type))
    )
    return sorted(((t, objekttype(t)) for t, _ in funnet), key=lambda par: par[1])


def _rad(session: Session, rad: AuditEntry) -> Historikkrad:
    try:
        detaljer = json.loads(rad.detaljer)
    except ValueError:
        detaljer = {"detaljer": rad.detaljer}
    linjer = detaljlinjer(detaljer if isinstance(detaljer, dict) else {"detaljer": detaljer})
    if rad.kommentar:
        linjer.append(f"Kommentar: {rad.kommentar}")
    objekt = _objektnavn(session, rad)
    return Historikkrad(norsk_tidspunkt(rad.tidspunkt), rad.brukernavn, objekt,
                        hendelsestekst(rad.hendelse), linjer)  # fmt: skip


def _objektnavn(session: Session, rad: AuditEntry) -> str:
    navn = _NAVN.get(rad.objekt_type)
    funnet = navn(session, rad.objekt_id) if navn else None
    return funnet or f"{objekttype(rad.objekt_type)} nr. {rad.objekt_id}"


def _frist(session: Session, objekt_id: int) -> str | None:
    frist = session.get(Frist, objekt_id)
    return aarshjulnavn(frist.navn, aar=frist.aar) + f" ({frist.aar})" if frist else None


def _pott(session: Session, objekt_id: int) -> str | None:
    pott = session.get(Pott, objekt_id)
    return f"{pott.ordning.visning} pott {pott.aar}" if pott else None


def _bruker(session: Session, objekt_id: int) -> str | None:
    bruker = session.get(Bruker, objekt_id)
    return f"Bruker {bruker.brukernavn}" if bruker else None


def _part(session: Session, objekt_id: int) -> str | None:
    part = session.get(Part, objekt_id)
    return part.navn if part else None


def _runde(session: Session, objekt_id: int) -> str | None:
    runde = session.get(Soknadsrunde, objekt_id)
    return f"Søknadsrunden {runde.aar}" if runde else None


_NAVN: dict[str, Callable[[Session, int], str | None]] = {
    "frist": _frist,
    "pott": _pott,
    "bruker": _bruker,
    "part": _part,
    "soknadsrunde": _runde,
}
