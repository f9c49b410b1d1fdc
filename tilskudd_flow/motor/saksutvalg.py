"""A workflow's declared `Saksutvalg` as SQL: the workflow names the columns, the engine
builds the query."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import ColumnElement
from sqlmodel import col, select

from tilskudd_flow.domain.arbeidsflyt import Saksutvalg
from tilskudd_flow.models.case import WorkflowCase


def saker_med_verdi(utvalg: Saksutvalg, verdi: object) -> ColumnElement[bool]:
    """The cases whose `verdi` column holds this value (e.g. the søknader of one round)."""
    return _saker(utvalg, col(utvalg.verdi) == verdi)


def saker_med_en_av(utvalg: Saksutvalg, verdier: Collection[object]) -> ColumnElement[bool]:
    """The cases whose `verdi` column holds any of these (e.g. an applicant's parties)."""
    return _saker(utvalg, col(utvalg.verdi).in_(verdier))


def _saker(utvalg: Saksutvalg, vilkaar: ColumnElement[bool]) -> ColumnElement[bool]:
    sporring = select(col(utvalg.sak))
    for kobling in utvalg.via:
        sporring = sporring.join(kobling)
    return col(WorkflowCase.id).in_(sporring.where(vilkaar))
