"""Funded projects hand in their yearly reports and the sluttrapport as files."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import UploadFile
from starlette.responses import Response

from tilskudd_flow.domain.feil import Saksfeil, UgyldigFelt
from tilskudd_flow.domain.kodeverk import RapportType
from tilskudd_flow.motor.handling import Handling
from tilskudd_flow.motor.vedlegg import Opplasting, fjern_filer, lagre_vedlegg
from tilskudd_flow.soknader.handlinger import rapportoversikten
from tilskudd_flow.soknader.rapporter import VEDLEGGSTYPE, lever_rapport
from tilskudd_flow.web.avhengigheter import (
    AppDep,
    BrukerDep,
    CsrfDep,
    HandlingDep,
    Innlogget,
    SkjemaDep,
    side,
    sjekk_csrf,
)
from tilskudd_flow.web.feilsvar import SKJEMAFEIL, skjemastatus
from tilskudd_flow.web.parametre import SakId

ruter = APIRouter()
FELT = "rapportfil"


@ruter.get("/soknader/{sak_id}/rapporter")
def rapporter(
    request: Request,
    sak_id: SakId,
    bruker: BrukerDep,
    csrf: CsrfDep,
    handling: HandlingDep,
    levert: str = "",
) -> Response:
    """The reports the project owes, which have arrived, and a form for the next."""
    return _side(request, handling, bruker, csrf, sak_id, {"levert": levert})


@ruter.post("/soknader/{sak_id}/rapporter", dependencies=[Depends(sjekk_csrf)])
def lever(
    request: Request,
    sak_id: SakId,
    app: AppDep,
    bruker: BrukerDep,
    csrf: CsrfDep,
    handling: HandlingDep,
    skjema: SkjemaDep,
) -> Response:
    """Check and store the file, then register the report with it in one transaction."""
    try:
        type_ = RapportType(str(skjema.get("type", "")))
    except ValueError:
        kontekst: dict[str, object] = {"feil": {"type": "Velg hvilken rapport"}}
        return _side(request, handling, bruker, csrf, sak_id, kontekst, status=SKJEMAFEIL)
    fil = skjema.get(FELT)
    try:
        if not isinstance(fil, UploadFile) or not fil.filename:
            raise UgyldigFelt(FELT, "velg filen med rapporten")
        fil.file.seek(0)
        opplasting = Opplasting(FELT, fil.filename, fil.file.read(), VEDLEGGSTYPE[type_])
        vedlegg = lagre_vedlegg(opplasting, app.innstillinger, app.miljo.klokke.now())
        try:
            lever_rapport(sak_id, type_, vedlegg, uow=app.uow(), miljo=app.miljo,
                          brukernavn=bruker.brukernavn)  # fmt: skip
        except BaseException:
            fjern_filer([vedlegg], app.innstillinger)  # the report was not registered
            raise
    except UgyldigFelt as problem:
        feil = {FELT: f"Rapporten: {problem.melding}"}
        return _side(request, handling, bruker, csrf, sak_id, {"feil": feil, "valgt": type_.value},
                     status=skjemastatus(problem))  # fmt: skip
    except Saksfeil as problem:
        # This form shows every refusal, who may hand in included, beside its one field.
        feil = {FELT: str(problem)}
        return _side(request, handling, bruker, csrf, sak_id, {"feil": feil, "valgt": type_.value},
                     status=SKJEMAFEIL)  # fmt: skip
    return RedirectResponse(f"/soknader/{sak_id}/rapporter?levert={type_.value}", status_code=303)


def _side(
    request: Request,
    handling: Handling,
    bruker: Innlogget,
    csrf: CsrfDep,
    sak_id: int,
    kontekst: dict[str, object],
    *,
    status: int = 200,
) -> Response:
    oversikt = rapportoversikten(handling, sak_id)
    levert = str(kontekst.get("levert", ""))
    return side(request, "rapporter.html", {
        "bruker": bruker, "sak_id": sak_id, "oversikt": oversikt,
        "feil": kontekst.get("feil", {}), "valgt": kontekst.get("valgt", ""), "verdier": {},
        "levert": RapportType(levert).visning if levert in set(RapportType) else "",
    }, csrf=csrf, status=status)  # fmt: skip
