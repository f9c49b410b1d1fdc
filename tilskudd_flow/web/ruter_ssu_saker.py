"""SSU's saker on the web: «meld inn sak» for everyone, and for the sekretariat the list, the
intake, the saksfremlegg (written here, downloaded as HTML, PDF or Word), the vedtak and
the archive extraction. In the paths under /ssu-saker, {sak_id} is the SSU sak's id."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from tilskudd_flow.domain.feil import Saksfeil, UgyldigeFelt, UgyldigFelt
from tilskudd_flow.domain.kodeverk import Sakstype
from tilskudd_flow.drift.handlinger import arkivuttrekk_sak, arkivuttrekk_ssu_sak
from tilskudd_flow.ssu.dokumentfiler import saksfremlegg_fil
from tilskudd_flow.ssu.handlinger import innmeldingene, ssu_sakliste, ssu_saksside
from tilskudd_flow.ssu.sak_innmelding import meld_inn_ssu_sak, ta_opp
from tilskudd_flow.ssu.saksdokumenter import punkter
from tilskudd_flow.ssu.ssu_saker import (
    Saksinnhold,
    registrer_ssu_sak,
    skriv_saksfremlegg,
)
from tilskudd_flow.ssu.ssu_vedtak import STANDARDVEDTAK, registrer_vedtak
from tilskudd_flow.web.avhengigheter import (
    AppDep,
    BrukerDep,
    CsrfDep,
    HandlingDep,
    Innlogget,
    SkjemaDep,
    handling_for,
    krev_sekretariat,
    nedlasting,
    side,
    sjekk_csrf,
)
from tilskudd_flow.web.dokumentsvar import dokumentsvar
from tilskudd_flow.web.feilsvar import skjemastatus
from tilskudd_flow.web.parametre import AarValg, SakId, aarstall, heltall

ruter = APIRouter()


@ruter.get("/meld-inn-sak")
def meld_inn(
    request: Request, app: AppDep, bruker: BrukerDep, csrf: CsrfDep, mottatt: str = ""
) -> Response:
    """The form anyone with a login uses to report a sak to the sekretariat."""
    return _innmeldingsside(request, app, bruker, csrf, {}, {}, mottatt=mottatt == "1")


@ruter.post("/meld-inn-sak", dependencies=[Depends(sjekk_csrf)])
def send_inn(
    request: Request, app: AppDep, bruker: BrukerDep, csrf: CsrfDep, skjema: SkjemaDep
) -> Response:
    verdier = {k: str(skjema.get(k, "")) for k in ("tittel", "beskrivelse", "onsket_type")}
    onsket = verdier["onsket_type"]
    try:
        meld_inn_ssu_sak(tittel=verdier["tittel"], beskrivelse=verdier["beskrivelse"],
                         onsket_type=Sakstype(onsket) if onsket in set(Sakstype) else None,
                         uow=app.uow(), miljo=app.miljo, brukernavn=bruker.brukernavn)  # fmt: skip
    except UgyldigeFelt as feil:
        return _innmeldingsside(request, app, bruker, csrf, feil.alle, verdier,
                                status=skjemastatus(feil))  # fmt: skip
    return RedirectResponse("/meld-inn-sak?mottatt=1", status_code=303)


def _innmeldingsside(
    request: Request,
    app: AppDep,
    bruker: Innlogget,
    csrf: CsrfDep,
    feil: dict[str, str],
    verdier: dict[str, str],
    *,
    mottatt: bool = False,
    status: int = 200,
) -> Response:
    mine = innmeldingene(handling_for(app, bruker))
    return side(request, "meld_inn_sak.html", {
        "bruker": bruker, "feil": feil, "verdier": verdier, "mottatt": mottatt,
        "typer": list(Sakstype), "mine": mine if not bruker.sekretariat else [],
    }, csrf=csrf, status=status)  # fmt: skip


@ruter.get("/ssu-saker")
def ssu_saker(
    request: Request, app: AppDep, bruker: BrukerDep, csrf: CsrfDep, aar: AarValg = None
) -> Response:
    """SSU's saker of a year, and (for the sekretariat) the reported ones waiting."""
    return _ssu_sakliste(request, app, bruker, csrf, aar, {}, {})


