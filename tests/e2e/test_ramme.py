"""The frame every page shares (issue 21, point 4): the helsefellesskap's name, the footer
with contact, privacy and accessibility statement, the menu with the current page marked,
Designsystemet served from our own address, and error pages in bokmål for browsers while
programs that ask for JSON, and the API, get JSON."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.e2e.test_nettsider import SEKR, logg_inn
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.web.app import lag_webapp

NETTLESER = {"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app), raise_server_exceptions=False) as klient:
        yield klient


def _har_rammen(html: str) -> None:
    assert '<html lang="nb"' in html
    assert "Helsefellesskap Helgeland" in html
    assert 'href="mailto:samhandling@helgelandssykehuset.example"' in html
    assert 'href="/personvern"' in html and 'href="/tilgjengelighetserklaering"' in html


def test_an_unknown_address_is_a_page_in_bokmaal_with_the_frame_for_a_browser(
    klient: TestClient,
) -> None:
    svar = klient.get("/finnes-ikke", headers=NETTLESER)
    assert svar.status_code == 404
    assert svar.headers["content-type"].startswith("text/html")
    assert "<h1>Finnes ikke</h1>" in svar.text and "Adressen peker ikke" in svar.text
    assert "Not Found" not in svar.text
    _har_rammen(svar.text)


def test_an_unknown_address_is_json_under_api_and_for_a_program_asking_for_json(
    klient: TestClient,
) -> None:
    for svar in (
        klient.get("/api/finnes-ikke", headers=NETTLESER),
        klient.get("/finnes-ikke", headers={"Accept": "application/json"}),
    ):
        assert svar.status_code == 404
        assert svar.headers["content-type"] == "application/json"
        assert svar.json() == {"detail": "Not Found"}


def test_a_wrong_method_is_a_page_in_bokmaal_for_a_browser(klient: TestClient) -> None:
    svar = klient.put("/logg-inn", headers=NETTLESER)
    assert svar.status_code == 405
    assert "Adressen kan ikke brukes på denne måten" in svar.text
    _har_rammen(svar.text)


@pytest.mark.parametrize(
    ("adresse", "overskrift", "innhold"),
    [
        ("/personvern", "Personvern", ["Behandlingsansvarlig", "Rettslig grunnlag",
                                        "Informasjonskapsler", "Datatilsynet"]),
        ("/tilgjengelighetserklaering", "Tilgjengelighetserklæring",
         ["Status", "Kjente avvik", "Meld fra om feil og mangler",
          "Tilsynet for universell utforming av ikt", "uustatus.no"]),
    ],
)  # fmt: skip
def test_privacy_and_accessibility_statement_are_open_to_everyone(
    klient: TestClient, adresse: str, overskrift: str, innhold: list[str]
) -> None:
    for innlogget in (False, True):
        if innlogget:
            logg_inn(klient, SEKR)
        svar = klient.get(adresse)
        assert svar.status_code == 200
        assert f"<h1>{overskrift}</h1>" in svar.text
        assert [tekst for tekst in innhold if tekst not in svar.text] == []
        _har_rammen(svar.text)
        assert ('aria-label="Hovedmeny"' in svar.text) is innlogget


def test_the_current_page_is_marked_in_the_menu_and_its_section_on_pages_below_it(
    klient: TestClient,
) -> None:
    logg_inn(klient, SEKR)
    saker = klient.get("/saker").text
    assert re.findall(r'<a href="/saker" aria-current="page">Saker</a>', saker)
    assert len(re.findall(r"aria-current=", saker)) == 2  # the wide menu and the narrow one
    sak = klient.get("/saker/2").text
    assert '<a href="/saker" aria-current="true">Saker</a>' in sak
    brukere = klient.get("/brukere").text
    assert '<a href="/administrasjon" aria-current="true">Administrasjon</a>' in brukere


def test_the_case_list_and_the_case_page_show_the_state_as_a_tag(klient: TestClient) -> None:
    logg_inn(klient, SEKR)
    assert '<span class="ds-tag" data-color="info">Mottatt</span>' in klient.get("/saker").text
    sak = klient.get("/saker/2").text
    assert '<span class="ds-tag" data-color="info">Tilstand: <strong>Mottatt</strong>' in sak


def test_designsystemet_and_its_font_are_served_from_our_own_address(klient: TestClient) -> None:
    side = klient.get("/logg-inn").text
    for fil in re.findall(r'<link rel="stylesheet" href="([^"]+)"', side):
        assert fil.startswith("/statisk/")
        assert klient.get(fil).status_code == 200
    assert "/statisk/designsystemet/index.css" in side
    stil = klient.get("/statisk/stil.css").text
    for skrift in re.findall(r"url\(([^)]+\.woff2)\)", stil):
        assert klient.get(f"/statisk/{skrift}").status_code == 200
    assert "@media print" in stil
