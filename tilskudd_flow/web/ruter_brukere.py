"""User administration: the list of users, invitations, deactivation. Changes are for admins."""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Form, Query, Request
from fastapi.responses import RedirectResponse
from starlette.responses import Response

from tilskudd_flow.domain.feil import UgyldigFelt
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.domain.norsk import dato, klokkeslett
from tilskudd_flow.kontoer import handlinger as kontoer
from tilskudd_flow.kontoer.brukere import NyBruker
from tilskudd_flow.kontoer.innloggingsvern import Sperre
from tilskudd_flow.motor.handling import Handling
from tilskudd_flow.web.avhengigheter import (
    AppDep,
    BrukerDep,
    CsrfDep,
    HandlingDep,
    Innlogget,
    side,
    sjekk_csrf,
)
from tilskudd_flow.web.feilsvar import skjemastatus
from tilskudd_flow.web.parametre import Brukernavn

ruter = APIRouter()
# What the list page confirms after a change (fixed sentences: the URL only names who).
_UTFORT = {
    "invitert": "Invitasjonen til {hvem} er lagt i utboksen.",
    "aktivert": "{hvem} er aktivert.",
    "deaktivert": "{hvem} er deaktivert, og alle øktene er avsluttet.",
    "opphevet": "Innloggingssperren for {hvem} er opphevet.",
    "endret": "Rollene og partene til {hvem} er lagret.",
    "frakoblet": "{hvem} er ikke lenger knyttet til ID-porten, og alle øktene er avsluttet.",
}
VALGBARE_ROLLER = [Rolle.SOKER, Rolle.SEKRETARIAT, Rolle.SSU_MEDLEM, Rolle.ADMIN]
_ETIKETTER = {"brukernavn": "Brukernavn", "navn": "Navn", "epost": "E-post",
              "rolle": "Roller", "part": "Parter"}  # fmt: skip


@ruter.get("/brukere")
def brukerliste(
    request: Request,
    app: AppDep,
    bruker: BrukerDep,
    handling: HandlingDep,
    csrf: CsrfDep,
    utfort: str = "",
    hvem: str = "",
) -> Response:
    """Everyone with an account, their roles and parties, and whether they can log in."""
    oversikt = kontoer.brukeroversikt(handling)
    melding = _UTFORT.get(utfort, "").format(hvem=hvem)
    kontekst = {"bruker": bruker, "rader": oversikt.rader, "melding": melding,
                "admin": Rolle.ADMIN in bruker.roller,
                "id_porten": app.innstillinger.oidc.aktiv and app.innstillinger.oidc.knytter_pid,
                "sperrer": [_sperrerad(app, s) for s in oversikt.sperrer]}  # fmt: skip
    return side(request, "brukere.html", kontekst, csrf=csrf)


def _sperrerad(app: AppDep, sperre: Sperre) -> dict[str, str]:
    lokal = sperre.sperret_til.astimezone(app.innstillinger.sone)
    return {"gjelder": sperre.gjelder, "navn": sperre.navn,
            "hva": "Konto" if sperre.gjelder == "konto" else "Adresse",
            "til": f"{dato(lokal)} kl. {klokkeslett(lokal)}"}  # fmt: skip


@ruter.post("/brukere/sperrer/opphev", dependencies=[Depends(sjekk_csrf)])
def opphev_sperre_(
    handling: HandlingDep,
    gjelder: Annotated[str, Form()],
    navn: Annotated[str, Form()],
) -> Response:
    """Lift a login lockout (an account's or a client address's) before it runs out."""
    kontoer.opphev_innloggingssperre(handling, gjelder=gjelder, navn=navn)
    return _tilbake("opphevet", navn)


@ruter.get("/brukere/ny")
def ny_bruker(
    request: Request,
    bruker: BrukerDep,
    handling: HandlingDep,
    csrf: CsrfDep,
    navn: str = "",
    epost: str = "",
    roller: Annotated[list[str] | None, Query()] = None,
    parter: Annotated[list[str] | None, Query()] = None,
) -> Response:
    """The invitation form, filled in from a link (a co-applicant's account request)."""
    forslag = re.sub(r"[^a-z0-9._-]", "", epost.split("@")[0].lower()) if epost else ""
    verdier = {"brukernavn": forslag, "navn": navn, "epost": epost, "roller": roller or [],
               "parter": parter or []}  # fmt: skip
    return _skjema(request, handling, bruker, csrf, verdier=verdier, feil={})


