"""Cookies, CSRF and response headers for the web app."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

from itsdangerous import BadSignature, SignatureExpired, TimestampSigner
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import ASGIApp, Receive, Scope, Send

from tilskudd_flow.config import Innstillinger

OKTCOOKIE = "tilskudd_okt"
FOROKTCOOKIE = "tilskudd_forokt"
CSRF_FELT = "csrf_token"
HSTS = "max-age=31536000; includeSubDomains"
UTRYGGE_METODER = frozenset({"POST", "PUT", "PATCH", "DELETE"})
logger = logging.getLogger("tilskudd_flow.web")

# No inline scripts or styles: everything comes from /statisk.
SIKRE_HODER = {
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "frame-ancestors 'none'; form-action 'self'; base-uri 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
    "Cross-Origin-Opener-Policy": "same-origin",
}


# The only page a search engine may list; everything else is behind the login.
OFFENTLIGE_SIDER = frozenset({"/logg-inn", "/robots.txt"})


class SikreHoder(BaseHTTPMiddleware):
    """Security headers on every response; nothing but the static files may be cached."""

    def __init__(self, app: ASGIApp, *, https: bool) -> None:
        super().__init__(app)
        self._https = https

    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        svar = await call_next(request)
        # A route with a CSP of its own decides who may frame it by its frame-ancestors;
        # X-Frame-Options DENY would overrule that in the browsers that read both.
        egen_csp = "Content-Security-Policy" in svar.headers
        for navn, verdi in SIKRE_HODER.items():
            if not (navn == "X-Frame-Options" and egen_csp):
                svar.headers.setdefault(navn, verdi)
        if self._https:
            svar.headers.setdefault("Strict-Transport-Security", HSTS)
        if not request.url.path.startswith("/statisk/"):
            # Pages and downloads carry personal data: a shared computer's browser cache or a
            # proxy must not keep them (a route's own "private, max-age" is overruled too).
            svar.headers["Cache-Control"] = "no-store"
        if request.url.path not in OFFENTLIGE_SIDER:
            svar.headers.setdefault("X-Robots-Tag", "noindex, nofollow")
        return svar


def innrammes_bare_av(url: str) -> dict[str, str]:
    """The CSP of a page that only `url`'s origin may frame (and that runs nothing)."""
    return {
        "Content-Security-Policy": (
            f"default-src 'none'; frame-ancestors {_opphav(url)}; base-uri 'none'; "
            "form-action 'none'"
        )
    }


def hemmelighet(innstillinger: Innstillinger) -> str:
    """The configured secret, or one made once for this data directory."""
    satt = innstillinger.web.hemmelighet.get_secret_value()
    if satt:
        return satt
    fil: Path = innstillinger.data_dir / "web-hemmelighet"
    if not fil.exists():
        fil.parent.mkdir(parents=True, exist_ok=True)
        fil.write_text(secrets.token_urlsafe(48), encoding="ascii")
        fil.chmod(0o600)
    return fil.read_text(encoding="ascii").strip()


class Oktsignatur:
    """The session cookie: the session token, signed and dated."""

    def __init__(self, hemmelighet_: str, maks_sekunder: float) -> None:
        self._signer = TimestampSigner(hemmelighet_, salt="tilskudd-okt")
        self._maks = int(maks_sekunder)

    def signer(self, token: str) -> str:
        return self._signer.sign(token).decode("ascii")

    def les(self, verdi: str | None) -> str | None:
        if not verdi:
            return None
        try:
            return self._signer.unsign(verdi, max_age=self._maks).decode("ascii")
        except (BadSignature, SignatureExpired):
            return None


class CsrfAvvist(Exception):
    """A form came without the token its own session (or pre-session) was given."""


class Csrfvakt:
    """CSRF tokens bound to the server-side session: HMAC-SHA256 over the session token's hash
    (or, before login, over a random pre-session id in its own cookie). A token therefore only
    works with the session it was made for; logging in starts a new session, so new tokens."""

    def __init__(self, hemmelighet_: str, oktsignatur: Oktsignatur) -> None:
        # A key of its own, derived from the app's secret: a CSRF token is good for nothing else.
        self._nokkel = hmac.new(hemmelighet_.encode(), b"tilskudd-csrf", hashlib.sha256).digest()
        self._okt = oktsignatur

    def binding(self, request: Request) -> str | None:
        """What this request's tokens are bound to; None: an anonymous visitor with no
        pre-session yet (one is made when a page with a form is shown)."""
        token = self._okt.les(request.cookies.get(OKTCOOKIE))
        if token is not None:
            return "okt:" + hashlib.sha256(token.encode("ascii")).hexdigest()
        forokt = request.cookies.get(FOROKTCOOKIE, "")
        return f"forokt:{forokt}" if len(forokt) >= 32 else None

    def token(self, binding: str) -> str:
        return hmac.new(self._nokkel, binding.encode(), hashlib.sha256).hexdigest()

    def sjekk(self, request: Request, token: str) -> None:
        binding = self.binding(request)
        if binding is None or not hmac.compare_digest(self.token(binding), token):
            raise CsrfAvvist()


def ny_forokt() -> str:
    return secrets.token_urlsafe(32)


class OpphavSjekk:
    """Unsafe methods from a browser must come from this site's own pages: the `Origin` (or,
    without it, the `Referer`) must be base_url's origin or the origin the request was sent to.
    With neither header (some privacy tools strip both) the session-bound token still decides,
    as OWASP's CSRF cheat sheet advises. The JSON API takes only bearer tokens, never the
    session cookie, so a browser cannot be made to act with it: it is left out."""

    def __init__(
        self, app: ASGIApp, *, base_url: str, avvist: Callable[[Request], Response]
    ) -> None:
        self.app = app
        self._base = _opphav(base_url)
        self._avvist = avvist

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in UTRYGGE_METODER:
            await self.app(scope, receive, send)
            return
        request = Request(scope)
        if request.url.path.startswith("/api/") or self._godtatt(request):
            await self.app(scope, receive, send)
            return
        logger.warning("Avviste %s %s fra fremmed opphav %r", request.method,
                       request.url.path, _oppgitt_opphav(request))  # fmt: skip
        await self._avvist(request)(scope, receive, send)

    def _godtatt(self, request: Request) -> bool:
        oppgitt = _oppgitt_opphav(request)
        if oppgitt is None:
            return True
        egen = f"{request.url.scheme}://{request.url.netloc}".lower()
        return oppgitt in {self._base, egen}


def _oppgitt_opphav(request: Request) -> str | None:
    """The origin the browser says the request came from; "null" counts as foreign."""
    origin = request.headers.get("origin")
    if origin is not None:
        return origin.strip().lower()
    referer = request.headers.get("referer")
    return _opphav(referer) if referer else None


def _opphav(url: str) -> str:
    deler = urlsplit(url.strip())
    return f"{deler.scheme}://{deler.netloc}".lower()
