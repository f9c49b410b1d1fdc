"""Sample data for every template, so the sekretariat can proofread the wording."""

from __future__ import annotations

from typing import Any

from tilskudd_flow.adapters.varselmaler import Epostinnhold, Varselbygger
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflytregister
from tilskudd_flow.domain.feil import IkkeFunnet, IkkeTillatt
from tilskudd_flow.domain.kodeverk import JobbArt
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.motor.leveringsvarsel import LEVERINGSFEIL
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


def maler_med_eksempel(
    varsler: Varselbygger, register: Arbeidsflytregister, aktor: Bruker
) -> list[tuple[str, str]]:
    """Every e-mail template as (file name, the name staff read), for proofreading."""
    _krev_intern(aktor)
    return [(mal, malnavn(register, mal)) for mal in varsler.alle_maler()]


_MOTORENS = {LEVERINGSFEIL.mal: LEVERINGSFEIL}  # the engine's own e-mail, in no workflow file


def malnavn(register: Arbeidsflytregister, mal: str) -> str:
    """What an e-mail is, in the words the workflow files declare: «RS-søknad: Send inn»,
    «Invitasjon til konto»; a deadline's own template «Påminnelse: Søknadsfrist»."""
    if (epost := register.epost(mal) or _MOTORENS.get(mal)) is not None:
        return epost.navn
    for flyt in register.alle():
        varsler = [(flyt.hendelsesnavn(h), v) for h, regel in flyt.hendelser.items()
                   for v in regel.varsler if v.mal == mal]  # fmt: skip
        if varsler:
            hendelser = " / ".join(dict.fromkeys(navn for navn, _ in varsler))
            # The same event tells the applicant and the sekretariat: say which one this is.
            til = " (til sekretariatet)" if varsler[0][1].til == ("sekretariat",) else ""
            return f"{flyt.tittel}: {hendelser}{til}"
    return _fristmalnavn(register, mal)


def _fristmalnavn(register: Arbeidsflytregister, mal: str) -> str:
    arter = {JobbArt.PAAMINNELSE: "Påminnelse", JobbArt.ESKALERING: "Eskalering"}
    for flyt in register.alle():
        for regel in flyt.frister:
            hva = [arter[JobbArt.PAAMINNELSE]] if regel.paaminnelse_mal == mal else []
            hva += [arter[JobbArt.ESKALERING]] if regel.eskalering_mal == mal else []
            if hva:
                navn = (regel.aarshjulnavn or flyt.tittel).replace(" {aar}", "")
                return f"{' og '.join(hva)}: {navn}"
    generelle = {"frister/paaminnelse": "Påminnelse om en frist",
                 "frister/eskalering": "Eskalering etter en frist"}  # fmt: skip
    return generelle.get(mal, mal)


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
