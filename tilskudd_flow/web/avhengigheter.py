"""What every route needs: the app, the logged-in user, CSRF checks, page rendering."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Annotated, Any
from urllib.parse import quote

from fastapi import Depends, Request
from fastapi.templating import Jinja2Templates
from sqlalchemy.exc import SQLAlchemyError
from starlette.datastructures import FormData
from starlette.responses import Response

from tilskudd_flow.bootstrap import App
from tilskudd_flow.domain.amounts import formater_kroner
from tilskudd_flow.domain.feil import IkkeTillatt
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.domain.mottaker import synlig
from tilskudd_flow.domain.norsk import antall, dato, langdato, tall
from tilskudd_flow.domain.tid import kort_tidspunkt, norsk_tidspunkt
from tilskudd_flow.kontoer.handlinger import innlogget_bruker
from tilskudd_flow.kontoer.innloggingsvern import Innloggingsforsoket
from tilskudd_flow.motor.handling import Handling
from tilskudd_flow.motor.tilgang import INTERNE_ROLLER
from tilskudd_flow.web.ramme import rammekontekst
from tilskudd_flow.web.sikkerhet import (
    CSRF_FELT,
    FOROKTCOOKIE,
    OKTCOOKIE,
    Csrfvakt,
    Oktsignatur,
    ny_forokt,
)

MALER = Jinja2Templates(
    directory=str(Path(__file__).parent / "maler"), context_processors=[rammekontekst]
)
MALER.env.filters["kroner"] = formater_kroner
MALER.env.filters["synlig"] = synlig  # «Eve[linjeskift]Bcc: …»
# Bokmål by Babel, one format per context (see domain.norsk): `dato` and `tidspunkt` in
# tables and lists, `langdato` and `langtid` in running text.
MALER.env.filters.update(antall=antall, tall=tall, dato=dato, langdato=langdato)
MALER.env.filters.update(tidspunkt=kort_tidspunkt, langtid=norsk_tidspunkt)


class IkkeInnlogget(Exception):
    """The request needs a login; pages redirect to /logg-inn, the API answers 401."""


@dataclass(frozen=True)
class Innlogget:
    """The logged-in user, as routes and templates need it."""

    brukernavn: str
    navn: str
    roller: frozenset[Rolle]
    helsefellesskap_id: int

    @property
    def intern(self) -> bool:
        return bool(self.roller & INTERNE_ROLLER)

    @property
    def sekretariat(self) -> bool:
        return Rolle.SEKRETARIAT in self.roller


def tilskudd(request: Request) -> App:
    app: App = request.app.state.tilskudd
    return app


def signatur(request: Request) -> Oktsignatur:
    signert: Oktsignatur = request.app.state.oktsignatur
    return signert


def csrfvakt(request: Request) -> Csrfvakt:
    vakt: Csrfvakt = request.app.state.csrfvakt
    return vakt


AppDep = Annotated[App, Depends(tilskudd)]
CsrfDep = Annotated[Csrfvakt, Depends(csrfvakt)]


def innlogget(request: Request, app: AppDep) -> Innlogget:
    token = signatur(request).les(request.cookies.get(OKTCOOKIE))
    if token is None:
        raise IkkeInnlogget()
    bruker = innlogget_bruker(app.uow, token, app.miljo.klokke.now())
    if bruker is None:
        raise IkkeInnlogget()
    return Innlogget(bruker.brukernavn, bruker.navn, bruker.roller, bruker.helsefellesskap_id)


BrukerDep = Annotated["Innlogget", Depends(innlogget)]


def handling_for(app: AppDep, bruker: BrukerDep) -> Handling:
    """What a route hands the services: the unit of work to open and the user who acts."""
    return Handling(app.uow, app.miljo, bruker.brukernavn)


HandlingDep = Annotated[Handling, Depends(handling_for)]


# Parts a form may have (Starlette's defaults are 1000 of each); file parts above 1 MB
# are spooled to disk by Starlette, and the whole body is capped by Opplastingsgrense.
SKJEMAGRENSER = {"max_files": 20, "max_fields": 300}


async def sjekk_csrf(request: Request, csrf: CsrfDep) -> None:
    """Every POST from a form carries the token its own session's pages were given."""
    skjema = await request.form(**SKJEMAGRENSER)
    token = skjema.get(CSRF_FELT)
    csrf.sjekk(request, token if isinstance(token, str) else "")


