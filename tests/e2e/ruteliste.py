"""Every route of the web app, read from the router modules: the app's OpenAPI describes
only the JSON API, so tests that must cover every page list them from here."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterator

from fastapi.routing import APIRoute, APIRouter

import tilskudd_flow.web


def alle_ruter() -> Iterator[APIRoute]:
    """Every route of every router module in tilskudd_flow.web (pages, API, docs)."""
    for modul in pkgutil.iter_modules(tilskudd_flow.web.__path__):
        innhold = importlib.import_module(f"tilskudd_flow.web.{modul.name}")
        for ruter in (getattr(innhold, "ruter", None), getattr(innhold, "api", None)):
            if isinstance(ruter, APIRouter):
                yield from (r for r in ruter.routes if isinstance(r, APIRoute))
