"""Who may do what: role per event, party for applicants. Checked here, once."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, and_, false, or_, true
from sqlmodel import Session, col, select

from tilskudd_flow.domain.arbeidsflyt import Arbeidsflyt, Arbeidsflytregister, Hendelsesregel
from tilskudd_flow.domain.feil import IkkeFunnet, IkkeTillatt
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.motor.saksutvalg import saker_med_en_av

INTERNE_ROLLER = frozenset({Rolle.SEKRETARIAT, Rolle.ADMIN, Rolle.SYSTEM})


def hent_aktor(session: Session, brukernavn: str) -> Bruker:
    """The active user acting; unknown or deactivated users are refused."""
    bruker = (
        session.exec(select(Bruker).where(Bruker.brukernavn == brukernavn)).unique().one_or_none()
    )
    if bruker is None:
        raise IkkeFunnet(f"Ukjent bruker «{brukernavn}»")
    if not bruker.aktiv:
        raise IkkeTillatt(f"Brukeren «{brukernavn}» er deaktivert")
    return bruker


def krev_rolle(aktor: Bruker, *roller: Rolle) -> None:
    if not aktor.rollesett & set(roller):
        navn = ", ".join(r.visning.lower() for r in roller)
        raise IkkeTillatt(f"{aktor.brukernavn} har ikke rollen som kreves ({navn})")


def sjekk_hendelse(
    aktor: Bruker,
    flyt: Arbeidsflyt,
    regel: Hendelsesregel,
    hendelse: str,
    subjekt: Any,
    *,
    med_fil: bool = False,
    gjennom_vedtak: bool = False,
) -> None:
    """Refuse unless one of the actor's roles may trigger the event on this case (some roles
    only together with the file the event records, some only through a vedtak)."""
    roller = aktor.rollesett & (
        regel.hvem
        | (regel.med_fil if med_fil else frozenset())
        | (regel.gjennom_vedtak if gjennom_vedtak else frozenset())
    )
    if not roller and aktor.rollesett & regel.med_fil:
        raise IkkeTillatt(
            f"«{flyt.hendelsesnavn(hendelse)}» kan {_roller(aktor)} bare gjøre {regel.med_fil_hvor}"
        )
    if not roller and aktor.rollesett & regel.gjennom_vedtak:
        raise IkkeTillatt(
            f"«{flyt.hendelsesnavn(hendelse)}» kan {_roller(aktor)} bare gjøre gjennom et vedtak "
            "som flytter alle sakene det gjelder samlet"
        )
    if not roller:
        lovlige = ", ".join(sorted(r.visning.lower() for r in regel.hvem | regel.med_fil
                                   | regel.gjennom_vedtak))  # fmt: skip
        raise IkkeTillatt(
            f"«{flyt.hendelsesnavn(hendelse)}» kan bare utføres av: {lovlige} "
            f"({aktor.brukernavn} har {_roller(aktor)})"
        )
    if roller == {Rolle.SOKER} and not _representerer_part(aktor, flyt, subjekt):
        raise IkkeTillatt(f"{aktor.brukernavn} representerer ingen av partene i saken")


def kan_se(aktor: Bruker, flyt: Arbeidsflyt, sak: WorkflowCase, subjekt: Any) -> bool:
    """Internal roles see everything; SSU members all but private drafts; applicants their own."""
    if sak.helsefellesskap_id != aktor.helsefellesskap_id:
        return False
    if aktor.rollesett & INTERNE_ROLLER:
        return True
    if Rolle.SSU_MEDLEM in aktor.rollesett and sak.state not in flyt.private_tilstander:
        return True
    return Rolle.SOKER in aktor.rollesett and _representerer_part(aktor, flyt, subjekt)


def synlige_saker(register: Arbeidsflytregister, aktor: Bruker) -> ColumnElement[bool] | None:
    """`kan_se` as a database condition on workflow_case (tenancy aside), so lists can be
    paged in SQL; None when a workflow gives its parties only in Python (no partsfilter)."""
    if aktor.rollesett & INTERNE_ROLLER:
        return true()
    deler: list[ColumnElement[bool]] = []
    for flyt in register.alle():
        i_flyten = col(WorkflowCase.workflow) == flyt.navn
        if Rolle.SSU_MEDLEM in aktor.rollesett:
            deler.append(and_(i_flyten, col(WorkflowCase.state).not_in(flyt.private_tilstander)))
        if Rolle.SOKER in aktor.rollesett and flyt.parter is not None:
            if flyt.partsfilter is None:
                return None
            deler.append(and_(i_flyten, saker_med_en_av(flyt.partsfilter, aktor.part_ider)))
    return or_(false(), *deler)


def ser_interne_vurderinger(aktor: Bruker) -> bool:
    return bool(aktor.rollesett & (INTERNE_ROLLER | {Rolle.SSU_MEDLEM}))


def _representerer_part(aktor: Bruker, flyt: Arbeidsflyt, subjekt: Any) -> bool:
    if flyt.parter is None or subjekt is None:
        return False
    return bool(flyt.parter(subjekt) & aktor.part_ider)


def _roller(aktor: Bruker) -> str:
    return ", ".join(sorted(r.visning.lower() for r in aktor.rollesett)) or "ingen roller"
