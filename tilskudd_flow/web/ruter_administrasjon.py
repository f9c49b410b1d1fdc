"""The sekretariat's administration in one place: the year's basics, the registers, the
outbox and the history, each a page of its own, so the menu keeps the daily work in front."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from tilskudd_flow.web.avhengigheter import BrukerDep, CsrfDep, krev_intern, side

ruter = APIRouter()


@ruter.get("/administrasjon")
def administrasjon(request: Request, bruker: BrukerDep, csrf: CsrfDep) -> Response:
    krev_intern(bruker)
    return side(request, "administrasjon.html", {"bruker": bruker}, csrf=csrf)
