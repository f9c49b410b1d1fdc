"""Pictures: the workflows as diagrams, and the round in kroner."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from tilskudd_flow.domain.feil import IkkeFunnet, UgyldigHendelse
from tilskudd_flow.soknader.bilder import diagram, overganger
from tilskudd_flow.soknader.handlinger import rundens_trakt_for
from tilskudd_flow.web.avhengigheter import AppDep, BrukerDep, CsrfDep, HandlingDep, side
from tilskudd_flow.web.parametre import Aar

ruter = APIRouter()


@ruter.get("/arbeidsflyter")
def arbeidsflytene(request: Request, app: AppDep, bruker: BrukerDep, csrf: CsrfDep) -> Response:
    """Every workflow drawn from its definition, with its transitions as a table."""
    flyter = [(flyt, overganger(flyt)) for flyt in app.miljo.register.alle()]
    return side(request, "arbeidsflyter.html", {"bruker": bruker, "flyter": flyter}, csrf=csrf)


@ruter.get("/arbeidsflyter/{navn}.svg")
def arbeidsflytdiagram(navn: str, app: AppDep, bruker: BrukerDep) -> Response:
    """The diagram itself (Graphviz when installed, else drawn here)."""
    try:
        flyt = app.miljo.register.hent(navn)
    except UgyldigHendelse:
        raise IkkeFunnet(f"Finner ingen arbeidsflyt som heter «{navn}»") from None
    svg = diagram(flyt)
    return Response(
        svg, media_type="image/svg+xml", headers={"Cache-Control": "private, max-age=300"}
    )


@ruter.get("/runder/{aar}")
def runden(
    request: Request, aar: Aar, bruker: BrukerDep, csrf: CsrfDep, handling: HandlingDep
) -> Response:
    """The round in kroner: applied and awarded per state and per party, with the counts."""
    kontekst = {"bruker": bruker, "aar": aar, "tall": rundens_trakt_for(handling, aar)}
    return side(request, "runde.html", kontekst, csrf=csrf)
