"""The orders the case list can be sorted in, as SQL: each column the page shows that a
sekretariat sorts by, always ending in the case id so equal values keep a stable order."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import and_, case, literal, null
from sqlmodel import col, func, select

from tilskudd_flow.domain.arbeidsflyt import Arbeidsflyt, Arbeidsflytregister, Saksutvalg
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.frist import Frist
from tilskudd_flow.models.tenancy import Bruker

# The columns one may sort by, with their labels; the default is the newest change first.
KOLONNER = {
    "ref": "Ref.",
    "tittel": "Tittel",
    "type": "Sakstype",
    "belop_sokt": "Søkt",
    "belop_tildelt": "Tildelt",
    "frist": "Neste frist",
    "venter": "Dager uendret",
    "tilstand": "Tilstand",
    "endret": "Endret",
    "saksbehandler": "Saksbehandler",
}
# Sorts only the sekretariat's own eyes may use (the order would tell who handles a case).
INTERNE_KOLONNER = frozenset({"saksbehandler"})
STANDARD = "-endret"


def gyldig_sortering(sorter: str) -> str:
    """The sort asked for (`endret`, or `-endret` for descending), or the default."""
    return sorter if sorter.removeprefix("-") in KOLONNER else STANDARD


def rekkefolge(register: Arbeidsflytregister, sorter: str, idag: date) -> tuple[Any, ...]:
    """ORDER BY for this sort; NULLs (no amount, no deadline) always last."""
    sorter = gyldig_sortering(sorter)
    kolonne, synkende = sorter.removeprefix("-"), sorter.startswith("-")
    if kolonne == "venter":  # days unchanged grow as the change lies further back
        kolonne, synkende = "endret", not synkende
    uttrykk = _uttrykk(register.alle(), kolonne, idag)
    retning = uttrykk.desc() if synkende else uttrykk.asc()
    return (retning.nulls_last(), col(WorkflowCase.id))


def _uttrykk(flyter: list[Arbeidsflyt], kolonne: str, idag: date) -> Any:
    if kolonne == "endret":
        return col(WorkflowCase.endret)
    if kolonne == "tittel":
        return func.lower(col(WorkflowCase.tittel))
    if kolonne == "ref":
        return _per_flyt(flyter, lambda f: literal(f.prefiks))
    if kolonne == "type":
        return _per_flyt(flyter, lambda f: literal(f.tittel))
    if kolonne == "tilstand":
        return _tilstandsnavn(flyter)
    if kolonne == "frist":
        return _neste_frist(idag)
    if kolonne == "saksbehandler":
        navn = select(func.lower(col(Bruker.navn))).where(
            col(Bruker.id) == col(WorkflowCase.saksbehandler_id)
        )
        return navn.scalar_subquery()
    sokt = kolonne == "belop_sokt"
    return _per_flyt(flyter, lambda f: _sum(f.soktbelop if sokt else f.tildeltbelop))


def _per_flyt(flyter: list[Arbeidsflyt], verdi: Any) -> Any:
    grener = [(col(WorkflowCase.workflow) == f.navn, verdi(f)) for f in flyter]
    grener = [(vilkaar, v) for vilkaar, v in grener if v is not None]
    return case(*grener, else_=null()) if grener else null()


def _tilstandsnavn(flyter: list[Arbeidsflyt]) -> Any:
    grener = [
        (
            and_(col(WorkflowCase.workflow) == f.navn, col(WorkflowCase.state) == t),
            f.tilstandsnavn(t),
        )
        for f in flyter
        for t in f.tilstander
    ]
    return case(*grener, else_=col(WorkflowCase.state))


def _sum(utvalg: Saksutvalg | None) -> Any:
    if utvalg is None:
        return None
    sporring = select(func.sum(col(utvalg.verdi)))
    for kobling in utvalg.via:
        sporring = sporring.join(kobling)
    return sporring.where(col(utvalg.sak) == col(WorkflowCase.id)).scalar_subquery()


def _neste_frist(idag: date) -> Any:
    return (
        select(func.min(col(Frist.dato)))
        .where(
            col(Frist.objekt_type) == col(WorkflowCase.workflow),
            col(Frist.objekt_id) == col(WorkflowCase.id),
            col(Frist.dato) >= idag,
        )
        .scalar_subquery()
    )
