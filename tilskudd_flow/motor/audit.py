"""Append-only audit trail, hash-chained per helsefellesskap so tampering shows."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, update
from sqlmodel import Session, col, select

from tilskudd_flow.models.audit import AuditChainHead, AuditEntry
from tilskudd_flow.models.tenancy import Bruker, Helsefellesskap

GENESIS = "0" * 64

# The newest hash of each chain as this process last moved it, by (database, helsefellesskap):
# a guess that spares the locked read. The UPDATE checks it against the head, so a stale
# guess (another process appended, a rollback) only costs that read.
_siste_kjente: dict[tuple[int, int], str] = {}


def opprett_kjede(session: Session, helsefellesskap_id: int) -> None:
    """Start an empty chain for a new helsefellesskap."""
    session.add(AuditChainHead(helsefellesskap_id=helsefellesskap_id, siste_hash=GENESIS))


def skriv_audit(
    session: Session,
    *,
    helsefellesskap_id: int,
    tidspunkt: datetime,
    bruker: Bruker | None,
    objekt_type: str,
    objekt_id: int,
    hendelse: str,
    fra: str | None = None,
    til: str | None = None,
    kommentar: str = "",
    detaljer: Mapping[str, Any] | None = None,
) -> AuditEntry:
    """Append one audit row, linked to the previous row of the same helsefellesskap."""
    # By the engine's pool: a unit of work binds a fresh engine proxy that shares it.
    nokkel = (id(session.get_bind().engine.pool), helsefellesskap_id)
    rad = AuditEntry(
        helsefellesskap_id=helsefellesskap_id,
        tidspunkt=tidspunkt,
        bruker_id=bruker.id if bruker else None,
        brukernavn=bruker.brukernavn if bruker else "system",
        objekt_type=objekt_type,
        objekt_id=objekt_id,
        hendelse=hendelse,
        fra_tilstand=fra,
        til_tilstand=til,
        kommentar=kommentar,
        detaljer=json.dumps(detaljer or {}, ensure_ascii=False, sort_keys=True, default=str),
        forrige_hash=_siste_kjente.get(nokkel, ""),
        hash="",
    )
    # The head is the last row a transaction locks (after its own changes are flushed), so
    # two appends never wait on each other in a circle.
    session.flush()
    if not _flytt_hode(session, rad, nokkel):
        rad.forrige_hash = _las_hode(session, helsefellesskap_id)
        if not _flytt_hode(session, rad, nokkel):
            raise RuntimeError(
                f"revisjonskjeden til helsefellesskap {helsefellesskap_id} flyttet seg"
            )
    session.add(rad)
    return rad


def radens_hash(rad: AuditEntry) -> str:
    """SHA-256 over the row's content and the previous row's hash."""
    innhold = {
        "forrige": rad.forrige_hash,
        "helsefellesskap": rad.helsefellesskap_id,
        "tidspunkt": rad.tidspunkt.isoformat(),
        "bruker": rad.brukernavn,
        "objekt": [rad.objekt_type, rad.objekt_id],
        "hendelse": rad.hendelse,
        "fra": rad.fra_tilstand,
        "til": rad.til_tilstand,
        "kommentar": rad.kommentar,
        "detaljer": rad.detaljer,
    }
    kanonisk = json.dumps(innhold, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(kanonisk.encode("utf-8")).hexdigest()


def forste_brudd(session: Session, helsefellesskap_id: int) -> AuditEntry | None:
    """The first row whose link or content does not match, or None if the chain is whole."""
    forrige = GENESIS
    rader = session.exec(
        select(AuditEntry)
        .where(AuditEntry.helsefellesskap_id == helsefellesskap_id)
        .order_by(col(AuditEntry.id))
    )
    for rad in rader:
        if rad.forrige_hash != forrige or rad.hash != radens_hash(rad):
            return rad
        forrige = rad.hash
    return None


def verifiser_alle(session: Session) -> dict[str, str]:
    """Every helsefellesskap's chain: «hel», or the first broken row."""
    resultat = {}
    for hf in session.exec(select(Helsefellesskap).order_by(col(Helsefellesskap.id))):
        brudd = forste_brudd(session, hf.id or 0)
        resultat[hf.navn] = (
            "hel" if brudd is None else f"brutt ved rad {brudd.id} ({brudd.hendelse})"
        )
    return resultat


def _las_hode(session: Session, helsefellesskap_id: int) -> str:
    """The chain's newest hash, read and locked in one statement (no ORM object to flush)."""
    # FOR UPDATE orders concurrent appends on PostgreSQL; SQLite writers are serial anyway.
    siste = session.exec(
        select(AuditChainHead.siste_hash)
        .where(AuditChainHead.helsefellesskap_id == helsefellesskap_id)
        .with_for_update()
    ).one_or_none()
    if siste is None:
        raise RuntimeError(f"helsefellesskap {helsefellesskap_id} har ingen revisjonskjede")
    return siste


def _flytt_hode(session: Session, rad: AuditEntry, nokkel: tuple[int, int]) -> bool:
    """Link the row after `rad.forrige_hash` and move the head to it, if the head is still
    there: one conditional Core UPDATE, which also takes the head's row lock."""
    rad.hash = radens_hash(rad)
    hode = AuditChainHead.__table__  # type: ignore[attr-defined]
    resultat = session.execute(
        update(hode)
        .where(hode.c.helsefellesskap_id == rad.helsefellesskap_id)
        .where(hode.c.siste_hash == rad.forrige_hash)
        .values(siste_hash=rad.hash)
    )
    flyttet = cast(CursorResult[Any], resultat).rowcount == 1
    if flyttet:
        _siste_kjente[nokkel] = rad.hash
    return flyttet
