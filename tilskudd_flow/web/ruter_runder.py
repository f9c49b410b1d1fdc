"""The year's basics on the web: rounds and their deadlines, the pots, and the history of
administrative changes. The same services, rules and errors as `tilskudd runde …` and
`tilskudd frist …`; a form that is refused shows why beside the field and keeps what was typed."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData
from starlette.responses import Response

from tilskudd_flow.domain.amounts import UgyldigBelop, parse_belop
from tilskudd_flow.domain.datoer import UgyldigDato, parse_dato
from tilskudd_flow.domain.feil import IkkeFunnet, IkkeTillatt, Saksfeil, UgyldigeFelt, UgyldigFelt
from tilskudd_flow.domain.kodeverk import Ordning
from tilskudd_flow.domain.tekst import Enlinje
from tilskudd_flow.domain.tid import dato_i_oslo
from tilskudd_flow.drift.historikk import historikken
from tilskudd_flow.motor.handling import Handling
from tilskudd_flow.soknader.handlinger import ny_runde
from tilskudd_flow.soknader.rundeadmin import (
    Pottskjema,
    bekreft_rundefrist,
    endre_potten,
    flytt_rundefrist,
    pottsiden,
    registrer_pott,
    rundeaar_for_frist,
    rundens_frister,
    rundeoversikten,
)
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
from tilskudd_flow.web.feilsvar import skjemastatus
from tilskudd_flow.web.parametre import MAKS_SIDE, Aar, RadId, aarstall

ruter = APIRouter()
POTTNAVN = {Ordning.LOKAL: "lokal pott", Ordning.REGIONAL: "regional ordning"}
BLANKE_OREMERKINGER = 2  # empty rows under the pot's earmarks, for new ones
_MAKS_OREMERKINGER = 50


@ruter.get("/runder")
def rundene(
    request: Request, bruker: BrukerDep, handling: HandlingDep, csrf: CsrfDep, utfort: str = ""
) -> Response:
    """Every round with its deadlines, and the button that opens the next one."""
    oversikt = rundeoversikten(handling)
    kontekst = {"bruker": bruker, "oversikt": oversikt, "feil": {}, "utfort": utfort}
    return side(request, "runder.html", kontekst, csrf=csrf)


@ruter.post("/runder/ny", dependencies=[Depends(sjekk_csrf)])
def apne_runde(
    request: Request,
    bruker: BrukerDep,
    handling: HandlingDep,
    csrf: CsrfDep,
    aar: Annotated[str, Form()] = "",
) -> Response:
    """Open the year's round; its deadlines come from the rules (`tilskudd runde opprett`)."""
    aaret = aarstall(aar)
    try:
        if aaret is None:
            raise UgyldigFelt("aar", "Skriv året runden gjelder, f.eks. 2028")
        ny_runde(handling, aaret)
    except IkkeTillatt:
        raise
    except Saksfeil as feil:
        kontekst = {"bruker": bruker, "oversikt": rundeoversikten(handling), "utfort": "",
                    "feil": {"aar": _melding(feil)}}  # fmt: skip
        return side(request, "runder.html", kontekst, csrf=csrf, status=skjemastatus(feil))
    return RedirectResponse(f"/runder/{aaret}/frister?utfort=opprettet", status_code=303)


@ruter.get("/runder/{aar}/frister")
def rundefristene(
    request: Request,
    aar: Aar,
    bruker: BrukerDep,
    handling: HandlingDep,
    csrf: CsrfDep,
    utfort: str = "",
    frist: int = 0,
) -> Response:
    """The round's deadlines with the working-day rule, to move or confirm."""
    return _fristside(request, handling, bruker, csrf, aar, utfort=utfort, frist_id=frist)


@ruter.get("/frister/{frist_id}")
def fristen(frist_id: RadId, handling: HandlingDep) -> Response:
    """Where a deadline is moved or confirmed: its round's page, or else the årshjul."""
    aar = rundeaar_for_frist(handling, frist_id)
    if aar is None:
        return RedirectResponse("/aarshjul", status_code=303)
    return RedirectResponse(f"/runder/{aar}/frister#frist-{frist_id}", status_code=303)


