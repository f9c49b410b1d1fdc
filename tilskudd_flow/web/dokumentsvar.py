"""A document from a service as the browser gets it."""

from __future__ import annotations

from starlette.responses import Response

from tilskudd_flow.dokumenter.dokument import HTML, Dokument
from tilskudd_flow.web.avhengigheter import nedlasting


def dokumentsvar(dokument: Dokument) -> Response:
    """HTML opens in the browser; every other format is a download under its file name."""
    if dokument.mediatype == HTML:
        return Response(dokument.innhold, media_type=HTML)
    return nedlasting(dokument.innhold, dokument.mediatype, dokument.filnavn)
