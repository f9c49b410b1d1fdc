"""Queue a transition's e-mails as outbox rows in the transition's own transaction."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime
from typing import Any

from sqlmodel import Session

from tilskudd_flow.domain.arbeidsflyt import Adresse, Arbeidsflyt, Varsel
from tilskudd_flow.models.audit import AuditEntry
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.outbox import OutboxMessage
from tilskudd_flow.service.miljo import Saksmiljo
from tilskudd_flow.service.mottakere import Mottakerkatalog


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


def _unike(adresser: Iterable[Adresse]) -> list[Adresse]:
    sett: dict[str, Adresse] = {}
    for adresse in adresser:
        sett.setdefault(adresse.epost.lower(), adresse)
    return list(sett.values())
