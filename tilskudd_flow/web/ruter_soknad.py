"""The applicant's søknad form: save a draft, come back to it, send it in, get a receipt."""

from __future__ import annotations

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
from tilskudd_flow.models.tenancy import Part
from tilskudd_flow.motor.handling import Handling
from tilskudd_flow.motor.handlinger import vedleggsfil
from tilskudd_flow.motor.vedlegg import VEDLEGGSADRESSE, Opplasting, fjern_filer, lagre_vedlegg
from tilskudd_flow.soknader import utkast as utkastene
from tilskudd_flow.soknader.handlinger import (
    apen_runde_aar,
    kvitteringen,
    redigerbar_soknad,
    soknaden_som_pdf,
    soknadsskjemaet,
)
from tilskudd_flow.soknader.utkast import Utkastsvar
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
from tilskudd_flow.web.budsjettskjema import antall_linjer, budsjettsummer, med_en_linje_til
from tilskudd_flow.web.dokumentsvar import dokumentsvar
from tilskudd_flow.web.feilsvar import SKJEMAFEIL, skjemastatus
from tilskudd_flow.web.parametre import RadId, SakId
from tilskudd_flow.web.sikkerhet import CSRF_FELT
from tilskudd_flow.web.skjemafeil import OPPSUMMERING, mangler_som_feil, oppsummering
from tilskudd_flow.web.skjemasteg import SOKNADSSTEG, STEGFELT, sendt_steg
from tilskudd_flow.web.soknadsskjema import (
    felt_for_nummer,
    fra_soknad,
    tolk,
    utkast,
    valider,
)
from workflows import rs_soknad

ruter = APIRouter()
LEGG_TIL_LINJE = "legg_til_linje"
IKKE_SKJEMAVERDIER = {CSRF_FELT, "handling", "fjern_vedlegg", STEGFELT}
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


@ruter.get("/soknader/{sak_id}/soknad.pdf")
def soknad_pdf(sak_id: SakId, handling: HandlingDep) -> Response:
    """The søknad as a PDF: the same summary Helse Nord gets in the forwarding package."""
    return dokumentsvar(soknaden_som_pdf(handling, sak_id))


def _lagre(
    request: Request,
    app: App,
    bruker: Innlogget,
    csrf: Any,
    skjema: FormData,
    sak_id: int | None,
) -> Response:
    """Save the draft whatever it holds; then, if asked, check everything and send it in."""
    verdier = _verdier(skjema)
    handling = handling_for(app, bruker)
    runde = apen_runde_aar(handling)
    if runde is None:
        return _skjema(request, handling, bruker, csrf, sak_id, verdier, {}, status=SKJEMAFEIL)
    valgt = str(skjema.get("handling", "lagre"))
    hopp = med_en_linje_til(verdier) if valgt == LEGG_TIL_LINJE else ""
    vedlegg, filfeil = _vedlegg(skjema, app)
    tolket = tolk(verdier, runde)
    # Sending in is checked against the saved draft and done in the draft's own transaction.
    fil, feltfeil = valider(tolket) if valgt == "send_inn" else (None, {})

    def klar(svar: Utkastsvar) -> bool:
        return fil is not None and not _innsendingsfeil(feltfeil, filfeil, svar)

    try:
        svar = utkastene.lagre_utkast(utkast(tolket), verdier, sak_id=sak_id, vedlegg=vedlegg,
                                      fjern=_fjern(skjema), uow=app.uow(), miljo=app.miljo,
                                      brukernavn=bruker.brukernavn,
                                      send_inn=klar if valgt == "send_inn" else None)  # fmt: skip
    except Saksfeil as problem:
        fjern_filer(vedlegg, app.innstillinger)  # nothing was saved that refers to them
        feil = {OPPSUMMERING: f"Utkastet er ikke lagret. {problem}", **filfeil}
        return _skjema(request, handling, bruker, csrf, sak_id, verdier, feil,
                       status=skjemastatus(problem))  # fmt: skip
    except BaseException:
        fjern_filer(vedlegg, app.innstillinger)
        raise
    if valgt == "send_inn":
        feil = _innsendingsfeil(feltfeil, filfeil, svar)
        return _send_inn(request, app, bruker, csrf, verdier, feil, svar)
    feil = {**filfeil, **({} if svar.ingen_parter_valgt else _partfeil(svar))}
    if feil:
        feil = {OPPSUMMERING: "Utkastet er lagret, men se på dette:", **feil}
        return _skjema(request, handling, bruker, csrf, svar.sak_id, verdier, feil,
                       status=SKJEMAFEIL)  # fmt: skip
    steg = sendt_steg(skjema.get(STEGFELT))
    tilbake = f"#{hopp}" if hopp else f"&{STEGFELT}={steg}" if steg else ""
    return RedirectResponse(f"/soknader/{svar.sak_id}/rediger?lagret=1{tilbake}", status_code=303)


