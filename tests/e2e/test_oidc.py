"""Login through OpenID Connect against a real issuer on 127.0.0.1, faults included."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import httpx2
import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from tests.conftest import KONFIG
from tests.e2e.oidc import (
    EPOST,
    HEMMELIGHET,
    KLIENT_ID,
    KNAPP,
    TILBAKE,
    er_utlogget,
    logg_inn_via_utsteder,
    med_oidc,
)
from tests.oidc_utsteder import Feil, Nokler, Utsteder, s256, start_utsteder
from tilskudd_flow.adapters.epostoppsamler import ledig_port
from tilskudd_flow.bootstrap import App
from tilskudd_flow.config import UgyldigKonfigurasjon, last_innstillinger
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.kontoer.brukere import sett_aktiv
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.web.app import lag_webapp
from tilskudd_flow.web.oidc import FLYTCOOKIE
from tilskudd_flow.web.sikkerhet import OKTCOOKIE


@pytest.fixture
def klient(app: App, demo: Demosammendrag, utsteder: Utsteder) -> Iterator[TestClient]:
    """The web app with OIDC switched on, pointing at the fake issuer."""
    with TestClient(lag_webapp(med_oidc(app, utsteder.url))) as klient:
        yield klient


def test_the_login_page_offers_the_configured_button(klient: TestClient) -> None:
    side = klient.get("/logg-inn?neste=/saker")
    assert f'href="/logg-inn/oidc?neste=/saker">{KNAPP}</a>' in side.text


def test_a_known_user_logs_in_through_the_issuer_and_lands_logged_in(
    klient: TestClient, utsteder: Utsteder
) -> None:
    svar = logg_inn_via_utsteder(klient, neste="/saker")
    assert (svar.status_code, svar.headers["location"]) == (303, "/saker")
    assert OKTCOOKIE in svar.cookies
    assert FLYTCOOKIE not in klient.cookies  # state, nonce and verifier are spent
    saker = klient.get("/saker", follow_redirects=False)
    assert saker.status_code == 200
    assert "Samhandlingssjef HSYK" in saker.text


def test_the_client_always_sends_state_nonce_and_an_s256_pkce_challenge(
    klient: TestClient, utsteder: Utsteder
) -> None:
    logg_inn_via_utsteder(klient)
    [autorisasjon] = utsteder.autorisasjoner
    assert autorisasjon["code_challenge_method"] == "S256"
    assert autorisasjon["state"] and autorisasjon["nonce"]
    assert "openid" in autorisasjon["scope"].split()
    assert autorisasjon["redirect_uri"] == TILBAKE
    [tokenforesporsel] = utsteder.tokenforesporsler
    assert s256(tokenforesporsel["code_verifier"]) == autorisasjon["code_challenge"]
    assert HEMMELIGHET not in autorisasjon.values()


def test_the_user_is_found_by_e_mail_whatever_its_case(
    klient: TestClient, utsteder: Utsteder
) -> None:
    utsteder.epost = EPOST.upper()
    assert logg_inn_via_utsteder(klient).status_code == 303
    assert not er_utlogget(klient)


@pytest.mark.parametrize(
    ("feil", "i_loggen"),
    [
        (Feil.FEIL_SIGNATUR, "BadSignatureError"),
        (Feil.FEIL_PUBLIKUM, "Invalid claim: 'aud'"),
        (Feil.UTLOPT, "ExpiredTokenError"),
        (Feil.FEIL_NONCE, "Invalid claim: 'nonce'"),
        (Feil.UTEN_PKCE, "PKCE"),
        (Feil.UTEN_ID_TOKEN, "manglet ID-token"),
    ],
)
def test_a_login_the_issuer_or_its_token_spoils_is_refused(
    klient: TestClient,
    utsteder: Utsteder,
    caplog: pytest.LogCaptureFixture,
    feil: Feil,
    i_loggen: str,
) -> None:
    utsteder.feil = feil
    svar = logg_inn_via_utsteder(klient)
    assert svar.status_code == 401
    assert "Innloggingen mislyktes" in svar.text
    assert OKTCOOKIE not in svar.cookies
    assert er_utlogget(klient)
    [logglinje] = [r.getMessage() for r in caplog.records if r.name == "tilskudd_flow.oidc"]
    assert i_loggen in logglinje


def test_without_pkce_the_client_still_sent_a_challenge_and_the_exchange_fails(
    klient: TestClient, utsteder: Utsteder
) -> None:
    utsteder.feil = Feil.UTEN_PKCE
    assert logg_inn_via_utsteder(klient).status_code == 401
    [autorisasjon] = utsteder.autorisasjoner
    assert autorisasjon["code_challenge"] and autorisasjon["code_challenge_method"] == "S256"
    [tokenforesporsel] = utsteder.tokenforesporsler
    assert tokenforesporsel["code_verifier"]
    assert utsteder.koder == {}  # the code was spent on the refused exchange


@pytest.mark.parametrize("epost", ["ukjent@vefsn.kommune.example", ""])
def test_an_unknown_e_mail_is_refused(klient: TestClient, utsteder: Utsteder, epost: str) -> None:
    utsteder.epost = epost
    svar = logg_inn_via_utsteder(klient)
    assert svar.status_code == 403
    assert "ingen aktiv bruker her" in svar.text
    assert er_utlogget(klient)


def test_a_deactivated_user_is_refused(klient: TestClient, app: App) -> None:
    with app.uow() as uow:
        admin = uow.session.exec(select(Bruker).where(Bruker.brukernavn == "admin")).unique().one()
        sett_aktiv(uow.session, aktor=admin, brukernavn="samhandlingssjef", aktiv=False,
                   naa=app.miljo.klokke.now())  # fmt: skip
        uow.commit()
    svar = logg_inn_via_utsteder(klient)
    assert svar.status_code == 403
    assert "ingen aktiv bruker her" in svar.text
    assert er_utlogget(klient)


def test_a_callback_without_a_started_login_is_refused(
    klient: TestClient, utsteder: Utsteder
) -> None:
    svar = klient.get("/logg-inn/oidc/tilbake?code=stjalet&state=gjettet")
    assert svar.status_code == 400
    assert "Innloggingen mislyktes" in svar.text
    assert utsteder.tokenforesporsler == []
    assert er_utlogget(klient)


def test_a_login_cancelled_at_the_issuer_is_refused(klient: TestClient, utsteder: Utsteder) -> None:
    start = klient.get("/logg-inn/oidc", follow_redirects=False)
    [state] = parse_qs(urlsplit(start.headers["location"]).query)["state"]
    svar = klient.get(f"/logg-inn/oidc/tilbake?error=access_denied&state={state}")
    assert svar.status_code == 401
    assert utsteder.tokenforesporsler == []
    assert er_utlogget(klient)


def test_an_issuer_that_cannot_be_reached_gives_an_error_page_not_a_crash(
    app: App, demo: Demosammendrag
) -> None:
    ingen_her = f"http://127.0.0.1:{ledig_port()}"
    with TestClient(lag_webapp(med_oidc(app, ingen_her))) as klient:
        svar = klient.get("/logg-inn/oidc", follow_redirects=False)
    assert svar.status_code == 503
    assert "Innloggingen mislyktes" in svar.text


def test_when_oidc_is_off_its_routes_are_404_and_there_is_no_button(
    app: App, demo: Demosammendrag
) -> None:
    assert not app.innstillinger.oidc.aktiv
    with TestClient(lag_webapp(app)) as klient:
        assert klient.get("/logg-inn/oidc", follow_redirects=False).status_code == 404
        assert klient.get("/logg-inn/oidc/tilbake?code=x&state=y").status_code == 404
        side = klient.get("/logg-inn")
    assert "/logg-inn/oidc" not in side.text
    assert KNAPP not in side.text


@pytest.mark.parametrize(
    ("miljo", "melding"),
    [
        ({}, "oidc: utsteder mangler (påkrevd når aktiv = true)"),
        ({"UTSTEDER": "https://idporten.no"}, "oidc: klient_id mangler"),
        (
            {"UTSTEDER": "https://idporten.no", "KLIENT_ID": "k"},
            "TILSKUDD_OIDC__KLIENT_HEMMELIGHET",
        ),
        (
            {"UTSTEDER": "http://idporten.no", "KLIENT_ID": "k", "KLIENT_HEMMELIGHET": "h"},
            "utsteder må være en https-adresse",
        ),
        (
            {
                "UTSTEDER": "https://idporten.no",
                "KLIENT_ID": "k",
                "KLIENT_HEMMELIGHET": "h",
                "MINSTE_ACR": "Level4",
            },
            "minste_acr «Level4» er ukjent",
        ),
        (
            {
                "UTSTEDER": "https://idporten.no",
                "KLIENT_ID": "k",
                "KLIENT_HEMMELIGHET": "h",
                "BRUKERKRAV": "pid",
            },
            "TILSKUDD_OIDC__PID_NOKKEL",
        ),
        (
            {
                "UTSTEDER": "https://idporten.no",
                "KLIENT_ID": "k",
                "KLIENTAUTENTISERING": "private_key_jwt",
            },
            "TILSKUDD_OIDC__PRIVAT_NOKKEL",
        ),
    ],
)
def test_switching_oidc_on_without_its_keys_stops_with_the_key_named(
    monkeypatch: pytest.MonkeyPatch, miljo: dict[str, str], melding: str
) -> None:
    monkeypatch.setenv("TILSKUDD_OIDC__AKTIV", "true")
    for nokkel, verdi in miljo.items():
        monkeypatch.setenv(f"TILSKUDD_OIDC__{nokkel}", verdi)
    with pytest.raises(UgyldigKonfigurasjon) as feil:
        last_innstillinger(KONFIG)
    assert melding in str(feil.value)


def test_oidc_switched_on_in_the_environment_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    for nokkel, verdi in {"AKTIV": "true", "UTSTEDER": "https://idporten.no",
                          "KLIENT_ID": "k", "KLIENT_HEMMELIGHET": "h"}.items():  # fmt: skip
        monkeypatch.setenv(f"TILSKUDD_OIDC__{nokkel}", verdi)
    oidc = last_innstillinger(KONFIG).oidc
    assert oidc.metadata_url == "https://idporten.no/.well-known/openid-configuration"
    assert oidc.klient_hemmelighet.get_secret_value() == "h"


@pytest.mark.parametrize(
    ("krevd", "acr_i_token", "slipper_inn"),
    [
        ("idporten-loa-high", "idporten-loa-high", True),
        ("idporten-loa-high", "idporten-loa-substantial", False),
        ("idporten-loa-high", None, False),
        ("idporten-loa-substantial", "idporten-loa-high", True),
    ],
)
def test_the_configured_level_of_assurance_is_enforced(
    app: App,
    demo: Demosammendrag,
    utsteder: Utsteder,
    krevd: str,
    acr_i_token: str | None,
    slipper_inn: bool,
) -> None:
    """Regression: with acr_values = idporten-loa-high a token without acr logged in."""
    utsteder.acr = acr_i_token
    with TestClient(lag_webapp(med_oidc(app, utsteder.url, acr_values=krevd))) as klient:
        svar = logg_inn_via_utsteder(klient)
        [autorisasjon] = utsteder.autorisasjoner
        assert autorisasjon["acr_values"] == krevd
        if slipper_inn:
            assert svar.status_code == 303
            assert not er_utlogget(klient)
        else:
            assert svar.status_code == 403
            assert "lavere sikkerhetsnivå enn tjenesten krever" in svar.text
            assert er_utlogget(klient)


def test_when_the_id_token_lacks_the_e_mail_it_is_read_from_userinfo(
    klient: TestClient, utsteder: Utsteder
) -> None:
    """Regression: with the provider's defaults (claims only from UserInfo) no one got in."""
    utsteder.epost_i_id_token = False
    svar = logg_inn_via_utsteder(klient)
    assert svar.status_code == 303
    assert not er_utlogget(klient)
    [tilgang] = utsteder.userinfo_foresporsler
    assert tilgang in utsteder.tilgangstokener  # called with the login's access token


