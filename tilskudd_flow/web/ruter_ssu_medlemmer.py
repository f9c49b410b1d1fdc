"""SSU's member register on the web: the members and vara on a day, and for the sekretariat
the forms to register a member and to choose leder and nestleder. Same services, rules,
audit and errors as `tilskudd ssu-medlem ny|ledelse`."""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import TypeVar
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from tilskudd_flow.domain.datoer import UgyldigDato, parse_dato
from tilskudd_flow.domain.feil import IkkeTillatt, Regelbrudd, UgyldigeFelt, UgyldigFelt
from tilskudd_flow.domain.kodeverk import Rolle, Side, Verv
from tilskudd_flow.domain.norsk import dato
from tilskudd_flow.motor.tilgang import INTERNE_ROLLER
from tilskudd_flow.ssu.handlinger import registrer_ssu_medlem, ssu_medlemmene, velg_ssu_ledelse
from tilskudd_flow.ssu.ssu_medlemmer import NyttMedlem
from tilskudd_flow.web.avhengigheter import (
    BrukerDep,
    CsrfDep,
    HandlingDep,
    Innlogget,
    SkjemaDep,
    krev_sekretariat,
    side,
    sjekk_csrf,
)
from tilskudd_flow.web.feilsvar import skjemastatus
from tilskudd_flow.web.parametre import Tekstfilter
from tilskudd_flow.web.skjemafeil import OPPSUMMERING

ruter = APIRouter()
ADRESSE = "/ssu-medlemmer"
_MEDLEMSFELT = ("navn", "epost", "side", "organisasjon", "tittel", "verv", "vara_for", "fra")
_LEDELSESFELT = ("leder", "nestleder", "ledelse_fra")
_ETIKETTER = {"navn": "Navn", "epost": "E-post", "side": "Side", "organisasjon": "Organisasjon",
              "tittel": "Stilling", "verv": "Verv", "vara_for": "Vara for",
              "fra": "Første dag", "leder": "Leder", "nestleder": "Nestleder",
              "ledelse_fra": "Første dag i toårsperioden"}  # fmt: skip
_UTFORT = {
    "registrert": "{hvem} er registrert i SSU for fire år.",
    "ledelse": "Leder og nestleder er registrert fra {hvem}.",
}
E = TypeVar("E", bound=StrEnum)


def _krev_leser(bruker: Innlogget) -> None:
    if not bruker.roller & (INTERNE_ROLLER | {Rolle.SSU_MEDLEM}):
        raise IkkeTillatt("Bare sekretariatet og SSU kan se medlemsregisteret")


@ruter.get(ADRESSE)
def medlemsregister(
    request: Request,
    bruker: BrukerDep,
    handling: HandlingDep,
    csrf: CsrfDep,
    dato: Tekstfilter = "",
    utfort: str = "",
    hvem: Tekstfilter = "",
) -> Response:
    """SSU's members and vara on a day (today if none), with the sekretariat's forms."""
    _krev_leser(bruker)  # before the date: whoever may not read learns nothing from it
    dag = _dato(dato, "dato") if dato else None
    melding = _UTFORT.get(utfort, "").format(hvem=hvem)
    return _side(request, bruker, handling, csrf, dag=dag, melding=melding)


@ruter.post(ADRESSE, dependencies=[Depends(sjekk_csrf)])
def registrer(
    request: Request, bruker: BrukerDep, handling: HandlingDep, csrf: CsrfDep, skjema: SkjemaDep
) -> Response:
    """Register a member or vara for four years from the first day (today if empty)."""
    krev_sekretariat(bruker)
    verdier = {k: str(skjema.get(k, "")).strip() for k in _MEDLEMSFELT}
    try:
        medlem = registrer_ssu_medlem(handling, _nytt_medlem(verdier))
    except (UgyldigFelt, Regelbrudd) as feil:
        return _side(request, bruker, handling, csrf, feil=_meldinger(feil), verdier=verdier,
                     skjema="medlem", status=skjemastatus(feil))  # fmt: skip
    return _tilbake("registrert", medlem.navn)