@ruter.post("/runder/{aar}/frister/{frist_id}/flytt", dependencies=[Depends(sjekk_csrf)])
def flytt(
    request: Request,
    aar: Aar,
    frist_id: RadId,
    bruker: BrukerDep,
    handling: HandlingDep,
    csrf: CsrfDep,
    dato: Annotated[str, Form()] = "",
) -> Response:
    """A new date for one of the round's deadlines (`tilskudd frist endre`)."""
    felt = f"dato-{frist_id}"
    try:
        flytt_rundefrist(handling, aar, frist_id, _dato(felt, dato))
    except (IkkeTillatt, IkkeFunnet):
        raise
    except Saksfeil as feil:
        return _fristside(request, handling, bruker, csrf, aar, feil={felt: _melding(feil)},
                          verdier={felt: dato}, status=skjemastatus(feil))  # fmt: skip
    return RedirectResponse(f"/runder/{aar}/frister?utfort=flyttet&frist={frist_id}", 303)


@ruter.post("/runder/{aar}/frister/{frist_id}/bekreft", dependencies=[Depends(sjekk_csrf)])
def bekreft(aar: Aar, frist_id: RadId, handling: HandlingDep) -> Response:
    """Confirm a proposed date such as SSU's prioritisation meeting (`tilskudd frist bekreft`)."""
    bekreft_rundefrist(handling, aar, frist_id)
    return RedirectResponse(f"/runder/{aar}/frister?utfort=bekreftet&frist={frist_id}", 303)


def _dato(felt: str, tekst: str) -> date:
    if not tekst.strip():
        raise UgyldigFelt(felt, "Skriv den nye datoen, f.eks. 1.10.2027")
    try:
        return parse_dato(tekst)
    except UgyldigDato as feil:
        raise UgyldigFelt(felt, f"{feil}. Skriv datoen som f.eks. 1.10.2027") from None


def _melding(feil: Saksfeil) -> str:
    return feil.melding if isinstance(feil, UgyldigFelt) else str(feil)


def _fristside(
    request: Request,
    handling: Handling,
    bruker: Innlogget,
    csrf: CsrfDep,
    aar: int,
    *,
    utfort: str = "",
    frist_id: int = 0,
    feil: dict[str, str] | None = None,
    verdier: dict[str, str] | None = None,
    status: int = 200,
) -> Response:
    runde = rundens_frister(handling, aar)
    endret = next((f.frist for f in runde.frister if f.frist.id == frist_id), None)
    kontekst = {"bruker": bruker, "runde": runde, "utfort": utfort, "endret": endret,
                "feil": feil or {}, "verdier": verdier or {}}  # fmt: skip
    return side(request, "rundefrister.html", kontekst, csrf=csrf, status=status)


@ruter.get("/potter")
def potter_i_aar(app: AppDep, bruker: BrukerDep) -> Response:
    """This year's pots."""
    return RedirectResponse(f"/potter/{dato_i_oslo(app.miljo.klokke.now()).year}", 303)


@ruter.get("/potter/{aar}")
def pottene(
    request: Request,
    aar: Aar,
    bruker: BrukerDep,
    handling: HandlingDep,
    csrf: CsrfDep,
    utfort: str = "",
) -> Response:
    """The year's pots: frame, carried over, earmarked, awarded and what remains."""
    return _pottside(request, handling, bruker, csrf, aar, utfort=utfort)


@ruter.post("/potter/{aar}/ny", dependencies=[Depends(sjekk_csrf)])
def ny_pott(
    request: Request,
    aar: Aar,
    bruker: BrukerDep,
    handling: HandlingDep,
    csrf: CsrfDep,
    skjema: SkjemaDep,
) -> Response:
    """Register the year's pot for a scheme."""
    ordning = _ordning(str(skjema.get("ordning", "")))
    return _lagre(request, handling, bruker, csrf, aar, ordning.value, skjema,
                  lambda s: registrer_pott(handling, aar, ordning, s))  # fmt: skip


@ruter.post("/potter/{aar}/{pott_id}", dependencies=[Depends(sjekk_csrf)])
def endre_pott(
    request: Request,
    aar: Aar,
    pott_id: RadId,
    bruker: BrukerDep,
    handling: HandlingDep,
    csrf: CsrfDep,
    skjema: SkjemaDep,
) -> Response:
    """New frame, carry-over or earmarks for a registered pot."""
    ordning = _ordning(str(skjema.get("ordning", "")))
    return _lagre(request, handling, bruker, csrf, aar, ordning.value, skjema,
                  lambda s: endre_potten(handling, aar, pott_id, s))  # fmt: skip