def test_userinfo_is_not_called_when_the_id_token_has_the_e_mail(
    klient: TestClient, utsteder: Utsteder
) -> None:
    assert logg_inn_via_utsteder(klient).status_code == 303
    assert utsteder.userinfo_foresporsler == []


def test_userinfo_for_another_subject_is_refused(
    klient: TestClient, utsteder: Utsteder, caplog: pytest.LogCaptureFixture
) -> None:
    utsteder.epost_i_id_token = False
    utsteder.feil = Feil.ANNEN_SUB
    svar = logg_inn_via_utsteder(klient)
    assert svar.status_code == 401
    assert "Innloggingen mislyktes" in svar.text
    assert er_utlogget(klient)
    assert "annen sub enn ID-tokenet" in caplog.text


@pytest.mark.parametrize(("feil", "status"), [(Feil.INGEN, 303), (Feil.FEIL_ISS, 401)])
def test_an_issuer_announcing_rfc_9207_must_name_itself_in_the_answer(
    klient: TestClient, utsteder: Utsteder, caplog: pytest.LogCaptureFixture, feil: Feil,
    status: int,
) -> None:  # fmt: skip
    utsteder.med_iss = True
    utsteder.feil = feil
    svar = logg_inn_via_utsteder(klient)
    assert svar.status_code == status
    if status == 401:
        assert "RFC 9207" in caplog.text
        assert utsteder.tokenforesporsler == []  # refused before the code was spent
        assert er_utlogget(klient)