@ruter.post(f"{ADRESSE}/ledelse", dependencies=[Depends(sjekk_csrf)])
def ledelse(
    request: Request, bruker: BrukerDep, handling: HandlingDep, csrf: CsrfDep, skjema: SkjemaDep
) -> Response:
    """Choose leder and nestleder for the two-year period starting on the day given."""
    krev_sekretariat(bruker)
    verdier = {k: str(skjema.get(k, "")).strip() for k in _LEDELSESFELT}
    try:
        _krev_utfylt(verdier)
        fra = _dato(verdier["ledelse_fra"], "ledelse_fra")
        velg_ssu_ledelse(handling, leder=verdier["leder"], nestleder=verdier["nestleder"],
                         fra=fra)  # fmt: skip
    except (UgyldigFelt, Regelbrudd) as feil:
        return _side(request, bruker, handling, csrf, feil=_meldinger(feil), verdier=verdier,
                     skjema="ledelse", status=skjemastatus(feil))  # fmt: skip
    return _tilbake("ledelse", dato(fra))


def _krev_utfylt(verdier: dict[str, str]) -> None:
    feil = {felt: "velg et medlem" for felt in ("leder", "nestleder") if not verdier[felt]}
    if not verdier["ledelse_fra"]:
        feil["ledelse_fra"] = "må fylles ut"
    if feil:
        raise UgyldigeFelt(feil)


def _nytt_medlem(verdier: dict[str, str]) -> NyttMedlem:
    feil = {felt: "må fylles ut" for felt in ("navn", "epost") if not verdier[felt]}
    side_ = _valg(Side, verdier["side"], "side", "velg kommunesiden eller helseforetakssiden", feil)
    verv = _valg(Verv, verdier["verv"] or Verv.MEDLEM, "verv", "velg et verv", feil)
    fra = None
    if verdier["fra"]:
        try:
            fra = parse_dato(verdier["fra"])
        except UgyldigDato as problem:
            feil["fra"] = str(problem)
    if feil or side_ is None or verv is None:
        raise UgyldigeFelt(feil)
    return NyttMedlem(navn=verdier["navn"], epost=verdier["epost"], side=side_,
                      organisasjon=verdier["organisasjon"], tittel=verdier["tittel"], verv=verv,
                      vara_for=verdier["vara_for"], fra=fra)  # fmt: skip


def _valg(enum: type[E], verdi: str, felt: str, melding: str, feil: dict[str, str]) -> E | None:
    try:
        return enum(verdi)
    except ValueError:
        feil[felt] = melding
        return None


def _dato(tekst: str, felt: str) -> date:
    try:
        return parse_dato(tekst)
    except UgyldigDato as feil:
        raise UgyldigFelt(felt, str(feil)) from None


def _meldinger(feil: UgyldigFelt | Regelbrudd) -> dict[str, str]:
    if isinstance(feil, Regelbrudd):
        return {OPPSUMMERING: str(feil)}
    return {felt: f"{_ETIKETTER.get(felt, felt)}: {tekst}" for felt, tekst in feil.alle.items()}


def _side(
    request: Request,
    bruker: Innlogget,
    handling: HandlingDep,
    csrf: CsrfDep,
    *,
    dag: date | None = None,
    melding: str = "",
    feil: dict[str, str] | None = None,
    verdier: dict[str, str] | None = None,
    skjema: str = "",
    status: int = 200,
) -> Response:
    _krev_leser(bruker)
    medlemmer = ssu_medlemmene(handling, dag)
    kontekst = {"bruker": bruker, "medlemmer": medlemmer, "dag": dag, "melding": melding,
                "feil": feil or {}, "verdier": verdier or {}, "skjema": skjema,
                "sider": list(Side), "verv": list(Verv),
                "ordinare": [m for m in medlemmer if m.verv != "Vara"]}  # fmt: skip
    return side(request, "ssu_medlemmer.html", kontekst, csrf=csrf, status=status)


def _tilbake(utfort: str, hvem: str) -> Response:
    return RedirectResponse(f"{ADRESSE}?{urlencode({'utfort': utfort, 'hvem': hvem})}", 303)
