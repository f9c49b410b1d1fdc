"""No input reaches a 500: ids out of range, non-ASCII digits, the wrong kind of case
(issue 17, item 7). Pages answer in bokmål with the menu; the API keeps JSON."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlmodel import select

from tests.e2e.ruteliste import alle_ruter
from tests.e2e.test_nettsider import SEKR, logg_inn, token
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import DEMOPASSORD, Demosammendrag
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.web.app import lag_webapp

STOR = 2**63  # one past SQLite's INTEGER: the database cannot hold it
PG_STOR = 2**31  # one past PostgreSQL's INTEGER, the type of the id columns


@pytest.fixture
def web(app: App, demo: Demosammendrag) -> FastAPI:
    return lag_webapp(app)


@pytest.fixture
def klient(web: FastAPI) -> Iterator[TestClient]:
    with TestClient(web, raise_server_exceptions=False) as klient:
        yield klient


@pytest.mark.parametrize(
    ("adresse", "status"),
    [
        ("/konto/lenke/%C3%A9", 410),  # a non-ASCII token crashed the lookup
        (f"/kalender/{STOR}/x.ics", 404),  # the bigint overflowed in the query
        ("/kalender/0/x.ics", 404),
    ],
)
def test_public_addresses_with_odd_ids_answer_without_a_500(
    klient: TestClient, adresse: str, status: int
) -> None:
    svar = klient.get(adresse)
    assert svar.status_code == status, svar.text[:300]
    assert "text/html" in svar.headers["content-type"]


@pytest.mark.parametrize(
    "adresse",
    [
        f"/saker/{STOR}",
        f"/saker/{PG_STOR}",
        f"/saker?side_nr={STOR}",
        "/saker?sok=%00",  # PostgreSQL refuses NUL in text
        "/saker?aar=%C2%B3",  # '³'.isdigit() is True, int('³') raised
        "/saker?aar=%D9%A3",  # an Arabic-Indic three: isdecimal(), yet not a year here
        f"/runder/{STOR}",
        f"/vedlegg/{STOR}",
        f"/soknader/{STOR}/kvittering",
        f"/soknader/{STOR}/rapporter",
        f"/soknader/{STOR}/rediger",
        f"/soknader/{STOR}/medsoker",
        f"/ssu-saker/{STOR}",
        f"/ssu-saker/{STOR}/saksfremlegg.pdf",
        f"/saker/{STOR}/arkivuttrekk.zip",
        f"/moter/{STOR}",
        f"/moter/{STOR}/innkalling.pdf",
        f"/prioritering/{STOR}",
        f"/prioritering/{STOR}/versjon",
        f"/oversendelse/{STOR}/pakke.zip",
        "/moter?aar=%C2%B3",
        f"/ssu-saker?aar={STOR}",
        "/saker/-1",
    ],
)
def test_huge_or_malformed_ids_on_pages_are_refused_without_a_500(
    klient: TestClient, adresse: str
) -> None:
    logg_inn(klient, SEKR)
    svar = klient.get(adresse)
    assert svar.status_code in (400, 404), svar.text[:300]
    assert 'aria-label="Hovedmeny"' in svar.text, "feilsiden skal ha menyen"


def test_the_receipt_of_an_fsu_case_is_not_found_rather_than_a_500(
    klient: TestClient, demo: Demosammendrag
) -> None:
    logg_inn(klient, SEKR)
    svar = klient.get(f"/soknader/{demo.fsu}/kvittering")
    assert svar.status_code == 404
    assert "Finnes ikke" in svar.text


def _api_hode(klient: TestClient) -> dict[str, str]:
    svar = klient.post("/api/innlogging", json={"brukernavn": SEKR, "passord": DEMOPASSORD})
    return {"Authorization": f"Bearer {svar.json()['token']}"}


@pytest.mark.parametrize(
    "adresse",
    [
        f"/api/saker/{STOR}",
        f"/api/saker/{PG_STOR}",
        f"/api/saker?side={STOR}",
        f"/api/saker?aar={STOR}",
        "/api/saker/0",
        "/api/saker?sok=%00",
        "/api/saker?tilstand=%00",
    ],
)
def test_huge_ids_in_the_api_get_json_errors_not_a_500(klient: TestClient, adresse: str) -> None:
    svar = klient.get(adresse, headers=_api_hode(klient))
    assert svar.status_code in (404, 422), svar.text[:300]
    assert "detail" in svar.json()


def test_a_huge_id_in_an_api_event_gets_a_json_error(klient: TestClient) -> None:
    svar = klient.post(
        f"/api/saker/{STOR}/hendelser", json={"hendelse": "vurder"}, headers=_api_hode(klient)
    )
    assert svar.status_code in (404, 422), svar.text[:300]


def test_a_crash_shows_a_reference_that_the_log_also_has_and_hides_the_exception(
    web: FastAPI, caplog: pytest.LogCaptureFixture
) -> None:
    @web.get("/krasj-for-test")
    def _krasj() -> None:
        raise RuntimeError("hemmelig intern detalj")

    with TestClient(web, raise_server_exceptions=False) as klient:
        logg_inn(klient, SEKR)
        with caplog.at_level(logging.ERROR, logger="tilskudd_flow.web"):
            svar = klient.get("/krasj-for-test")
    assert svar.status_code == 500
    assert "hemmelig intern detalj" not in svar.text
    assert 'aria-label="Hovedmeny"' in svar.text
    funn = re.search(r"Referanse: <code>([0-9a-f]{8,})</code>", svar.text)
    assert funn is not None, svar.text
    logglinje = next(r for r in caplog.records if funn.group(1) in r.getMessage())
    assert logglinje.exc_info is not None


@pytest.mark.parametrize("adresse", ["/logg-inn", "/glemt-passord", "/api/dokumentasjon"])
def test_head_on_a_public_page_answers_200_without_a_body_not_405(
    klient: TestClient, adresse: str
) -> None:
    hode, hent = klient.head(adresse), klient.get(adresse)
    assert hode.status_code == 200
    assert hode.content == b""
    assert hode.headers["content-type"] == hent.headers["content-type"]
    assert "Content-Security-Policy" in hode.headers


def test_favicon_ico_leads_to_the_svg_icon_the_pages_link_to(klient: TestClient) -> None:
    svar = klient.get("/favicon.ico")
    assert svar.status_code == 200
    assert svar.headers["content-type"].startswith("image/svg+xml")
    assert '<link rel="icon" href="/statisk/ikon.svg"' in klient.get("/logg-inn").text


def _adresser_med_rare_verdier() -> list[tuple[str, str]]:
    """Every route with a path parameter, each parameter filled with out-of-range numbers,
    non-ASCII digits and non-ASCII text: (method, address)."""
    rare = ["0", "-1", str(STOR), str(PG_STOR), "%C2%B3", "%D9%A3", "%C3%A9", "x" * 300]
    adresser = []
    for rute in alle_ruter():
        if "{" not in rute.path:
            continue
        for verdi in rare:
            adresse = re.sub(r"\{[a-z_]+\}", verdi, rute.path)
            adresser += [(metode, adresse) for metode in sorted(rute.methods or ())]
    return adresser


def test_no_route_answers_5xx_to_odd_path_values_logged_in_or_not(web: FastAPI) -> None:
    with TestClient(web, raise_server_exceptions=False) as klient:
        adresser = _adresser_med_rare_verdier()
        assert len(adresser) > 200
        for innlogget in (False, True):
            if innlogget:
                logg_inn(klient, SEKR)
            svar = {(m, a): klient.request(m, a).status_code for m, a in adresser}
            assert {k: s for k, s in svar.items() if s >= 500} == {}


@pytest.mark.parametrize(("metode", "adresse"), [("GET", "/finnes-ikke"), ("PUT", "/saker")])
def test_unknown_pages_and_methods_answer_in_bokmaal_with_the_menu(
    klient: TestClient, metode: str, adresse: str
) -> None:
    logg_inn(klient, SEKR)
    svar = klient.request(metode, adresse)
    assert svar.status_code in (404, 405)
    assert "Not Found" not in svar.text and "Method Not Allowed" not in svar.text
    assert "Adressen" in svar.text
    assert 'aria-label="Hovedmeny"' in svar.text


@pytest.mark.parametrize("navn", ["adm\x00in", "admin\x1b", "\U000a8b9a\x9f\x00"])
def test_a_login_name_with_nul_or_control_characters_is_a_failed_login_not_a_500(
    klient: TestClient, navn: str
) -> None:
    """Schemathesis found it: PostgreSQL refuses NUL in text, the lookup raised."""
    svar = klient.post("/api/innlogging", json={"brukernavn": navn, "passord": DEMOPASSORD})
    assert svar.status_code == 422  # the one text rule refuses it, naming the field
    assert svar.json()["detail"][0]["loc"] == ["body", "brukernavn"]
    side = klient.get("/logg-inn")
    svar = klient.post("/logg-inn", data={"brukernavn": navn, "passord": DEMOPASSORD,
                                          "csrf_token": token(side.text)})  # fmt: skip
    assert svar.status_code == 400
    assert "Feil brukernavn eller passord" in svar.text


def test_a_reset_request_for_a_name_with_nul_answers_like_any_unknown_name(
    klient: TestClient,
) -> None:
    side = klient.get("/glemt-passord")
    svar = klient.post("/glemt-passord", data={"brukernavn_eller_epost": "admin\x00",
                                               "csrf_token": token(side.text)})  # fmt: skip
    assert svar.status_code == 200


def test_every_case_page_given_a_case_of_another_kind_answers_without_a_500(
    web: FastAPI, app: App
) -> None:
    """A receipt asked for an FSU case crashed: each {sak_id} page with every kind of case."""
    with app.uow(skriv=False) as uow:
        saker = uow.session.exec(select(WorkflowCase.id, WorkflowCase.workflow)).all()
    assert len({flyt for _, flyt in saker}) >= 2
    sider = [r.path for r in alle_ruter() if "GET" in (r.methods or ()) and "{sak_id}" in r.path]
    with TestClient(web, raise_server_exceptions=False) as klient:
        logg_inn(klient, SEKR)
        svar = {
            (side, flyt): klient.get(re.sub(r"\{sak_id\}", str(sak_id), side)).status_code
            for side in sider
            for sak_id, flyt in saker
        }
    assert {k: s for k, s in svar.items() if s >= 500} == {}
