"""The søknad form in steps (#21), over HTTP: one <form> with every step in it and a list
of links to them, and «Lagre utkast» brings the applicant back to the step they were on.
What the browser does with the steps is in tests/e2e/nettleser/test_skjemasteg.py."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from tests.e2e.test_nettsider import logg_inn, token
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.models.soknad import Soknad
from tilskudd_flow.soknader.utkast import skjemautkastet
from tilskudd_flow.web.app import lag_webapp
from tilskudd_flow.web.skjemasteg import SOKNADSSTEG


@pytest.fixture
def soker(app: App, demo: Demosammendrag, klokke: FixedClock) -> Iterator[TestClient]:
    klokke.set(datetime(2025, 9, 20, 10, 0, tzinfo=UTC))
    with TestClient(lag_webapp(app)) as klient:
        logg_inn(klient, "vefsn.soker")
        yield klient


def test_every_step_is_a_fieldset_of_the_one_form_and_the_list_links_to_each(
    soker: TestClient,
) -> None:
    side = soker.get("/soknader/ny").text
    assert side.count("<form") == 2  # the søknad and «Logg ut»
    skjema = side.split('class="skjema soknad"', 1)[1].split("</form>", 1)[0]
    liste = side.split('class="steg-indikator"', 1)[1].split("</nav>", 1)[0]
    for steg in SOKNADSSTEG:
        assert f'<fieldset class="steg" id="{steg.anker}">' in skjema
        assert f"Steg {steg.nummer} av {len(SOKNADSSTEG)}</span> {steg.tittel}" in skjema
        assert f'href="#{steg.anker}"' in liste
    assert skjema.count('value="send_inn"') == 1
    assert re.findall(r'name="steg"[^>]*value="([^"]*)"', side) == ["1"]
    assert 'src="/statisk/skjemasteg.js"' in side
    assert 'href="/statisk/skjemasteg.css"' in side
    assert soker.get("/statisk/skjemasteg.js").status_code == 200
    assert soker.get("/statisk/skjemasteg.css").status_code == 200


@pytest.mark.parametrize(("steg", "slutt", "ekko"), [("4", "?lagret=1&steg=4", "4"),
    ("1", "?lagret=1", "1"), ("99", "?lagret=1", "1"), ("x", "?lagret=1", "1")])  # fmt: skip
def test_saving_a_draft_returns_to_the_step_the_applicant_was_on(
    soker: TestClient, app: App, steg: str, slutt: str, ekko: str
) -> None:
    skjema = soker.get("/soknader/ny")
    data = {"csrf_token": token(skjema.text), "prosjektnavn": "Stegvis", "steg": steg,
            "handling": "lagre"}  # fmt: skip
    svar = soker.post("/soknader/ny", data=data, follow_redirects=False)
    assert svar.status_code == 303
    assert svar.headers["location"].endswith(slutt)
    igjen = soker.get(svar.headers["location"]).text
    assert 'value="Stegvis"' in igjen
    # The step is echoed for the script to open; it is not part of the søknad: never stored.
    assert re.findall(r'name="steg"[^>]*value="([^"]*)"', igjen) == [ekko]
    with app.uow(skriv=False) as uow:
        utkast = uow.session.exec(select(Soknad).where(Soknad.prosjektnavn == "Stegvis")).one()
        assert "steg" not in (skjemautkastet(utkast) or {})


def test_a_new_budget_line_returns_to_the_line_whatever_the_step(soker: TestClient) -> None:
    skjema = soker.get("/soknader/ny")
    data = {"csrf_token": token(skjema.text), "prosjektnavn": "Stegvis", "steg": "4",
            "handling": "legg_til_linje"}  # fmt: skip
    svar = soker.post("/soknader/ny", data=data, follow_redirects=False)
    assert svar.headers["location"].endswith("?lagret=1#linje_6_kostnadspost")