def _ssu_sakliste(
    request: Request,
    app: AppDep,
    bruker: Innlogget,
    csrf: CsrfDep,
    aar: int | None,
    feil: dict[str, str],
    verdier: dict[str, str],
    status: int = 200,
) -> Response:
    liste = ssu_sakliste(handling_for(app, bruker), aar)
    return side(request, "ssu_saker.html", {
        "bruker": bruker, "ssu_saker": liste.ssu_saker, "aar": liste.aar, "typer": list(Sakstype),
        "innmeldinger": [i for i in liste.innmeldinger if i.status == "Ny"], "feil": feil,
        "verdier": verdier,
    }, csrf=csrf, status=status)  # fmt: skip


@ruter.post("/ssu-saker", dependencies=[Depends(sjekk_csrf)])
def ny_ssu_sak(
    request: Request, app: AppDep, bruker: BrukerDep, csrf: CsrfDep, skjema: SkjemaDep
) -> Response:
    """The sekretariat registers a sak (or takes up a reported one) with its number."""
    krev_sekretariat(bruker)
    verdier = {k: str(skjema.get(k, "")).strip()
               for k in ("tittel", "type", "eier", "nummer", "gjelder", "innmelding",
                         "prioriteringsliste")}  # fmt: skip
    try:
        type_ = _sakstype(verdier["type"])
        if verdier["innmelding"]:
            ssu_sak = ta_opp(_innmelding(verdier["innmelding"]), type_=type_,
                             eier=verdier["eier"], nummer=verdier["nummer"] or None,
                             uow=app.uow(), miljo=app.miljo,
                             brukernavn=bruker.brukernavn)  # fmt: skip
        else:
            ssu_sak = registrer_ssu_sak(
                tittel=verdier["tittel"], type_=type_, eier=verdier["eier"],
                nummer=verdier["nummer"] or None, gjelder=verdier["gjelder"].split(),
                prioriteringsliste_aar=_heltall(verdier["prioriteringsliste"],
                                                "prioriteringsliste"),
                uow=app.uow(), miljo=app.miljo, brukernavn=bruker.brukernavn,
            )  # fmt: skip
    except UgyldigFelt as feil:
        return _ssu_sakliste(request, app, bruker, csrf, None, {feil.felt: str(feil)}, verdier,
                         skjemastatus(feil))  # fmt: skip
    except Saksfeil as feil:
        return _ssu_sakliste(request, app, bruker, csrf, None, {"nummer": str(feil)}, verdier,
                         skjemastatus(feil))  # fmt: skip
    return RedirectResponse(f"/ssu-saker/{ssu_sak.id}", status_code=303)


@ruter.get("/ssu-saker/{sak_id}")
def ssu_sak(
    request: Request, sak_id: SakId, app: AppDep, bruker: BrukerDep, csrf: CsrfDep, lagret: str = ""
) -> Response:
    return _ssu_sakside(request, app, bruker, csrf, sak_id, {},
                    melding="Saksfremlegget er lagret." if lagret else "")  # fmt: skip


def _ssu_sakside(
    request: Request,
    app: AppDep,
    bruker: Innlogget,
    csrf: CsrfDep,
    ssu_sak_id: int,
    feil: dict[str, str],
    *,
    verdier: dict[str, str] | None = None,
    melding: str = "",
    status: int = 200,
) -> Response:
    siden = ssu_saksside(handling_for(app, bruker), ssu_sak_id)
    ssu_sak = siden.ssu_sak
    verdier = verdier or {"innstilling": ssu_sak.innstilling,
                          "saksopplysninger": ssu_sak.saksopplysninger,
                          "vurdering": ssu_sak.vurdering, "vedlegg": ssu_sak.vedlegg}  # fmt: skip
    return side(request, "ssu_sak.html", {
        "bruker": bruker, "ssu_sak": siden.visning, "fremlegg": siden.fremlegg,
        "mote": siden.mote, "kan_vedtas": siden.kan_vedtas, "kan_skrives": ssu_sak.vedtatt is None,
        "standardvedtak": STANDARDVEDTAK[ssu_sak.type], "feil": feil, "verdier": verdier,
        "melding": melding, "punkter": punkter(ssu_sak.innstilling),
    }, csrf=csrf, status=status)  # fmt: skip


