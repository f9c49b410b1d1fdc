"""Meetings on the web: the year's meeting plan with SSU's members, and each meeting's page
(saksliste, innkalling, forfall, attendance, papers). The meeting's workflow steps (held,
referat, høring, published) are on its case page like every other case's."""

from __future__ import annotations

from datetime import datetime

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from tilskudd_flow.domain.datoer import UgyldigDato, parse_dato
from tilskudd_flow.domain.feil import IkkeTillatt, Saksfeil, UgyldigFelt
from tilskudd_flow.domain.kodeverk import Motetype, Oppmote, Rolle
from tilskudd_flow.domain.moter import tidsrom
from tilskudd_flow.domain.tid import OSLO
from tilskudd_flow.motor.adresser import MOTEADRESSE
from tilskudd_flow.motor.tilgang import INTERNE_ROLLER
from tilskudd_flow.ssu.dokumentfiler import motepapir_fil
from tilskudd_flow.ssu.handlinger import Motebilde, moteplanen, motesiden
from tilskudd_flow.ssu.moter import (
    Motebestilling,
    avlys_mote,
    meld_forfall,
    planlegg_mote,
    registrer_oppmote,
    send_innkalling,
    sett_paa_saksliste,
)
from tilskudd_flow.web.avhengigheter import (
    AppDep,
    BrukerDep,
    CsrfDep,
    Innlogget,
    SkjemaDep,
    handling_for,
    krev_sekretariat,
    side,
    sjekk_csrf,
)
from tilskudd_flow.web.dokumentsvar import dokumentsvar
from tilskudd_flow.web.feilsvar import skjemastatus
from tilskudd_flow.web.parametre import AarValg, RadId, heltall
from workflows import mote as moteflyt

ruter = APIRouter()


def _krev_leser(bruker: Innlogget) -> None:
    if not bruker.roller & (INTERNE_ROLLER | {Rolle.SSU_MEDLEM}):
        raise IkkeTillatt("Bare sekretariatet og SSU har tilgang til møtene")


@ruter.get("/moter")
def moter(
    request: Request, app: AppDep, bruker: BrukerDep, csrf: CsrfDep, aar: AarValg = None
) -> Response:
    """The year's meetings, SSU's members today, and (sekretariat) a form for a new one."""
    return _moteplan(request, app, bruker, csrf, aar, {}, {})


def _moteplan(
    request: Request,
    app: AppDep,
    bruker: Innlogget,
    csrf: CsrfDep,
    aar: int | None,
    feil: dict[str, str],
    verdier: dict[str, str],
    status: int = 200,
) -> Response:
    _krev_leser(bruker)
    plan = moteplanen(handling_for(app, bruker), aar)
    return side(request, "moter.html", {
        "bruker": bruker, "rader": plan.rader, "aar": plan.aar, "medlemmer": plan.medlemmer,
        "typer": list(Motetype), "fsu": plan.fsu, "feil": feil, "verdier": verdier,
    }, csrf=csrf, status=status)  # fmt: skip


@ruter.post("/moter", dependencies=[Depends(sjekk_csrf)])
def nytt_mote(
    request: Request, app: AppDep, bruker: BrukerDep, csrf: CsrfDep, skjema: SkjemaDep
) -> Response:
    krev_sekretariat(bruker)
    verdier = {k: str(skjema.get(k, "")).strip()
               for k in ("type", "dato", "fra", "til", "sted", "videolenke", "tittel",
                         "fsu")}  # fmt: skip
    try:
        bestilling = _bestilling(verdier)
        mote_id = planlegg_mote(bestilling, uow=app.uow(), miljo=app.miljo,
                                brukernavn=bruker.brukernavn)  # fmt: skip
    except UgyldigFelt as feil:
        meldinger = {{"slutt": "til"}.get(felt, felt): tekst for felt, tekst in feil.alle.items()}
        return _moteplan(request, app, bruker, csrf, None, meldinger, verdier, skjemastatus(feil))
    return RedirectResponse(f"/moter/{mote_id}", status_code=303)


