"""The FSU and avtale overviews; what happens to each is done on its case page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from tilskudd_flow.samarbeid.handlinger import avtalene, fsuene
from tilskudd_flow.web.avhengigheter import BrukerDep, CsrfDep, HandlingDep, side

ruter = APIRouter()


@ruter.get("/fsu")
def fsu(request: Request, bruker: BrukerDep, csrf: CsrfDep, handling: HandlingDep) -> Response:
    """Every FSU with its state, leadership, members, mandate and yearly report."""
    utvalg = fsuene(handling)
    return side(request, "fsu.html", {"bruker": bruker, "utvalg": utvalg}, csrf=csrf)


@ruter.get("/avtaler")
def avtaler(request: Request, bruker: BrukerDep, csrf: CsrfDep, handling: HandlingDep) -> Response:
    """The samarbeidsavtale and the tjenesteavtaler: versions, accession, open revisions."""
    oversikt = avtalene(handling)
    return side(request, "avtaler.html", {"bruker": bruker, "avtaler": oversikt}, csrf=csrf)
