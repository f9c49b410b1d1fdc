"""The årshjul as a calendar feed Outlook can subscribe to, at a secret address per user."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

from tests.e2e.test_nettsider import logg_inn, token
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.service.brukere import sett_aktiv
from tilskudd_flow.service.frister import list_frister
from tilskudd_flow.service.tilgang import hent_aktor
from tilskudd_flow.web.app import lag_webapp

ADRESSE = re.compile(
    r'id="kalenderadresse" readonly value="http://[^/]+(/kalender/\d+/[\w-]+\.ics)"'
)


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        yield klient


def adresse(klient: TestClient, brukernavn: str) -> str:
    logg_inn(klient, brukernavn)
    funn = ADRESSE.search(klient.get("/aarshjul").text)
    assert funn is not None
    return funn.group(1)


def test_outlook_gets_every_deadline_without_logging_in(app: App, klient: TestClient) -> None:
    sti = adresse(klient, "vefsn.soker")
    with TestClient(lag_webapp(app)) as outlook:
        svar = outlook.get(sti)
    assert svar.status_code == 200
    assert svar.headers["content-type"].startswith("text/calendar")
    hendelser = [k for k in Calendar.from_ical(svar.content).walk("VEVENT")]
    with app.uow(skriv=False) as uow:
        antall = len(list_frister(uow.session, 1))
    assert len(hendelser) == antall > 0
    assert any("Søknadsfrist" in str(h["SUMMARY"]) for h in hendelser)


@pytest.mark.parametrize("forfalsket", ["/kalender/{id}/feil.ics", "/kalender/{annen}/{token}.ics"])
def test_a_wrong_or_borrowed_token_is_not_found(klient: TestClient, forfalsket: str) -> None:
    sti = adresse(klient, "vefsn.soker")
    _, _, bruker_id, fil = sti.split("/")
    annen = str(int(bruker_id) + 1)
    forsok = forfalsket.format(id=bruker_id, annen=annen, token=fil.removesuffix(".ics"))
    assert klient.get(forsok).status_code == 404


def test_a_new_address_retires_the_old_one(klient: TestClient) -> None:
    gammel = adresse(klient, "samhandlingssjef")
    svar = klient.post(
        "/aarshjul/ny-kalenderadresse",
        data={"csrf_token": token(klient.get("/aarshjul").text)},
    )
    assert "Den gamle virker ikke lenger" in svar.text
    ny = ADRESSE.search(svar.text)
    assert ny is not None and ny.group(1) != gammel
    assert klient.get(gammel).status_code == 404
    assert klient.get(ny.group(1)).status_code == 200


def test_a_deactivated_users_feed_stops(app: App, klient: TestClient) -> None:
    sti = adresse(klient, "vefsn.soker")
    with app.uow() as uow:
        admin = hent_aktor(uow.session, "admin")
        sett_aktiv(uow.session, aktor=admin, brukernavn="vefsn.soker", aktiv=False,
                   naa=app.miljo.klokke.now())  # fmt: skip
        uow.commit()
    assert klient.get(sti).status_code == 404
