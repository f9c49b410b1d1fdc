"""Forgotten passwords and the one-time links from invitation and reset e-mails."""

from __future__ import annotations

from typing import Annotated
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from tilskudd_flow.domain.feil import IkkeTillatt, UgyldigFelt
from tilskudd_flow.kontoer import handlinger as kontoer
from tilskudd_flow.kontoer.innlogging import MINSTE_LENGDE
from tilskudd_flow.web.avhengigheter import AppDep, CsrfDep, feilside, side, sjekk_csrf
from tilskudd_flow.web.feilsvar import skjemastatus

ruter = APIRouter()
_ETIKETTER = {"passord": "Passordet", "gjenta": "Passordet"}


@ruter.get("/glemt-passord")
def glemt_passord(request: Request, app: AppDep, csrf: CsrfDep) -> Response:
    """Ask for a reset link."""
    return side(request, "glemt_passord.html", _glemt(app, sendt=False), csrf=csrf)


@ruter.post("/glemt-passord", dependencies=[Depends(sjekk_csrf)])
def be_om_lenke(
    request: Request,
    app: AppDep,
    csrf: CsrfDep,
    brukernavn_eller_epost: Annotated[str, Form()] = "",
) -> Response:
    """The same answer whether or not the account exists."""
    kontoer.send_tilbakestillingslenke(app.uow, app.miljo, brukernavn_eller_epost)
    return side(request, "glemt_passord.html", _glemt(app, sendt=True), csrf=csrf)


@ruter.get("/konto/lenke/{token}")
def velg_passord(request: Request, token: str, app: AppDep, csrf: CsrfDep) -> Response:
    """The page an invitation or reset e-mail links to."""
    try:
        innehaver = kontoer.lenkens_innehaver(app.uow, token, app.miljo.klokke.now())
    except IkkeTillatt as feil:
        return _ugyldig(request, str(feil))
    return _skjema(request, csrf, token, innehaver, {}, id_porten=_id_porten(app, token))


@ruter.post("/konto/lenke/{token}", dependencies=[Depends(sjekk_csrf)])
def lagre_passord(
    request: Request,
    token: str,
    app: AppDep,
    csrf: CsrfDep,
    passord: Annotated[str, Form()] = "",
    gjenta: Annotated[str, Form()] = "",
) -> Response:
    """Set the password and go on to log in with it."""
    naa = app.miljo.klokke.now()
    try:
        innehaver = kontoer.lenkens_innehaver(app.uow, token, naa)
        kontoer.velg_passord(app.uow, token=token, passord=passord, gjenta=gjenta, naa=naa)
    except IkkeTillatt as feil:
        return _ugyldig(request, str(feil))
    except UgyldigFelt as feil:
        melding = f"{_ETIKETTER.get(feil.felt, feil.felt)} {feil.melding}"
        return _skjema(request, csrf, token, innehaver, {feil.felt: melding},
                       status=skjemastatus(feil), id_porten=_id_porten(app, token))  # fmt: skip
    return RedirectResponse(f"/logg-inn?passord_satt={innehaver.brukernavn}", status_code=303)


def _id_porten(app: AppDep, token: str) -> tuple[str, str] | None:
    """Where the link's holder binds their account to ID-porten instead (button text, URL)."""
    oidc = app.innstillinger.oidc
    if not (oidc.aktiv and oidc.knytter_pid):
        return None
    return oidc.knappetekst, f"/logg-inn/oidc?{urlencode({'knytt': token})}"


def _glemt(app: AppDep, *, sendt: bool) -> dict[str, object]:
    timer = app.innstillinger.web.nytt_passord_timer
    return {"sendt": sendt, "timer": f"{timer:g}", "feil": {}, "verdier": {}}


def _skjema(
    request: Request,
    csrf: CsrfDep,
    token: str,
    innehaver: object,
    feil: dict[str, str],
    *,
    status: int = 200,
    id_porten: tuple[str, str] | None = None,
) -> Response:
    kontekst = {"token": token, "innehaver": innehaver, "feil": feil, "verdier": {},
                "minste_lengde": MINSTE_LENGDE, "id_porten": id_porten}  # fmt: skip
    svar = side(request, "velg_passord.html", kontekst, csrf=csrf, status=status)
    svar.headers["Cache-Control"] = "no-store"
    return svar


def _ugyldig(request: Request, melding: str) -> Response:
    return feilside(request, 410, "Lenken virker ikke", melding, lenke=("/glemt-passord",
                    "Be om en ny lenke"))  # fmt: skip
