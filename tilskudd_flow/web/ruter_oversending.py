"""Forwarding to Helse Nord: build and send the package, and fetch its files."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, RedirectResponse
from starlette.responses import Response

from tilskudd_flow.domain.feil import IkkeTillatt, Regelbrudd, Saksfeil
from tilskudd_flow.soknader import handlinger as soknader
from tilskudd_flow.soknader.oversending import FILER, send_til_helse_nord
from tilskudd_flow.web.avhengigheter import (
    AppDep,
    BrukerDep,
    CsrfDep,
    HandlingDep,
    feilside,
    sjekk_csrf,
)
from tilskudd_flow.web.feilsvar import skjemastatus
from tilskudd_flow.web.parametre import Aar, RadId
from tilskudd_flow.web.ruter_prioritering import motesiden_med

ruter = APIRouter()


@ruter.post("/prioritering/{aar}/oversend", dependencies=[Depends(sjekk_csrf)])
def oversend(request: Request, aar: Aar, app: AppDep, bruker: BrukerDep, csrf: CsrfDep) -> Response:
    """Build the package from SSU's adopted list, forward the søknader and send the e-mail."""
    try:
        send_til_helse_nord(aar, uow=app.uow(), miljo=app.miljo, brukernavn=bruker.brukernavn)
    except IkkeTillatt:
        raise
    except Saksfeil as feil:
        return motesiden_med(request, app, bruker, csrf, aar, feil=str(feil),
                             status=skjemastatus(feil))  # fmt: skip
    return RedirectResponse(f"/prioritering/{aar}?utfort=oversendt#oversending", status_code=303)


@ruter.get("/oversendelse/{pakke_id}/{filnavn}")
def pakkefilen(pakke_id: RadId, filnavn: str, handling: HandlingDep) -> Response:
    """The ranked list or the ZIP, as sent, for SSU and the sekretariat."""
    sti = soknader.pakkefilen(handling, pakke_id, filnavn)
    return FileResponse(sti, media_type=FILER[filnavn], filename=filnavn)


@ruter.get("/pakke/{token}")
def pakke_fra_lenke_i_eposten(request: Request, token: str, app: AppDep) -> Response:
    """The link in the covering e-mail: Helse Nord has no account here, the link is the key."""
    try:
        sti = soknader.pakke_fra_lenken(app.uow, app.miljo, token)
    except Regelbrudd as feil:
        return feilside(request, 410, "Lenken er utløpt", str(feil))
    return FileResponse(sti, media_type="application/zip", filename="soknader.zip")
