"""Sample data for every template, so the sekretariat can proofread the wording."""

from __future__ import annotations

from typing import Any

from tilskudd_flow.adapters.varselmaler import Epostinnhold, Varselbygger
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflytregister
from tilskudd_flow.domain.feil import IkkeFunnet, IkkeTillatt
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.motor.tilgang import INTERNE_ROLLER

FELLES: dict[str, Any] = {
    "helsefellesskap": "Helsefellesskap Helgeland",
    "mottaker": {"navn": "Karin Ingebrigtsen", "epost": "karin@vefsn.kommune.example"},
    "lenke": "http://127.0.0.1:8000/saker/2",
    "tidspunkt": "15. september 2025 kl. 11.00",
}

_SAK: dict[str, Any] = {
    "sak": {"id": 2, "referanse": "RS-2", "tittel": "Fremtidens pasientforløp", "type": "RS"},
    "hendelse": "Returner som mangelfull",
    "fra_tilstand": "Mottatt",
    "til_tilstand": "Mangelfull – returnert for komplettering",
    "kommentar": "Budsjettet mangler fordeling per år.",
}

_FRIST: dict[str, Any] = {
    "frist": {
        "navn": "Oversending til Helse Nord",
        "vist": "1. november 2025 (lørdag) → fredag 31. oktober 2025",
        "dato": "1. november 2025",
        "aar": 2026,
        "type": "oversendelse_helse_nord",
    },
    "dager": 7,
    "saker": [
        {"referanse": "RS-2", "tittel": "Fremtidens pasientforløp", "tilstand": "Prioritert"}
    ],
}

_LEVERINGSFEIL: dict[str, Any] = {
    "hvorfor": "dod",
    "lenketekst": "Rett, send på nytt eller forkast e-post 41",
    "melding": {
        "id": 41,
        "til": "Rødøy kommune <postmottak@rodoy.kommune.example>",
        "emne": "Påminnelse: Frist for innspill til avtalerevisjon 1. juni 2026",
        "forsok": 8,
        "feil": "451 4.3.0 Mailbox temporarily unavailable",
        "frist": True,
    },
}


def eksempelkontekst(register: Arbeidsflytregister, mal: str) -> dict[str, Any]:
    """Variables for `mal` like those it gets in real use, with made-up values."""
    mappe = mal.split("/", 1)[0]
    if mappe == "frister":
        return {**FELLES, **_FRIST}
    if mappe == "epost":
        return {**FELLES, **_LEVERINGSFEIL}
    for flyt in register.alle():
        if flyt.navn == mappe:
            return {**FELLES, **_SAK, **flyt.eksempelkontekst}
    # An e-mail outside a transition brings its own example from its declaration.
    if (epost := register.epost(mal)) is not None:
        return {**FELLES, **epost.eksempel}
    raise IkkeFunnet(f"Ingen eksempeldata for malen «{mal}»")


def maler_med_eksempel(varsler: Varselbygger, aktor: Bruker) -> list[str]:
    """Every e-mail template's name, for staff to proofread."""
    _krev_intern(aktor)
    return list(varsler.alle_maler())


def fylt_med_eksempel(
    varsler: Varselbygger, register: Arbeidsflytregister, aktor: Bruker, mal: str
) -> Epostinnhold:
    """A template rendered with its sample data, as the CLI's `mal vis` shows it."""
    _krev_intern(aktor)
    if not varsler.finnes(mal):
        raise IkkeFunnet(f"Finner ingen e-postmal «{mal}»")
    return varsler.bygg(mal, eksempelkontekst(register, mal))


def _krev_intern(aktor: Bruker) -> None:
    if not aktor.rollesett & INTERNE_ROLLER:
        raise IkkeTillatt("Bare sekretariatet og administratorer kan se e-postmalene")
