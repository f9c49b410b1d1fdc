"""Logging out after an OIDC login ends the session here first, then at the provider
(RP-initiated logout), so the next click there does not log straight back in."""

from __future__ import annotations

import re
from collections.abc import Iterator
from html import unescape
from urllib.parse import parse_qs, urlsplit

import httpx2
import pytest
from fastapi.testclient import TestClient

from tests.e2e.oidc import (
    EPOST,
    HEMMELIGHET,
    KLIENT_ID,
    TILBAKE,
    er_utlogget,
    logg_inn_via_utsteder,
    med_oidc,
)
from tests.e2e.test_kontoer import post
from tests.e2e.test_nettsider import logg_inn
from tests.oidc_utsteder import Nokler, Utsteder, start_utsteder
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.web.app import lag_webapp
from tilskudd_flow.web.ruter_innlogging import UTLOGGING, UTLOGGINGSCOOKIE

LOGGET_UT = "http://127.0.0.1:8000/logg-inn/oidc/logget-ut"  # base_url in config.toml


def videre_til(side: str) -> str:
    """Where the logout page's refresh sends the browser."""
    funn = re.search(r'http-equiv="refresh" content="0; url=([^"]+)"', side)
    assert funn is not None, side
    return unescape(funn.group(1))


def test_logout_ends_the_session_here_then_at_the_provider_with_the_id_token_as_hint(
    klient: TestClient, utsteder: Utsteder
) -> None:
    assert logg_inn_via_utsteder(klient).status_code == 303
    svar = post(klient, "/logg-ut", {})
    assert (svar.status_code, svar.headers["location"]) == (303, UTLOGGING)
    assert er_utlogget(klient)  # the local session ends first, whatever the provider does

    side = klient.get(UTLOGGING, follow_redirects=False)
    assert side.status_code == 200
    assert UTLOGGINGSCOOKIE not in klient.cookies  # the sealed token is used once
    adresse = videre_til(side.text)
    assert adresse.startswith(f"{utsteder.url}/logout?")
    parametre = {k: v for k, [v] in parse_qs(urlsplit(adresse).query).items()}
    assert parametre["id_token_hint"] == utsteder.id_tokener[-1]
    assert parametre["post_logout_redirect_uri"] == LOGGET_UT
    assert parametre["state"]

    hos_utsteder = httpx2.get(adresse, follow_redirects=False)
    tilbake = urlsplit(hos_utsteder.headers["location"])
    assert f"{tilbake.scheme}://{tilbake.netloc}{tilbake.path}" == LOGGET_UT
    landet = klient.get(f"{tilbake.path}?{tilbake.query}", follow_redirects=False)
    assert (landet.status_code, landet.headers["location"]) == (303, "/logg-inn")
    assert [u["state"] for u in utsteder.utlogginger] == [parametre["state"]]


def test_after_a_password_login_logout_stays_here(klient: TestClient) -> None:
    logg_inn(klient, "admin")
    svar = post(klient, "/logg-ut", {})
    assert (svar.status_code, svar.headers["location"]) == (303, "/logg-inn")
    assert er_utlogget(klient)


def test_a_provider_without_end_session_endpoint_logs_out_here_only(
    klient: TestClient, utsteder: Utsteder
) -> None:
    utsteder.med_utlogging = False
    assert logg_inn_via_utsteder(klient).status_code == 303
    post(klient, "/logg-ut", {})
    svar = klient.get(UTLOGGING, follow_redirects=False)
    assert (svar.status_code, svar.headers["location"]) == (303, "/logg-inn")
    assert er_utlogget(klient)


def test_a_provider_down_at_logout_is_told_in_bokmal_and_the_session_here_is_over(
    app: App, demo: Demosammendrag, nokler: Nokler
) -> None:
    oppsett = Utsteder(nokler, KLIENT_ID, HEMMELIGHET, redirect_uri=TILBAKE, epost=EPOST)
    with (
        start_utsteder(oppsett) as utsteder,
        TestClient(lag_webapp(med_oidc(app, utsteder.url))) as klient,
    ):
        assert logg_inn_via_utsteder(klient).status_code == 303
    with TestClient(klient.app) as klient_etterpa:
        klient_etterpa.cookies = klient.cookies
        klient_etterpa.app.state.oidc.server_metadata.clear()  # type: ignore[attr-defined]
        post(klient_etterpa, "/logg-ut", {})
        svar = klient_etterpa.get(UTLOGGING, follow_redirects=False)
        assert svar.status_code == 503
        assert "du kan fortsatt være logget inn der" in svar.text
        assert er_utlogget(klient_etterpa)


@pytest.fixture
def klient(app: App, demo: Demosammendrag, utsteder: Utsteder) -> Iterator[TestClient]:
    with TestClient(lag_webapp(med_oidc(app, utsteder.url))) as klient:
        yield klient