def _bestilling(verdier: dict[str, str]) -> Motebestilling:
    try:
        type_ = Motetype(verdier["type"])
    except ValueError:
        raise UgyldigFelt("type", "Velg type møte") from None
    try:
        dag = parse_dato(verdier["dato"]).isoformat()
    except UgyldigDato as feil:
        raise UgyldigFelt("dato", str(feil)) from None
    try:
        start = datetime.fromisoformat(f"{dag}T{verdier['fra']}").replace(tzinfo=OSLO)
    except ValueError:
        raise UgyldigFelt("fra", "Skriv når møtet starter, f.eks. 09:00") from None
    try:
        slutt = datetime.fromisoformat(f"{dag}T{verdier['til']}").replace(tzinfo=OSLO)
    except ValueError:
        raise UgyldigFelt("til", "Skriv når møtet slutter, f.eks. 15:00") from None
    fsu = heltall(verdier["fsu"])
    return Motebestilling(type_, start, slutt, verdier["sted"], verdier["videolenke"],
                          verdier["tittel"], fsu)  # fmt: skip


@ruter.get(MOTEADRESSE)
def mote(
    request: Request, mote_id: RadId, app: AppDep, bruker: BrukerDep, csrf: CsrfDep, ok: str = ""
) -> Response:
    return _moteside(request, app, bruker, csrf, mote_id, {}, melding=_MELDINGER.get(ok, ""))


_MELDINGER = {
    "innkalt": "Innkallingen er lagt i utboksen til medlemmene og varaene som er kalt inn.",
    "avlysning": "Møtet er avlyst, og avlysningen er lagt i utboksen til alle som er kalt inn.",
    "oppmote": "Oppmøtet er registrert.",
}


def _moteside(
    request: Request,
    app: AppDep,
    bruker: Innlogget,
    csrf: CsrfDep,
    mote_id: int,
    feil: dict[str, str],
    *,
    melding: str = "",
    status: int = 200,
) -> Response:
    _krev_leser(bruker)

    def vis(bilde: Motebilde) -> Response:
        sak, motet = bilde.sak, bilde.mote
        flyt = app.miljo.register.hent(sak.workflow)
        kontekst = {
            "bruker": bruker, "sak": sak, "mote": motet,
            "tid": tidsrom(motet.start, motet.slutt),
            "tilstand": flyt.tilstandsnavn(sak.state), "apent": sak.state in moteflyt.APNE,
            "ssu_saker": motet.ssu_saker, "deltakere": motet.deltakere, "Oppmote": Oppmote,
            "ledige": [(s.saksnummer.vis(), s.tittel) for s in bilde.ledige_ssu_saker],
            "meg": next((d for d in motet.deltakere
                         if d.person.epost.lower() == bilde.epost.lower()), None),
            "har_referat": sak.state in moteflyt.MED_REFERAT,
            "oppmote_fores": sak.state in moteflyt.OPPMOTE_FORES,
            "feil": feil, "melding": melding, "verdier": {},
        }  # fmt: skip
        return side(request, "mote.html", kontekst, csrf=csrf, status=status)

    return motesiden(handling_for(app, bruker), mote_id, vis)


@ruter.post("/moter/{mote_id}/saksliste", dependencies=[Depends(sjekk_csrf)])
def legg_til_ssu_sak(
    request: Request,
    mote_id: RadId,
    app: AppDep,
    bruker: BrukerDep,
    csrf: CsrfDep,
    skjema: SkjemaDep,
) -> Response:
    krev_sekretariat(bruker)
    try:
        melding = sett_paa_saksliste(mote_id, str(skjema.get("sak", "")), uow=app.uow(),
                                     miljo=app.miljo, brukernavn=bruker.brukernavn)  # fmt: skip
    except Saksfeil as feil:
        return _moteside(
            request, app, bruker, csrf, mote_id, {"sak": str(feil)}, status=skjemastatus(feil)
        )
    return _moteside(request, app, bruker, csrf, mote_id, {}, melding=melding)


