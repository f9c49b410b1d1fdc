"""The sekretariat's year on the web: rounds, their deadlines, the pots, and the history of
administrative changes, with the same rules and errors as the CLI."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from tests.e2e.test_nettsider import logg_inn, token
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.demo.i_dag import last_demo_i_dag
from tilskudd_flow.web.app import lag_webapp

SEKR = "samhandlingssjef"


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        logg_inn(klient, SEKR)
        yield klient


def _post(klient: TestClient, side: str, sti: str, skjema: dict[str, str]) -> Response:
    csrf = token(klient.get(side).text)
    return klient.post(sti, data={**skjema, "csrf_token": csrf}, follow_redirects=False)


def _frist_id(html: str, navn: str) -> int:
    treff = re.search(rf'for="dato-(\d+)">Ny dato for {navn}', html)
    assert treff is not None, navn
    return int(treff.group(1))


def test_the_round_list_shows_each_round_with_its_deadlines(klient: TestClient) -> None:
    side = klient.get("/runder").text
    assert "1. oktober 2025" in side
    assert "1. november 2025 (lørdag) → fredag 31. oktober 2025" in side
    assert "foreslått, ikke bekreftet" in side
    assert "Åpne søknadsrunden for 2027" in side


def test_opening_the_next_round_makes_its_deadlines_from_the_rules(klient: TestClient) -> None:
    svar = _post(klient, "/runder", "/runder/ny", {"aar": "2027"})
    assert svar.headers["location"] == "/runder/2027/frister?utfort=opprettet"
    side = klient.get(svar.headers["location"]).text
    assert "Søknadsrunden for 2027 er opprettet" in side
    assert "1. oktober 2026 er en torsdag." in side
    assert "gjelder neste virkedag" in side
    assert "Åpne søknadsrunden for 2028" in klient.get("/runder").text


def test_a_round_that_exists_is_refused_in_the_form(klient: TestClient) -> None:
    svar = _post(klient, "/runder", "/runder/ny", {"aar": "2026"})
    assert svar.status_code == 400
    assert "Søknadsrunden for 2026 finnes allerede" in svar.text
    assert 'id="feiloppsummering"' in svar.text


def test_moving_a_deadline_shows_where_the_working_day_rule_puts_it(klient: TestClient) -> None:
    side = klient.get("/runder/2026/frister").text
    frist = _frist_id(side, "søknadsfrist til helsefellesskapet")
    svar = _post(klient, "/runder/2026/frister", f"/runder/2026/frister/{frist}/flytt",
                 {"dato": "4.10.2025"})  # fmt: skip
    assert svar.status_code == 303
    side = klient.get(svar.headers["location"]).text
    assert "er flyttet til 4. oktober 2025 (lørdag) → mandag 6. oktober 2025" in side
    assert "4. oktober 2025 er en lørdag, så fristen gjelder mandag 6. oktober 2025." in side
    historikk = klient.get("/historikk?type=frist").text
    assert "Søknadsfrist til helsefellesskapet (2026): fristen ble flyttet" in historikk
    assert "1. oktober 2025 → 4. oktober 2025" in historikk


@pytest.mark.parametrize(
    ("dato", "melding"),
    [("31.02.2026", "Ugyldig dato «31.02.2026»"), ("", "Skriv den nye datoen")],
)
def test_a_bad_date_is_named_in_the_form_and_keeps_what_was_typed(
    klient: TestClient, dato: str, melding: str
) -> None:
    side = klient.get("/runder/2026/frister").text
    frist = _frist_id(side, "søknadsfrist til helsefellesskapet")
    svar = _post(klient, "/runder/2026/frister", f"/runder/2026/frister/{frist}/flytt",
                 {"dato": dato})  # fmt: skip
    assert svar.status_code == 400
    assert melding in svar.text
    assert f'href="#dato-{frist}"' in svar.text
    assert f'value="{dato}"' in svar.text
    assert "1. oktober 2025" in klient.get("/runder").text


def test_the_meeting_date_is_confirmed_from_the_round_page(klient: TestClient) -> None:
    side = klient.get("/runder/2026/frister").text
    frist = _frist_id(side, "SSUs prioriteringsmøte")
    assert "Bekreft 22. oktober 2025" in side
    svar = _post(klient, "/runder/2026/frister", f"/runder/2026/frister/{frist}/bekreft", {})
    side = klient.get(svar.headers["location"]).text
    assert "22. oktober 2025 er bekreftet" in side
    assert "Bekreft 22. oktober 2025" not in side


def test_a_deadline_of_another_round_is_not_found(klient: TestClient) -> None:
    _post(klient, "/runder", "/runder/ny", {"aar": "2027"})
    frist = _frist_id(klient.get("/runder/2027/frister").text, "søknadsfrist til helsefellesskapet")
    svar = _post(klient, "/runder/2026/frister", f"/runder/2026/frister/{frist}/flytt",
                 {"dato": "1.10.2025"})  # fmt: skip
    assert svar.status_code == 404


def test_the_pot_page_shows_what_is_awarded_and_what_remains(klient: TestClient) -> None:
    side = klient.get("/potter/2026").text
    assert "kr 5 000 000" in side and "kr 2 800 000" in side
    assert "Lisens for digital hjemmeoppfølging" in side
    assert "Lagre lokal pott 2026" in side


def test_a_pot_is_registered_and_edited_with_its_earmarks(klient: TestClient) -> None:
    svar = _post(klient, "/potter/2027", "/potter/2027/ny",
                 {"ordning": "lokal", "ramme": "4 mill.", "overfort": "",
                  "oremerking_0_formaal": "Koordinator", "oremerking_0_belop": "250 000",
                  "oremerking_0_vedtak": "SSU 09.09.2025"})  # fmt: skip
    assert svar.headers["location"] == "/potter/2027?utfort=lokal"
    side = klient.get(svar.headers["location"]).text
    assert "Den lokale potten for 2027 er lagret" in side
    assert "kr 3 750 000" in side  # 4 mill. − 250 000 earmarked
    pott_id = re.search(r'action="/potter/2027/(\d+)"', side)
    assert pott_id is not None
    svar = _post(klient, "/potter/2027", f"/potter/2027/{pott_id.group(1)}",
                 {"ordning": "lokal", "ramme": "kr 4 000 000", "overfort": "1 mill.",
                  "oremerking_0_formaal": "", "oremerking_0_belop": "",
                  "oremerking_0_vedtak": ""})  # fmt: skip
    assert svar.status_code == 303
    side = klient.get("/potter/2027").text
    assert "kr 5 000 000" in side and "Koordinator" not in side
    historikk = klient.get("/historikk?type=pott").text
    assert "Lokal pott 2027: potten ble endret" in historikk
    assert "Overført: kr 0 → kr 1 000 000" in historikk


def test_bad_pot_amounts_are_named_beside_their_fields(klient: TestClient) -> None:
    svar = _post(klient, "/potter/2027", "/potter/2027/ny",
                 {"ordning": "lokal", "ramme": "fem millioner", "overfort": "-2",
                  "oremerking_0_formaal": "", "oremerking_0_belop": "100",
                  "oremerking_0_vedtak": "Sak 99-2025"})  # fmt: skip
    assert svar.status_code == 400
    assert 'href="#ramme"' in svar.text and 'href="#overfort"' in svar.text
    assert 'value="fem millioner"' in svar.text
    assert "Ingen pott er registrert for 2027" in svar.text
    svar = _post(klient, "/potter/2027", "/potter/2027/ny",
                 {"ordning": "lokal", "ramme": "1 mill.", "oremerking_0_formaal": "",
                  "oremerking_0_belop": "100", "oremerking_0_vedtak": "Sak 99-2025"})  # fmt: skip
    assert svar.status_code == 400
    assert "Øremerking 1: skriv formålet" in svar.text
    assert "Sak 99-2025 finnes ikke" in svar.text


def test_a_second_pot_for_the_same_scheme_and_year_is_refused(klient: TestClient) -> None:
    svar = _post(klient, "/potter/2026", "/potter/2026/ny", {"ordning": "lokal", "ramme": "1"})
    assert svar.status_code == 400
    assert "Det finnes allerede en lokal pott for 2026" in svar.text


def test_the_prioritisation_page_links_to_the_pots(klient: TestClient) -> None:
    assert 'href="/potter/2026"' in klient.get("/prioritering/2026").text


def test_the_history_shows_administrative_changes_in_words(klient: TestClient) -> None:
    side = klient.get("/historikk").text
    assert "Søknadsrunden 2026: søknadsrunden ble opprettet" in side
    assert "Lokal pott 2026: potten ble registrert" in side
    assert '<option value="pott"' in side
    assert "Ssu medlem registrert" not in side  # known events read as sentences


def test_the_forms_need_the_csrf_token(klient: TestClient) -> None:
    svar = klient.post("/runder/ny", data={"aar": "2027"}, follow_redirects=False)
    assert svar.status_code == 403
    assert "Åpne søknadsrunden for 2027" in klient.get("/runder").text


def test_the_demo_of_today_shows_its_rounds_pots_and_history(app: App, klokke: FixedClock) -> None:
    klokke.set(datetime(2026, 12, 6, 9, 0, tzinfo=UTC))
    last_demo_i_dag(app, lambda _: None)
    with TestClient(lag_webapp(app)) as klient:
        logg_inn(klient, SEKR)
        runder = klient.get("/runder").text
        assert "2028" in runder and "1. oktober 2027" in runder
        assert "Åpne søknadsrunden for 2029" in runder
        assert "Lagre lokal pott 2028" in klient.get("/potter/2028").text
        tildelt = re.search(
            r"− Tildelt</th><td class=\"tall\">(kr [\d ]+)<", klient.get("/potter/2026").text
        )
        assert tildelt is not None and tildelt.group(1) != "kr 0"  # the walk awarded money
        historikk = klient.get("/historikk").text
        assert "Søknadsrunden 2028: søknadsrunden ble opprettet" in historikk


def test_the_task_to_confirm_a_date_leads_to_the_form_that_confirms_it(
    app: App, demo: Demosammendrag, klokke: FixedClock
) -> None:
    klokke.set(datetime(2025, 9, 20, 9, 0, tzinfo=UTC))  # SSU's meeting date is proposed ahead
    with TestClient(lag_webapp(app)) as klient:
        logg_inn(klient, SEKR)
        _til_bekreftelsen(klient)


def _til_bekreftelsen(klient: TestClient) -> None:
    oppgaver = klient.get("/oppgaver").text
    lenke = re.search(r'<a href="(/frister/(\d+))">SSUs prioriteringsmøte', oppgaver)
    assert lenke is not None, oppgaver
    svar = klient.get(lenke.group(1), follow_redirects=False)
    assert svar.status_code == 303
    assert svar.headers["location"] == f"/runder/2026/frister#frist-{lenke.group(2)}"
    side = klient.get(svar.headers["location"]).text
    assert f'id="frist-{lenke.group(2)}"' in side and "Bekreft 22. oktober 2025" in side


def test_a_deadline_that_is_no_rounds_leads_to_the_aarshjul(klient: TestClient) -> None:
    svar = klient.get("/frister/999999", follow_redirects=False)
    assert (svar.status_code, svar.headers["location"]) == (303, "/aarshjul")
