"""The web app: FastAPI with server-rendered pages in bokmål. Routes stay thin."""

from __future__ import annotations

import logging
import secrets
from collections.abc import AsyncIterator, Callable
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from http import HTTPStatus
from pathlib import Path

from anyio import to_thread
from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler, request_validation_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, RedirectResponse
from fastapi.staticfiles import StaticFiles
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from tilskudd_flow.bootstrap import App
from tilskudd_flow.domain.feil import Saksfeil
from tilskudd_flow.motor.vedlegg import FULL_LAGRING
from tilskudd_flow.web import (
    api,
    dokumentasjon,
    ruter_administrasjon,
    ruter_bilder,
    ruter_brukere,
    ruter_diverse,
    ruter_fsu_avtale,
    ruter_innlogging,
    ruter_konto,
    ruter_medsoker,
    ruter_moter,
    ruter_om_tjenesten,
    ruter_oppgaver,
    ruter_oversending,
    ruter_parter,
    ruter_prioritering,
    ruter_rapporter,
    ruter_runder,
    ruter_saker,
    ruter_soknad,
    ruter_ssu_medlemmer,
    ruter_ssu_saker,
)
from tilskudd_flow.web.avhengigheter import IkkeInnlogget, feilside
from tilskudd_flow.web.dokumentasjon import SWAGGER_UI
from tilskudd_flow.web.feilsvar import feilrad, tittel
from tilskudd_flow.web.hode import HeadSomGet
from tilskudd_flow.web.opplastingsgrense import Opplastingsgrense
from tilskudd_flow.web.sikkerhet import (
    SIKRE_HODER,
    CsrfAvvist,
    Csrfvakt,
    Oktsignatur,
    OpphavSjekk,
    SikreHoder,
    hemmelighet,
)

logger = logging.getLogger("tilskudd_flow.web")
DATABASE_BORTE = (
    "Databasen svarer ikke akkurat nå, så handlingen ble avbrutt. Vent litt, last siden på "
    "nytt og se om endringen er lagret før du prøver igjen."
)
UVENTET = (
    "Siden kunne ikke vises på grunn av en feil i tjenesten. Feilen er logget. Prøv igjen om "
    "litt, og si fra til sekretariatet hvis den kommer tilbake."
)
LAGRING_FULL = (
    "Lagringsplassen på tjeneren er full, så ingenting ble lagret. Prøv igjen senere, og si "
    "fra til sekretariatet om det varer."
)


def lag_webapp(app: App) -> FastAPI:
    """The ASGI app for one engine (settings, database, workflows)."""
    web = FastAPI(title="tilskudd-flow", docs_url=None, redoc_url=None,
                  lifespan=_traadgrense(app.innstillinger.web.traader))  # fmt: skip
    web.state.tilskudd = app
    web.state.oktsignatur = Oktsignatur(
        hemmelighet(app.innstillinger), app.innstillinger.web.innlogging_timer * 3600
    )
    web.state.csrfvakt = Csrfvakt(hemmelighet(app.innstillinger), web.state.oktsignatur)
    vedlegg = app.innstillinger.vedlegg
    web.add_middleware(Opplastingsgrense, maks_byte=_megabyte(vedlegg.maks_skjema_mb),
                       maks_annen_byte=int(app.innstillinger.web.maks_kropp_kb * 1024),
                       maks_fil_mb=vedlegg.maks_mb)  # fmt: skip
    web.add_middleware(OpphavSjekk, base_url=app.innstillinger.base_url, avvist=_fremmed_opphav)
    web.add_middleware(SikreHoder, https=app.innstillinger.https)
    web.add_middleware(HeadSomGet)
    # Before /statisk, which would otherwise claim these paths.
    web.mount("/statisk/swagger-ui", StaticFiles(directory=SWAGGER_UI), name="swagger-ui")
    web.mount("/statisk", StaticFiles(directory=Path(__file__).parent / "statisk"), name="statisk")
    web.include_router(dokumentasjon.ruter)
    sider = (ruter_innlogging, ruter_konto, ruter_saker, ruter_soknad, ruter_medsoker,
             ruter_rapporter, ruter_brukere, ruter_diverse, ruter_fsu_avtale,
             ruter_prioritering, ruter_oversending, ruter_bilder, ruter_moter,
             ruter_ssu_saker, ruter_runder, ruter_ssu_medlemmer, ruter_parter,
             ruter_oppgaver, ruter_administrasjon, ruter_om_tjenesten)  # fmt: skip
    # The OpenAPI describes the JSON API only: pages answer HTML, redirects and forms.
    for modul in sider:
        web.include_router(modul.ruter, include_in_schema=False)
    web.include_router(api.api)
    api.dokumenter_kropper(web)
    if app.innstillinger.oidc.aktiv:
        # Authlib, joserfc and cryptography hold ~11 MB: only a server with OIDC on loads
        # them (issue 22). Off, its routes are not there: 404 like any unknown address.
        from tilskudd_flow.web import oidc

        oidc.sett_opp_oidc(web, app.innstillinger)
    _feilsider(web)
    _driftsfeil(web)
    _uventet(web)
    return web


