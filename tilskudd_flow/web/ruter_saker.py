"""The case list (dashboard) and the case page with its transitions as forms."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData
from starlette.responses import Response

from tilskudd_flow.bootstrap import App
from tilskudd_flow.domain.feil import Konflikt, Saksfeil
from tilskudd_flow.service.overganger import Hendelseskommando, utfor_hendelse
from tilskudd_flow.service.sporring import historikk, side_med_saker, vis_sak
from tilskudd_flow.service.tilgang import hent_aktor
from tilskudd_flow.web.avhengigheter import (
    AppDep,
    BrukerDep,
    CsrfDep,
    SkjemaDep,
    side,
    sjekk_csrf,
)

ruter = APIRouter()
PER_SIDE = 50


@ruter.get("/saker")
def saksliste(
    request: Request,
    app: AppDep,
    bruker: BrukerDep,
    csrf: CsrfDep,
    type: str = "",
    tilstand: str = "",
    sok: str = "",
    side_nr: int = 1,
) -> Response:
    """All cases the user may see, 50 a page, with counts per state."""
    with app.uow(skriv=False) as uow:
        aktor = hent_aktor(uow.session, bruker.brukernavn)
        sakside = side_med_saker(
            uow.session, app.miljo.register, aktor, workflow=type or None,
            tilstand=tilstand or None, sok=sok, side=max(1, side_nr), per_side=PER_SIDE,
        )  # fmt: skip
    kontekst = {
        "bruker": bruker,
        "sakside": sakside,
        "flyter": app.miljo.register.alle(),
        "filter": {"type": type, "tilstand": tilstand, "sok": sok},
    }
    return side(request, "saker.html", kontekst, csrf=csrf)


@ruter.get("/saker/{sak_id}")
def sakssiden(
    request: Request, sak_id: int, app: AppDep, bruker: BrukerDep, csrf: CsrfDep
) -> Response:
    """One case: what it holds, what can happen next, what has happened."""
    return _sakside(request, app, bruker, csrf, sak_id)


@ruter.post("/saker/{sak_id}/hendelse", dependencies=[Depends(sjekk_csrf)])
def hendelse(
    request: Request,
    sak_id: int,
    app: AppDep,
    bruker: BrukerDep,
    csrf: CsrfDep,
    skjema: SkjemaDep,
) -> Response:
    """Apply an event from the case page's form."""
    kommando = _kommando(sak_id, skjema)
    try:
        overgang = utfor_hendelse(kommando, uow=app.uow(), miljo=app.miljo,
                                  brukernavn=bruker.brukernavn)  # fmt: skip
    except Saksfeil as feil:
        status = 409 if isinstance(feil, Konflikt) else 400
        innsendt = {"hendelse": kommando.hendelse, "felt": kommando.felt,
                    "kommentar": kommando.kommentar, "feil": str(feil)}  # fmt: skip
        return _sakside(request, app, bruker, csrf, sak_id, innsendt, status)
    return RedirectResponse(f"/saker/{sak_id}?utfort={overgang.hendelse}", status_code=303)


def _kommando(sak_id: int, skjema: FormData) -> Hendelseskommando:
    felt = {
        str(navn).removeprefix("felt_"): str(verdi)
        for navn, verdi in skjema.multi_items()
        if str(navn).startswith("felt_") and str(verdi).strip()
    }
    versjon = str(skjema.get("versjon", ""))
    return Hendelseskommando(
        sak_id=sak_id,
        hendelse=str(skjema.get("hendelse", "")),
        kommentar=str(skjema.get("kommentar", "")),
        felt=felt,
        forventet_versjon=int(versjon) if versjon.isdigit() else None,
    )


def _sakside(
    request: Request,
    app: App,
    bruker: Any,
    csrf: Any,
    sak_id: int,
    innsendt: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    with app.uow(skriv=False) as uow:
        aktor = hent_aktor(uow.session, bruker.brukernavn)
        visning = vis_sak(uow.session, app.miljo.register, aktor, sak_id)
        logg = historikk(uow.session, app.miljo.register, aktor, sak_id)
    flyt = app.miljo.register.hent(visning.sak.type)
    utfort = request.query_params.get("utfort", "")
    kontekst = {
        "bruker": bruker,
        "visning": visning,
        "historikk": logg,
        "tilstandsnavn": {t: flyt.tilstandsnavn(t) for t in flyt.tilstander},
        "innsendt": innsendt or {},
        "melding": f"Utført: {flyt.hendelsesnavn(utfort)}" if utfort in flyt.hendelser else "",
    }
    return side(request, "sak.html", kontekst, csrf=csrf, status=status)
