"""Invite a person at another party of a joint søknad to write it together."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from tilskudd_flow.domain.feil import UgyldigFelt
from tilskudd_flow.motor.handling import Handling
from tilskudd_flow.soknader.handlinger import medsokerskjemaet
from tilskudd_flow.soknader.medsoker import inviter_medsoker
from tilskudd_flow.web.avhengigheter import (
    AppDep,
    BrukerDep,
    CsrfDep,
    HandlingDep,
    Innlogget,
    side,
    sjekk_csrf,
)
from tilskudd_flow.web.feilsvar import skjemastatus
from tilskudd_flow.web.parametre import SakId, heltall

ruter = APIRouter()
_ETIKETTER = {"part": "Part", "navn": "Navn", "epost": "E-post"}
_UTFALL = {
    "varslet": "{epost} har fått e-post med lenke til utkastet.",
    "konto_bedt_om": "{epost} har ingen bruker ennå. Sekretariatet har fått beskjed om å "
    "invitere personen; du får ikke selv lage brukere for andre parter.",
}


@ruter.get("/soknader/{sak_id}/medsoker")
def medsoker(
    request: Request,
    sak_id: SakId,
    bruker: BrukerDep,
    csrf: CsrfDep,
    handling: HandlingDep,
    utfall: str = "",
    epost: str = "",
) -> Response:
    """The invitation form, and what happened to the last invitation."""
    melding = _UTFALL.get(utfall, "").format(epost=epost)
    return _side(request, handling, bruker, csrf, sak_id, {"melding": melding})


@ruter.post("/soknader/{sak_id}/medsoker", dependencies=[Depends(sjekk_csrf)])
def inviter(
    request: Request,
    sak_id: SakId,
    app: AppDep,
    bruker: BrukerDep,
    csrf: CsrfDep,
    handling: HandlingDep,
    part: Annotated[str, Form()] = "",
    navn: Annotated[str, Form()] = "",
    epost: Annotated[str, Form()] = "",
) -> Response:
    """Tell the invitee, or ask the sekretariat for an account."""
    verdier = {"part": part, "navn": navn, "epost": epost}
    try:
        utfall = inviter_medsoker(sak_id, part_id=heltall(part) or 0, navn=navn,
                                  epost=epost, uow=app.uow(), miljo=app.miljo,
                                  brukernavn=bruker.brukernavn)  # fmt: skip
    except UgyldigFelt as feil:
        meldinger = {f: f"{_ETIKETTER.get(f, f)}: {t}" for f, t in feil.alle.items()}
        kontekst = {"feil": meldinger, "verdier": verdier}
        return _side(request, handling, bruker, csrf, sak_id, kontekst, status=skjemastatus(feil))
    sporring = f"utfall={utfall}&epost={epost.strip().lower()}"
    return RedirectResponse(f"/soknader/{sak_id}/medsoker?{sporring}", status_code=303)


def _side(
    request: Request,
    handling: Handling,
    bruker: Innlogget,
    csrf: CsrfDep,
    sak_id: int,
    kontekst: dict[str, Any],
    *,
    status: int = 200,
) -> Response:
    skjema = medsokerskjemaet(handling, sak_id)
    return side(request, "medsoker.html", {
        "bruker": bruker, "sak_id": sak_id, "prosjektnavn": skjema.prosjektnavn,
        "parter": skjema.parter, "feil": {}, "verdier": {}, "melding": "", **kontekst,
    }, csrf=csrf, status=status)  # fmt: skip