def _ordning(verdi: str) -> Ordning:
    try:
        return Ordning(verdi)
    except ValueError:
        raise IkkeFunnet(f"Ukjent ordning «{verdi}»") from None


def _lagre(
    request: Request,
    handling: Handling,
    bruker: Innlogget,
    csrf: CsrfDep,
    aar: int,
    ordning: str,
    skjema: FormData,
    lagre: Callable[[Pottskjema], None],
) -> Response:
    rader = _oremerkingsrader(skjema)
    try:
        lagre(_pottskjema(skjema, rader))
    except (IkkeTillatt, IkkeFunnet):
        raise
    except Saksfeil as feil:
        meldinger = feil.alle if isinstance(feil, UgyldigFelt) else {"ramme": str(feil)}
        verdier = {"ramme": str(skjema.get("ramme", "")),
                   "overfort": str(skjema.get("overfort", "")), "oremerkinger": rader}  # fmt: skip
        return _pottside(request, handling, bruker, csrf, aar, skjemafeil=(ordning, meldinger),
                         verdier=verdier, status=skjemastatus(feil))  # fmt: skip
    return RedirectResponse(f"/potter/{aar}?utfort={ordning}", status_code=303)


def _oremerkingsrader(skjema: FormData) -> list[tuple[str, str, str]]:
    """The earmark rows as typed, empty rows left out (their numbers close up)."""
    rader = []
    for nr in range(_MAKS_OREMERKINGER):
        rad = tuple(str(skjema.get(f"oremerking_{nr}_{del_}", "")).strip()
                    for del_ in ("formaal", "belop", "vedtak"))  # fmt: skip
        if any(rad):
            rader.append((rad[0], rad[1], rad[2]))
    return rader


def _pottskjema(skjema: FormData, rader: list[tuple[str, str, str]]) -> Pottskjema:
    feil: dict[str, str] = {}
    ramme = _belop(skjema, "ramme", "Ramme", feil)
    overfort = _belop(skjema, "overfort", "Overført", feil)
    oremerkinger = []
    for nr, (formaal, belop, vedtak) in enumerate(rader):
        ore = _tekstbelop(belop, f"oremerking_{nr}_belop", f"Øremerking {nr + 1}", feil)
        oremerkinger.append((formaal, ore if ore is not None else 0, vedtak))
    if feil:
        raise UgyldigeFelt(feil)
    return Pottskjema(ramme, overfort or 0, tuple(oremerkinger))


def _belop(skjema: FormData, navn: str, etikett: str, feil: dict[str, str]) -> int | None:
    return _tekstbelop(str(skjema.get(navn, "")), navn, etikett, feil)


def _tekstbelop(tekst: str, navn: str, etikett: str, feil: dict[str, str]) -> int | None:
    if not tekst.strip():
        return None
    try:
        return parse_belop(tekst).ore
    except UgyldigBelop as ugyldig:
        feil[navn] = f"{etikett}: {ugyldig}"
        return None


def _pottside(
    request: Request,
    handling: Handling,
    bruker: Innlogget,
    csrf: CsrfDep,
    aar: int,
    *,
    utfort: str = "",
    skjemafeil: tuple[str, dict[str, str]] | None = None,
    verdier: dict[str, Any] | None = None,
    status: int = 200,
) -> Response:
    siden = pottsiden(handling, aar)
    kontekst = {"bruker": bruker, "siden": siden, "pottnavn": POTTNAVN, "utfort": utfort,
                "skjemafeil": skjemafeil, "verdier": verdier or {},
                "blanke": BLANKE_OREMERKINGER}  # fmt: skip
    return side(request, "potter.html", kontekst, csrf=csrf, status=status)


@ruter.get("/historikk")
def historikk(
    request: Request,
    bruker: BrukerDep,
    handling: HandlingDep,
    csrf: CsrfDep,
    objekt_type: Annotated[Enlinje, Query(alias="type", max_length=60)] = "",
    sidenr: Annotated[int, Query(alias="side", ge=1, le=MAKS_SIDE)] = 1,
) -> Response:
    """Every audited change to rounds, deadlines, pots, members, parties and users."""
    siden = historikken(handling, objekt_type=objekt_type, side=sidenr)
    kontekst = {"bruker": bruker, "siden": siden, "valgt": objekt_type}
    return side(request, "historikk.html", kontekst, csrf=csrf)