async def les_skjema(request: Request) -> FormData:
    """The posted form, read once on the event loop (Starlette keeps it), so the route itself
    can be a plain function that FastAPI runs in its thread pool, off the event loop."""
    return await request.form(**SKJEMAGRENSER)


SkjemaDep = Annotated[FormData, Depends(les_skjema)]


def side(
    request: Request,
    mal: str,
    kontekst: dict[str, Any],
    *,
    csrf: Csrfvakt,
    status: int = 200,
) -> Response:
    """Render a page with the CSRF token of the visitor's session for its forms; a visitor
    with neither session nor pre-session is given a pre-session first."""
    binding = csrf.binding(request)
    forokt = None
    if binding is None:
        forokt = ny_forokt()
        binding = f"forokt:{forokt}"
    kontekst = {**kontekst, "csrf_felt": CSRF_FELT, "csrf_token": csrf.token(binding)}
    svar = MALER.TemplateResponse(request, mal, kontekst, status_code=status)
    if forokt is not None:
        https = tilskudd(request).innstillinger.https
        svar.set_cookie(FOROKTCOOKIE, forokt, httponly=True, samesite="lax", secure=https)
    return svar


def feilside(
    request: Request,
    status: int,
    tittel: str,
    tekst: str,
    *,
    lenke: tuple[str, str] | None = None,
    referanse: str = "",
    meny: bool = True,
) -> Response:
    """An error page with the menu for a logged-in user; `lenke` (href, text) says where to go
    on from it, `referanse` ties a crash to its log line. `meny=False` when the database is
    what failed: looking the user up would only wait for it again."""
    bruker = _bruker_om_mulig(request) if meny else None
    kontekst = {"bruker": bruker, "tittel": tittel, "tekst": tekst, "lenke": lenke,
                "referanse": referanse, "status": status}  # fmt: skip
    if bruker is None:
        return MALER.TemplateResponse(request, "feil.html", kontekst, status_code=status)
    return side(request, "feil.html", kontekst, csrf=csrfvakt(request), status=status)


def bruker_om_mulig(request: Request) -> Innlogget | None:
    """The logged-in user on a page anyone may see (the menu is theirs), else None."""
    return _bruker_om_mulig(request)


def _bruker_om_mulig(request: Request) -> Innlogget | None:
    """The user behind the session cookie, or None also when the database is what failed."""
    try:
        return innlogget(request, tilskudd(request))
    except (IkkeInnlogget, SQLAlchemyError):
        return None


def krev_intern(bruker: Innlogget) -> None:
    if not bruker.intern:
        raise IkkeTillatt("Bare sekretariatet har tilgang til denne siden")


def nedlasting(innhold: bytes, mimetype: str, filnavn: str) -> Response:
    """A generated file as a download, its name (æøå and all) as RFC 6266 allows."""
    forklaring = f"attachment; filename*=UTF-8''{quote(filnavn)}"
    return Response(innhold, media_type=mimetype, headers={"Content-Disposition": forklaring})


def krev_sekretariat(bruker: Innlogget) -> None:
    if not bruker.sekretariat:
        raise IkkeTillatt("Bare sekretariatet kan gjøre dette")


def innloggingsforsok(
    request: Request, app: App, brukernavn: str, passord: str
) -> Innloggingsforsoket:
    """A login attempt from this request. The address is the TCP peer, or behind Caddy the
    X-Forwarded-For that uvicorn believes only from FORWARDED_ALLOW_IPS (127.0.0.1)."""
    adresse = request.client.host if request.client else "ukjent"
    return Innloggingsforsoket(brukernavn, passord, adresse, app.miljo.klokke.now(),
                               oktvarighet(app))  # fmt: skip


def oktvarighet(app: App) -> timedelta:
    return timedelta(hours=app.innstillinger.web.innlogging_timer)
