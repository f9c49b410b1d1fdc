"""A real OpenID provider on 127.0.0.1 for the login tests, with faults to order.

It speaks the authorization code flow as ID-porten does: discovery, JWKS, /authorize
(approves at once as `epost`) and /token, which authenticates the client, checks the
redirect URI and PKCE (S256, required), and signs an ID token. `feil` makes it misbehave.
"""

from __future__ import annotations

import base64
import hashlib
import secrets
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any
from urllib.parse import unquote, urlencode

import uvicorn
from joserfc import jwt
from joserfc.errors import JoseError
from joserfc.jwk import KeySet, RSAKey
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Route

KID = "utsteder-1"
PASTANDSTYPE = "urn:ietf:params:oauth:client-assertion-type:jwt-bearer"


class Feil(StrEnum):
    INGEN = "ingen"
    FEIL_SIGNATUR = "feil_signatur"  # signed by another key under the published kid
    FEIL_PUBLIKUM = "feil_publikum"  # aud names another client
    UTLOPT = "utlopt"  # exp an hour ago, well past any leeway
    FEIL_NONCE = "feil_nonce"  # the nonce of some other login
    # The code is bound to no challenge, as a code from a flow without PKCE (or one an
    # attacker injects) would be: the client's code_verifier then cannot match.
    UTEN_PKCE = "uten_pkce"
    UTEN_ID_TOKEN = "uten_id_token"  # an OAuth answer with no OpenID in it
    FEIL_ISS = "feil_iss"  # the authorisation response names another issuer (RFC 9207)
    ANNEN_SUB = "annen_sub"  # UserInfo answers for another subject (OIDC Core §5.3.4)


@dataclass(frozen=True)
class Nokler:
    ekte: RSAKey  # published in the JWKS
    falsk: RSAKey  # same kid, never published


def lag_nokler() -> Nokler:
    """Two RSA keys under the same kid: the issuer's own, and a forger's."""
    return Nokler(_rsa_nokkel(), _rsa_nokkel())


def _rsa_nokkel() -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": KID, "use": "sig", "alg": "RS256"})


@dataclass
class Tildeling:
    """What /authorize promised for one code."""

    redirect_uri: str
    nonce: str | None
    code_challenge: str | None
    code_challenge_method: str | None


