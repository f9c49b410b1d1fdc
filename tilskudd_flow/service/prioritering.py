"""SSU adopts the round's priority list; every vurdert søknad moves in the same transaction."""

from __future__ import annotations

from collections.abc import Sequence

from sqlmodel import Session, col, select

from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.domain.feil import Regelbrudd
from tilskudd_flow.domain.kodeverk import Prioritering, Rolle
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.soknad import Prioriteringsliste, Prioritet, Soknad, Soknadsrunde
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.service.miljo import Saksmiljo
from tilskudd_flow.service.overganger import Hendelseskommando, Overgang, anvend_hendelse
from tilskudd_flow.service.runder import hent_runde
from tilskudd_flow.service.tilgang import hent_aktor, krev_rolle


def vedta_prioriteringsliste(
    plasser: Sequence[tuple[int, Prioritering]],
    *,
    aar: int,
    vedtak: str,
    uow: UnitOfWork,
    miljo: Saksmiljo,
    brukernavn: str,
) -> list[Overgang]:
    """Record SSU's list (in rank order); listed søknader are prioritert, the rest not."""
    with uow:
        aktor = hent_aktor(uow.session, brukernavn)
        krev_rolle(aktor, Rolle.SEKRETARIAT)
        runde = hent_runde(uow.session, aktor.helsefellesskap_id, aar)
        vurderte = _vurderte(uow.session, runde)
        _sjekk_liste(uow.session, runde, plasser, vurderte, vedtak)
        _lagre_liste(uow.session, aktor, runde, plasser, vurderte, vedtak, miljo)
        overganger = [_hendelse(uow, miljo, aktor, sak_id, "prioriter") for sak_id, _ in plasser]
        listet = {sak_id for sak_id, _ in plasser}
        overganger += [
            _hendelse(uow, miljo, aktor, sak_id, "ikke_prioriter", vedtak)
            for sak_id in sorted(vurderte)
            if sak_id not in listet
        ]
        uow.commit()
    return overganger


def _vurderte(session: Session, runde: Soknadsrunde) -> dict[int, Soknad]:
    rader = session.exec(
        select(Soknad)
        .join(WorkflowCase, col(WorkflowCase.id) == col(Soknad.case_id))
        .where(Soknad.runde_id == runde.id, WorkflowCase.state == "vurdert")
    )
    return {s.case_id: s for s in rader if s.case_id is not None}


def _sjekk_liste(
    session: Session,
    runde: Soknadsrunde,
    plasser: Sequence[tuple[int, Prioritering]],
    vurderte: dict[int, Soknad],
    vedtak: str,
) -> None:
    if not vedtak.strip():
        raise Regelbrudd("Oppgi SSU-vedtaket prioriteringslisten bygger på (f.eks. «Sak 30-2025»)")
    finnes = session.exec(
        select(Prioriteringsliste).where(
            Prioriteringsliste.runde_id == runde.id,
            col(Prioriteringsliste.vedtatt).is_not(None),
        )
    ).first()
    if finnes is not None:
        raise Regelbrudd(f"SSU har allerede vedtatt prioriteringslisten for {runde.aar}")
    sett: set[int] = set()
    for sak_id, _ in plasser:
        if sak_id in sett:
            raise Regelbrudd(f"Sak {sak_id} står flere ganger på listen")
        if sak_id not in vurderte:
            raise Regelbrudd(f"Sak {sak_id} er ikke en vurdert søknad i runden for {runde.aar}")
        sett.add(sak_id)


def _lagre_liste(
    session: Session,
    aktor: Bruker,
    runde: Soknadsrunde,
    plasser: Sequence[tuple[int, Prioritering]],
    vurderte: dict[int, Soknad],
    vedtak: str,
    miljo: Saksmiljo,
) -> None:
    liste = Prioriteringsliste(
        helsefellesskap_id=aktor.helsefellesskap_id,
        runde_id=runde.id or 0,
        vedtak=vedtak.strip(),
        vedtatt=miljo.klokke.now(),
    )
    for plass, (sak_id, prioritering) in enumerate(plasser, start=1):
        Prioritet(liste=liste, soknad=vurderte[sak_id], plass=plass, prioritering=prioritering)
    session.add(liste)
    session.flush()


def _hendelse(
    uow: UnitOfWork,
    miljo: Saksmiljo,
    aktor: Bruker,
    sak_id: int,
    hendelse: str,
    kommentar: str = "",
) -> Overgang:
    kommando = Hendelseskommando(sak_id, hendelse, kommentar=kommentar)
    return anvend_hendelse(kommando, uow=uow, miljo=miljo, aktor=aktor)
