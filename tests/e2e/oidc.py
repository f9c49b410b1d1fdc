"""What the OIDC tests share: the test client's registration at the fake issuer, the app
with OIDC switched on, and the login through the issuer over real HTTP."""

from __future__ import annotations

import dataclasses
from urllib.parse import urlsplit

import httpx2
from fastapi.testclient import TestClient
from pydantic import SecretStr

from tilskudd_flow.bootstrap import App
from tilskudd_flow.config import OidcInnstillinger
from tilskudd_flow.web.oidc import FLYTCOOKIE

KLIENT_ID = "tilskudd-test"
HEMMELIGHET = "klienthemmelighet-for-testene"
EPOST = "samhandlingssjef@helgelandssykehuset.example"
KNAPP = "Logg inn med Ansattporten"
TILBAKE = "http://127.0.0.1:8000/logg-inn/oidc/tilbake"  # base_url in config.toml


def med_oidc(app: App, utsteder_url: str, **valg: object) -> App:
    oppsett: dict[str, object] = {"knappetekst": KNAPP, **valg}
    oidc = OidcInnstillinger(
        aktiv=True,
        utsteder=utsteder_url,
        klient_id=KLIENT_ID,
        klient_hemmelighet=SecretStr(HEMMELIGHET),
        **oppsett,
    )
    return dataclasses.replace(
        app, innstillinger=app.innstillinger.model_copy(update={"oidc": oidc})
    )


def logg_inn_via_utsteder(klient: TestClient, neste: str = "/saker") -> httpx2.Response:
    """Our start route, the issuer over real HTTP, then back to our callback."""
    start = klient.get("/logg-inn/oidc", params={"neste": neste}, follow_redirects=False)
    assert start.status_code == 302, start.text
    assert FLYTCOOKIE in klient.cookies
    hos_utsteder = httpx2.get(start.headers["location"], follow_redirects=False)
    assert hos_utsteder.status_code == 302, hos_utsteder.text
    tilbake = urlsplit(hos_utsteder.headers["location"])
    assert f"{tilbake.scheme}://{tilbake.netloc}{tilbake.path}" == TILBAKE
    return klient.get(f"{tilbake.path}?{tilbake.query}", follow_redirects=False)


def er_utlogget(klient: TestClient) -> bool:
    svar = klient.get("/saker", follow_redirects=False)
    return svar.status_code == 303 and svar.headers["location"].startswith("/logg-inn")
