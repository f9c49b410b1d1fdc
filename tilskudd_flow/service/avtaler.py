"""Avtaler, their parties and versions, and the yearly revision case of each."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from tilskudd_flow.domain.avtaler import gjeldende_versjon, i_kraft_fra
from tilskudd_flow.domain.feil import IkkeFunnet, Regelbrudd
from tilskudd_flow.models.avtale import Avtale, AvtaleRevisjon
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.service.miljo import Saksmiljo
from tilskudd_flow.service.saker import opprett_sak

ARBEIDSFLYT = "avtale_revisjon"


@dataclass(frozen=True)
class PartStatus:
    part: str
    versjon: int | None
    i_kraft_fra: date | None
    venter_pa: int | None


def hent_avtale(session: Session, helsefellesskap_id: int, avtale_id: int) -> Avtale:
    avtale = session.get(Avtale, avtale_id)
    if avtale is None or avtale.helsefellesskap_id != helsefellesskap_id:
        raise IkkeFunnet(f"Finner ingen avtale med id {avtale_id}")
    return avtale


def list_avtaler(session: Session, helsefellesskap_id: int) -> list[Avtale]:
    return list(
        session.exec(
            select(Avtale)
            .where(Avtale.helsefellesskap_id == helsefellesskap_id)
            .order_by(col(Avtale.type), col(Avtale.nummer))
        )
    )


def opprett_revisjon(
    session: Session, miljo: Saksmiljo, *, aktor: Bruker, avtale_id: int, aar: int
) -> int:
    """Open this year's revision case for one avtale (one per avtale and year)."""
    avtale = hent_avtale(session, aktor.helsefellesskap_id, avtale_id)
    finnes = session.exec(
        select(AvtaleRevisjon).where(
            AvtaleRevisjon.avtale_id == avtale_id, AvtaleRevisjon.aar == aar
        )
    ).first()
    if finnes is not None:
        raise Regelbrudd(
            f"{avtale.tittel} har allerede en revisjonssak for {aar} (sak {finnes.case_id})"
        )
    revisjon = AvtaleRevisjon(avtale_id=avtale_id, avtale=avtale, aar=aar)
    sak = opprett_sak(
        session,
        miljo,
        aktor=aktor,
        flyt=miljo.register.hent(ARBEIDSFLYT),
        tittel=f"{avtale.tittel} – revisjon {aar}",
        subjekt=revisjon,
    )
    assert sak.id is not None
    return sak.id


def tiltredelsesstatus(avtale: Avtale, dag: date) -> list[PartStatus]:
    """Per party: the version in force on `dag`, and a newer approved one still to come."""
    status = []
    for avtalepart in sorted(avtale.parter, key=lambda p: p.part.navn):
        gjeldende = gjeldende_versjon(avtale.versjoner, avtalepart.part_id, dag)
        nyere = [
            v.versjon
            for v in avtale.versjoner
            if (fra := i_kraft_fra(v, avtalepart.part_id)) is not None and fra > dag
        ]
        status.append(
            PartStatus(
                part=avtalepart.part.navn,
                versjon=gjeldende.versjon if gjeldende else None,
                i_kraft_fra=i_kraft_fra(gjeldende, avtalepart.part_id) if gjeldende else None,
                venter_pa=max(nyere) if nyere else None,
            )
        )
    return status
