"""Headers and cookies (issue 17, item 10): nothing personal in a cache, Secure cookies and
HSTS when the site is on HTTPS, and no Server banner from the real server process."""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx2
import pytest
from fastapi.testclient import TestClient

from tests.e2e.test_nettsider import SEKR, logg_inn, token
from tests.tjenere import start_tjeneste, vent_paa_port
from tilskudd_flow.adapters.epostoppsamler import ledig_port
from tilskudd_flow.bootstrap import App, bygg_app
from tilskudd_flow.clock import FileClock, FixedClock
from tilskudd_flow.config import Innstillinger
from tilskudd_flow.demo.data import DEMOPASSORD, Demosammendrag
from tilskudd_flow.web.app import lag_webapp
from tilskudd_flow.web.sikkerhet import HSTS

# Pages, downloads and feeds an authenticated user fetches (several of these had no
# Cache-Control, and the diagram and calendar were cacheable for minutes).
INNLOGGET = ["/", "/saker", "/saker/2", "/aarshjul", "/runder/2026", "/prioritering",
             "/arbeidsflyter", "/arbeidsflyter/rs_soknad.svg", "/utboks", "/brukere",
             "/vedlegg/1", "/utboks/1/html", "/epostmaler"]  # fmt: skip


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        yield klient


@pytest.mark.parametrize("sti", INNLOGGET)
def test_every_authenticated_page_and_download_says_no_store(klient: TestClient, sti: str) -> None:
    """Bug: only /saker, /utboks and /brukere had `Cache-Control: no-store`."""
    logg_inn(klient, SEKR)
    svar = klient.get(sti)
    if svar.status_code == 404:
        pytest.fail(f"{sti} finnes ikke: velg en annen side for testen")
    assert svar.status_code == 200, svar.text
    assert svar.headers["cache-control"] == "no-store"


def test_static_files_stay_cacheable(klient: TestClient) -> None:
    svar = klient.get("/statisk/stil.css")
    assert svar.status_code == 200
    assert "no-store" not in svar.headers.get("cache-control", "")


def test_no_hsts_and_no_secure_cookies_on_plain_http(klient: TestClient) -> None:
    svar = klient.get("/logg-inn")
    assert "strict-transport-security" not in svar.headers
    assert "secure" not in svar.headers["set-cookie"].lower()


@pytest.fixture
def https_klient(
    innstillinger: Innstillinger, klokke: FixedClock, demo: Demosammendrag
) -> Iterator[TestClient]:
    """The same database, served as https://samhandling.example.no with nothing else set."""
    https = innstillinger.model_copy(update={"base_url": "https://samhandling.example.no"})
    app = bygg_app(https, klokke=klokke)
    try:
        with TestClient(lag_webapp(app), base_url="https://samhandling.example.no") as klient:
            yield klient
    finally:
        app.engine.dispose()


def test_an_https_base_url_gives_hsts_and_only_secure_cookies(https_klient: TestClient) -> None:
    """Bug: cookies were not Secure and there was no HSTS even when base_url was https."""
    side = https_klient.get("/logg-inn")
    assert side.headers["strict-transport-security"] == HSTS
    innlogging = https_klient.post(
        "/logg-inn",
        data={"brukernavn": SEKR, "passord": DEMOPASSORD, "csrf_token": token(side.text)},
        follow_redirects=False,
    )
    assert innlogging.status_code == 303, innlogging.text
    saker = https_klient.get("/saker")
    assert saker.headers["strict-transport-security"] == HSTS
    utlogging = https_klient.post(
        "/logg-ut", data={"csrf_token": token(saker.text)}, follow_redirects=False
    )
    assert utlogging.status_code == 303
    informasjonskapsler = [
        kapsel
        for svar in (side, innlogging, utlogging)
        for kapsel in svar.headers.get_list("set-cookie")
    ]
    assert len(informasjonskapsler) >= 4  # pre-session, session, and both ended again
    for kapsel in informasjonskapsler:
        assert "; secure" in kapsel.lower(), kapsel


def test_the_real_server_sends_no_server_banner(
    app: App, demo: Demosammendrag, tmp_path: Path
) -> None:
    """Bug: uvicorn answered every request with `Server: uvicorn`."""
    klokkefil = tmp_path / "klokke"
    FileClock(klokkefil).set(app.miljo.klokke.now())
    port = ledig_port()
    tjener = start_tjeneste(klokkefil, ledig_port(), port, tmp_path / "tjener.log")
    try:
        vent_paa_port(tjener, port)
        svar = httpx2.get(f"http://127.0.0.1:{port}/logg-inn", timeout=30)
    finally:
        tjener.terminate()
        try:
            tjener.wait(timeout=60)
        except subprocess.TimeoutExpired:
            tjener.kill()
    assert svar.status_code == 200
    assert "server" not in svar.headers
    assert svar.headers["cache-control"] == "no-store"


def test_only_the_login_page_may_be_indexed_by_search_engines(
    app: App, demo: Demosammendrag
) -> None:
    """Audit: pages behind the login said nothing to search engines; no robots.txt."""
    with TestClient(lag_webapp(app)) as klient:
        innlogging = klient.get("/logg-inn")
        assert "X-Robots-Tag" not in innlogging.headers
        assert '<meta name="description"' in innlogging.text
        robots = klient.get("/robots.txt")
        assert robots.text == "User-agent: *\nAllow: /logg-inn\nDisallow: /\n"
        assert klient.get("/finnes-ikke").headers["X-Robots-Tag"] == "noindex, nofollow"
        logg_inn(klient, "samhandlingssjef")
        for adresse in ("/", "/saker", "/saker/2", "/aarshjul", "/api/dokumentasjon"):
            assert klient.get(adresse).headers["X-Robots-Tag"] == "noindex, nofollow", adresse
