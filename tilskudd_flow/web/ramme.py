"""The page frame every template shares: who runs the service (header and footer) and the
main menu, grouped by what the user does, with the current page marked for screen readers."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from typing import Any, Literal

from starlette.requests import Request

from tilskudd_flow.config import HelsefellesskapInnstillinger, Innstillinger
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflyt
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.motor.tilgang import INTERNE_ROLLER
from tilskudd_flow.samarbeid.fsu import FSU_LESERE

Hvem = Literal["alle", "interne", "fsu_lesere"]
# aria-current: "page" on the link to this very page, "true" on the link to the section
# a page belongs to (a case under "Saker", the user register under "Administrasjon").
Gjeldende = Literal["page", "true"] | None


@dataclass(frozen=True)
class Menypunkt:
    tekst: str
    href: str
    gjeldende: Gjeldende


@dataclass(frozen=True)
class Menygruppe:
    navn: str
    punkter: tuple[Menypunkt, ...]


@dataclass(frozen=True)
class _Lenke:
    gruppe: str
    tekst: str
    href: str
    hvem: Hvem
    # Other paths of the section this link leads to (prefixes).
    seksjon: tuple[str, ...] = ()


# fmt: off
MENY: tuple[_Lenke, ...] = (
    _Lenke("Søknader", "Mine oppgaver", "/oppgaver", "interne"),
    _Lenke("Søknader", "Saker", "/saker", "alle", ("/soknader/", "/arbeidsflyter")),
    _Lenke("Søknader", "Ny søknad", "/soknader/ny", "alle"),
    _Lenke("Søknader", "Årshjul", "/aarshjul", "alle"),
    _Lenke("Søknader", "Avtaler", "/avtaler", "alle"),
    _Lenke("SSU", "FSU", "/fsu", "fsu_lesere"),
    _Lenke("SSU", "Prioritering", "/prioritering", "fsu_lesere"),
    _Lenke("SSU", "Møter", "/moter", "fsu_lesere"),
    _Lenke("SSU", "SSU-saker", "/ssu-saker", "fsu_lesere"),
    _Lenke("SSU", "Meld inn sak", "/meld-inn-sak", "alle"),
    _Lenke("Administrasjon", "Administrasjon", "/administrasjon", "interne",
           ("/runder", "/potter", "/ssu-medlemmer", "/parter", "/brukere", "/utboks",
            "/epostmaler", "/historikk")),
)
# fmt: on
SLIPPER = {"alle": frozenset(Rolle), "interne": INTERNE_ROLLER, "fsu_lesere": FSU_LESERE}


def hovedmeny(roller: Collection[Rolle], sti: str) -> list[Menygruppe]:
    """The groups of links this user's roles may follow, on the page at `sti`."""
    # A page with a link of its own (/soknader/ny) is not also part of another's section.
    egen_lenke = any(lenke.href == sti for lenke in MENY)
    grupper: dict[str, list[Menypunkt]] = {}
    for lenke in MENY:
        if SLIPPER[lenke.hvem].isdisjoint(roller):
            continue
        gjeldende = _gjeldende(lenke, sti, egen_lenke=egen_lenke)
        grupper.setdefault(lenke.gruppe, []).append(Menypunkt(lenke.tekst, lenke.href, gjeldende))
    return [Menygruppe(navn, tuple(punkter)) for navn, punkter in grupper.items()]


def _gjeldende(lenke: _Lenke, sti: str, *, egen_lenke: bool) -> Gjeldende:
    if sti == lenke.href:
        return "page"
    if egen_lenke:
        return None
    if any(sti == p or sti.startswith(p.rstrip("/") + "/") for p in (lenke.href, *lenke.seksjon)):
        return "true"
    return None


@dataclass(frozen=True)
class Ramme:
    """The helsefellesskap behind the service and how to reach its sekretariat."""

    navn: str
    epost: str
    telefon: str
    behandlingsansvarlig: str
    personvernombud: str


def ramme(innstillinger: Innstillinger) -> Ramme:
    """The installation's own helsefellesskap (`standard_helsefellesskap`): read from the
    configuration only, so an error page can show it while the database is down."""
    valg = innstillinger.helsefellesskap.get(innstillinger.standard_helsefellesskap)
    if valg is None:
        return Ramme("Helsefellesskap", "", "", "", "")
    kontakt = valg.kontakt
    return Ramme(valg.navn, kontakt.epost or _adresse(valg), kontakt.telefon,
                 kontakt.behandlingsansvarlig, kontakt.personvernombud)  # fmt: skip


def _adresse(valg: HelsefellesskapInnstillinger) -> str:
    """Without a contact address: where replies to the service's e-mail go."""
    return valg.svar_til or valg.avsender.rpartition("<")[2].rstrip(">").strip()


def tilstandsfarge(flyt: Arbeidsflyt, tilstand: str) -> str:
    """The colour of a case's status tag (ds-tag's data-color), from what the workflow file
    declares, never from the state's name: a case still in progress is "info"; a draft only
    its own parties see, and a case nothing more happens to, are "neutral"."""
    if flyt.er_avsluttet(tilstand) or tilstand in flyt.private_tilstander:
        return "neutral"
    return "info"


def rammekontekst(request: Request) -> dict[str, Any]:
    """Jinja2 context processor: the frame for every page, and the status tags' colours."""
    app = request.app.state.tilskudd
    innstillinger: Innstillinger = app.innstillinger

    def farge(workflow: str, tilstand: str) -> str:
        return tilstandsfarge(app.miljo.register.hent(workflow), tilstand)

    return {"ramme": ramme(innstillinger), "hovedmeny": hovedmeny, "tilstandsfarge": farge}
