"""The prioritisation meeting page: the chair or the sekretariat edits, SSU watches."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse
from starlette.datastructures import FormData
from starlette.responses import Response

from tilskudd_flow.bootstrap import App
from tilskudd_flow.domain.amounts import UgyldigBelop, parse_belop
from tilskudd_flow.domain.feil import IkkeTillatt, Saksfeil, UgyldigFelt
from tilskudd_flow.domain.kodeverk import Prioritering
from tilskudd_flow.soknader.handlinger import (
    listeversjonen,
    prioriteringsrunden,
    prioriteringssiden,
)
from tilskudd_flow.soknader.oversending import FILER
from tilskudd_flow.soknader.prioritering import vedta_moteliste
from tilskudd_flow.soknader.prioriteringsmote import (
    Endring,
    Flytting,
    Merking,
    Rekkefolge,
    endre_moteliste,
)
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
from tilskudd_flow.web.feilsvar import skjemastatus
from tilskudd_flow.web.parametre import Aar, aarstall, heltall

ruter = APIRouter()
_UTFORT = {
    "merket": "Merkingen er lagret.",
    "flyttet": "Søknaden er flyttet.",
    "rekkefolge": "Den nye rekkefølgen er lagret.",
    "vedtatt": "Prioriteringslisten er vedtatt, og søknadene er flyttet videre.",
    "oversendt": "Pakken er laget, søknadene er oversendt, og e-posten til Helse Nord ligger i "
    "utboksen.",
}


@ruter.get("/prioritering")
def gjeldende_runde(handling: HandlingDep) -> Response:
    """The meeting page of the newest round."""
    aar = prioriteringsrunden(handling)
    if aar is None:
        return RedirectResponse("/aarshjul", status_code=303)
    return RedirectResponse(f"/prioritering/{aar}", status_code=303)


@ruter.get("/prioritering/{aar}")
def motesiden(
    request: Request, aar: Aar, app: AppDep, bruker: BrukerDep, csrf: CsrfDep, utfort: str = ""
) -> Response:
    """The shared list, the local pot per year, and (for those who lead) the controls."""
    return motesiden_med(request, app, bruker, csrf, aar, melding=_UTFORT.get(utfort, ""))


@ruter.get("/prioritering/{aar}/versjon")
def versjon(aar: Aar, handling: HandlingDep) -> Response:
    """What members' pages poll: the list's version number."""
    return JSONResponse({"versjon": listeversjonen(handling, aar)})


@ruter.post("/prioritering/{aar}/merk", dependencies=[Depends(sjekk_csrf)])
def merk(
    request: Request, aar: Aar, app: AppDep, bruker: BrukerDep, csrf: CsrfDep, skjema: SkjemaDep
) -> Response:
    """Local pot, regional list, both or neither, with the local amounts per year."""
    try:
        endring: Endring = _merking(skjema)
    except UgyldigFelt as feil:
        return motesiden_med(request, app, bruker, csrf, aar, feil=feil.melding,
                             status=skjemastatus(feil))  # fmt: skip
    return _endre(request, app, bruker, csrf, aar, endring, skjema, "merket")


@ruter.post("/prioritering/{aar}/flytt", dependencies=[Depends(sjekk_csrf)])
def flytt(
    request: Request, aar: Aar, app: AppDep, bruker: BrukerDep, csrf: CsrfDep, skjema: SkjemaDep
) -> Response:
    """One place up or down: the keyboard's way to reorder."""
    steg = -1 if skjema.get("retning") == "opp" else 1
    endring = Flytting(_heltall(skjema, "sak_id"), steg)
    return _endre(request, app, bruker, csrf, aar, endring, skjema, "flyttet")


@ruter.post("/prioritering/{aar}/rekkefolge", dependencies=[Depends(sjekk_csrf)])
def rekkefolge(
    request: Request, aar: Aar, app: AppDep, bruker: BrukerDep, csrf: CsrfDep, skjema: SkjemaDep
) -> Response:
    """The whole order at once, as dragging and dropping leaves it."""
    ider = tuple(i for i in map(heltall, str(skjema.get("rekkefolge", "")).split(",")) if i)
    return _endre(request, app, bruker, csrf, aar, Rekkefolge(ider), skjema, "rekkefolge")


