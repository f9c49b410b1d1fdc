"""CSRF bound to the session (issue 17, item 4): a token works only with the session it was
made for, and unsafe requests from another site's page are refused by their Origin."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response

from tests.e2e.test_nettsider import SEKR, logg_inn, token
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.web.app import lag_webapp
from tilskudd_flow.web.sikkerhet import OKTCOOKIE

MOTTATT = "Tilstand: <strong>Mottatt</strong>"


@pytest.fixture
def web(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        yield klient


@pytest.fixture
def offer(web: TestClient) -> TestClient:
    """The sekretariat, logged in: the victim of the forged requests."""
    logg_inn(web, SEKR)
    return web


def ny_klient(app: App) -> TestClient:
    return TestClient(lag_webapp(app))


def avvis_sak_2(klient: TestClient, csrf: str, **hoder: str) -> Response:
    skjema = {"csrf_token": csrf, "hendelse": "avvis", "kommentar": "Nei"}
    return klient.post("/saker/2/hendelse", data=skjema, headers=hoder, follow_redirects=False)


def arv_informasjonskapsler(fra: TestClient, til: TestClient) -> None:
    """Everything but the session cookie moves over: the attacker's CSRF cookie(s), as a
    cookie-tossing attacker (a sibling subdomain, a network on plain HTTP) can plant them."""
    for kapsel in list(fra.cookies.jar):
        if kapsel.name != OKTCOOKIE and kapsel.value is not None:
            til.cookies.delete(kapsel.name)  # the victim's own, so the planted one is sent
            til.cookies.set(kapsel.name, kapsel.value, domain=kapsel.domain, path=kapsel.path)


def test_another_users_token_and_cookie_are_refused_with_the_victims_session(
    app: App, offer: TestClient
) -> None:
    """Bug: the double-submit pair of another user was accepted with the victim's session."""
    with ny_klient(app) as angriper:
        logg_inn(angriper, "samhandlingsleder")
        angripers_token = token(angriper.get("/saker/2").text)
        arv_informasjonskapsler(angriper, offer)
    svar = avvis_sak_2(offer, angripers_token)
    assert svar.status_code == 403
    assert "Skjemaet var utløpt eller ugyldig" in svar.text
    assert MOTTATT in offer.get("/saker/2").text


def test_an_anonymous_token_and_cookie_are_refused_with_the_victims_session(
    app: App, offer: TestClient
) -> None:
    """Bug: a pair fetched from the login page without logging in worked with any session."""
    with ny_klient(app) as angriper:
        anonymt_token = token(angriper.get("/logg-inn").text)
        arv_informasjonskapsler(angriper, offer)
    assert avvis_sak_2(offer, anonymt_token).status_code == 403
    assert MOTTATT in offer.get("/saker/2").text


def test_logging_in_again_gives_new_tokens_and_the_old_ones_stop_working(
    web: TestClient,
) -> None:
    for_innlogging = token(web.get("/logg-inn").text)
    logg_inn(web, SEKR)
    forste_okt = token(web.get("/saker/2").text)
    assert forste_okt != for_innlogging
    assert avvis_sak_2(web, for_innlogging).status_code == 403
    web.post("/logg-ut", data={"csrf_token": forste_okt})
    logg_inn(web, SEKR)
    assert token(web.get("/saker/2").text) != forste_okt
    assert avvis_sak_2(web, forste_okt).status_code == 403
    assert MOTTATT in web.get("/saker/2").text


@pytest.mark.parametrize(
    "hoder",
    [
        {"Origin": "https://angriper.example"},
        {"Origin": "null"},
        {"Referer": "https://angriper.example/side.html"},
        {"Origin": "http://testserver.angriper.example"},
    ],
    ids=["fremmed-origin", "null-origin", "fremmed-referer", "lignende-vert"],
)
def test_a_post_from_another_site_is_refused_even_with_the_right_token(
    offer: TestClient, hoder: dict[str, str]
) -> None:
    """Bug: `Origin` was not checked at all."""
    svar = avvis_sak_2(offer, token(offer.get("/saker/2").text), **hoder)
    assert svar.status_code == 403
    assert "sendt fra et annet nettsted enn dette" in svar.text
    assert "<h1>Skjemaet kunne ikke sendes</h1>" in svar.text
    assert MOTTATT in offer.get("/saker/2").text


def test_a_login_from_another_site_is_refused(web: TestClient) -> None:
    skjema = {"brukernavn": SEKR, "passord": "x" * 12, "csrf_token": token(web.get("/").text)}
    svar = web.post("/logg-inn", data=skjema, headers={"Origin": "https://angriper.example"})
    assert svar.status_code == 403


@pytest.mark.parametrize(
    "hoder",
    [
        {},  # neither header (stripped by a privacy tool): the token alone decides
        {"Origin": "http://testserver"},  # the origin the request was sent to
        {"Origin": "http://127.0.0.1:8000"},  # base_url's origin
        {"Referer": "http://testserver/saker/2"},
    ],
    ids=["uten-opphav", "egen-origin", "base-url", "egen-referer"],
)
def test_a_post_from_our_own_pages_goes_through(offer: TestClient, hoder: dict[str, str]) -> None:
    svar = avvis_sak_2(offer, token(offer.get("/saker/2").text), **hoder)
    assert svar.status_code == 303, svar.text
    assert "Tilstand: <strong>Avvist</strong>" in offer.get("/saker/2").text


def test_the_api_does_not_act_on_the_session_cookie(offer: TestClient) -> None:
    """The API is outside the Origin check because it accepts only bearer tokens: pinned."""
    svar = offer.post(
        "/api/saker/2/hendelser",
        json={"hendelse": "avvis", "kommentar": "Nei"},
        headers={"Origin": "https://angriper.example"},
    )
    assert svar.status_code == 401
    assert MOTTATT in offer.get("/saker/2").text
