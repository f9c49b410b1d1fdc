"""Login through OpenID Connect (ID-porten, Ansattporten); Authlib speaks the protocol.

The browser goes to the issuer with state, nonce and a PKCE challenge (S256), and comes
back with a code. Authlib exchanges the code and checks the ID token: its signature
against the issuer's keys, iss, aud, exp, iat and the nonce. Then the user is found by
e-mail and gets the same server-side session as after a password login.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import time
from typing import Any
from urllib.parse import urlencode

from authlib.common.errors import AuthlibBaseError
from authlib.integrations.base_client.errors import (
    MismatchingStateError,
)
from authlib.integrations.starlette_client import OAuth
from fastapi import APIRouter, FastAPI, HTTPException, Request
from httpx2 import HTTPError, TransportError
from joserfc import jwe
from joserfc.errors import JoseError
from joserfc.jwk import OctKey, RSAKey
from starlette.concurrency import run_in_threadpool
from starlette.middleware.sessions import SessionMiddleware
from starlette.responses import RedirectResponse, Response

from tilskudd_flow.bootstrap import App
from tilskudd_flow.config import Innstillinger, OidcInnstillinger
from tilskudd_flow.domain.feil import IkkeTillatt
from tilskudd_flow.kontoer import handlinger as kontoer
from tilskudd_flow.kontoer.handlinger import start_oidc_okt
from tilskudd_flow.kontoer.oidc_innlogging import med_userinfo
from tilskudd_flow.web import oidc_nokkel
from tilskudd_flow.web.avhengigheter import AppDep, CsrfDep, feilside, oktvarighet, side
from tilskudd_flow.web.ruter_innlogging import (
    UTLOGGING,
    UTLOGGINGSCOOKIE,
    start_okt,
    trygg_neste,
)
from tilskudd_flow.web.sikkerhet import hemmelighet, innrammes_bare_av

logger = logging.getLogger("tilskudd_flow.oidc")
ruter = APIRouter()

START = "/logg-inn/oidc"
TILBAKE = "/logg-inn/oidc/tilbake"
LOGGET_UT = "/logg-inn/oidc/logget-ut"  # register as post_logout_redirect_uri
FRONTKANAL = "/logg-inn/oidc/frontkanal-utlogging"  # register as frontchannel_logout_uri
FLYTCOOKIE = "tilskudd_oidc"
_NESTE = "oidc_neste"
_KNYTT = "oidc_knytt"  # the one-time link whose user the person is bound to
_TILBAKE_LENKE = ("/logg-inn", "Tilbake til innloggingen")
# How the protocol fails: the issuer's error answers, forged or stale tokens (JoseError),
# an issuer that cannot be reached, and answers that are not what the protocol says.
PROTOKOLLFEIL: tuple[type[Exception], ...] = (
    AuthlibBaseError,
    JoseError,
    HTTPError,
    ValueError,
    KeyError,
    RuntimeError,
)
IKKE_LOGGET_UT_DER = (
    "Du er logget ut her, men innloggingstjenesten svarte ikke, så du kan fortsatt være "
    "logget inn der. Lukk alle nettleservinduene om andre bruker denne maskinen."
)
# Errors after which the cached discovery document and keys may be what is wrong.
KAN_VAERE_FORELDET: tuple[type[Exception], ...] = (JoseError, HTTPError, RuntimeError, KeyError)
OPPDAGELSE_SEKUNDER = 3600
UTSTEDER_NEDE = (
    "Innloggingstjenesten svarer ikke akkurat nå, og du er ikke logget inn. Prøv igjen om "
    "litt, eller logg inn med brukernavn og passord."
)
MISLYKTES = (
    "Innloggingen kunne ikke fullføres, og du er ikke logget inn. Prøv igjen, "
    "eller logg inn med brukernavn og passord. Kontakt sekretariatet om det gjentar seg."
)


def sett_opp_oidc(web: FastAPI, innstillinger: Innstillinger) -> None:
    """The routes (404 while OIDC is off); when on, the client and a cookie for the flow."""
    web.include_router(ruter, include_in_schema=False)
    web.include_router(oidc_nokkel.ruter, include_in_schema=False)
    oidc = innstillinger.oidc
    if not oidc.aktiv:
        return
    nokkel = oidc_nokkel.klientnokkel(oidc) if oidc.med_privat_nokkel else None
    web.state.oidc_nokkel = nokkel
    web.state.oidc = _klient(oidc, nokkel)
    # Holds state, nonce and PKCE verifier between the two legs; lax, so the issuer's
    # redirect back brings it along. Only sent to the OIDC routes.
    web.add_middleware(
        SessionMiddleware,
        secret_key=_flytnokkel(innstillinger),
        session_cookie=FLYTCOOKIE,
        max_age=30 * 60,
        path=START,
        same_site="lax",
        https_only=innstillinger.https,
    )


def _flytnokkel(innstillinger: Innstillinger) -> str:
    """Derived from the app's secret, so this cookie's signatures are good for nothing else."""
    return hmac.new(hemmelighet(innstillinger).encode(), b"oidc-flyt", "sha256").hexdigest()


def _klient(oidc: OidcInnstillinger, nokkel: RSAKey | None) -> Any:
    metoder = [oidc_nokkel.Klientpastand(nokkel, oidc.utsteder)] if nokkel else None
    return OAuth().register(
        "oidc",
        client_id=oidc.klient_id,
        client_secret=oidc.klient_hemmelighet.get_secret_value() or None,
        server_metadata_url=oidc.metadata_url,
        client_auth_methods=metoder,
        client_kwargs={
            "scope": oidc.omfang,
            "code_challenge_method": "S256",
            "timeout": 15,
            "token_endpoint_auth_method": oidc.klientautentisering,
        },
    )


@ruter.get(START)
async def til_utsteder(
    request: Request, app: AppDep, neste: str = "/", knytt: str = ""
) -> Response:
    """Send the browser to the issuer with state, nonce and a PKCE challenge (S256)."""
    klient = _klient_for(request)
    oidc = app.innstillinger.oidc
    ekstra = {"acr_values": oidc.acr_values} if oidc.acr_values else {}
    request.session[_NESTE] = trygg_neste(neste)
    request.session.pop(_KNYTT, None)
    if knytt and oidc.knytter_pid:
        try:  # a dead link is told before the round trip, not after
            kontoer.lenkens_innehaver(app.uow, knytt, app.miljo.klokke.now())
        except IkkeTillatt as feil:
            return _feilside(request, 410, "Lenken virker ikke", str(feil))
        request.session[_KNYTT] = knytt
    _frisk_oppdagelse(klient)
    try:
        svar: Response = await klient.authorize_redirect(request, _tilbake_url(app), **ekstra)
    except PROTOKOLLFEIL as feil:
        return _mislyktes(request, 503, feil)
    return svar


@ruter.get(TILBAKE)
async def fra_utsteder(request: Request, app: AppDep) -> Response:
    """Check the issuer's answer and ID token, find the user, start a session."""
    klient = _klient_for(request)
    try:
        krav, id_token = await _svar_fra_utsteder(request, app, klient)
    except MismatchingStateError as feil:
        return _mislyktes(request, 400, feil)
    except PROTOKOLLFEIL as feil:
        return _mislyktes(request, 401, feil)
    neste = str(request.session.pop(_NESTE, "/"))
    knytt = request.session.pop(_KNYTT, None)
    forseglet = _forsegl(app, id_token)
    try:
        okt = await run_in_threadpool(_logg_inn, app, krav, knytt, forseglet)
    except IkkeTillatt as feil:
        return _feilside(request, 403, "Ingen tilgang", str(feil))
    return start_okt(request, app, okt, neste)