@ruter.post("/prioritering/{aar}/vedta", dependencies=[Depends(sjekk_csrf)])
def vedta(
    request: Request, aar: Aar, app: AppDep, bruker: BrukerDep, csrf: CsrfDep, skjema: SkjemaDep
) -> Response:
    """SSU adopts the list: the vedtak is recorded and every vurdert søknad moves."""
    vedtak = str(skjema.get("vedtak", ""))
    try:
        vedta_moteliste(aar, forventet_versjon=_heltall(skjema, "versjon"), vedtak=vedtak,
                        uow=app.uow(), miljo=app.miljo, brukernavn=bruker.brukernavn)  # fmt: skip
    except IkkeTillatt:
        raise
    except Saksfeil as feil:
        return motesiden_med(request, app, bruker, csrf, aar, feil=str(feil),
                             status=skjemastatus(feil), vedtak=vedtak)  # fmt: skip
    return RedirectResponse(f"/prioritering/{aar}?utfort=vedtatt", status_code=303)


def _endre(
    request: Request,
    app: App,
    bruker: Innlogget,
    csrf: Any,
    aar: int,
    endring: Endring,
    skjema: FormData,
    utfort: str,
) -> Response:
    try:
        endre_moteliste(aar, endring, forventet_versjon=_heltall(skjema, "versjon"),
                        uow=app.uow(), miljo=app.miljo, brukernavn=bruker.brukernavn)  # fmt: skip
    except IkkeTillatt:
        raise  # the error page, as for every page the user may not use
    except Saksfeil as feil:
        return motesiden_med(request, app, bruker, csrf, aar, feil=str(feil),
                             status=skjemastatus(feil))  # fmt: skip
    anker = f"#sak-{endring.sak_id}" if isinstance(endring, Flytting | Merking) else ""
    return RedirectResponse(f"/prioritering/{aar}?utfort={utfort}{anker}", status_code=303)


def _merking(skjema: FormData) -> Merking:
    valg = str(skjema.get("prioritering", ""))
    prioritering = None if valg == "ingen" else _prioritering(valg)
    lokalt: dict[int, int] = {}
    for navn, verdi in skjema.multi_items():
        aar = (
            aarstall(str(navn).removeprefix("lokalt_")) if str(navn).startswith("lokalt_") else None
        )
        if aar is not None and str(verdi).strip():
            try:
                lokalt[aar] = parse_belop(str(verdi)).ore
            except UgyldigBelop as feil:
                raise UgyldigFelt(str(navn), f"Beløp for {aar}: {feil}") from None
    har_belopsfelt = any(str(n).startswith("lokalt_") for n in skjema)
    return Merking(_heltall(skjema, "sak_id"), prioritering, lokalt if har_belopsfelt else None)


def _prioritering(valg: str) -> Prioritering:
    try:
        return Prioritering(valg)
    except ValueError:
        raise UgyldigFelt(
            "prioritering", "Velg lokal pott, regional liste, begge eller ingen"
        ) from None


def _heltall(skjema: FormData, navn: str) -> int:
    verdi = str(skjema.get(navn, ""))
    return heltall(verdi, minst=0) or 0


def motesiden_med(
    request: Request,
    app: App,
    bruker: Innlogget,
    csrf: Any,
    aar: int,
    *,
    melding: str = "",
    feil: str = "",
    vedtak: str = "",
    status: int = 200,
) -> Response:
    siden = prioriteringssiden(handling_for(app, bruker), aar)
    kontekst = {"bruker": bruker, "liste": siden.liste, "melding": melding, "feil": feil,
                "vedtak": vedtak, "pakker": siden.pakker, "filer": list(FILER),
                "oversending": app.innstillinger.oversending}  # fmt: skip
    return side(request, "prioritering.html", kontekst, csrf=csrf, status=status)