@ruter.post("/brukere/ny", dependencies=[Depends(sjekk_csrf)])
def inviter(
    request: Request,
    bruker: BrukerDep,
    handling: HandlingDep,
    csrf: CsrfDep,
    brukernavn: Annotated[str, Form()] = "",
    navn: Annotated[str, Form()] = "",
    epost: Annotated[str, Form()] = "",
    roller: Annotated[list[str] | None, Form()] = None,
    parter: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Create the account and e-mail the invitation link, in one transaction."""
    brukernavn = brukernavn.strip().lower()
    verdier = {"brukernavn": brukernavn, "navn": navn, "epost": epost,
               "roller": roller or [], "parter": parter or []}  # fmt: skip
    try:
        ny = NyBruker(brukernavn, navn, epost.strip(), tuple(_roller(roller or [])),
                      tuple(parter or []))  # fmt: skip
        kontoer.inviter(handling, ny)
    except UgyldigFelt as feil:
        meldinger = {
            felt: f"{_ETIKETTER.get(felt, felt)}: {tekst}" for felt, tekst in feil.alle.items()
        }
        return _skjema(request, handling, bruker, csrf, verdier=verdier, feil=meldinger,
                       status=skjemastatus(feil))  # fmt: skip
    return _tilbake("invitert", ny.epost)


@ruter.post("/brukere/{brukernavn}/aktiv", dependencies=[Depends(sjekk_csrf)])
def endre_aktiv(
    brukernavn: Brukernavn, handling: HandlingDep, aktiv: Annotated[bool, Form()]
) -> Response:
    """Deactivate (every session ends at once) or reactivate a user."""
    kontoer.endre_aktiv(handling, brukernavn, aktiv=aktiv)
    return _tilbake("aktivert" if aktiv else "deaktivert", brukernavn)


@ruter.post("/brukere/{brukernavn}/inviter", dependencies=[Depends(sjekk_csrf)])
def inviter_igjen(brukernavn: Brukernavn, handling: HandlingDep) -> Response:
    """A new invitation link; the previous one stops working."""
    return _tilbake("invitert", kontoer.inviter_igjen(handling, brukernavn))


@ruter.post("/brukere/{brukernavn}/id-porten/fjern", dependencies=[Depends(sjekk_csrf)])
def fjern_id_porten(brukernavn: Brukernavn, handling: HandlingDep) -> Response:
    """Unbind the user from the person at ID-porten; their sessions end."""
    kontoer.fjern_id_porten(handling, brukernavn)
    return _tilbake("frakoblet", brukernavn)


@ruter.get("/brukere/{brukernavn}/endre")
def endre(
    request: Request, brukernavn: Brukernavn, bruker: BrukerDep, handling: HandlingDep,
    csrf: CsrfDep,
) -> Response:  # fmt: skip
    """The form for an existing user's roles and the parties they represent."""
    skjema = kontoer.tilgangen(handling, brukernavn)
    verdier = {"roller": [r.value for r in skjema.konto.roller], "parter": skjema.valgte_parter}
    return _tilgangsskjema(request, handling, bruker, csrf, brukernavn, verdier, {})


@ruter.post("/brukere/{brukernavn}/endre", dependencies=[Depends(sjekk_csrf)])
def lagre_endring(
    request: Request,
    brukernavn: Brukernavn,
    bruker: BrukerDep,
    handling: HandlingDep,
    csrf: CsrfDep,
    roller: Annotated[list[str] | None, Form()] = None,
    parter: Annotated[list[str] | None, Form()] = None,
) -> Response:
    """Save the user's roles and parties; each change is audited with before and after."""
    verdier = {"roller": roller or [], "parter": parter or []}
    try:
        kontoer.endre_brukertilgang(handling, brukernavn, roller=_roller(roller or []),
                                    parter=parter or [])  # fmt: skip
    except UgyldigFelt as feil:
        meldinger = {f: f"{_ETIKETTER.get(f, f)}: {t}" for f, t in feil.alle.items()}
        return _tilgangsskjema(request, handling, bruker, csrf, brukernavn, verdier, meldinger,
                               skjemastatus(feil))  # fmt: skip
    return _tilbake("endret", brukernavn)


def _tilgangsskjema(
    request: Request,
    handling: Handling,
    bruker: Innlogget,
    csrf: CsrfDep,
    brukernavn: str,
    verdier: dict[str, Any],
    feil: dict[str, str],
    status: int = 200,
) -> Response:
    skjema = kontoer.tilgangen(handling, brukernavn)
    kontekst = {"bruker": bruker, "konto": skjema.konto, "verdier": verdier, "feil": feil,
                "roller": VALGBARE_ROLLER, "parter": skjema.parter}  # fmt: skip
    return side(request, "bruker.html", kontekst, csrf=csrf, status=status)


def _skjema(
    request: Request,
    handling: Handling,
    bruker: Innlogget,
    csrf: CsrfDep,
    *,
    verdier: dict[str, Any],
    feil: dict[str, str],
    status: int = 200,
) -> Response:
    parter = kontoer.parter_for_invitasjon(handling)
    kontekst = {"bruker": bruker, "verdier": verdier, "feil": feil, "roller": VALGBARE_ROLLER,
                "parter": [(p.kommunenummer or p.navn, p.navn) for p in parter]}  # fmt: skip
    return side(request, "ny_bruker.html", kontekst, csrf=csrf, status=status)


def _roller(verdier: list[str]) -> list[Rolle]:
    try:
        return [Rolle(v) for v in verdier if Rolle(v) in VALGBARE_ROLLER]
    except ValueError:
        raise UgyldigFelt("rolle", "ukjent rolle") from None


def _tilbake(utfort: str, hvem: str) -> Response:
    return RedirectResponse(f"/brukere?{urlencode({'utfort': utfort, 'hvem': hvem})}", 303)