@dataclass
class Utsteder:
    """The issuer's settings and what it saw; tests set `feil` and `epost` before a login."""

    nokler: Nokler
    klient_id: str
    klient_hemmelighet: str
    redirect_uri: str
    epost: str
    url: str = ""
    feil: Feil = Feil.INGEN
    acr: str | None = "idporten-loa-substantial"  # None: the ID token has no acr
    # False: scope claims only from UserInfo, as oidc-provider's defaults (OIDC Core §5.4).
    epost_i_id_token: bool = True
    pid: str | None = None  # set: the ID token carries pid and no e-mail, as ID-porten's
    userinfo_foresporsler: list[str] = field(default_factory=list)
    tilgangstokener: set[str] = field(default_factory=set)
    med_iss: bool = False  # announce and send iss in the authorisation response (RFC 9207)
    oppdagelser: int = 0  # how often the discovery document was read
    # The client's public key when it is registered for private_key_jwt.
    klientnokkel: RSAKey | None = None
    pastander: list[dict[str, Any]] = field(default_factory=list)
    brukte_jti: set[object] = field(default_factory=set)
    med_utlogging: bool = True  # announce end_session_endpoint (RP-initiated logout)
    # The provider's session, in the ID token as `sid` (Front-Channel Logout 1.0); a test
    # sets another one to stand for another browser. None: no sid in the token.
    sid: str | None = field(default_factory=lambda: secrets.token_urlsafe(12))
    id_tokener: list[str] = field(default_factory=list)
    utlogginger: list[dict[str, str]] = field(default_factory=list)
    autorisasjoner: list[dict[str, str]] = field(default_factory=list)
    tokenforesporsler: list[dict[str, str]] = field(default_factory=list)
    koder: dict[str, Tildeling] = field(default_factory=dict)

    def app(self) -> Starlette:
        return Starlette(routes=[
            Route("/.well-known/openid-configuration", self.oppdagelse),
            Route("/jwks", self.jwks),
            Route("/authorize", self.autoriser),
            Route("/token", self.token, methods=["POST"]),
            Route("/userinfo", self.userinfo),
            Route("/logout", self.logg_ut),
        ])  # fmt: skip

    async def oppdagelse(self, _request: Request) -> Response:
        self.oppdagelser += 1
        valgfritt: dict[str, object] = {
            "frontchannel_logout_supported": True,
            "frontchannel_logout_session_supported": True,
        }
        if self.med_utlogging:
            valgfritt["end_session_endpoint"] = f"{self.url}/logout"
        if self.med_iss:
            valgfritt["authorization_response_iss_parameter_supported"] = True
        return JSONResponse(valgfritt | {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "jwks_uri": f"{self.url}/jwks",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "response_types_supported": ["code"],
            "subject_types_supported": ["pairwise"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post",
                                                      "private_key_jwt"],
        })  # fmt: skip

    async def jwks(self, _request: Request) -> Response:
        return JSONResponse(KeySet([self.nokler.ekte]).as_dict(private=False))

    async def autoriser(self, request: Request) -> Response:
        """Approve at once, as if the user had logged in, and send the browser back."""
        p = dict(request.query_params)
        self.autorisasjoner.append(p)
        if p.get("client_id") != self.klient_id or p.get("redirect_uri") != self.redirect_uri:
            return Response("Ukjent klient eller redirect_uri", status_code=400)
        if p.get("response_type") != "code" or not p.get("state"):
            return Response("Bare response_type=code med state", status_code=400)
        kode = secrets.token_urlsafe(16)
        self.koder[kode] = Tildeling(p["redirect_uri"], p.get("nonce"), None, None)
        if self.feil is not Feil.UTEN_PKCE:
            self.koder[kode].code_challenge = p.get("code_challenge")
            self.koder[kode].code_challenge_method = p.get("code_challenge_method")
        svar = {"code": kode, "state": p["state"]}
        if self.med_iss:
            svar["iss"] = "https://angriper.example" if self.feil is Feil.FEIL_ISS else self.url
        sporring = urlencode(svar)
        return RedirectResponse(f"{p['redirect_uri']}?{sporring}", status_code=302)

    async def token(self, request: Request) -> Response:
        skjema = {k: str(v) for k, v in (await request.form()).items()}
        self.tokenforesporsler.append(skjema)
        if not self._klienten_er_autentisert(request, skjema):
            return JSONResponse({"error": "invalid_client"}, status_code=401)
        tildeling = self.koder.pop(skjema.get("code", ""), None)
        if skjema.get("grant_type") != "authorization_code" or tildeling is None:
            return _ugyldig("ukjent eller brukt kode")
        if skjema.get("redirect_uri") != tildeling.redirect_uri:
            return _ugyldig("redirect_uri stemmer ikke")
        if not _pkce_stemmer(tildeling, skjema.get("code_verifier")):
            return _ugyldig("PKCE: code_verifier stemmer ikke med code_challenge")
        tilgang = secrets.token_urlsafe(16)
        self.tilgangstokener.add(tilgang)
        svar = {"access_token": tilgang, "token_type": "Bearer",
                "expires_in": 120, "id_token": self._id_token(tildeling)}  # fmt: skip
        if self.feil is Feil.UTEN_ID_TOKEN:
            del svar["id_token"]
        return JSONResponse(svar)

    async def logg_ut(self, request: Request) -> Response:
        """End the provider's session and send the browser back with the client's state."""
        p = dict(request.query_params)
        self.utlogginger.append(p)
        tilbake = p.get("post_logout_redirect_uri", "")
        return RedirectResponse(f"{tilbake}?{urlencode({'state': p.get('state', '')})}", 302)

    async def userinfo(self, request: Request) -> Response:
        """The scope claims for a valid access token (Bearer)."""
        tilgang = request.headers.get("authorization", "").removeprefix("Bearer ")
        self.userinfo_foresporsler.append(tilgang)
        if tilgang not in self.tilgangstokener:
            return JSONResponse({"error": "invalid_token"}, status_code=401)
        sub = "noen-andre" if self.feil is Feil.ANNEN_SUB else self._sub()
        return JSONResponse({"sub": sub, "email": self.epost, "email_verified": True})

    def _sub(self) -> str:
        person = self.pid or self.epost
        return "pairwise-" + hashlib.sha256(person.encode()).hexdigest()[:16]

    def _klienten_er_autentisert(self, request: Request, skjema: dict[str, str]) -> bool:
        if self.klientnokkel is not None:  # registered for private_key_jwt: nothing else
            return (
                skjema.get("client_assertion_type") == PASTANDSTYPE
                and self._pastand_holder(skjema.get("client_assertion", ""))
                and "client_secret" not in skjema
                and "authorization" not in request.headers
            )
        hode = request.headers.get("authorization", "")
        if hode.startswith("Basic "):
            id_, _, hemmelighet = base64.b64decode(hode[6:]).decode().partition(":")
            oppgitt = (unquote(id_), unquote(hemmelighet))
        else:
            oppgitt = (skjema.get("client_id", ""), skjema.get("client_secret", ""))
        return oppgitt == (self.klient_id, self.klient_hemmelighet)

    def _pastand_holder(self, pastand: str) -> bool:
        """A client assertion as Digdir checks it: signed by the client's registered key,
        iss = sub = client_id, aud = the issuer, at most 120 seconds, a jti never seen."""
        assert self.klientnokkel is not None
        try:
            krav = jwt.decode(pastand, self.klientnokkel).claims
        except JoseError:
            return False
        self.pastander.append(krav)
        naa = time.time()
        gyldig = (
            krav.get("iss") == krav.get("sub") == self.klient_id
            and krav.get("aud") == self.url
            and krav["iat"] - 5 <= naa < krav["exp"] <= krav["iat"] + 120
            and krav.get("jti") not in self.brukte_jti
        )
        self.brukte_jti.add(krav.get("jti"))
        return gyldig

    def _id_token(self, tildeling: Tildeling) -> str:
        naa = int(time.time())
        krav: dict[str, Any] = {
            "iss": self.url,
            "sub": self._sub(),
            "aud": self.klient_id,
            "iat": naa,
            "exp": naa + 120,
            "nonce": tildeling.nonce,
        }
        if self.pid is not None:
            krav["pid"] = self.pid
        elif self.epost_i_id_token:
            krav |= {"email": self.epost, "email_verified": True}
        if self.acr is not None:
            krav["acr"] = self.acr
        if self.sid is not None:
            krav["sid"] = self.sid
        if self.feil is Feil.FEIL_PUBLIKUM:
            krav["aud"] = "en-annen-klient"
        if self.feil is Feil.UTLOPT:
            krav["iat"], krav["exp"] = naa - 7200, naa - 3600
        if self.feil is Feil.FEIL_NONCE:
            krav["nonce"] = secrets.token_urlsafe(20)
        nokkel = self.nokler.falsk if self.feil is Feil.FEIL_SIGNATUR else self.nokler.ekte
        self.id_tokener.append(jwt.encode({"alg": "RS256", "kid": KID}, krav, nokkel))
        return self.id_tokener[-1]


