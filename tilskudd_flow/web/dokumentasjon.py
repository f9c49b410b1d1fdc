"""The API's documentation page and the app's icon, served by the app itself."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from tilskudd_flow.web.avhengigheter import MALER

# Swagger UI 5 (it reads OpenAPI 3.1), vendored in the PyPI package fastapi-offline.
SWAGGER_UI = Path(str(files("fastapi_offline") / "static"))

ruter = APIRouter(include_in_schema=False)


@ruter.get("/api/dokumentasjon")
def api_dokumentasjon(request: Request) -> Response:
    """Swagger UI over /openapi.json; open to all, like the schema it shows."""
    return MALER.TemplateResponse(request, "api_dokumentasjon.html", {})


@ruter.get("/favicon.ico")
def favicon() -> Response:
    """Browsers ask for /favicon.ico whatever the pages link to."""
    return RedirectResponse("/statisk/ikon.svg", status_code=301)
