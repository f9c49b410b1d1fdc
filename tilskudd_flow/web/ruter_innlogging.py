"""Log in and out with a local account."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from tilskudd_flow.bootstrap import App
from tilskudd_flow.domain.feil import IkkeTillatt
from tilskudd_flow.kontoer.handlinger import avslutt_okt
from tilskudd_flow.kontoer.innloggingsvern import ForMangeForsok, logg_inn_med_vern
from tilskudd_flow.web.avhengigheter import (
    AppDep,
    CsrfDep,
    innloggingsforsok,
    oktvarighet,
    side,
    signatur,
    sjekk_csrf,
)
from tilskudd_flow.web.sikkerhet import FOROKTCOOKIE, OKTCOOKIE

ruter = APIRouter()
# Where the browser goes after the local logout to log out at the OIDC provider too, with
# the session's sealed ID token in a short cookie for that one path.
UTLOGGING = "/logg-inn/oidc/utlogging"
UTLOGGINGSCOOKIE = "tilskudd_utlogging"


@ruter.get("/logg-inn")
def innloggingsside(
    request: Request, app: AppDep, csrf: CsrfDep, neste: str = "/", passord_satt: str = ""
) -> Response:
    """The login form (after a new password: with a note and the user name filled in)."""
    kontekst = _kontekst(app, neste, feil="", passord_satt=passord_satt, brukernavn=passord_satt)
    return side(request, "innlogging.html", kontekst, csrf=csrf)


@ruter.post("/logg-inn", dependencies=[Depends(sjekk_csrf)])
def logg_inn_(
    request: Request,
    app: AppDep,
    csrf: CsrfDep,
    brukernavn: Annotated[str, Form()] = "",
    passord: Annotated[str, Form()] = "",
    neste: Annotated[str, Form()] = "/",
) -> Response:
    """Check the password and start a session (throttled per account name and address)."""
    try:
        token = logg_inn_med_vern(app.uow(), innloggingsforsok(request, app, brukernavn, passord),
                                  app.innstillinger.web.innloggingsvern)  # fmt: skip
    except IkkeTillatt as feil:
        kontekst = _kontekst(app, neste, feil=str(feil), brukernavn=brukernavn)
        sperret = feil if isinstance(feil, ForMangeForsok) else None
        svar = side(request, "innlogging.html", kontekst, csrf=csrf, status=429 if sperret else 400)
        if sperret is not None:
            svar.headers["Retry-After"] = str(sperret.sekunder)
        return svar
    return start_okt(request, app, token, neste)


def start_okt(request: Request, app: App, token: str, neste: str) -> RedirectResponse:
    """Hand the new session to the browser (any way of logging in) and go on to `neste`."""
    svar = RedirectResponse(trygg_neste(neste), status_code=303)
    svar.set_cookie(
        OKTCOOKIE,
        signatur(request).signer(token),
        httponly=True,
        samesite="lax",
        secure=app.innstillinger.https,
        max_age=int(oktvarighet(app).total_seconds()),
    )
    # The session's own CSRF tokens take over; the pre-session's must not outlive the login.
    svar.delete_cookie(FOROKTCOOKIE, httponly=True, samesite="lax", secure=app.innstillinger.https)
    return svar


@ruter.post("/logg-ut", dependencies=[Depends(sjekk_csrf)])
def logg_ut_(request: Request, app: AppDep) -> Response:
    """End the session on the server and forget the cookie; then, after an OIDC login, on
    to log out at the provider too."""
    token = signatur(request).les(request.cookies.get(OKTCOOKIE))
    id_token = avslutt_okt(app.uow, token, app.miljo.klokke.now()) if token else None
    https = app.innstillinger.https
    if id_token and app.innstillinger.oidc.aktiv:
        svar = RedirectResponse(UTLOGGING, status_code=303)
        svar.set_cookie(UTLOGGINGSCOOKIE, id_token, max_age=300, path=UTLOGGING, httponly=True,
                        samesite="lax", secure=https)  # fmt: skip
    else:
        svar = RedirectResponse("/logg-inn", status_code=303)
    svar.delete_cookie(OKTCOOKIE, httponly=True, samesite="lax", secure=https)
    return svar


def trygg_neste(neste: str) -> str:
    """Only paths on this site: a login link cannot send users elsewhere."""
    # Browsers read /\host like //host: another site.
    return neste if neste.startswith("/") and not neste.startswith(("//", "/\\")) else "/"


def _kontekst(app: App, neste: str, **felt: str) -> dict[str, str]:
    oidc = app.innstillinger.oidc
    knapp = oidc.knappetekst if oidc.aktiv else ""
    return {"neste": trygg_neste(neste), "oidc_knapp": knapp, **felt}
