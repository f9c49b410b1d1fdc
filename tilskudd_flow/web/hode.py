"""HEAD answered as GET without the body (RFC 9110 §9.3.2): FastAPI's GET routes answer HEAD
with 405, which link checkers and uptime monitors read as a broken page."""

from __future__ import annotations

from starlette.types import ASGIApp, Message, Receive, Scope, Send


class HeadSomGet:
    """Run a HEAD request as GET and send only the status and headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "HEAD":
            await self.app(scope, receive, send)
            return
        kropp_sendt = False

        async def uten_kropp(melding: Message) -> None:
            nonlocal kropp_sendt
            if melding["type"] != "http.response.body":
                await send(melding)
            elif not kropp_sendt:  # one empty, final body; the rest of a stream is dropped
                kropp_sendt = True
                await send({"type": "http.response.body", "body": b"", "more_body": False})

        await self.app({**scope, "method": "GET"}, receive, uten_kropp)