async def _svar_fra_utsteder(
    request: Request, app: App, klient: Any
) -> tuple[dict[str, object], str]:
    """The checked claims and the raw ID token: RFC 9207 iss, state, the code exchange with
    PKCE, the ID token's signature and claims, then UserInfo if needed."""
    await _sjekk_iss(request, klient, app.innstillinger.oidc.utsteder)
    token = await klient.authorize_access_token(request, claims_options=_krav(app))
    if not token.get("userinfo"):
        raise ValueError("svaret fra utstederen manglet ID-token")
    krav = await _alle_krav(klient, token, app.innstillinger.oidc.brukerkrav)
    return krav, str(token["id_token"])


async def _sjekk_iss(request: Request, klient: Any, utsteder: str) -> None:
    """RFC 9207: an issuer that says it names itself in the authorisation response must do
    so, and be ours (a mix-up attack hands us another issuer's code)."""
    metadata = await klient.load_server_metadata()
    if not metadata.get("authorization_response_iss_parameter_supported"):
        return
    if request.query_params.get("iss") != utsteder:
        raise ValueError("iss i autorisasjonssvaret (RFC 9207) mangler eller er feil")


async def _alle_krav(klient: Any, token: dict[str, Any], brukerkrav: str) -> dict[str, object]:
    """The ID token's claims, and UserInfo's when the one we match on is not among them.

    A provider may give scope claims only from UserInfo (OIDC Core §5.4); oidc-provider
    does so by default, and e-mail matching then found no one.
    """
    idkrav = dict(token["userinfo"])
    if idkrav.get(brukerkrav):
        return idkrav
    return med_userinfo(idkrav, dict(await klient.userinfo(token=token)))


