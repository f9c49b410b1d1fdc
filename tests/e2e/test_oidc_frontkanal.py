"""The provider's front-channel logout (OpenID Connect Front-Channel Logout 1.0): when the
person logs out at the provider or elsewhere, the provider loads our
frontchannel_logout_uri with its iss and the session's sid in a hidden iframe, and the
sessions that provider session started here end; nothing else does."""

from __future__ import annotations

import json
import logging
import secrets
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlmodel import select

from tests.e2e.oidc import (
    EPOST,
    er_utlogget,
    logg_inn_via_utsteder,
    med_oidc,
)
from tests.e2e.test_nettsider import logg_inn
from tests.oidc_utsteder import Utsteder
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.models.audit import AuditEntry
from tilskudd_flow.models.okt import WebOkt
from tilskudd_flow.web.app import lag_webapp
from tilskudd_flow.web.oidc import FRONTKANAL


def frontkanal(klient: TestClient, iss: str, sid: str | None) -> Response:
    """What the provider's hidden iframe loads (no cookies of ours: a third-party frame)."""
    parametre = {"iss": iss} | ({"sid": sid} if sid is not None else {})
    with TestClient(klient.app) as iframe:
        return iframe.get(FRONTKANAL, params=parametre, follow_redirects=False)


def logg_inn_i_ny_nettleser(klient: TestClient, utsteder: Utsteder, sid: str) -> TestClient:
    """The same app in another browser, logged in through another provider session."""
    annen = TestClient(klient.app)
    utsteder.sid = sid
    assert logg_inn_via_utsteder(annen).status_code == 303
    return annen


def test_the_provider_ends_the_sessions_of_its_sid_and_no_others(
    app: App, klient: TestClient, utsteder: Utsteder
) -> None:
    sid = utsteder.sid
    assert sid is not None
    assert logg_inn_via_utsteder(klient).status_code == 303
    annen_nettleser = logg_inn_i_ny_nettleser(klient, utsteder, "en-annen-okt-hos-utstederen")
    med_passord = TestClient(klient.app)
    logg_inn(med_passord, "admin")

    svar = frontkanal(klient, utsteder.url, sid)

    assert svar.status_code == 200
    assert er_utlogget(klient)
    assert not er_utlogget(annen_nettleser)
    assert not er_utlogget(med_passord)
    with app.uow(skriv=False) as uow:
        avsluttet = uow.session.exec(select(WebOkt).where(WebOkt.oidc_sid == sid)).one()
        revisjon = list(uow.session.exec(select(AuditEntry)))
    assert avsluttet.tilbakekalt is not None
    assert avsluttet.id_token_forseglet is None  # nothing left to log out with
    [utlogget] = [r for r in revisjon if r.hendelse == "logget_ut_hos_utsteder"]
    assert (utlogget.objekt_type, json.loads(utlogget.detaljer)) == ("bruker", {"okter": 1})
    assert EPOST not in f"{utlogget.detaljer} {utlogget.kommentar}"


def test_every_session_of_the_sid_ends(klient: TestClient, utsteder: Utsteder) -> None:
    sid = "samme-okt-hos-utstederen"
    utsteder.sid = sid
    assert logg_inn_via_utsteder(klient).status_code == 303
    annen_fane = logg_inn_i_ny_nettleser(klient, utsteder, sid)
    assert frontkanal(klient, utsteder.url, sid).status_code == 200
    assert er_utlogget(klient)
    assert er_utlogget(annen_fane)


@pytest.mark.parametrize(
    ("iss", "sid"),
    [
        ("https://angriper.example", "riktig"),
        ("", "riktig"),
        ("riktig", "en-ukjent-okt"),
        ("riktig", ""),
        ("riktig", None),
    ],
)
def test_a_wrong_iss_or_an_unknown_sid_ends_nothing_and_shows_no_error(
    klient: TestClient,
    utsteder: Utsteder,
    caplog: pytest.LogCaptureFixture,
    iss: str,
    sid: str | None,
) -> None:
    caplog.set_level(logging.INFO, logger="tilskudd_flow.oidc")
    assert logg_inn_via_utsteder(klient).status_code == 303
    riktig_sid = utsteder.sid
    assert riktig_sid is not None
    svar = frontkanal(
        klient,
        utsteder.url if iss == "riktig" else iss,
        riktig_sid if sid == "riktig" else sid,
    )
    assert (svar.status_code, svar.text) == (200, "")
    assert not er_utlogget(klient)
    assert "Frontkanal-utlogging" in caplog.text
    assert riktig_sid not in caplog.text and EPOST not in caplog.text


def test_only_the_provider_may_frame_the_route_and_nothing_is_cached(
    klient: TestClient, utsteder: Utsteder
) -> None:
    svar = frontkanal(klient, utsteder.url, "en-ukjent-okt")
    csp = svar.headers["content-security-policy"]
    assert f"frame-ancestors {utsteder.url};" in csp
    assert "'none'" not in csp.split("frame-ancestors")[1].split(";")[0]
    assert "x-frame-options" not in svar.headers
    assert svar.headers["cache-control"] == "no-store"
    # Every other page still refuses to be framed.
    side = klient.get("/logg-inn")
    assert "frame-ancestors 'none'" in side.headers["content-security-policy"]
    assert side.headers["x-frame-options"] == "DENY"


def test_without_the_switch_the_route_is_not_there(
    app: App, demo: Demosammendrag, utsteder: Utsteder
) -> None:
    with TestClient(lag_webapp(med_oidc(app, utsteder.url))) as klient:
        assert logg_inn_via_utsteder(klient).status_code == 303
        assert frontkanal(klient, utsteder.url, utsteder.sid).status_code == 404
        assert not er_utlogget(klient)


def test_a_session_without_sid_in_the_id_token_is_left_alone(
    klient: TestClient, utsteder: Utsteder
) -> None:
    utsteder.sid = None
    assert logg_inn_via_utsteder(klient).status_code == 303
    assert frontkanal(klient, utsteder.url, secrets.token_urlsafe(12)).status_code == 200
    assert not er_utlogget(klient)


@pytest.fixture
def klient(app: App, demo: Demosammendrag, utsteder: Utsteder) -> Iterator[TestClient]:
    with TestClient(lag_webapp(med_oidc(app, utsteder.url, frontkanal_utlogging=True))) as k:
        yield k
