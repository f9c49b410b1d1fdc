"""The start page, the årshjul, the outbox and a health check."""

from __future__ import annotations

from functools import partial
from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from starlette.responses import PlainTextResponse, Response

from tilskudd_flow.domain.feil import UgyldigFelt
from tilskudd_flow.domain.kodeverk import OutboxStatus, Rolle
from tilskudd_flow.domain.mottaker import mottakerfeil, paa_en_linje
from tilskudd_flow.domain.tid import dato_i_oslo, norsk_dato
from tilskudd_flow.motor.handling import Handling
from tilskudd_flow.motor.handlinger import (
    bytt_kalenderadresse,
    database_svarer,
    epostmal_med_eksempel,
    epostmalene,
    forkast_utboksmelding,
    kalenderfeed,
    rett_utboksmottaker,
    send_utboksmelding_igjen,
    utboksmeldingen,
    utbokssiden,
)
from tilskudd_flow.soknader.handlinger import aarshjulet, forsiden
from tilskudd_flow.web.avhengigheter import (
    AppDep,
    BrukerDep,
    CsrfDep,
    HandlingDep,
    Innlogget,
    krev_intern,
    side,
    sjekk_csrf,
)
from tilskudd_flow.web.feilsvar import SKJEMAFEIL, skjemastatus
from tilskudd_flow.web.parametre import RadId, Tekstfilter
from tilskudd_flow.web.sikkerhet import Csrfvakt, hemmelighet

ruter = APIRouter()
# The e-mail's own HTML runs nothing and loads nothing, and only our page may frame it.
EPOSTRAMME = {
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
    "frame-ancestors 'self'; sandbox",
    "X-Frame-Options": "SAMEORIGIN",
}
FORSIDE_SOKNADER = 20
_ETIKETTER = {"adresse": "E-postadresse", "navn": "Navn"}
# What the e-mail's page confirms after a change (fixed sentences, chosen by the URL).
_UTFORT = {
    "rettet": "Mottakeren er rettet, og e-posten er lagt i køen igjen.",
    "forkastet": "E-posten er forkastet og blir ikke sendt.",
}


@ruter.get("/")
def start(request: Request, bruker: BrukerDep, csrf: CsrfDep, handling: HandlingDep) -> Response:
    """Applicants start at the open round and their søknader; everyone else at the case list."""
    if bruker.intern or Rolle.SOKER not in bruker.roller:
        return RedirectResponse("/saker", status_code=303)
    forside = forsiden(handling, FORSIDE_SOKNADER)
    kontekst = {"bruker": bruker, "runde": forside.runde, "soknader": forside.soknader,
                "flere": len(forside.soknader) == FORSIDE_SOKNADER}  # fmt: skip
    return side(request, "forside.html", kontekst, csrf=csrf)


@ruter.get("/helse")
def helse(app: AppDep) -> Response:
    """Liveness: the database answers."""
    database_svarer(app.uow)
    return PlainTextResponse("ok")


@ruter.get("/aarshjul")
def aarshjul(
    request: Request,
    app: AppDep,
    bruker: BrukerDep,
    csrf: CsrfDep,
    handling: HandlingDep,
    ny_adresse: str = "",
) -> Response:
    """The coming year's deadlines on a wheel, all deadlines as a table, and the feed address."""
    idag = dato_i_oslo(app.miljo.klokke.now())
    hjul = aarshjulet(handling, hemmelighet=hemmelighet(app.innstillinger), idag=idag)
    kontekst = {"bruker": bruker, "frister": hjul.frister,
                "kalenderadresse": hjul.kalenderadresse, "ny_adresse": ny_adresse == "1",
                "idag_vist": norsk_dato(idag), "hjul": hjul.hjul,
                "kommende": hjul.kommende}  # fmt: skip
    return side(request, "aarshjul.html", kontekst, csrf=csrf)


@ruter.post("/aarshjul/ny-kalenderadresse", dependencies=[Depends(sjekk_csrf)])
def ny_adresse(handling: HandlingDep) -> Response:
    """A new secret feed address; the old one stops working."""
    bytt_kalenderadresse(handling)
    return RedirectResponse("/aarshjul?ny_adresse=1", status_code=303)


@ruter.get("/kalender/{bruker_id}/{token}.ics")
def kalender(bruker_id: RadId, token: str, app: AppDep) -> Response:
    """The årshjul for calendar programs, which cannot log in: the address is the key."""
    innhold = kalenderfeed(app.uow, app.miljo, app.innstillinger,
                           hemmelighet=hemmelighet(app.innstillinger), bruker_id=bruker_id,
                           token=token)  # fmt: skip
    return Response(innhold, media_type="text/calendar; charset=utf-8",
                    headers={"Cache-Control": "private, max-age=900"})  # fmt: skip


@ruter.get("/utboks")
def utboks(
    request: Request,
    bruker: BrukerDep,
    csrf: CsrfDep,
    handling: HandlingDep,
    status: str = "",
    sok: Tekstfilter = "",
    side_: Annotated[str, Query(alias="side")] = "1",
) -> Response:
    """The outbox: one row per sending, its recipients and what happened to each."""
    krev_intern(bruker)
    valgt = OutboxStatus(status) if status in set(OutboxStatus) else None
    oversikt = utbokssiden(handling, sok=sok[:200], status=valgt, side=_sidetall(side_))
    kontekst = {"bruker": bruker, "o": oversikt, "status": valgt or "", "sok": sok[:200],
                "lenke": partial(_utbokslenke, sok=sok[:200], valgt=valgt or "")}  # fmt: skip
    return side(request, "utboks.html", kontekst, csrf=csrf)