def _traadgrense(traader: int) -> Callable[[FastAPI], AbstractAsyncContextManager[None]]:
    """Pages run in a thread pool (sync routes); its size bounds the requests in progress.
    AnyIO's default of 40 let 40 requests hold their ORM objects and pages at once, on two
    cores where only a few can run: memory grew, answers came no sooner (issue 22)."""

    @asynccontextmanager
    async def levetid(_web: FastAPI) -> AsyncIterator[None]:
        to_thread.current_default_thread_limiter().total_tokens = traader
        yield

    return levetid


def _fremmed_opphav(request: Request) -> Response:
    tekst = "Skjemaet ble sendt fra et annet nettsted enn dette, så ingenting ble endret."
    return feilside(request, 403, "Skjemaet kunne ikke sendes", tekst)


def _megabyte(mb: float) -> int:
    return int(mb * 1024 * 1024)


def _driftsfeil(web: FastAPI) -> None:
    """The database gone (restarted, unreachable) or the disk full: a clear answer, a log
    line, and the app carries on by itself once the cause is gone (pre-ping reconnects)."""

    async def _database(request: Request, feil: DBAPIError) -> Response:
        if "disk is full" in str(feil.orig):
            logger.error("Databasens disk er full: %s", feil.orig)
            return _driftssvar(request, 507, "Lagringsplassen er full", LAGRING_FULL)
        logger.error("Databasen svarer ikke (%s %s): %s", request.method, request.url.path,
                     str(feil.orig).strip())  # fmt: skip
        return _driftssvar(request, 503, "Databasen er midlertidig utilgjengelig", DATABASE_BORTE)

    # Only the errors of a lost or refusing connection: an IntegrityError is a bug, not downtime.
    web.add_exception_handler(OperationalError, _database)  # type: ignore[arg-type]
    web.add_exception_handler(InterfaceError, _database)  # type: ignore[arg-type]

    @web.exception_handler(OSError)
    async def _lagring(request: Request, feil: OSError) -> Response:
        if feil.errno not in FULL_LAGRING:
            raise feil
        logger.error("Lagringsplassen er full (%s %s): %s", request.method, request.url.path,
                     feil)  # fmt: skip
        return _driftssvar(request, 507, "Lagringsplassen er full", LAGRING_FULL)


def _driftssvar(request: Request, status: int, tittel: str, tekst: str) -> Response:
    if _er_api(request):
        return JSONResponse({"detail": tekst}, status_code=status, headers={"Retry-After": "30"})
    svar = feilside(request, status, tittel, tekst, meny=False)
    svar.headers["Retry-After"] = "30"
    return svar


