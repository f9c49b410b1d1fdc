"""The applicant's søknad form: save a draft, come back to it, send it in, get a receipt."""

from __future__ import annotations

from functools import partial
from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import FileResponse, RedirectResponse
from starlette.datastructures import FormData, UploadFile
from starlette.responses import Response

from tilskudd_flow.bootstrap import App
from tilskudd_flow.domain.feil import IkkeTillatt, Saksfeil, UgyldigFelt
from tilskudd_flow.domain.kodeverk import PartType, Rolle, VedleggType
from tilskudd_flow.domain.soknadsskjema import SKJEMA
from tilskudd_flow.models.soknad import Vedlegg
from tilskudd_flow.motor.handling import Handling
from tilskudd_flow.motor.handlinger import vedleggsfil
from tilskudd_flow.motor.vedlegg import VEDLEGGSADRESSE, Opplasting, fjern_filer, lagre_vedlegg
from tilskudd_flow.soknader.handlinger import (
    apen_runde_aar,
    kvitteringen,
    redigerbar_soknad,
    soknadsskjemaet,
)
from tilskudd_flow.soknader.soknader import lagre_soknad
from tilskudd_flow.soknader.soknadsfil import Soknadsfil
from tilskudd_flow.web.avhengigheter import (
    AppDep,
    BrukerDep,
    CsrfDep,
    HandlingDep,
    Innlogget,
    SkjemaDep,
    handling_for,
    side,
    sjekk_csrf,
)
from tilskudd_flow.web.feilsvar import SKJEMAFEIL, skjemastatus
from tilskudd_flow.web.parametre import RadId, SakId
from tilskudd_flow.web.soknadsskjema import felt_for_nummer, fra_soknad, tolk, valider
from workflows import rs_soknad

ruter = APIRouter()
VEDLEGGSFELT = {
    "vedlegg_signert_avtale": VedleggType.SIGNERT_AVTALE,
    "vedlegg_budsjett": VedleggType.BUDSJETT,
    "vedlegg_andre": VedleggType.ANNET,
}


@ruter.get("/soknader/ny")
def ny(request: Request, bruker: BrukerDep, csrf: CsrfDep, handling: HandlingDep) -> Response:
    """An empty form for the open round (or why there is none)."""
    _krev_soker(bruker)
    return _skjema(request, handling, bruker, csrf, None, {}, {})


@ruter.get("/soknader/{sak_id}/rediger")
def rediger(
    request: Request, sak_id: SakId, bruker: BrukerDep, csrf: CsrfDep, handling: HandlingDep
) -> Response:
    """A saved draft, to continue."""
    _krev_soker(bruker)
    verdier = redigerbar_soknad(handling, sak_id, fra_soknad)
    return _skjema(request, handling, bruker, csrf, sak_id, verdier, {})


@ruter.post("/soknader/ny", dependencies=[Depends(sjekk_csrf)])
def lagre_ny(
    request: Request, app: AppDep, bruker: BrukerDep, csrf: CsrfDep, skjema: SkjemaDep
) -> Response:
    """Save the draft, and send it in if asked."""
    _krev_soker(bruker)
    return _lagre(request, app, bruker, csrf, skjema, None)


@ruter.post("/soknader/{sak_id}/rediger", dependencies=[Depends(sjekk_csrf)])
def lagre_utkast(
    request: Request,
    sak_id: SakId,
    app: AppDep,
    bruker: BrukerDep,
    csrf: CsrfDep,
    skjema: SkjemaDep,
) -> Response:
    """Save the changes, and send it in if asked."""
    _krev_soker(bruker)
    return _lagre(request, app, bruker, csrf, skjema, sak_id)


@ruter.get(VEDLEGGSADRESSE)
def last_ned_vedlegg(vedlegg_id: RadId, app: AppDep, handling: HandlingDep) -> Response:
    """An attachment, as a download (never shown inline), for those who may see its case."""
    vedlegg, sti = vedleggsfil(handling, vedlegg_id, app.innstillinger)
    return FileResponse(sti, media_type=vedlegg.innholdstype, filename=vedlegg.filnavn,
                        content_disposition_type="attachment")  # fmt: skip


@ruter.get("/soknader/{sak_id}/kvittering")
def kvittering(
    request: Request, sak_id: SakId, bruker: BrukerDep, csrf: CsrfDep, handling: HandlingDep
) -> Response:
    """The receipt after sending in: what happens next, and by when."""
    kvittert = kvitteringen(handling, sak_id)
    kontekst = {"bruker": bruker, "sak": kvittert.sak, "referanse": kvittert.referanse,
                "oversending": kvittert.oversending, "mote": kvittert.mote}  # fmt: skip
    return side(request, "kvittering.html", kontekst, csrf=csrf)