@ruter.post("/ssu-saker/{sak_id}/saksfremlegg", dependencies=[Depends(sjekk_csrf)])
def lagre_saksfremlegg(
    request: Request,
    sak_id: SakId,
    app: AppDep,
    bruker: BrukerDep,
    csrf: CsrfDep,
    skjema: SkjemaDep,
) -> Response:
    krev_sekretariat(bruker)
    verdier = {k: str(skjema.get(k, ""))
               for k in ("innstilling", "saksopplysninger", "vurdering", "vedlegg")}  # fmt: skip
    try:
        skriv_saksfremlegg(sak_id, Saksinnhold(**verdier), uow=app.uow(), miljo=app.miljo,
                           brukernavn=bruker.brukernavn)  # fmt: skip
    except Saksfeil as feil:
        return _ssu_sakside(request, app, bruker, csrf, sak_id, {"innstilling": str(feil)},
                        verdier=verdier, status=skjemastatus(feil))  # fmt: skip
    return RedirectResponse(f"/ssu-saker/{sak_id}?lagret=1", status_code=303)


@ruter.post("/ssu-saker/{sak_id}/vedtak", dependencies=[Depends(sjekk_csrf)])
def vedtak(
    request: Request,
    sak_id: SakId,
    app: AppDep,
    bruker: BrukerDep,
    csrf: CsrfDep,
    skjema: SkjemaDep,
) -> Response:
    """Record the vedtak; a beslutningssak moves its cases in the same transaction."""
    krev_sekretariat(bruker)
    tekst = str(skjema.get("vedtak", "")) if skjema.get("annet") == "ja" else ""
    try:
        resultat = registrer_vedtak(sak_id, tekst, uow=app.uow(), miljo=app.miljo,
                                    brukernavn=bruker.brukernavn)  # fmt: skip
    except Saksfeil as feil:
        return _ssu_sakside(request, app, bruker, csrf, sak_id, {"vedtak": str(feil)},
                        status=skjemastatus(feil))  # fmt: skip
    flyttet = f" Flyttet: {'; '.join(resultat.overganger)}." if resultat.overganger else ""
    return _ssu_sakside(request, app, bruker, csrf, sak_id, {},
                    melding=f"Vedtaket er ført: {resultat.vedtak}{flyttet}")  # fmt: skip


@ruter.get("/ssu-saker/{sak_id}/saksfremlegg.{format_}")
def last_ned_saksfremlegg(sak_id: SakId, format_: str, app: AppDep, bruker: BrukerDep) -> Response:
    """The saksfremlegg: HTML in the browser, PDF or Word as a download."""
    fil = saksfremlegg_fil(sak_id, format_, uow=app.uow(skriv=False), miljo=app.miljo,
                           brukernavn=bruker.brukernavn)  # fmt: skip
    return dokumentsvar(fil)


@ruter.get("/ssu-saker/{sak_id}/arkivuttrekk.zip")
def arkiv_ssu_sak(sak_id: SakId, handling: HandlingDep) -> Response:
    """The sak as a Noark 5 extraction, validated before it is handed over."""
    innhold = arkivuttrekk_ssu_sak(handling, sak_id)
    return nedlasting(innhold, "application/zip", f"arkivuttrekk-ssu-sak-{sak_id}.zip")


@ruter.get("/saker/{sak_id}/arkivuttrekk.zip")
def arkiv_sak(sak_id: SakId, handling: HandlingDep) -> Response:
    """Any case (søknad, FSU, avtale, møte) as a Noark 5 extraction."""
    innhold = arkivuttrekk_sak(handling, sak_id)
    return nedlasting(innhold, "application/zip", f"arkivuttrekk-sak-{sak_id}.zip")


def _sakstype(verdi: str) -> Sakstype:
    try:
        return Sakstype(verdi)
    except ValueError:
        raise UgyldigFelt("type", "Velg type sak") from None


def _heltall(verdi: str, felt: str) -> int | None:
    if not verdi:
        return None
    aar = aarstall(verdi)
    if aar is None:
        raise UgyldigFelt(felt, "Skriv året med fire sifre")
    return aar


def _innmelding(verdi: str) -> int:
    innmelding = heltall(verdi)
    if innmelding is None:
        raise UgyldigFelt("innmelding", "Velg en innmeldt sak fra listen")
    return innmelding
