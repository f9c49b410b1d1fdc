"""The size limit of a request body, enforced while it streams in: an upload form's limit
for multipart bodies, a much smaller one for everything else (JSON, plain forms).

The per-file rule (motor/vedlegg) only runs once the whole form is parsed; without this a
client could send hundreds of megabytes before being told no. Pure ASGI rather than
BaseHTTPMiddleware, so the body is never buffered on its way to the app: a declared
Content-Length above the limit is refused before a byte is read, and otherwise the bytes
are counted as the app pulls them and the request is cut off the moment the count passes.
"""

from __future__ import annotations

import logging

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from tilskudd_flow.web.avhengigheter import feilside

logger = logging.getLogger("tilskudd_flow.web")
TITTEL = "Filene er for store"


class Opplastingsgrense:
    """Refuse multipart bodies larger than `maks_byte`, and other bodies larger than
    `maks_annen_byte`, with 413, reading at most one chunk past the limit."""

    def __init__(
        self, app: ASGIApp, *, maks_byte: int, maks_annen_byte: int, maks_fil_mb: float
    ) -> None:
        self.app = app
        self.maks_byte = maks_byte
        self.maks_annen_byte = maks_annen_byte
        self.maks_fil_mb = maks_fil_mb

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        if _oppgitt_lengde(scope) > self.grense(scope):
            await self.avvis(scope, send)
            return
        strom = _Strom(self, scope, receive, send)
        try:
            await self.app(scope, strom.receive, strom.send)
        except Exception:
            # The app saw the body end mid-part (ClientDisconnect, a parse error): the
            # consequence of the cut, already answered with 413 — not a fault of its own.
            if not strom.avvist:
                raise

    def grense(self, scope: Scope) -> int:
        return self.maks_byte if _er_skjema_med_filer(scope) else self.maks_annen_byte

    async def avvis(self, scope: Scope, send: Send) -> None:
        """Answer 413 (a bokmål page, or JSON under /api/) and close the connection."""
        logger.warning("Avviste %s %s: over %d byte", scope["method"], scope["path"],
                       self.grense(scope))  # fmt: skip
        svar = self._svar(Request(scope))
        # The client may still be sending: this connection is not reused.
        svar.headers["Connection"] = "close"

        async def ingen_kropp() -> Message:
            return {"type": "http.disconnect"}

        await svar(scope, ingen_kropp, send)

    def _svar(self, request: Request) -> Response:
        if _er_skjema_med_filer(request.scope):
            tittel, tekst = TITTEL, self._for_mange_filer()
        else:
            tittel = "Forespørselen er for stor"
            tekst = (
                f"Forespørselen er større enn {_mb(self.maks_annen_byte)} MB, og ble avvist før "
                "den var lest ferdig."
            )
        if request.url.path.startswith("/api/"):
            return JSONResponse({"detail": tekst}, status_code=413)
        return feilside(request, 413, tittel, tekst)

    def _for_mange_filer(self) -> str:
        skjema, fil = _mb(self.maks_byte), _mb(self.maks_fil_mb * 1024 * 1024)
        return (
            f"Skjemaet med filene er større enn {skjema} MB til sammen, og ble avvist før det "
            f"var lest ferdig. Hver fil kan være på inntil {fil} MB; send færre eller mindre "
            "filer om gangen."
        )


class _Strom:
    """One request's body, counted as the app reads it. Past the limit the 413 goes out at
    once, the app is told the client left, and whatever it answers is dropped (FastAPI turns
    any error while reading a body into its own 400, so an exception could not carry this)."""

    def __init__(
        self, grense: Opplastingsgrense, scope: Scope, receive: Receive, send: Send
    ) -> None:
        self._grense, self._scope, self._receive, self._send = grense, scope, receive, send
        self._lest = 0
        self._startet = False
        self.avvist = False

    async def receive(self) -> Message:
        if self.avvist:
            return {"type": "http.disconnect"}
        melding = await self._receive()
        if melding["type"] == "http.request":
            self._lest += len(melding.get("body", b""))
            if self._lest > self._grense.grense(self._scope) and not self._startet:
                self.avvist = True
                await self._grense.avvis(self._scope, self._send)
                return {"type": "http.disconnect"}
        return melding

    async def send(self, melding: Message) -> None:
        if self.avvist:
            return
        self._startet = self._startet or melding["type"] == "http.response.start"
        await self._send(melding)


def _er_skjema_med_filer(scope: Scope) -> bool:
    for navn, verdi in scope["headers"]:
        if navn == b"content-type":
            return bool(verdi.lower().startswith(b"multipart/"))
    return False


def _oppgitt_lengde(scope: Scope) -> int:
    """The declared Content-Length, 0 when absent or not a number (then the count decides)."""
    for navn, verdi in scope["headers"]:
        if navn == b"content-length":
            try:
                return int(verdi)
            except ValueError:
                return 0
    return 0


def _mb(antall_byte: float) -> str:
    """Megabytes with a decimal comma, as bokmål writes them: «0,25», «20»."""
    return f"{antall_byte / (1024 * 1024):g}".replace(".", ",")