@ruter.get("/epostmaler")
def epostmaler(
    request: Request, bruker: BrukerDep, csrf: CsrfDep, handling: HandlingDep, mal: str = ""
) -> Response:
    """Every e-mail template; the chosen one filled with sample data, as recipients see it."""
    krev_intern(bruker)
    valgt = epostmal_med_eksempel(handling, mal) if mal else None
    maler = epostmalene(handling)
    malnavn = dict(maler).get(mal, mal)
    kontekst = {"bruker": bruker, "maler": maler, "mal": mal, "malnavn": malnavn, "valgt": valgt}
    return side(request, "epostmaler.html", kontekst, csrf=csrf)


@ruter.get("/epostmaler/html")
def epostmal_html(bruker: BrukerDep, handling: HandlingDep, mal: str = "") -> Response:
    """The template's HTML with sample data, for the frame on the preview page."""
    krev_intern(bruker)
    return HTMLResponse(epostmal_med_eksempel(handling, mal).html, headers=EPOSTRAMME)


@ruter.get("/utboks/{melding_id}")
def utboksmelding(
    request: Request,
    melding_id: RadId,
    bruker: BrukerDep,
    csrf: CsrfDep,
    handling: HandlingDep,
    utfort: str = "",
) -> Response:
    """One e-mail: to whom, why it stopped, and the forms to correct or drop it."""
    krev_intern(bruker)
    return _utboksside(request, handling, bruker, csrf, melding_id, utfort=utfort)


@ruter.get("/utboks/{melding_id}/html")
def utboksmelding_html(melding_id: RadId, bruker: BrukerDep, handling: HandlingDep) -> Response:
    """The HTML body as the recipient sees it, for the frame on the e-mail's page."""
    krev_intern(bruker)
    melding = utboksmeldingen(handling, melding_id)
    return HTMLResponse(melding["html"], headers=EPOSTRAMME)


@ruter.post("/utboks/{melding_id}/send-igjen", dependencies=[Depends(sjekk_csrf)])
def send_igjen_(melding_id: RadId, handling: HandlingDep) -> Response:
    """Put a failed or dead e-mail back in the queue."""
    send_utboksmelding_igjen(handling, melding_id)
    return RedirectResponse("/utboks", status_code=303)


@ruter.post("/utboks/{melding_id}/rett", dependencies=[Depends(sjekk_csrf)])
def rett(
    request: Request,
    melding_id: RadId,
    bruker: BrukerDep,
    csrf: CsrfDep,
    handling: HandlingDep,
    adresse: Annotated[str, Form()] = "",
    navn: Annotated[str, Form()] = "",
) -> Response:
    """Correct the recipient of a failed or dead e-mail; it goes in the queue again."""
    try:
        rett_utboksmottaker(handling, melding_id, adresse=adresse, navn=navn)
    except UgyldigFelt as feil:
        feltfeil = {f: f"{_ETIKETTER[f]}: {tekst}" for f, tekst in feil.alle.items()}
        return _utboksside(request, handling, bruker, csrf, melding_id, feil=feltfeil,
                           verdier={"adresse": adresse, "navn": navn},
                           status=skjemastatus(feil))  # fmt: skip
    return RedirectResponse(f"/utboks/{melding_id}?utfort=rettet", status_code=303)


@ruter.post("/utboks/{melding_id}/forkast", dependencies=[Depends(sjekk_csrf)])
def forkast_(
    request: Request,
    melding_id: RadId,
    bruker: BrukerDep,
    csrf: CsrfDep,
    handling: HandlingDep,
    bekreft: Annotated[str, Form()] = "",
) -> Response:
    """Drop a failed or dead e-mail for good, once the box is ticked."""
    if bekreft != "ja":
        feil = {"bekreft": "Kryss av for at e-posten skal forkastes"}
        return _utboksside(request, handling, bruker, csrf, melding_id, feil=feil,
                           status=SKJEMAFEIL)  # fmt: skip
    forkast_utboksmelding(handling, melding_id)
    return RedirectResponse(f"/utboks/{melding_id}?utfort=forkastet", status_code=303)


def _utboksside(
    request: Request,
    handling: Handling,
    bruker: Innlogget,
    csrf: Csrfvakt,
    melding_id: int,
    *,
    utfort: str = "",
    feil: dict[str, str] | None = None,
    verdier: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    melding = utboksmeldingen(handling, melding_id)
    kontekst = {"bruker": bruker, "m": melding, "feil": feil or {},
                "utfort": _UTFORT.get(utfort, ""), "sekretariat": _kan_behandle(bruker),
                # Unchanged, a name or address that cannot be sent fails again: no such button.
                "uendret": mottakerfeil(melding["til_navn"], melding["til_adresse"]) is None,
                "verdier": verdier or {"adresse": paa_en_linje(melding["til_adresse"]),
                                       "navn": paa_en_linje(melding["til_navn"])}}  # fmt: skip
    return side(request, "utboksmelding.html", kontekst, csrf=csrf, status=status)


def _utbokslenke(side_nr: int, status: str | None = None, *, sok: str, valgt: str = "") -> str:
    """The outbox's address with the search, a status (this page's unless given) and a page."""
    return _utboksadresse(side_nr, valgt if status is None else status, sok)


def _utboksadresse(side_nr: int, status: str, sok: str) -> str:
    parametre = {"status": status, "sok": sok, "side": str(side_nr) if side_nr > 1 else ""}
    spor = urlencode({k: v for k, v in parametre.items() if v})
    return f"/utboks?{spor}" if spor else "/utboks"


def _sidetall(tekst: str) -> int:
    """A page number from the URL; anything else is the first page (a link, never a form)."""
    return int(tekst) if tekst.isdigit() and len(tekst) < 7 else 1


def _kan_behandle(bruker: Innlogget) -> bool:
    return bool({Rolle.SEKRETARIAT, Rolle.ADMIN} & set(bruker.roller))