def _send_inn(
    request: Request,
    app: App,
    bruker: Innlogget,
    csrf: Any,
    verdier: dict[str, Any],
    feil: dict[str, str],
    svar: Utkastsvar,
) -> Response:
    """The receipt, or every problem at once: the fields, the files, the parties and the
    rules of sending in (the draft is saved either way)."""
    if svar.sendt_inn:
        return RedirectResponse(f"/soknader/{svar.sak_id}/kvittering", status_code=303)
    status = SKJEMAFEIL
    if svar.innsendingsfeil is not None:
        problem = svar.innsendingsfeil
        feil = {OPPSUMMERING: str(problem), **felt_for_nummer(str(problem))}
        status = skjemastatus(problem)
    feil = {OPPSUMMERING: "Utkastet er lagret, men ikke sendt inn. Rett opp dette:", **feil}
    return _skjema(request, handling_for(app, bruker), bruker, csrf, svar.sak_id, verdier, feil,
                   status=status)  # fmt: skip


def _innsendingsfeil(
    feltfeil: dict[str, str], filfeil: dict[str, str], svar: Utkastsvar
) -> dict[str, str]:
    """What stops sending in, by field: the form's values, the files, the parties and what
    the saved draft still lacks."""
    feil = {**feltfeil, **filfeil,
            **{k: v for k, v in _partfeil(svar).items() if k not in feltfeil}}  # fmt: skip
    feil.update(mangler_som_feil(svar.mangler, feil))
    return feil


def _partfeil(svar: Utkastsvar) -> dict[str, str]:
    """The service's «kommuner[0]» or «helseforetak» as the form's party fields."""
    felt = {"helseforetak": "helseforetak"}
    return {felt.get(sted, "eier_kommuner"): melding for sted, melding in svar.partfeil.items()}


def _krev_soker(bruker: Innlogget) -> None:
    if not bruker.roller & {Rolle.SOKER, Rolle.SEKRETARIAT}:
        raise IkkeTillatt("Bare søkere og sekretariatet fyller ut søknader")


def _verdier(skjema: FormData) -> dict[str, Any]:
    """The form's values as typed (not the token, the button or the files)."""
    verdier: dict[str, Any] = {}
    for navn, verdi in skjema.multi_items():
        if isinstance(verdi, UploadFile) or navn in IKKE_SKJEMAVERDIER:
            continue
        verdi = verdi.replace("\r\n", "\n")  # a browser sends a textarea's lines as CRLF
        if navn in ("eier_kommuner", "stotter"):
            verdier.setdefault(navn, []).append(verdi)
        else:
            verdier[navn] = verdi
    return verdier


def _vedlegg(skjema: FormData, app: App) -> tuple[list[Vedlegg], dict[str, str]]:
    """Every uploaded file that passes the checks stored; each refused one named at its
    field (the others are kept on the draft, so nothing chosen is lost needlessly)."""
    vedlegg: list[Vedlegg] = []
    feil: dict[str, str] = {}
    try:
        for felt, type_ in VEDLEGGSFELT.items():
            for fil in skjema.getlist(felt):
                if isinstance(fil, UploadFile) and fil.filename:
                    fil.file.seek(0)
                    opplasting = Opplasting(felt, fil.filename, fil.file.read(), type_)
                    try:
                        naa = app.miljo.klokke.now()
                        vedlegg.append(lagre_vedlegg(opplasting, app.innstillinger, naa))
                    except UgyldigFelt as problem:
                        feil.setdefault(problem.felt, problem.melding)
    except BaseException:
        fjern_filer(vedlegg, app.innstillinger)
        raise
    return vedlegg, feil


def _fjern(skjema: FormData) -> set[int]:
    """The saved attachments the applicant ticked «Fjern» for."""
    valgt = [str(v) for v in skjema.getlist("fjern_vedlegg")]
    return {int(v) for v in valgt if v.isdigit() and len(v) < 10}


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
    if sak_id is None and not verdier:
        verdier = _egne_parter_krysset_av(grunnlag.egne)
    kontekst = {
        "bruker": bruker,
        "sak_id": sak_id,
        "verdier": verdier,
        "returnert": grunnlag.tilstand == rs_soknad.Tilstand.MANGELFULL,
        "feil": feil,
        "oppsummering": oppsummering(feil),
        "skjema": SKJEMA,
        "soknadssteg": SOKNADSSTEG,
        "steg": sendt_steg(request.query_params.get(STEGFELT)) or 1,
        "vedlegg": grunnlag.vedlegg,
        "kommuner": [p for p in parter if p.type == PartType.KOMMUNE and p.medlem],
        "helseforetak": [p for p in parter if p.type == PartType.HELSEFORETAK],
        "runde": grunnlag.runde,
        "lagret": request.query_params.get("lagret") == "1",
        "linjer": antall_linjer(verdier),
        "summer": budsjettsummer(verdier),
    }
    return side(request, "soknad.html", kontekst, csrf=csrf, status=status)


def _egne_parter_krysset_av(egne: list[Part]) -> dict[str, Any]:
    """A new form starts with the applicant's own kommune or hospital trust ticked."""
    verdier: dict[str, Any] = {
        "eier_kommuner": [p.kommunenummer for p in egne if p.type == PartType.KOMMUNE]
    }
    hf = [p.navn for p in egne if p.type == PartType.HELSEFORETAK]
    if hf:
        verdier["helseforetak"] = hf[0]
    return verdier
