"""The JSON API (OpenAPI at /api/dokumentasjon): the same operations and permissions as
the pages, for other systems. Log in once for a bearer token; no cookies, so no CSRF."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, FastAPI, HTTPException, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel, Field

from tilskudd_flow.domain.feil import IkkeTillatt, UgyldigHendelse
from tilskudd_flow.domain.tekst import Enlinje, Flerlinje
from tilskudd_flow.kontoer.handlinger import avslutt_okt, innlogget_bruker
from tilskudd_flow.kontoer.innloggingsvern import ForMangeForsok, logg_inn_med_vern
from tilskudd_flow.motor.handling import Handling
from tilskudd_flow.motor.handlinger import Saksfilter, saksbilde, saksoversikt
from tilskudd_flow.motor.overganger import Hendelseskommando, Overgang, utfor_hendelse
from tilskudd_flow.motor.sporring import MuligHendelse, Saksrad
from tilskudd_flow.soknader.soknader import send_inn_med_opplastinger
from tilskudd_flow.web.api_soknad import Innsending, dokumenter_soknadsskjema, les_innsending
from tilskudd_flow.web.avhengigheter import AppDep, innloggingsforsok, oktvarighet
from tilskudd_flow.web.feilsvar import FEILTABELL, UgyldigParameter
from tilskudd_flow.web.parametre import AarValg, SakId, Sidenummer, Tekstfilter


class Sakliste(BaseModel):
    """One page of the cases the user may see."""

    saker: list[Saksrad]
    totalt: int
    side: int
    sider: int


class Saksdetaljer(BaseModel):
    """One case, the events the user may trigger now, and what has happened."""

    sak: Saksrad
    detaljer: dict[str, Any]
    mulige_hendelser: list[MuligHendelse]
    neste_steg: str
    historikk: list[dict[str, Any]]


SOKNADER = "/soknader"


class NySoknad(BaseModel):
    sak_id: int


class Valideringsfeil(BaseModel):
    """One refused field: where it is (`loc`), what is wrong (`msg`) and the kind of error."""

    loc: list[str | int]
    msg: str
    type: str


class Feilsvar(BaseModel):
    """Every error the API answers: a bokmål message, or the refused fields (422)."""

    detail: str | list[Valideringsfeil]


_FORKLARING = {
    400: "Kroppen kan ikke leses (ikke gyldig JSON)",
    401: "Mangler eller ugyldig token (logg inn med POST /api/innlogging)",
    403: "Brukeren har ikke lov til dette",
    404: "Saken finnes ikke, eller brukeren kan ikke se den",
    409: "Saken er endret siden du så den, eller hendelsen passer ikke i sakens tilstand",
    413: "Kroppen er større enn grensen (web.maks_kropp_kb) og ble ikke lest ferdig",
    422: "Ugyldige felt: `detail` er en melding eller listen over feltene",
    429: "For mange mislykkede innlogginger; vent så mange sekunder som Retry-After sier",
    503: "Databasen er midlertidig utilgjengelig; prøv igjen etter Retry-After sekunder",
    507: "Lagringsplassen på tjeneren er full; ingenting ble lagret",
}


def feilsvar(*koder: int) -> dict[int | str, dict[str, Any]]:
    """The OpenAPI `responses` for these error codes, all with the one error schema."""
    return {kode: {"model": Feilsvar, "description": _FORKLARING[kode]} for kode in koder}


api = APIRouter(prefix="/api", tags=["api"], responses=feilsvar(401, 422, 503))
# Every status the error table gives a refusal, documented on the routes that may refuse.
_SAKSFEIL = feilsvar(*sorted({rad.api for rad in FEILTABELL}))
# A body that is not JSON or too large; a full disk when saving.
_MED_KROPP = feilsvar(400, 413, 507)


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


_BEARER = HTTPBearer(auto_error=False, description="Tokenet fra POST /api/innlogging")


def bearer_token(
    legitimasjon: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)],
) -> str:
    """The token of an `Authorization: Bearer …` header, or "" (declared as the OpenAPI
    security scheme, so clients and the docs page know how to log in)."""
    return legitimasjon.credentials.strip() if legitimasjon else ""


def api_bruker(app: AppDep, token: Annotated[str, Depends(bearer_token)]) -> str:
    """The user of a bearer token (the token from POST /api/innlogging)."""
    bruker = innlogget_bruker(app.uow, token, app.miljo.klokke.now()) if token else None
    if bruker is None:
        raise HTTPException(401, "Ikke innlogget", headers={"WWW-Authenticate": "Bearer"})
    return bruker.brukernavn


ApiBruker = Annotated[str, Depends(api_bruker)]


def api_handling(app: AppDep, brukernavn: ApiBruker) -> Handling:
    """The token's user as the one who acts, and the unit of work the services open."""
    return Handling(app.uow, app.miljo, brukernavn)