def _feilsider(web: FastAPI) -> None:
    @web.exception_handler(IkkeInnlogget)
    async def _logg_inn(request: Request, _feil: IkkeInnlogget) -> Response:
        if _er_api(request):
            return JSONResponse({"detail": "Ikke innlogget"}, status_code=401,
                                headers={"WWW-Authenticate": "Bearer"})  # fmt: skip
        neste = request.url.path + (f"?{request.url.query}" if request.url.query else "")
        return RedirectResponse(f"/logg-inn?neste={neste}", status_code=303)

    @web.exception_handler(CsrfAvvist)
    async def _csrf(request: Request, _feil: CsrfAvvist) -> Response:
        tekst = "Skjemaet var utløpt eller ugyldig. Gå tilbake, last siden på nytt og prøv igjen."
        return feilside(request, 403, "Skjemaet kunne ikke sendes", tekst)

    @web.exception_handler(Saksfeil)
    async def _avvist(request: Request, feil: Saksfeil) -> Response:
        rad = feilrad(feil)
        if _er_api(request):
            return JSONResponse({"detail": str(feil)}, status_code=rad.api)
        return feilside(request, rad.side, rad.tittel, str(feil))

    _ugyldig_foresporsel(web)

    # Starlette's class, which FastAPI's subclasses: an unknown address raises the former.
    @web.exception_handler(HTTPException)
    async def _http(request: Request, feil: HTTPException) -> Response:
        if _er_api(request):
            return await http_exception_handler(request, feil)
        return feilside(request, feil.status_code, tittel(feil.status_code), _bokmaal(feil))


# Starlette's own refusals carry English reason phrases ("Not Found"); pages speak bokmål.
_STANDARDTEKST = {
    404: "Adressen peker ikke på noe som finnes.",
    405: "Adressen kan ikke brukes på denne måten.",
}


def _bokmaal(feil: HTTPException) -> str:
    if feil.detail == HTTPStatus(feil.status_code).phrase:
        return _STANDARDTEKST.get(feil.status_code, "Forespørselen kunne ikke behandles.")
    return str(feil.detail)


def _ugyldig_foresporsel(web: FastAPI) -> None:
    @web.exception_handler(RequestValidationError)
    async def _ugyldig(request: Request, feil: RequestValidationError) -> Response:
        if _er_api(request):
            return await request_validation_exception_handler(request, feil)
        if all(f["loc"][0] == "path" for f in feil.errors()):
            # /saker/0 or /saker/99999999999999999999 names no case: the same as an unknown one
            return feilside(request, 404, "Finnes ikke", _STANDARDTEKST[404])
        felt = ", ".join(str(f["loc"][-1]) for f in feil.errors())
        return feilside(
            request, 400, "Ugyldig forespørsel", f"Ugyldige eller manglende felt: {felt}"
        )


def _uventet(web: FastAPI) -> None:
    """A bug: the traceback goes to the log under a short reference the user also sees, and
    nothing of the exception reaches the page."""

    @web.exception_handler(Exception)
    async def _krasj(request: Request, feil: Exception) -> Response:
        referanse = secrets.token_hex(4)
        logger.error("Uventet feil, referanse %s (%s %s)", referanse, request.method,
                     request.url.path, exc_info=feil)  # fmt: skip
        tekst = f"Noe gikk galt hos oss. Referanse: {referanse}."
        if _er_api(request):
            svar: Response = JSONResponse({"detail": tekst}, status_code=500)
        else:
            svar = feilside(request, 500, "Noe gikk galt", UVENTET, referanse=referanse)
        # This answer bypasses the middleware, so it sets the security headers itself.
        svar.headers.update(SIKRE_HODER)
        return svar


def _er_api(request: Request) -> bool:
    """The JSON API, or a program that asks for JSON and not for a page: they get JSON; a
    browser (Accept: text/html, or anything) gets an error page in bokmål with the frame."""
    if request.url.path.startswith("/api/"):
        return True
    godtar = request.headers.get("accept", "").lower()
    return "application/json" in godtar and "text/html" not in godtar
