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
from tilskudd_flow.kontoer.brukere import NyBruker, list_brukere, sett_aktiv
from tilskudd_flow.kontoer.engangslenker import inviter_bruker, inviter_paa_nytt
from tilskudd_flow.kontoer.innloggingsvern import Sperre, aktive_sperrer, opphev_sperre
from tilskudd_flow.kontoer.kommuner import list_parter
from tilskudd_flow.motor.tilgang import hent_aktor, krev_rolle
from tilskudd_flow.web.avhengigheter import AppDep, BrukerDep, CsrfDep, side, sjekk_csrf
from tilskudd_flow.web.parametre import Brukernavn

ruter = APIRouter()
# What the list page confirms after a change (fixed sentences: the URL only names who).
_UTFORT = {
    "invitert": "Invitasjonen til {hvem} er lagt i utboksen.",
    "aktivert": "{hvem} er aktivert.",
    "deaktivert": "{hvem} er deaktivert, og alle øktene er avsluttet.",
    "opphevet": "Innloggingssperren for {hvem} er opphevet.",
}
VALGBARE_ROLLER = [Rolle.SOKER, Rolle.SEKRETARIAT, Rolle.SSU_MEDLEM, Rolle.ADMIN]
_ETIKETTER = {"brukernavn": "Brukernavn", "navn": "Navn", "epost": "E-post",
              "rolle": "Roller", "part": "Parter"}  # fmt: skip


@ruter.get("/brukere")
def brukerliste(
    request: Request,
    app: AppDep,
    bruker: BrukerDep,
    csrf: CsrfDep,
    utfort: str = "",
    hvem: str = "",
) -> Response:
    """Everyone with an account, their roles and parties, and whether they can log in."""
    with app.uow(skriv=False) as uow:
        aktor = hent_aktor(uow.session, bruker.brukernavn)
        parter = {p.id: p.navn for p in list_parter(uow.session, aktor.helsefellesskap_id)}
        rader = [
            {
                "brukernavn": b.brukernavn,
                "navn": b.navn,
                "epost": b.epost,
                "roller": ", ".join(r.visning for r in sorted(b.rollesett)),
                "parter": ", ".join(sorted(parter.get(p, "?") for p in b.part_ider)),
                "aktiv": b.aktiv,
                "har_passord": b.passord_hash is not None,
            }
            for b in list_brukere(uow.session, aktor)
        ]
        sperrer = aktive_sperrer(uow.session, aktor, app.miljo.klokke.now())
    melding = _UTFORT.get(utfort, "").format(hvem=hvem)
    kontekst = {"bruker": bruker, "rader": rader, "melding": melding,
                "admin": Rolle.ADMIN in bruker.roller,
                "sperrer": [_sperrerad(app, s) for s in sperrer]}  # fmt: skip
    return side(request, "brukere.html", kontekst, csrf=csrf)


def _sperrerad(app: AppDep, sperre: Sperre) -> dict[str, str]:
    lokal = sperre.sperret_til.astimezone(app.innstillinger.sone)
    return {"gjelder": sperre.gjelder, "navn": sperre.navn,
            "hva": "Konto" if sperre.gjelder == "konto" else "Adresse",
            "til": lokal.strftime("%d.%m.%Y kl. %H:%M")}  # fmt: skip


@ruter.post("/brukere/sperrer/opphev", dependencies=[Depends(sjekk_csrf)])
def opphev_sperre_(
    app: AppDep,
    bruker: BrukerDep,
    gjelder: Annotated[str, Form()],
    navn: Annotated[str, Form()],
) -> Response:
    """Lift a login lockout (an account's or a client address's) before it runs out."""
    with app.uow() as uow:
        aktor = hent_aktor(uow.session, bruker.brukernavn)
        opphev_sperre(uow.session, aktor=aktor, gjelder=gjelder, navn=navn,
                      naa=app.miljo.klokke.now())  # fmt: skip
        uow.commit()
    return _tilbake("opphevet", navn)


@ruter.get("/brukere/ny")
def ny_bruker(
    request: Request,
    app: AppDep,
    bruker: BrukerDep,
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
    return _skjema(request, app, bruker, csrf, verdier=verdier, feil={})


@ruter.post("/brukere/ny", dependencies=[Depends(sjekk_csrf)])
def inviter(
    request: Request,
    app: AppDep,
    bruker: BrukerDep,
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
        with app.uow() as uow:
            aktor = hent_aktor(uow.session, bruker.brukernavn)
            inviter_bruker(uow.session, app.miljo, aktor=aktor, ny=ny, naa=app.miljo.klokke.now())
            uow.commit()
    except UgyldigFelt as feil:
        meldinger = {
            felt: f"{_ETIKETTER.get(felt, felt)}: {tekst}" for felt, tekst in feil.alle.items()
        }
        return _skjema(request, app, bruker, csrf, verdier=verdier, feil=meldinger)
    return _tilbake("invitert", ny.epost)


@ruter.post("/brukere/{brukernavn}/aktiv", dependencies=[Depends(sjekk_csrf)])
def endre_aktiv(
    brukernavn: Brukernavn, app: AppDep, bruker: BrukerDep, aktiv: Annotated[bool, Form()]
) -> Response:
    """Deactivate (every session ends at once) or reactivate a user."""
    with app.uow() as uow:
        aktor = hent_aktor(uow.session, bruker.brukernavn)
        sett_aktiv(uow.session, aktor=aktor, brukernavn=brukernavn, aktiv=aktiv,
                   naa=app.miljo.klokke.now())  # fmt: skip
        uow.commit()
    return _tilbake("aktivert" if aktiv else "deaktivert", brukernavn)


@ruter.post("/brukere/{brukernavn}/inviter", dependencies=[Depends(sjekk_csrf)])
def inviter_igjen(brukernavn: Brukernavn, app: AppDep, bruker: BrukerDep) -> Response:
    """A new invitation link; the previous one stops working."""
    with app.uow() as uow:
        aktor = hent_aktor(uow.session, bruker.brukernavn)
        invitert = inviter_paa_nytt(uow.session, app.miljo, aktor=aktor, brukernavn=brukernavn,
                                    naa=app.miljo.klokke.now())  # fmt: skip
        epost = invitert.epost
        uow.commit()
    return _tilbake("invitert", epost)


def _skjema(
    request: Request,
    app: AppDep,
    bruker: BrukerDep,
    csrf: CsrfDep,
    *,
    verdier: dict[str, Any],
    feil: dict[str, str],
) -> Response:
    with app.uow(skriv=False) as uow:
        aktor = hent_aktor(uow.session, bruker.brukernavn)
        krev_rolle(aktor, Rolle.ADMIN)
        parter = list_parter(uow.session, aktor.helsefellesskap_id)
    kontekst = {"bruker": bruker, "verdier": verdier, "feil": feil, "roller": VALGBARE_ROLLER,
                "parter": [(p.kommunenummer or p.navn, p.navn) for p in parter]}  # fmt: skip
    return side(request, "ny_bruker.html", kontekst, csrf=csrf, status=400 if feil else 200)


def _roller(verdier: list[str]) -> list[Rolle]:
    try:
        return [Rolle(v) for v in verdier if Rolle(v) in VALGBARE_ROLLER]
    except ValueError:
        raise UgyldigFelt("rolle", "ukjent rolle") from None


def _tilbake(utfort: str, hvem: str) -> Response:
    return RedirectResponse(f"/brukere?{urlencode({'utfort': utfort, 'hvem': hvem})}", 303)
