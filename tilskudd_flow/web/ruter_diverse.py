"""The start page, the årshjul, the outbox and a health check."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from starlette.responses import PlainTextResponse, Response

from tilskudd_flow.service.frister import list_frister, vis
from tilskudd_flow.service.sporring import list_utboks
from tilskudd_flow.service.tilgang import hent_aktor
from tilskudd_flow.service.utboks import send_igjen
from tilskudd_flow.web.avhengigheter import (
    AppDep,
    BrukerDep,
    CsrfDep,
    krev_intern,
    side,
    sjekk_csrf,
)

ruter = APIRouter()


@ruter.get("/")
def start(bruker: BrukerDep) -> Response:
    """Everyone starts at the case list they may see."""
    return RedirectResponse("/saker", status_code=303)


@ruter.get("/helse")
def helse(app: AppDep) -> Response:
    """Liveness: the database answers."""
    with app.uow(skriv=False) as uow:
        uow.session.connection()
    return PlainTextResponse("ok")


@ruter.get("/aarshjul")
def aarshjul(request: Request, app: AppDep, bruker: BrukerDep, csrf: CsrfDep) -> Response:
    """The year's deadlines, month by month."""
    with app.uow(skriv=False) as uow:
        frister = [vis(f) for f in list_frister(uow.session, bruker.helsefellesskap_id)]
    return side(request, "aarshjul.html", {"bruker": bruker, "frister": frister}, csrf=csrf)


@ruter.get("/utboks")
def utboks(
    request: Request, app: AppDep, bruker: BrukerDep, csrf: CsrfDep, status: str = ""
) -> Response:
    """The outbox: what is waiting, sent, failed or dead; re-send failed ones."""
    krev_intern(bruker)
    with app.uow(skriv=False) as uow:
        aktor = hent_aktor(uow.session, bruker.brukernavn)
        meldinger = [
            m.model_dump(exclude={"tekst", "html"}) for m in list_utboks(uow.session, aktor)
        ]
    if status:
        meldinger = [m for m in meldinger if m["status"] == status]
    kontekst = {"bruker": bruker, "meldinger": meldinger[-200:][::-1], "status": status}
    return side(request, "utboks.html", kontekst, csrf=csrf)


@ruter.post("/utboks/{melding_id}/send-igjen", dependencies=[Depends(sjekk_csrf)])
def send_igjen_(melding_id: int, app: AppDep, bruker: BrukerDep) -> Response:
    """Put a failed or dead e-mail back in the queue."""
    with app.uow() as uow:
        aktor = hent_aktor(uow.session, bruker.brukernavn)
        send_igjen(uow.session, aktor=aktor, melding_id=melding_id, naa=app.miljo.klokke.now())
        uow.commit()
    return RedirectResponse("/utboks", status_code=303)
