"""Sample data for every template, so the sekretariat can proofread the wording."""

from __future__ import annotations

from typing import Any

from tilskudd_flow.domain.arbeidsflyt import Arbeidsflytregister
from tilskudd_flow.domain.feil import IkkeFunnet

FELLES: dict[str, Any] = {
    "helsefellesskap": "Helsefellesskap Helgeland",
    "mottaker": {"navn": "Karin Ingebrigtsen", "epost": "karin@vefsn.kommune.example"},
    "lenke": "http://127.0.0.1:8000/saker/2",
    "tidspunkt": "15. september 2025 kl. 11:00",
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


_KONTO: dict[str, Any] = {
    "brukernavn": "karin.ingebrigtsen",
    "lenke": "http://127.0.0.1:8000/konto/lenke/eksempel-paa-engangslenke",
    "utloper": "7. desember 2026 kl. 14:05",
}


_MEDSOKER: dict[str, Any] = {
    "sak": {"id": 2, "referanse": "RS-2"},
    "prosjektnavn": "Fremtidens pasientforløp",
    "invitert_av": "Karin Ingebrigtsen",
    "part": "Helgelandssykehuset HF",
    "invitert": {"navn": "Merete Aufles", "epost": "merete.aufles@helgelandssykehuset.example"},
}


_OVERSENDING: dict[str, Any] = {
    "aar": 2026,
    "vedtak": "Sak 31-2025",
    "soknader": [
        {
            "rang": 1,
            "referanse": "RS-3",
            "prosjektnavn": "Helgelandssykepleier",
            "sokt": "kr 10 000 000",
        },
        {
            "rang": 2,
            "referanse": "RS-2",
            "prosjektnavn": "Fremtidens pasientforløp",
            "sokt": "kr 9 315 000",
        },
    ],
    "lenke": "http://127.0.0.1:8000/pakke/eksempel-paa-lenke",
    "lenketekst": "Last ned søknadspakken (ZIP)",
    "utloper": "22. november 2025 kl. 10:00",
    "kopi": ["samhandling@helgelandssykehuset.example"],
}


_SSU: dict[str, Any] = {
    "tittel": "Felles rutine for utskrivningsklare pasienter",
    "innmeldt_av": "Karin Ingebrigtsen",
}


def eksempelkontekst(register: Arbeidsflytregister, mal: str) -> dict[str, Any]:
    """Variables for `mal` like those it gets in real use, with made-up values."""
    mappe = mal.split("/", 1)[0]
    if mappe == "frister":
        return {**FELLES, **_FRIST}
    if mappe == "epost":
        return {**FELLES, **_LEVERINGSFEIL}
    if mappe == "konto":
        return {**FELLES, **_KONTO}
    if mappe == "medsoker":
        return {**FELLES, **_MEDSOKER}
    if mappe == "oversending":
        return {**FELLES, **_OVERSENDING}
    if mappe == "ssu":
        return {**FELLES, **_SSU}
    for flyt in register.alle():
        if flyt.navn == mappe:
            return {**FELLES, **_SAK, **flyt.eksempelkontekst}
    raise IkkeFunnet(f"Ingen eksempeldata for malen «{mal}»")
