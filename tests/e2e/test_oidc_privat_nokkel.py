"""private_key_jwt, as Digdir recommends: the client signs an assertion with its own key,
and serves the public half for the registration."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from joserfc.jwk import RSAKey

from tests.e2e.oidc import (
    EPOST,
    HEMMELIGHET,
    KLIENT_ID,
    TILBAKE,
    er_utlogget,
    logg_inn_via_utsteder,
    med_oidc,
)
from tests.oidc_utsteder import Nokler, Utsteder, start_utsteder
from tilskudd_flow.bootstrap import App
from tilskudd_flow.config import UgyldigKonfigurasjon
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.web.app import lag_webapp


@pytest.fixture(scope="module")
def klientnokkel() -> RSAKey:
    return RSAKey.generate_key(2048)


@pytest.fixture
def utsteder(nokler: Nokler, klientnokkel: RSAKey) -> Iterator[Utsteder]:
    oppsett = Utsteder(nokler, KLIENT_ID, HEMMELIGHET, redirect_uri=TILBAKE, epost=EPOST)
    oppsett.klientnokkel = RSAKey.import_key(klientnokkel.as_dict(private=False))
    with start_utsteder(oppsett) as utsteder:
        yield utsteder


@pytest.fixture
def klient(
    app: App, demo: Demosammendrag, utsteder: Utsteder, klientnokkel: RSAKey, tmp_path: Path
) -> Iterator[TestClient]:
    fil = tmp_path / "klient.pem"
    fil.write_bytes(klientnokkel.as_pem(private=True))
    oppsett = med_oidc(app, utsteder.url, klientautentisering="private_key_jwt",
                       privat_nokkel_fil=str(fil), nokkel_id="tilskudd-1")  # fmt: skip
    with TestClient(lag_webapp(oppsett)) as klient:
        yield klient


def test_the_client_authenticates_with_a_signed_assertion_and_no_secret(
    klient: TestClient, utsteder: Utsteder
) -> None:
    assert logg_inn_via_utsteder(klient).status_code == 303
    assert not er_utlogget(klient)
    [pastand] = utsteder.pastander
    assert pastand["aud"] == utsteder.url
    assert pastand["exp"] - pastand["iat"] <= 120
    [tokenforesporsel] = utsteder.tokenforesporsler
    assert "client_secret" not in tokenforesporsel


def test_every_token_request_gets_a_fresh_jti(klient: TestClient, utsteder: Utsteder) -> None:
    """Authlib's own PrivateKeyJWT kept the first jti: the second login was a replay."""
    assert logg_inn_via_utsteder(klient).status_code == 303
    assert logg_inn_via_utsteder(klient).status_code == 303
    assert len({p["jti"] for p in utsteder.pastander}) == 2


def test_the_public_key_is_served_for_the_registration(
    klient: TestClient, klientnokkel: RSAKey
) -> None:
    [jwk] = klient.get("/logg-inn/oidc/jwks").json()["keys"]
    assert jwk["kid"] == "tilskudd-1" and jwk["n"] == klientnokkel.as_dict()["n"]
    assert "d" not in jwk and "p" not in jwk


def test_a_key_that_cannot_be_read_stops_the_start_with_the_key_named(
    app: App, utsteder: Utsteder, tmp_path: Path
) -> None:
    fil = tmp_path / "ikke.pem"
    fil.write_text("ikke en nøkkel")
    oppsett = med_oidc(app, utsteder.url, klientautentisering="private_key_jwt",
                       privat_nokkel_fil=str(fil))  # fmt: skip
    with pytest.raises(UgyldigKonfigurasjon, match="privat_nokkel kan ikke leses"):
        lag_webapp(oppsett)


def test_without_private_key_jwt_the_jwks_is_404(app: App, demo: Demosammendrag) -> None:
    with TestClient(lag_webapp(app)) as klient:
        assert klient.get("/logg-inn/oidc/jwks").status_code == 404
