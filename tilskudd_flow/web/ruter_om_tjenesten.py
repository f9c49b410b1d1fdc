"""What every public web solution must tell its users: how personal data is processed
(personvernerklæring) and how accessible the service is (tilgjengelighetserklæring, required
by forskrift om universell utforming av IKT). Open to everyone, logged in or not."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from tilskudd_flow.web.avhengigheter import CsrfDep, bruker_om_mulig, side

ruter = APIRouter()


@ruter.get("/personvern")
def personvern(request: Request, csrf: CsrfDep) -> Response:
    """What the service stores about whom, why, for how long, and the user's rights."""
    return side(request, "personvern.html", {"bruker": bruker_om_mulig(request)}, csrf=csrf)


@ruter.get("/tilgjengelighetserklaering")
def tilgjengelighetserklaering(request: Request, csrf: CsrfDep) -> Response:
    """The accessibility statement after Digdir's model: status, deviations, feedback."""
    kontekst = {"bruker": bruker_om_mulig(request)}
    return side(request, "tilgjengelighetserklaering.html", kontekst, csrf=csrf)
