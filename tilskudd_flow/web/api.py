"""The JSON API (OpenAPI at /api/dokumentasjon): the same operations and permissions as
the pages, for other systems. Log in once for a bearer token; no cookies, so no CSRF."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, HTTPException, Request
from pydantic import BaseModel, Field

from tilskudd_flow.domain.feil import IkkeFunnet, IkkeTillatt, Konflikt, Saksfeil, UgyldigHendelse
from tilskudd_flow.domain.tekst import Enlinje, Flerlinje
from tilskudd_flow.service.innlogging import bruker_for_okt, logg_ut
from tilskudd_flow.service.innloggingsvern import ForMangeForsok, logg_inn_med_vern
from tilskudd_flow.service.overganger import Hendelseskommando, utfor_hendelse
from tilskudd_flow.service.soknader import lagre_soknad
from tilskudd_flow.service.soknadsfil import Soknadsfil
from tilskudd_flow.service.sporring import historikk, side_med_saker, vis_sak
from tilskudd_flow.service.tilgang import hent_aktor
from tilskudd_flow.web.avhengigheter import AppDep, innloggingsforsok, oktvarighet

api = APIRouter(prefix="/api", tags=["api"])


class Innlogging(BaseModel):
    brukernavn: Enlinje  # a NUL reached PostgreSQL and answered 500 (#17)
    passord: str


class Token(BaseModel):
    token: str
    utloper: datetime


class Hendelse(BaseModel):
    hendelse: str = Field(description="Hendelsens id, f.eks. «vurder»")
    kommentar: Flerlinje = ""
    felt: dict[str, Flerlinje] = Field(
        default_factory=dict,
        description="Hendelsens felt; et felt uten «flerlinje» tar ikke linjeskift",
    )
    versjon: int | None = Field(default=None, description="Versjonen du så (optimistisk lås)")


def api_bruker(app: AppDep, authorization: Annotated[str, Header()] = "") -> str:
    """The user of a bearer token (the token from POST /api/innlogging)."""
    token = _token(authorization)
    with app.uow(skriv=False) as uow:
        bruker = bruker_for_okt(uow.session, token, app.miljo.klokke.now()) if token else None
        if bruker is None:
            raise HTTPException(401, "Ikke innlogget", headers={"WWW-Authenticate": "Bearer"})
        return bruker.brukernavn


ApiBruker = Annotated[str, Depends(api_bruker)]


def _token(authorization: str) -> str:
    skjema, _, token = authorization.partition(" ")
    return token.strip() if skjema.lower() == "bearer" else ""


@api.post("/innlogging")
def innlogging(data: Innlogging, request: Request, app: AppDep) -> Token:
    """Log in with a local account; the token lasts as long as a web session. Repeated
    failures lock the name and the address for a while (429 with Retry-After)."""
    forsok = innloggingsforsok(request, app, data.brukernavn, data.passord)
    try:
        token = logg_inn_med_vern(app.uow(), forsok, app.innstillinger.web.innloggingsvern)
    except ForMangeForsok as feil:
        raise HTTPException(429, str(feil), headers={"Retry-After": str(feil.sekunder)}) from None
    except IkkeTillatt as feil:
        raise HTTPException(401, str(feil)) from None
    return Token(token=token, utloper=app.miljo.klokke.now() + oktvarighet(app))


@api.get("/saker")
def saker(
    app: AppDep,
    brukernavn: ApiBruker,
    type: Enlinje = "",
    tilstand: Enlinje = "",
    aar: int | None = None,
    sok: Enlinje = "",
    side: int = 1,
) -> dict[str, Any]:
    """The cases the user may see, 50 a page; `aar` is a søknad's round or a revision's year."""
    if type:
        try:
            app.miljo.register.hent(type)
        except UgyldigHendelse as feil:
            raise HTTPException(422, str(feil)) from None
    with _feil(), app.uow(skriv=False) as uow:
        aktor = hent_aktor(uow.session, brukernavn)
        sakside = side_med_saker(uow.session, app.miljo.register, aktor, workflow=type or None,
                                 tilstand=tilstand or None, aar=aar, sok=sok,
                                 side=max(1, side))  # fmt: skip
    return {
        "saker": [asdict(r) for r in sakside.rader],
        "totalt": sakside.totalt,
        "side": sakside.side,
        "sider": sakside.sider,
    }


@api.get("/saker/{sak_id}")
def sak(sak_id: int, app: AppDep, brukernavn: ApiBruker) -> dict[str, Any]:
    """One case: details, the events the user may trigger, and its history."""
    with _feil(), app.uow(skriv=False) as uow:
        aktor = hent_aktor(uow.session, brukernavn)
        visning = vis_sak(uow.session, app.miljo.register, aktor, sak_id)
        logg = historikk(uow.session, app.miljo.register, aktor, sak_id)
    return {**visning.som_dict(), "historikk": logg}


@api.post("/saker/{sak_id}/hendelser")
def hendelse(sak_id: int, data: Hendelse, app: AppDep, brukernavn: ApiBruker) -> dict[str, Any]:
    """Apply an event (the same rules, roles and guards as on the case page)."""
    kommando = Hendelseskommando(sak_id, data.hendelse, data.kommentar, data.felt, data.versjon)
    with _feil():
        return asdict(utfor_hendelse(kommando, uow=app.uow(), miljo=app.miljo,
                                     brukernavn=brukernavn))  # fmt: skip


@api.post("/soknader", status_code=201)
def ny_soknad(
    dokument: Soknadsfil, app: AppDep, brukernavn: ApiBruker, send_inn: bool = False
) -> dict[str, Any]:
    """A søknad in the same format as the TOML/JSON files, saved as a draft or sent in.

    Attachments are uploaded in the web form, where their content is checked."""
    if dokument.vedlegg:
        raise HTTPException(422, "Vedlegg lastes opp i nettskjemaet, ikke gjennom API-et")
    with _feil():
        sak_id = lagre_soknad(dokument, sak_id=None, vedlegg=[], send_inn=send_inn,
                              uow=app.uow(), miljo=app.miljo, brukernavn=brukernavn)  # fmt: skip
    return {"sak_id": sak_id}


@api.post("/utlogging", status_code=204)
def utlogging(app: AppDep, _bruker: ApiBruker, authorization: Annotated[str, Header()]) -> None:
    """End the token's session at once."""
    with app.uow() as uow:
        logg_ut(uow.session, _token(authorization), app.miljo.klokke.now())
        uow.commit()


@contextmanager
def _feil() -> Iterator[None]:
    """Refusals as HTTP errors carrying the service's bokmål message."""
    try:
        yield
    except Saksfeil as feil:
        raise HTTPException(_STATUS.get(type(feil), 422), str(feil)) from None


_STATUS: dict[type[Saksfeil], int] = {
    IkkeFunnet: 404,
    IkkeTillatt: 403,
    Konflikt: 409,
    UgyldigHendelse: 409,
}