ApiHandling = Annotated[Handling, Depends(api_handling)]


@api.post("/innlogging", responses=feilsvar(400, 413, 429))
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
    handling: ApiHandling,
    type: Tekstfilter = "",
    tilstand: Tekstfilter = "",
    aar: AarValg = None,
    sok: Tekstfilter = "",
    side: Sidenummer = 1,
) -> Sakliste:
    """The cases the user may see, 50 a page; `aar` is a søknad's round or a revision's year."""
    if type:
        try:
            handling.miljo.register.hent(type)
        except UgyldigHendelse as feil:
            raise UgyldigParameter(str(feil)) from None
    filter = Saksfilter(workflow=type, tilstand=tilstand, aar=aar, sok=sok)
    sakside = saksoversikt(handling, filter, side=max(1, side)).sakside
    return Sakliste(saker=sakside.rader, totalt=sakside.totalt, side=sakside.side,
                    sider=sakside.sider)  # fmt: skip


@api.get("/saker/{sak_id}", responses=feilsvar(403, 404))
def sak(sak_id: SakId, handling: ApiHandling) -> Saksdetaljer:
    """One case: details, the events the user may trigger, and its history."""
    bilde = saksbilde(handling, sak_id)
    visning = bilde.visning
    return Saksdetaljer(sak=visning.sak, detaljer=visning.detaljer,
                        mulige_hendelser=visning.mulige_hendelser, neste_steg=visning.neste_steg,
                        historikk=bilde.historikk)  # fmt: skip


@api.post("/saker/{sak_id}/hendelser", responses={**_SAKSFEIL, **_MED_KROPP})
def hendelse(sak_id: SakId, data: Hendelse, app: AppDep, brukernavn: ApiBruker) -> Overgang:
    """Apply an event (the same rules, roles and guards as on the case page)."""
    kommando = Hendelseskommando(sak_id, data.hendelse, data.kommentar, data.felt, data.versjon)
    return utfor_hendelse(kommando, uow=app.uow(), miljo=app.miljo, brukernavn=brukernavn)


@api.post(SOKNADER, status_code=201, responses={**_SAKSFEIL, **_MED_KROPP})
def ny_soknad(
    app: AppDep,
    brukernavn: ApiBruker,
    innsending: Annotated[Innsending, Depends(les_innsending)],
    send_inn: bool = False,
) -> NySoknad:
    """A søknad in the same format as the TOML/JSON files, saved as a draft or sent in
    (`send_inn=true`), by the same rules as the web form.

    Send it as JSON, or as multipart/form-data with the søknad in the part `soknad` and each
    file its `vedlegg` rows name in a part `vedlegg` with that file name, e.g.
    `curl -F 'soknad=@soknad.json;type=application/json' -F vedlegg=@budsjett.xlsx …`.
    A file named and not sent, sent and not named, or refused (type, size) is a 422 naming
    the field, and nothing is saved."""
    sak_id = send_inn_med_opplastinger(innsending.soknad, opplastinger=innsending.filer,
                                       utkast=not send_inn, uow=app.uow(), miljo=app.miljo,
                                       brukernavn=brukernavn)  # fmt: skip
    return NySoknad(sak_id=sak_id)


def dokumenter_kropper(web: FastAPI) -> None:
    """The OpenAPI of the bodies read by hand (the søknad's two content types)."""
    dokumenter_soknadsskjema(web, api.prefix + SOKNADER)


@api.post("/utlogging", status_code=204)
def utlogging(
    app: AppDep, _bruker: ApiBruker, token: Annotated[str, Depends(bearer_token)]
) -> None:
    """End the token's session at once."""
    avslutt_okt(app.uow, token, app.miljo.klokke.now())
