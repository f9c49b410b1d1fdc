"""Cookies, CSRF and response headers for the web app."""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from fastapi_csrf_protect import CsrfProtect
from itsdangerous import BadSignature, SignatureExpired, TimestampSigner
from starlette.middleware.base import BaseHTTPMiddleware, RequestResponseEndpoint
from starlette.requests import Request
from starlette.responses import Response

from tilskudd_flow.config import Innstillinger

OKTCOOKIE = "tilskudd_okt"
CSRF_FELT = "csrf_token"

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


class SikreHoder(BaseHTTPMiddleware):
    async def dispatch(self, request: Request, call_next: RequestResponseEndpoint) -> Response:
        svar = await call_next(request)
        for navn, verdi in SIKRE_HODER.items():
            svar.headers.setdefault(navn, verdi)
        if request.url.path.startswith(("/saker", "/utboks", "/brukere")):
            svar.headers.setdefault("Cache-Control", "no-store")
        return svar


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


def sett_opp_csrf(innstillinger: Innstillinger) -> None:
    """Double-submit CSRF tokens in a form field (pages work without JavaScript)."""
    oppsett: list[tuple[str, Any]] = [
        ("secret_key", hemmelighet(innstillinger)),
        ("token_location", "body"),
        ("token_key", CSRF_FELT),
        ("cookie_samesite", "strict"),
        ("cookie_secure", innstillinger.web.sikre_informasjonskapsler),
    ]

    @CsrfProtect.load_config
    def _last() -> list[tuple[str, Any]]:
        return oppsett
