"""«Mine oppgaver», and on the case page the sekretariat's own forms: who handles the case
(its saksbehandler) and internal notes, which applicants never see."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from tilskudd_flow.domain.feil import Saksfeil
from tilskudd_flow.domain.tid import dato_i_oslo
from tilskudd_flow.motor.oppgavehandlinger import nytt_notat, oppgavene, tildel
from tilskudd_flow.web.avhengigheter import (
    AppDep,
    BrukerDep,
    CsrfDep,
    HandlingDep,
    side,
    sjekk_csrf,
)
from tilskudd_flow.web.feilsvar import skjemastatus
from tilskudd_flow.web.parametre import SakId
from tilskudd_flow.web.ruter_saker import sakside

ruter = APIRouter()


@ruter.get("/oppgaver")
def mine_oppgaver(
    request: Request, app: AppDep, bruker: BrukerDep, csrf: CsrfDep, handling: HandlingDep
) -> Response:
    """What waits for the user: their own cases first, then by deadline."""
    oppgaver = oppgavene(handling)
    kontekst = {
        "bruker": bruker,
        "oppgaver": oppgaver,
        "idag": dato_i_oslo(app.miljo.klokke.now()),
    }
    return side(request, "oppgaver.html", kontekst, csrf=csrf)


@ruter.post("/saker/{sak_id}/saksbehandler", dependencies=[Depends(sjekk_csrf)])
def saksbehandler(
    request: Request,
    sak_id: SakId,
    app: AppDep,
    bruker: BrukerDep,
    csrf: CsrfDep,
    handling: HandlingDep,
    saksbehandler: Annotated[str, Form()] = "",
) -> Response:
    """Assign the case to a sekretariat user (or to nobody)."""
    try:
        valgt = tildel(handling, sak_id, saksbehandler)
    except Saksfeil as feil:
        innsendt = {"saksbehandler": saksbehandler, "saksbehandlerfeil": str(feil)}
        return sakside(request, app, handling, bruker, csrf, sak_id,
                       saksbehandling=innsendt, status=skjemastatus(feil))  # fmt: skip
    lagret = "saksbehandler" if valgt else "uten_saksbehandler"
    return RedirectResponse(f"/saker/{sak_id}?lagret={lagret}", status_code=303)


@ruter.post("/saker/{sak_id}/notat", dependencies=[Depends(sjekk_csrf)])
def notat(
    request: Request,
    sak_id: SakId,
    app: AppDep,
    bruker: BrukerDep,
    csrf: CsrfDep,
    handling: HandlingDep,
    notat: Annotated[str, Form()] = "",
) -> Response:
    """Add an internal note to the case; what was written is kept on a refusal."""
    try:
        nytt_notat(handling, sak_id, notat)
    except Saksfeil as feil:
        innsendt = {"notat": notat, "notatfeil": str(getattr(feil, "melding", feil))}
        return sakside(request, app, handling, bruker, csrf, sak_id,
                       saksbehandling=innsendt, status=skjemastatus(feil))  # fmt: skip
    return RedirectResponse(f"/saker/{sak_id}?lagret=notat#notater", status_code=303)
