"""`make run` on any day: the demo's history lies behind and a round is open to vefsn.soker."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

import pytest
from fastapi.testclient import TestClient
from sqlmodel import func, select

from tests.e2e.test_nettsider import logg_inn, token
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.i_dag import apen_rundes_aar, last_demo_i_dag
from tilskudd_flow.demo.skjemaeksempel import komplett, vedlegg
from tilskudd_flow.models.audit import AuditEntry
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.web.app import lag_webapp

DAGER = [date(2026, 12, 6), date(2027, 3, 15), date(2027, 9, 30), date(2027, 10, 2)]


@pytest.mark.parametrize("i_dag", DAGER, ids=str)
def test_make_run_on_any_day_opens_the_form_and_takes_a_complete_soknad(
    app: App, klokke: FixedClock, i_dag: date
) -> None:
    klokke.set(datetime(i_dag.year, i_dag.month, i_dag.day, 9, 0, tzinfo=UTC))
    last_demo_i_dag(app, lambda _: None)
    with TestClient(lag_webapp(app)) as klient:
        logg_inn(klient, "vefsn.soker")
        skjema = klient.get("/soknader/ny")
        assert "er passert" not in skjema.text
        assert "8. Kort beskrivelse av prosjektet/piloten" in skjema.text
        svar = klient.post(
            "/soknader/ny",
            data={**komplett(token(skjema.text)), "handling": "send_inn"},
            files=vedlegg(),
            follow_redirects=False,
        )
        assert svar.status_code == 303, re.findall(r'<li><a href="#[^"]+">(.*?)</a>', svar.text)
        assert "Søknaden er sendt inn" in klient.get(svar.headers["location"]).text


def test_the_open_round_is_the_one_whose_deadline_is_the_next_first_of_october() -> None:
    assert apen_rundes_aar(date(2026, 12, 6)) == 2028
    assert apen_rundes_aar(date(2027, 3, 15)) == 2028
    assert apen_rundes_aar(date(2027, 10, 1)) == 2028
    assert apen_rundes_aar(date(2027, 10, 2)) == 2029


def test_make_run_writes_no_history_after_today_and_leaves_cases_in_many_states(
    app: App, klokke: FixedClock
) -> None:
    i_dag = datetime(2026, 12, 6, 9, 0, tzinfo=UTC)
    klokke.set(i_dag)
    last_demo_i_dag(app, lambda _: None)
    with app.uow(skriv=False) as uow:
        siste = uow.session.exec(select(func.max(AuditEntry.tidspunkt))).one()
        tilstander = set(uow.session.exec(select(WorkflowCase.state)).all())
    assert siste is not None and siste <= i_dag
    assert len(tilstander) >= 5, tilstander
    with TestClient(lag_webapp(app)) as klient:
        logg_inn(klient, "samhandlingssjef")
        assert "RS-" in klient.get("/saker").text


def test_make_run_gives_the_sekretariat_cases_of_its_own_and_a_note(
    app: App, klokke: FixedClock
) -> None:
    klokke.set(datetime(2026, 12, 6, 9, 0, tzinfo=UTC))
    last_demo_i_dag(app, lambda _: None)
    with TestClient(lag_webapp(app)) as klient:
        logg_inn(klient, "samhandlingssjef")
        oppgaver = klient.get("/oppgaver").text
        assert "Saker du er saksbehandler for" in oppgaver
        mine = klient.get("/saker?saksbehandler=mine").text
        sak = re.findall(r'<a href="/saker/(\d+)">', mine)
        assert len(sak) == 2, mine
        assert "Interne notater" in klient.get(f"/saker/{sak[0]}").text
        assert "Ringte kontaktpersonen" in "".join(klient.get(f"/saker/{s}").text for s in sak)