def _logg_inn(app: App, krav: dict[str, object], knytt: str | None, forseglet: str) -> str:
    return start_oidc_okt(app.uow, krav=krav, oidc=app.innstillinger.oidc,
                          naa=app.miljo.klokke.now(), varighet=oktvarighet(app),
                          knytt_lenke=knytt, id_token_forseglet=forseglet)  # fmt: skip


@ruter.get(UTLOGGING)
async def til_utlogging(request: Request, app: AppDep, csrf: CsrfDep) -> Response:
    """After the local logout: a page that sends the browser to the provider's
    end_session_endpoint with id_token_hint, post_logout_redirect_uri and state."""
    klient = _klient_for(request)
    forseglet = request.cookies.get(UTLOGGINGSCOOKIE, "")
    try:
        adresse = await _sluttadresse(klient, app, forseglet)
    except PROTOKOLLFEIL as feil:
        _glem_oppdagelsen(klient)
        logger.warning("OIDC-utlogging hos utstederen mislyktes (%s): %s",
                       type(feil).__name__, feil)  # fmt: skip
        svar = feilside(request, 503, "Logget ut her", IKKE_LOGGET_UT_DER)
    else:
        svar = (side(request, "utlogging.html", {"adresse": adresse}, csrf=csrf) if adresse
                else RedirectResponse("/logg-inn", status_code=303))  # fmt: skip
    svar.delete_cookie(UTLOGGINGSCOOKIE, path=UTLOGGING, httponly=True, samesite="lax",
                       secure=app.innstillinger.https)  # fmt: skip
    svar.headers["Cache-Control"] = "no-store"
    return svar


@ruter.get(LOGGET_UT)
async def logget_ut(request: Request) -> Response:
    """Where the provider sends the browser back after its logout: on to the login page."""
    _klient_for(request)
    return RedirectResponse("/logg-inn", status_code=303)


@ruter.get(FRONTKANAL)
async def frontkanal_utlogging(
    request: Request, app: AppDep, iss: str = "", sid: str = ""
) -> Response:
    """OpenID Connect Front-Channel Logout 1.0: the provider, in a hidden iframe, says the
    person logged out there; every session its session `sid` started here ends. The
    iframe shows no errors, so a wrong iss or an unknown sid is only logged."""
    _klient_for(request)
    oidc = app.innstillinger.oidc
    if not oidc.frontkanal_utlogging:
        raise HTTPException(status_code=404, detail="Frontkanal-utlogging er ikke slått på")
    if not hmac.compare_digest(iss.encode(), oidc.utsteder.encode()) or not sid:
        logger.info("Frontkanal-utlogging avvist: iss er feil eller sid mangler")
    elif not await run_in_threadpool(kontoer.avslutt_okter_for_sid, app.uow, sid,
                                     app.miljo.klokke.now()):  # fmt: skip
        logger.info("Frontkanal-utlogging: ingen aktiv økt for denne sid")
    svar = Response("", media_type="text/plain", headers=innrammes_bare_av(oidc.utsteder))
    svar.headers["Cache-Control"] = "no-store"
    return svar


