"""The API's documentation page, the app's icon and robots.txt, served by the app itself."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, RedirectResponse
from starlette.responses import Response

from tilskudd_flow.web.api_soknad import EKSEMPELFIL
from tilskudd_flow.web.avhengigheter import MALER, AppDep

# Swagger UI 5 (it reads OpenAPI 3.1), vendored in the PyPI package fastapi-offline.
SWAGGER_UI = Path(str(files("fastapi_offline") / "static"))

ruter = APIRouter(include_in_schema=False)


@ruter.get("/api/dokumentasjon")
def api_dokumentasjon(request: Request, app: AppDep) -> Response:
    """Swagger UI over /openapi.json, after a worked example of sending in a søknad with its
    attachments; open to all, like the schema it shows."""
    kontekst = {"adresse": app.innstillinger.base_url.rstrip("/"), "eksempelfil": EKSEMPELFIL}
    return MALER.TemplateResponse(request, "api_dokumentasjon.html", kontekst)


@ruter.get("/robots.txt")
def robots() -> Response:
    """Search engines may list the login page and nothing else."""
    return PlainTextResponse("User-agent: *\nAllow: /logg-inn\nDisallow: /\n")


@ruter.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for /favicon.ico whatever the pages link to."""
    return RedirectResponse("/statisk/ikon.svg", status_code=301)