def test_an_answer_without_iss_is_refused_when_the_issuer_announced_it(
    klient: TestClient, utsteder: Utsteder
) -> None:
    utsteder.med_iss = True
    start = klient.get("/logg-inn/oidc", follow_redirects=False)
    hos_utsteder = httpx2.get(start.headers["location"], follow_redirects=False)
    tilbake = urlsplit(hos_utsteder.headers["location"])
    uten_iss = "&".join(d for d in tilbake.query.split("&") if not d.startswith("iss="))
    assert klient.get(f"{tilbake.path}?{uten_iss}").status_code == 401


def test_after_a_failed_login_the_discovery_document_is_read_again(
    klient: TestClient, utsteder: Utsteder
) -> None:
    """Regression: discovery and keys were cached for the life of the process."""
    assert logg_inn_via_utsteder(klient).status_code == 303
    assert utsteder.oppdagelser == 1
    utsteder.feil = Feil.FEIL_SIGNATUR
    assert logg_inn_via_utsteder(klient).status_code == 401
    utsteder.feil = Feil.INGEN
    assert logg_inn_via_utsteder(klient).status_code == 303
    assert utsteder.oppdagelser == 2


def test_an_issuer_that_goes_down_during_the_login_gives_the_bokmal_message(
    app: App, demo: Demosammendrag, nokler: Nokler
) -> None:
    oppsett = Utsteder(nokler, KLIENT_ID, HEMMELIGHET, redirect_uri=TILBAKE, epost=EPOST)
    with start_utsteder(oppsett) as utsteder:
        webapp = lag_webapp(med_oidc(app, utsteder.url))
        with TestClient(webapp) as klient:
            start = klient.get("/logg-inn/oidc", follow_redirects=False)
            hos_utsteder = httpx2.get(start.headers["location"], follow_redirects=False)
    tilbake = urlsplit(hos_utsteder.headers["location"])
    with TestClient(webapp, cookies=klient.cookies) as klient:
        svar = klient.get(f"{tilbake.path}?{tilbake.query}")
        assert svar.status_code == 503
        assert "Innloggingstjenesten svarer ikke akkurat nå" in svar.text
        assert er_utlogget(klient)


def test_an_old_discovery_document_is_read_again_before_a_login(
    klient: TestClient, utsteder: Utsteder
) -> None:
    assert logg_inn_via_utsteder(klient).status_code == 303
    klient.app.state.oidc.server_metadata["_loaded_at"] -= 2 * 3600  # type: ignore[attr-defined]
    assert logg_inn_via_utsteder(klient).status_code == 303
    assert utsteder.oppdagelser == 2
