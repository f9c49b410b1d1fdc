"""The start page, the årshjul, the outbox and a health check."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, HTTPException, Request
from fastapi.responses import RedirectResponse
from starlette.responses import PlainTextResponse, Response

from tilskudd_flow.domain.feil import UgyldigFelt
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.domain.mottaker import mottakerfeil, paa_en_linje
from tilskudd_flow.domain.tid import dato_i_oslo
from tilskudd_flow.motor.frister import synlige_frister, vis
from tilskudd_flow.motor.kalenderabonnement import (
    aarshjul_kalender,
    bruker_for_kalender,
    kalenderadresse,
    ny_kalenderadresse,
)
from tilskudd_flow.motor.sporring import list_utboks, saker_med_neste_steg, vis_utboksmelding
from tilskudd_flow.motor.tilgang import hent_aktor
from tilskudd_flow.motor.utboks import forkast, rett_mottaker, send_igjen
from tilskudd_flow.soknader.bilder import aarets_tidslinje
from tilskudd_flow.soknader.rundestatus import rundestatus
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
from workflows import rs_soknad

ruter = APIRouter()
FORSIDE_SOKNADER = 20
_ETIKETTER = {"adresse": "E-postadresse", "navn": "Navn"}
# What the e-mail's page confirms after a change (fixed sentences, chosen by the URL).
_UTFORT = {
    "rettet": "Mottakeren er rettet, og e-posten er lagt i køen igjen.",
    "forkastet": "E-posten er forkastet og blir ikke sendt.",
}


@ruter.get("/")
def start(request: Request, app: AppDep, bruker: BrukerDep, csrf: CsrfDep) -> Response:
    """Applicants start at the open round and their søknader; everyone else at the case list."""
    if bruker.intern or Rolle.SOKER not in bruker.roller:
        return RedirectResponse("/saker", status_code=303)
    with app.uow(skriv=False) as uow:
        aktor = hent_aktor(uow.session, bruker.brukernavn)
        runde = rundestatus(uow.session, bruker.helsefellesskap_id, app.miljo.klokke.now())
        soknader = saker_med_neste_steg(uow.session, app.miljo.register, aktor,
                                        workflow=rs_soknad.NAVN,
                                        antall=FORSIDE_SOKNADER)  # fmt: skip
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
    register = app.miljo.register
    with app.uow(skriv=False) as uow:
        aktor = hent_aktor(uow.session, bruker.brukernavn)
        frister = [vis(f) for f in synlige_frister(uow.session, register, aktor)]
        adresse = kalenderadresse(app.innstillinger, hemmelighet(app.innstillinger), aktor)
        tidslinje, _ = aarets_tidslinje(uow.session, register, aktor, aar)
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
        innhold, _ = aarshjul_kalender(uow.session, app.innstillinger, app.miljo.register,
                                       bruker, app.miljo.klokke.now())  # fmt: skip
    return Response(innhold, media_type="text/calendar; charset=utf-8",
                    headers={"Cache-Control": "private, max-age=900"})  # fmt: skip


@ruter.get("/utboks")
def utboks(
    request: Request, app: AppDep, bruker: BrukerDep, csrf: CsrfDep, status: str = ""
) -> Response:
    """The outbox: what is waiting, sent, failed, dead or dropped, and why it stopped."""
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


@ruter.get("/utboks/{melding_id}")
def utboksmelding(
    request: Request,
    melding_id: RadId,
    app: AppDep,
    bruker: BrukerDep,
    csrf: CsrfDep,
    utfort: str = "",
) -> Response:
    """One e-mail: to whom, why it stopped, and the forms to correct or drop it."""
    krev_intern(bruker)
    return _utboksside(request, app, bruker, csrf, melding_id, utfort=utfort)


@ruter.post("/utboks/{melding_id}/send-igjen", dependencies=[Depends(sjekk_csrf)])
def send_igjen_(melding_id: RadId, app: AppDep, bruker: BrukerDep) -> Response:
    """Put a failed or dead e-mail back in the queue."""
    with app.uow() as uow:
        aktor = hent_aktor(uow.session, bruker.brukernavn)
        send_igjen(uow.session, aktor=aktor, melding_id=melding_id, naa=app.miljo.klokke.now())
        uow.commit()
    return RedirectResponse("/utboks", status_code=303)


@ruter.post("/utboks/{melding_id}/rett", dependencies=[Depends(sjekk_csrf)])
def rett(
    request: Request,
    melding_id: RadId,
    app: AppDep,
    bruker: BrukerDep,
    csrf: CsrfDep,
    adresse: Annotated[str, Form()] = "",
    navn: Annotated[str, Form()] = "",
) -> Response:
    """Correct the recipient of a failed or dead e-mail; it goes in the queue again."""
    try:
        with app.uow() as uow:
            aktor = hent_aktor(uow.session, bruker.brukernavn)
            rett_mottaker(uow.session, aktor=aktor, melding_id=melding_id, adresse=adresse,
                          navn=navn, naa=app.miljo.klokke.now())  # fmt: skip
            uow.commit()
    except UgyldigFelt as feil:
        feltfeil = {f: f"{_ETIKETTER[f]}: {tekst}" for f, tekst in feil.alle.items()}
        return _utboksside(request, app, bruker, csrf, melding_id, feil=feltfeil,
                           verdier={"adresse": adresse, "navn": navn})  # fmt: skip
    return RedirectResponse(f"/utboks/{melding_id}?utfort=rettet", status_code=303)


@ruter.post("/utboks/{melding_id}/forkast", dependencies=[Depends(sjekk_csrf)])
def forkast_(
    request: Request,
    melding_id: RadId,
    app: AppDep,
    bruker: BrukerDep,
    csrf: CsrfDep,
    bekreft: Annotated[str, Form()] = "",
) -> Response:
    """Drop a failed or dead e-mail for good, once the box is ticked."""
    if bekreft != "ja":
        feil = {"bekreft": "Kryss av for at e-posten skal forkastes"}
        return _utboksside(request, app, bruker, csrf, melding_id, feil=feil)
    with app.uow() as uow:
        aktor = hent_aktor(uow.session, bruker.brukernavn)
        forkast(uow.session, aktor=aktor, melding_id=melding_id, naa=app.miljo.klokke.now())
        uow.commit()
    return RedirectResponse(f"/utboks/{melding_id}?utfort=forkastet", status_code=303)


def _utboksside(
    request: Request,
    app: AppDep,
    bruker: BrukerDep,
    csrf: CsrfDep,
    melding_id: int,
    *,
    utfort: str = "",
    feil: dict[str, str] | None = None,
    verdier: dict[str, str] | None = None,
) -> Response:
    with app.uow(skriv=False) as uow:
        melding = vis_utboksmelding(uow.session, app.miljo.register,
                                    hent_aktor(uow.session, bruker.brukernavn),
                                    melding_id)  # fmt: skip
    kontekst = {"bruker": bruker, "m": melding, "feil": feil or {},
                "utfort": _UTFORT.get(utfort, ""), "sekretariat": _kan_behandle(bruker),
                # Unchanged, a name or address that cannot be sent fails again: no such button.
                "uendret": mottakerfeil(melding["til_navn"], melding["til_adresse"]) is None,
                "verdier": verdier or {"adresse": paa_en_linje(melding["til_adresse"]),
                                       "navn": paa_en_linje(melding["til_navn"])}}  # fmt: skip
    return side(request, "utboksmelding.html", kontekst, csrf=csrf, status=400 if feil else 200)


def _kan_behandle(bruker: BrukerDep) -> bool:
    return bool({Rolle.SEKRETARIAT, Rolle.ADMIN} & set(bruker.roller))
