"""The start page, the årshjul, the outbox and a health check."""

from __future__ import annotations

from fastapi import APIRouter, Depends, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.responses import PlainTextResponse, Response

from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.domain.tid import dato_i_oslo
from tilskudd_flow.service.bilder import aarets_tidslinje
from tilskudd_flow.service.frister import list_frister, vis
from tilskudd_flow.service.kalenderabonnement import (
    aarshjul_kalender,
    bruker_for_kalender,
    kalenderadresse,
    ny_kalenderadresse,
)
from tilskudd_flow.service.rundestatus import rundestatus
from tilskudd_flow.service.sporring import list_utboks, saker_med_neste_steg
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
from tilskudd_flow.web.parametre import RadId
from tilskudd_flow.web.sikkerhet import hemmelighet

ruter = APIRouter()
FORSIDE_SOKNADER = 20


@ruter.get("/")
def start(request: Request, app: AppDep, bruker: BrukerDep, csrf: CsrfDep) -> Response:
    """Applicants start at the open round and their søknader; everyone else at the case list."""
    if bruker.intern or Rolle.SOKER not in bruker.roller:
        return RedirectResponse("/saker", status_code=303)
    with app.uow(skriv=False) as uow:
        aktor = hent_aktor(uow.session, bruker.brukernavn)
        runde = rundestatus(uow.session, bruker.helsefellesskap_id, app.miljo.klokke.now())
        soknader = saker_med_neste_steg(uow.session, app.miljo.register, aktor,
                                        workflow="rs_soknad", antall=FORSIDE_SOKNADER)  # fmt: skip
    kontekst = {"bruker": bruker, "runde": runde, "soknader": soknader,
                "flere": len(soknader) == FORSIDE_SOKNADER}  # fmt: skip
    return side(request, "forside.html", kontekst, csrf=csrf)


@ruter.get("/helse")
def helse(app: AppDep) -> Response:
    """Liveness: the database answers."""
    with app.uow(skriv=False) as uow:
        uow.session.connection()
    return PlainTextResponse("ok")


@ruter.get("/aarshjul")
def aarshjul(
    request: Request, app: AppDep, bruker: BrukerDep, csrf: CsrfDep, ny_adresse: str = ""
) -> Response:
    """The year's deadlines, month by month, and the user's calendar feed address."""
    aar = dato_i_oslo(app.miljo.klokke.now()).year
    with app.uow(skriv=False) as uow:
        frister = [vis(f) for f in list_frister(uow.session, bruker.helsefellesskap_id)]
        aktor = hent_aktor(uow.session, bruker.brukernavn)
        adresse = kalenderadresse(app.innstillinger, hemmelighet(app.innstillinger), aktor)
        tidslinje, _ = aarets_tidslinje(uow.session, bruker.helsefellesskap_id, aar)
    kontekst = {"bruker": bruker, "frister": frister, "kalenderadresse": adresse,
                "ny_adresse": ny_adresse == "1", "aar": aar, "tidslinje": tidslinje}  # fmt: skip
    return side(request, "aarshjul.html", kontekst, csrf=csrf)


@ruter.post("/aarshjul/ny-kalenderadresse", dependencies=[Depends(sjekk_csrf)])
def ny_adresse(app: AppDep, bruker: BrukerDep) -> Response:
    """A new secret feed address; the old one stops working."""
    with app.uow() as uow:
        ny_kalenderadresse(uow.session, hent_aktor(uow.session, bruker.brukernavn),
                           app.miljo.klokke.now())  # fmt: skip
        uow.commit()
    return RedirectResponse("/aarshjul?ny_adresse=1", status_code=303)


@ruter.get("/kalender/{bruker_id}/{token}.ics")
def kalender(bruker_id: RadId, token: str, app: AppDep) -> Response:
    """The årshjul for calendar programs, which cannot log in: the address is the key."""
    with app.uow(skriv=False) as uow:
        bruker = bruker_for_kalender(uow.session, hemmelighet(app.innstillinger), bruker_id,
                                     token)  # fmt: skip
        if bruker is None:
            raise HTTPException(404, "Ukjent eller utgått kalenderadresse")
        hf_id, naa = bruker.helsefellesskap_id, app.miljo.klokke.now()
        innhold, _ = aarshjul_kalender(uow.session, app.innstillinger, hf_id, naa)
    return Response(innhold, media_type="text/calendar; charset=utf-8",
                    headers={"Cache-Control": "private, max-age=900"})  # fmt: skip


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
def send_igjen_(melding_id: RadId, app: AppDep, bruker: BrukerDep) -> Response:
    """Put a failed or dead e-mail back in the queue."""
    with app.uow() as uow:
        aktor = hent_aktor(uow.session, bruker.brukernavn)
        send_igjen(uow.session, aktor=aktor, melding_id=melding_id, naa=app.miljo.klokke.now())
        uow.commit()
    return RedirectResponse("/utboks", status_code=303)
