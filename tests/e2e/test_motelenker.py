"""A meeting's case summary links to the meeting's page.

The workflow names the meeting (`Motelenke`); the engine gives the address the web's route
answers (`motor/adresser.MOTEADRESSE`).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from tests.e2e.test_api import hode
from tests.e2e.test_nettsider import logg_inn
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.domain.kodeverk import Motetype
from tilskudd_flow.domain.tid import OSLO
from tilskudd_flow.ssu.moter import Motebestilling, planlegg_mote
from tilskudd_flow.web.app import lag_webapp

SEKR = "samhandlingssjef"
TEKST = "Saksliste, innkalling, forfall og oppmøte"


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        yield klient


@pytest.fixture
def mote_id(app: App, demo: Demosammendrag) -> int:
    start = datetime(2025, 11, 25, 10, 0, tzinfo=OSLO)
    bestilling = Motebestilling(Motetype.SSU, start, start.replace(hour=14), sted="Mo i Rana")
    return planlegg_mote(bestilling, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)


def test_the_api_gives_the_meeting_link_an_address_the_meeting_page_answers(
    klient: TestClient, mote_id: int
) -> None:
    svar = klient.get(f"/api/saker/{mote_id}", headers=hode(klient, SEKR))
    assert svar.json()["detaljer"]["Møtesiden"] == {"tekst": TEKST, "href": f"/moter/{mote_id}"}
    logg_inn(klient, SEKR)
    assert klient.get(f"/moter/{mote_id}").status_code == 200


def test_the_meetings_case_page_shows_the_link_instead_of_failing(
    klient: TestClient, mote_id: int
) -> None:
    """The case page iterated over every value that was not text or a number, and a single
    link is neither: /saker/{mote_id} answered 500 (found in issue 18)."""
    logg_inn(klient, SEKR)
    svar = klient.get(f"/saker/{mote_id}")
    assert svar.status_code == 200
    assert f'<a href="/moter/{mote_id}">{TEKST}</a>' in svar.text
