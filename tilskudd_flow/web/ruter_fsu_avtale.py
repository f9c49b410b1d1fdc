"""The FSU and avtale overviews; what happens to each is done on its case page."""

from __future__ import annotations

from fastapi import APIRouter, Request
from starlette.responses import Response

from tilskudd_flow.motor.tilgang import hent_aktor
from tilskudd_flow.samarbeid.avtaler import avtaleoversikt
from tilskudd_flow.samarbeid.fsu import list_fsu
from tilskudd_flow.web.avhengigheter import AppDep, BrukerDep, CsrfDep, side

ruter = APIRouter()


@ruter.get("/fsu")
def fsu(request: Request, app: AppDep, bruker: BrukerDep, csrf: CsrfDep) -> Response:
    """Every FSU with its state, leadership, members, mandate and yearly report."""
    with app.uow(skriv=False) as uow:
        aktor = hent_aktor(uow.session, bruker.brukernavn)
        utvalg = list_fsu(uow.session, app.miljo, aktor=aktor)
    return side(request, "fsu.html", {"bruker": bruker, "utvalg": utvalg}, csrf=csrf)


@ruter.get("/avtaler")
def avtaler(request: Request, app: AppDep, bruker: BrukerDep, csrf: CsrfDep) -> Response:
    """The samarbeidsavtale and the tjenesteavtaler: versions, accession, open revisions."""
    with app.uow(skriv=False) as uow:
        aktor = hent_aktor(uow.session, bruker.brukernavn)
        oversikt = avtaleoversikt(uow.session, app.miljo, aktor=aktor)
    return side(request, "avtaler.html", {"bruker": bruker, "avtaler": oversikt}, csrf=csrf)