def _lagre(
    request: Request,
    app: App,
    bruker: Innlogget,
    csrf: Any,
    skjema: FormData,
    sak_id: int | None,
) -> Response:
    verdier = _verdier(skjema)
    handling = handling_for(app, bruker)
    runde = apen_runde_aar(handling)
    if runde is None:
        return _skjema(request, handling, bruker, csrf, sak_id, verdier, {}, status=SKJEMAFEIL)
    fil, feil = valider(tolk(verdier, runde))
    try:
        vedlegg = _vedlegg(skjema, app)
    except UgyldigFelt as problem:
        feil[problem.felt] = problem.melding
        vedlegg = []
    if fil is None or feil:
        fjern_filer(vedlegg, app.innstillinger)
        return _skjema(request, handling, bruker, csrf, sak_id, verdier, feil, status=SKJEMAFEIL)
    try:
        return _lagre_og_send_inn(request, app, bruker, csrf, skjema, sak_id, fil, vedlegg)
    except BaseException:
        fjern_filer(vedlegg, app.innstillinger)  # nothing was saved that refers to them
        raise


def _lagre_og_send_inn(
    request: Request,
    app: App,
    bruker: Innlogget,
    csrf: Any,
    skjema: FormData,
    sak_id: int | None,
    fil: Soknadsfil,
    vedlegg: list[Vedlegg],
) -> Response:
    send_inn = skjema.get("handling") == "send_inn"
    lagre = partial(lagre_soknad, fil, miljo=app.miljo, brukernavn=bruker.brukernavn)
    try:
        # Saved and sent in as one transaction; only if sending in is refused is the
        # draft saved on its own (with fresh attachment rows), so nothing is lost.
        sak_id = lagre(sak_id=sak_id, vedlegg=vedlegg, send_inn=send_inn, uow=app.uow())
    except Saksfeil as problem:
        if not send_inn:
            raise
        kopier = [
            Vedlegg.model_validate(v.model_dump(exclude={"id", "soknad_id"})) for v in vedlegg
        ]
        sak_id = lagre(sak_id=sak_id, vedlegg=kopier, send_inn=False, uow=app.uow())
        return _ikke_sendt_inn(request, app, bruker, csrf, sak_id, _verdier(skjema), problem)
    if not send_inn:
        return RedirectResponse(f"/soknader/{sak_id}/rediger?lagret=1", status_code=303)
    return RedirectResponse(f"/soknader/{sak_id}/kvittering", status_code=303)


def _ikke_sendt_inn(
    request: Request,
    app: App,
    bruker: Innlogget,
    csrf: Any,
    sak_id: int,
    verdier: dict[str, Any],
    problem: Saksfeil,
) -> Response:
    feil = {
        "_oppsummering": f"Utkastet er lagret, men ikke sendt inn. {problem}",
        **felt_for_nummer(str(problem)),
    }
    if "budsjett" in str(problem):
        feil["vedlegg_budsjett"] = "Budsjettet må legges ved"
    if "signert avtale" in str(problem):
        feil["vedlegg_signert_avtale"] = "Legg ved signert avtale, eller forklar i felt 7"
    return _skjema(request, handling_for(app, bruker), bruker, csrf, sak_id, verdier, feil,
                   status=skjemastatus(problem))  # fmt: skip


def _krev_soker(bruker: Innlogget) -> None:
    if not bruker.roller & {Rolle.SOKER, Rolle.SEKRETARIAT}:
        raise IkkeTillatt("Bare søkere og sekretariatet fyller ut søknader")


def _verdier(skjema: FormData) -> dict[str, Any]:
    verdier: dict[str, Any] = {}
    for navn, verdi in skjema.multi_items():
        if isinstance(verdi, UploadFile):
            continue
        if navn in ("eier_kommuner", "stotter"):
            verdier.setdefault(navn, []).append(verdi)
        else:
            verdier[navn] = verdi
    return verdier


def _vedlegg(skjema: FormData, app: App) -> list[Vedlegg]:
    """Every uploaded file stored; if one cannot be, none of them is kept."""
    vedlegg: list[Vedlegg] = []
    try:
        for felt, type_ in VEDLEGGSFELT.items():
            for fil in skjema.getlist(felt):
                if isinstance(fil, UploadFile) and fil.filename:
                    fil.file.seek(0)
                    opplasting = Opplasting(felt, fil.filename, fil.file.read(), type_)
                    naa = app.miljo.klokke.now()
                    vedlegg.append(lagre_vedlegg(opplasting, app.innstillinger, naa))
    except BaseException:
        fjern_filer(vedlegg, app.innstillinger)
        raise
    return vedlegg


def _skjema(
    request: Request,
    handling: Handling,
    bruker: Innlogget,
    csrf: Any,
    sak_id: int | None,
    verdier: dict[str, Any],
    feil: dict[str, str],
    status: int = 200,
) -> Response:
    grunnlag = soknadsskjemaet(handling, sak_id)
    parter = grunnlag.parter
    kontekst = {
        "bruker": bruker,
        "sak_id": sak_id,
        "verdier": verdier,
        "returnert": grunnlag.tilstand == rs_soknad.Tilstand.MANGELFULL,
        "feil": feil,
        "skjema": SKJEMA,
        "vedlegg": grunnlag.vedlegg,
        "kommuner": [p for p in parter if p.type == PartType.KOMMUNE and p.medlem],
        "helseforetak": [p for p in parter if p.type == PartType.HELSEFORETAK],
        "runde": grunnlag.runde,
        "lagret": request.query_params.get("lagret") == "1",
    }
    return side(request, "soknad.html", kontekst, csrf=csrf, status=status)
