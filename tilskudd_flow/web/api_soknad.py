"""The body of POST /api/soknader: a søknad as JSON, or as multipart/form-data with the søknad
(part `soknad`, JSON) and the files its `vedlegg` rows name (parts `vedlegg`).

FastAPI parses one content type per route, so this body is read by hand and described in the
OpenAPI by hand; its refusals take the shape FastAPI gives its own (422, `loc` and `msg`)."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from email.message import Message
from importlib.resources import files
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError
from pydantic.json_schema import models_json_schema
from starlette.datastructures import FormData, UploadFile

from tilskudd_flow.motor.vedlegg import TYPER
from tilskudd_flow.soknader.soknader import Opplastet
from tilskudd_flow.soknader.soknadsfil import Soknadsfil
from tilskudd_flow.web.avhengigheter import SKJEMAGRENSER

SOKNAD, VEDLEGG = "soknad", "vedlegg"
EKSEMPELFIL = "eksempel-soknad.json"  # under /statisk/, linked from the docs page
SKJEMA = "#/components/schemas/Soknadsfil"


@dataclass(frozen=True)
class Innsending:
    soknad: Soknadsfil
    filer: list[Opplastet]


async def les_innsending(request: Request) -> Innsending:
    """The søknad and its files, from either content type."""
    medietype = _medietype(request)
    if medietype == "multipart/form-data":
        skjema = await request.form(**SKJEMAGRENSER)
        try:
            return await _fra_skjema(skjema)
        finally:
            await skjema.close()
    if medietype != "application/json" and not medietype.endswith("+json"):
        melding = "send søknaden som application/json eller multipart/form-data"
        raise RequestValidationError([_feil(("body",), melding, "model_attributes_type")])
    return Innsending(_soknad(await request.body(), ("body",)), [])


def _medietype(request: Request) -> str:
    melding = Message()
    melding["content-type"] = request.headers.get("content-type", "application/json")
    return melding.get_content_type()


async def _fra_skjema(skjema: FormData) -> Innsending:
    tekster: list[bytes] = []
    filer: list[Opplastet] = []
    feil: list[dict[str, Any]] = []
    for navn, verdi in skjema.multi_items():
        if navn == SOKNAD:  # a text field, or a file (curl -F soknad=@soknad.json)
            tekster.append(await verdi.read() if isinstance(verdi, UploadFile) else verdi.encode())
        elif navn == VEDLEGG and isinstance(verdi, UploadFile):
            innhold = await verdi.read()
            if verdi.filename or innhold:  # an empty file input sends a part with neither
                filer.append(Opplastet(verdi.filename or "", innhold))
        elif navn == VEDLEGG:
            feil.append(_feil(("body", VEDLEGG), "send filen som fil (med filnavn)"))
        elif ("body", navn) not in [f["loc"] for f in feil]:
            feil.append(_feil(("body", navn), f"ukjent del; send bare «{SOKNAD}» og «{VEDLEGG}»"))
    if len(tekster) != 1:
        feil.append(_feil(("body", SOKNAD), "send søknaden (JSON) i nøyaktig én del «soknad»"))
    if feil:
        raise RequestValidationError(feil)
    return Innsending(_soknad(tekster[0], ("body", SOKNAD)), filer)


def _soknad(tekst: bytes, sted: tuple[str, ...]) -> Soknadsfil:
    """Validated as FastAPI validates a JSON body, the errors placed under `sted`."""
    if not tekst.strip():
        raise RequestValidationError([_feil(sted, "søknaden mangler", "missing")])
    try:
        innhold = json.loads(tekst)
    except (json.JSONDecodeError, UnicodeDecodeError) as feil:
        melding = f"er ikke gyldig JSON: {feil}"
        raise RequestValidationError([_feil(sted, melding, "json_invalid")]) from None
    try:
        return Soknadsfil.model_validate(innhold)
    except ValidationError as feil:
        raise RequestValidationError(
            [{**f, "loc": (*sted, *f["loc"])} for f in feil.errors(include_url=False)]
        ) from None


def _feil(sted: tuple[str, ...], melding: str, type_: str = "value_error") -> dict[str, Any]:
    return {"loc": sted, "msg": melding, "type": type_}


def dokumenter_soknadsskjema(web: FastAPI, sti: str) -> None:
    """Describe the body of `POST sti` in the OpenAPI, with the Soknadsfil schema it refers
    to among the components (FastAPI lists only the models of bodies it parses itself).
    Built when the OpenAPI is first asked for, not at import."""
    bygg: Callable[[], dict[str, Any]] = web.openapi

    def openapi() -> dict[str, Any]:
        skjema = bygg()  # FastAPI's, built once and kept
        operasjon = skjema["paths"][sti]["post"]
        if "requestBody" not in operasjon:
            komponenter = skjema.setdefault("components", {}).setdefault("schemas", {})
            for navn, definisjon in _definisjoner().items():
                komponenter.setdefault(navn, definisjon)
            operasjon["requestBody"] = foresporselskropp()
        return skjema

    web.openapi = openapi  # type: ignore[method-assign]


def _definisjoner() -> dict[str, Any]:
    _, skjema = models_json_schema(
        [(Soknadsfil, "validation")], ref_template="#/components/schemas/{model}"
    )
    definisjoner: dict[str, Any] = skjema["$defs"]
    return definisjoner


def eksempel() -> dict[str, Any]:
    """The example søknad of the docs (two attachments named), as the docs page serves it."""
    tekst = (files("tilskudd_flow.web") / "statisk" / EKSEMPELFIL).read_text(encoding="utf-8")
    innhold: dict[str, Any] = json.loads(tekst)
    return innhold


def foresporselskropp() -> dict[str, Any]:
    """The OpenAPI `requestBody`: both content types, each with the example."""
    utkast = {**eksempel(), VEDLEGG: []}  # a JSON body carries no files
    filtyper = ", ".join(medietype for medietype, _ in TYPER.values())
    return {
        "required": True,
        "content": {
            "application/json": {"schema": {"$ref": SKJEMA}, "example": utkast},
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "required": [SOKNAD],
                    "properties": {
                        SOKNAD: {"$ref": SKJEMA},
                        VEDLEGG: {
                            "type": "array",
                            "items": {"type": "string", "format": "binary"},
                            "description": "Filene søknadens `vedlegg` nevner, med samme "
                            "filnavn (PDF, DOCX, XLSX eller ODT)",
                        },
                    },
                },
                "encoding": {
                    SOKNAD: {"contentType": "application/json"},
                    VEDLEGG: {"contentType": filtyper},
                },
                "example": {SOKNAD: eksempel()},
            },
        },
    }