@ruter.post("/moter/{mote_id}/innkalling", dependencies=[Depends(sjekk_csrf)])
def innkalling(
    request: Request, mote_id: RadId, app: AppDep, bruker: BrukerDep, csrf: CsrfDep
) -> Response:
    krev_sekretariat(bruker)
    try:
        send_innkalling(mote_id, uow=app.uow(), miljo=app.miljo, brukernavn=bruker.brukernavn)
    except Saksfeil as feil:
        return _moteside(
            request, app, bruker, csrf, mote_id, {"innkall": str(feil)}, status=skjemastatus(feil)
        )
    return RedirectResponse(f"/moter/{mote_id}?ok=innkalt", status_code=303)


@ruter.post("/moter/{mote_id}/avlysning", dependencies=[Depends(sjekk_csrf)])
def avlys(
    request: Request,
    mote_id: RadId,
    app: AppDep,
    bruker: BrukerDep,
    csrf: CsrfDep,
    skjema: SkjemaDep,
) -> Response:
    """Cancel the meeting; the invited calendars get METHOD:CANCEL."""
    krev_sekretariat(bruker)
    try:
        avlys_mote(mote_id, str(skjema.get("kommentar", "")), uow=app.uow(), miljo=app.miljo,
                   brukernavn=bruker.brukernavn)  # fmt: skip
    except Saksfeil as feil:
        # A field error is shown beside the field by its own words, without the field's key.
        tekst = feil.melding if isinstance(feil, UgyldigFelt) else str(feil)
        return _moteside(
            request, app, bruker, csrf, mote_id, {"avlysning": tekst}, status=skjemastatus(feil)
        )
    return RedirectResponse(f"/moter/{mote_id}?ok=avlysning", status_code=303)


@ruter.post("/moter/{mote_id}/forfall", dependencies=[Depends(sjekk_csrf)])
def forfall(
    request: Request,
    mote_id: RadId,
    app: AppDep,
    bruker: BrukerDep,
    csrf: CsrfDep,
    skjema: SkjemaDep,
) -> Response:
    """A member reports their own forfall; the sekretariat may register anyone's."""
    try:
        melding = meld_forfall(mote_id, epost=str(skjema.get("epost", "")), uow=app.uow(),
                               miljo=app.miljo, brukernavn=bruker.brukernavn)  # fmt: skip
    except Saksfeil as feil:
        return _moteside(
            request, app, bruker, csrf, mote_id, {"forfall": str(feil)}, status=skjemastatus(feil)
        )
    return _moteside(request, app, bruker, csrf, mote_id, {}, melding=melding)


@ruter.post("/moter/{mote_id}/oppmote", dependencies=[Depends(sjekk_csrf)])
def oppmote(
    request: Request,
    mote_id: RadId,
    app: AppDep,
    bruker: BrukerDep,
    csrf: CsrfDep,
    skjema: SkjemaDep,
) -> Response:
    krev_sekretariat(bruker)
    til_stede = [str(e) for e in skjema.getlist("til_stede")]
    try:
        registrer_oppmote(mote_id, til_stede, uow=app.uow(), miljo=app.miljo,
                          brukernavn=bruker.brukernavn)  # fmt: skip
    except Saksfeil as feil:
        return _moteside(
            request, app, bruker, csrf, mote_id, {"oppmote": str(feil)}, status=skjemastatus(feil)
        )
    return RedirectResponse(f"/moter/{mote_id}?ok=oppmote", status_code=303)


@ruter.get("/moter/{mote_id}/{dokument}.{format_}")
def motedokument(
    mote_id: RadId, dokument: str, format_: str, app: AppDep, bruker: BrukerDep
) -> Response:
    """The innkalling or the referat as PDF or Word."""
    fil = motepapir_fil(mote_id, dokument, format_, uow=app.uow(skriv=False), miljo=app.miljo,
                        brukernavn=bruker.brukernavn)  # fmt: skip
    return dokumentsvar(fil)