def s256(verifier: str) -> str:
    """The S256 code challenge of a verifier (RFC 7636 §4.2)."""
    digest = hashlib.sha256(verifier.encode("ascii")).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def _pkce_stemmer(tildeling: Tildeling, verifier: str | None) -> bool:
    # PKCE is required: a code bound to no challenge is refused, as is a verifier sent
    # for it (the PKCE downgrade rule of RFC 9700 §2.1.1).
    if tildeling.code_challenge is None or tildeling.code_challenge_method != "S256":
        return False
    return verifier is not None and s256(verifier) == tildeling.code_challenge


def _ugyldig(grunn: str) -> Response:
    return JSONResponse({"error": "invalid_grant", "error_description": grunn}, status_code=400)


@contextmanager
def start_utsteder(utsteder: Utsteder) -> Iterator[Utsteder]:
    """Serve the issuer on a free port of 127.0.0.1 until the block ends."""
    server = uvicorn.Server(
        uvicorn.Config(utsteder.app(), host="127.0.0.1", port=0, log_level="warning")
    )
    traad = threading.Thread(target=server.run, daemon=True)
    traad.start()
    while not server.started:
        if not traad.is_alive():
            raise RuntimeError("Den falske OIDC-utstederen startet ikke")
        traad.join(0.02)
    port = server.servers[0].sockets[0].getsockname()[1]
    utsteder.url = f"http://127.0.0.1:{port}"
    try:
        yield utsteder
    finally:
        server.should_exit = True
        traad.join(10)
