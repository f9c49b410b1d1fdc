"""Propose a new FSU: the case starts as foreslått."""

from __future__ import annotations

from sqlmodel import Session

from tilskudd_flow.domain.feil import UgyldigFelt
from tilskudd_flow.domain.kodeverk import FsuType
from tilskudd_flow.models.fsu import Fsu
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.service.miljo import Saksmiljo
from tilskudd_flow.service.saker import opprett_sak

ARBEIDSFLYT = "fsu_etablering"


def foreslaa_fsu(
    session: Session,
    miljo: Saksmiljo,
    *,
    aktor: Bruker,
    navn: str,
    type_: FsuType,
    mandat: str = "",
    begrunnelse: str = "",
) -> int:
    if not navn.strip():
        raise UgyldigFelt("navn", "FSU-et må ha et navn")
    fsu = Fsu(navn=navn.strip(), type=type_, mandat=mandat)
    sak = opprett_sak(
        session,
        miljo,
        aktor=aktor,
        flyt=miljo.register.hent(ARBEIDSFLYT),
        tittel=navn.strip(),
        subjekt=fsu,
        kommentar=begrunnelse,
    )
    assert sak.id is not None
    return sak.id