async def _sluttadresse(klient: Any, app: App, forseglet: str) -> str | None:
    """The provider's logout URL for this ID token; None without a token or an endpoint."""
    if not forseglet:
        return None
    slutt = (await klient.load_server_metadata()).get("end_session_endpoint")
    if not slutt:
        return None
    sporring = urlencode({
        "id_token_hint": _apne(app, forseglet),
        "post_logout_redirect_uri": app.innstillinger.base_url.rstrip("/") + LOGGET_UT,
        "state": secrets.token_urlsafe(16),
    })  # fmt: skip
    return f"{slutt}{'&' if '?' in slutt else '?'}{sporring}"


def _forseglingsnokkel(app: App) -> OctKey:
    """Derived from the app's secret, for sealing ID tokens and nothing else."""
    return OctKey.import_key(
        hmac.new(hemmelighet(app.innstillinger).encode(), b"oidc-id-token", "sha256").digest()
    )


def _forsegl(app: App, id_token: str) -> str:
    """The ID token encrypted (JWE, dir + A256GCM): ID-porten's carries the fødselsnummer."""
    return jwe.encrypt_compact({"alg": "dir", "enc": "A256GCM"}, id_token,
                               _forseglingsnokkel(app))  # fmt: skip


def _apne(app: App, forseglet: str) -> str:
    klartekst = jwe.decrypt_compact(forseglet, _forseglingsnokkel(app)).plaintext
    if klartekst is None:
        raise ValueError("det forseglede ID-tokenet er tomt")
    return klartekst.decode()


def _frisk_oppdagelse(klient: Any) -> None:
    """Read the discovery document again once it is older than OPPDAGELSE_SEKUNDER."""
    lest = klient.server_metadata.get("_loaded_at")
    if lest is not None and time.time() - lest > OPPDAGELSE_SEKUNDER:
        _glem_oppdagelsen(klient)


def _glem_oppdagelsen(klient: Any) -> None:
    """Read the discovery document and keys again next time, instead of for the process's life."""
    klient.server_metadata.pop("_loaded_at", None)
    klient.server_metadata.pop("jwks", None)


def _krav(app: App) -> dict[str, dict[str, object]]:
    """iss and aud must be present and ours (Authlib alone checks aud only through azp)."""
    oidc = app.innstillinger.oidc
    return {
        "iss": {"essential": True, "value": oidc.utsteder},
        "aud": {"essential": True, "value": oidc.klient_id},
    }


def _klient_for(request: Request) -> Any:
    klient = getattr(request.app.state, "oidc", None)
    if klient is None:
        raise HTTPException(
            status_code=404, detail="Innlogging med OpenID Connect er ikke slått på"
        )
    return klient


def _tilbake_url(app: App) -> str:
    """The redirect URI registered with the issuer: fixed by base_url, not by the request."""
    return app.innstillinger.base_url.rstrip("/") + TILBAKE


def _mislyktes(request: Request, status: int, feil: Exception) -> Response:
    logger.warning("OIDC-innlogging mislyktes (%s): %s", type(feil).__name__, feil)
    if isinstance(feil, KAN_VAERE_FORELDET):
        # New keys, a moved endpoint: the next login reads the discovery document again.
        _glem_oppdagelsen(request.app.state.oidc)
    if isinstance(feil, TransportError):
        return _feilside(request, 503, "Innloggingen mislyktes", UTSTEDER_NEDE)
    return _feilside(request, status, "Innloggingen mislyktes", MISLYKTES)


def _feilside(request: Request, status: int, tittel: str, tekst: str) -> Response:
    return feilside(request, status, tittel, tekst, lenke=_TILBAKE_LENKE)
