"""The engine turns a workflow's declared Saksutvalg into the SQL the workflow once wrote."""

from __future__ import annotations

import re

from sqlalchemy import ColumnElement
from sqlalchemy.dialects import sqlite

from tilskudd_flow.motor.saksutvalg import saker_med_en_av, saker_med_verdi
from workflows.avtale_revisjon import ARBEIDSFLYT as AVTALE_REVISJON
from workflows.rs_soknad import ARBEIDSFLYT as RS_SOKNAD


def _sql(vilkaar: ColumnElement[bool]) -> str:
    tekst = vilkaar.compile(dialect=sqlite.dialect(), compile_kwargs={"literal_binds": True})
    return re.sub(r"\s+", " ", str(tekst))


def test_an_applicant_sees_the_soknader_any_of_their_parties_is_on() -> None:
    assert RS_SOKNAD.partsfilter is not None
    assert _sql(saker_med_en_av(RS_SOKNAD.partsfilter, [3, 7])) == (
        "workflow_case.id IN (SELECT soknad_part.soknad_id FROM soknad_part "
        "WHERE soknad_part.part_id IN (3, 7))"
    )


def test_the_year_of_a_soknad_is_the_year_of_its_round() -> None:
    assert RS_SOKNAD.aarsfilter is not None
    assert _sql(saker_med_verdi(RS_SOKNAD.aarsfilter, 2026)) == (
        "workflow_case.id IN (SELECT soknad.case_id FROM soknad "
        "JOIN soknadsrunde ON soknadsrunde.id = soknad.runde_id WHERE soknadsrunde.aar = 2026)"
    )


def test_the_year_of_an_avtale_revision_is_its_own() -> None:
    assert AVTALE_REVISJON.aarsfilter is not None
    assert _sql(saker_med_verdi(AVTALE_REVISJON.aarsfilter, 2025)) == (
        "workflow_case.id IN (SELECT avtale_revisjon.case_id FROM avtale_revisjon "
        "WHERE avtale_revisjon.aar = 2025)"
    )
