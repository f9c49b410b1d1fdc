"""The case list (dashboard) and the case page with its transitions as forms."""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse
from starlette.datastructures import FormData
from starlette.responses import Response

from tilskudd_flow.bootstrap import App
from tilskudd_flow.dokumenter.saksliste import Uttrekksrad
from tilskudd_flow.dokumenter.saksliste import saksliste_csv as saksliste_som_csv
from tilskudd_flow.dokumenter.saksliste import saksliste_xlsx as saksliste_som_xlsx
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflyt
from tilskudd_flow.domain.feil import Saksfeil, UgyldigFelt
from tilskudd_flow.motor.handling import Handling
from tilskudd_flow.motor.handlinger import Saksfilter, saksbilde, saksoversikt
from tilskudd_flow.motor.massehendelser import Masseutfall, Valgt, utfor_for_flere
from tilskudd_flow.motor.oppgavehandlinger import saksbehandlingen
from tilskudd_flow.motor.overganger import Hendelseskommando, utfor_hendelse
from tilskudd_flow.motor.sakskolonner import Sakskolonner
from tilskudd_flow.motor.sortering import KOLONNER, gyldig_sortering
from tilskudd_flow.motor.sporring import Saksrad
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
from tilskudd_flow.web.feilsvar import SKJEMAFEIL, skjemastatus
from tilskudd_flow.web.parametre import AarFilter, SakId, Sidenummer, Tekstfilter, aarstall, heltall
from workflows import rs_soknad

ruter = APIRouter()
PER_SIDE = 50
ALLE = 2**31 - 1  # the export: every row on one page
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# What the case page confirms after the sekretariat's own forms (ruter_oppgaver).
LAGRET = {
    "saksbehandler": "Saksbehandleren er lagret",
    "uten_saksbehandler": "Saken har ikke lenger noen saksbehandler",
    "notat": "Notatet er lagret",
}


def sakslistefilter(
    type: Tekstfilter = "",
    tilstand: Tekstfilter = "",
    aar: AarFilter = "",
    sok: Tekstfilter = "",
    sorter: Tekstfilter = "",
    saksbehandler: Tekstfilter = "",
) -> dict[str, str]:
    """The list's filters and sort as the address gives them; the page and both exports
    read the same ones, so an export is exactly the list shown."""
    return {"type": type, "tilstand": tilstand, "aar": aar, "sok": sok,
            "sorter": gyldig_sortering(sorter), "saksbehandler": saksbehandler}  # fmt: skip


SakslistefilterDep = Annotated[dict[str, str], Depends(sakslistefilter)]
FILTERNAVN = ("type", "tilstand", "aar", "sok", "sorter", "saksbehandler")


@ruter.get("/saker")
def saksliste(
    request: Request,
    app: AppDep,
    bruker: BrukerDep,
    csrf: CsrfDep,
    handling: HandlingDep,
    filter: SakslistefilterDep,
    side_nr: Sidenummer = 1,
) -> Response:
    """All cases the user may see, 50 a page, with counts per state; with one kind and one
    state chosen, the sekretariat can tick cases and apply one event to all of them."""
    return _saksliste(request, app, handling, bruker, csrf, filter, max(1, side_nr))


@ruter.post("/saker/masse", dependencies=[Depends(sjekk_csrf)])
def masse(
    request: Request,
    app: AppDep,
    bruker: BrukerDep,
    csrf: CsrfDep,
    handling: HandlingDep,
    skjema: SkjemaDep,
) -> Response:
    """Apply one event to the ticked cases (or every case on the page), each on its own."""
    filter = {n: str(skjema.get(n, "")) for n in FILTERNAVN}
    felt = "alle_saker" if skjema.get("omfang") == "alle" else "sak"
    valgte = [v for v in map(_valgt, skjema.getlist(felt)) if v is not None]
    if not valgte:
        return _saksliste(request, app, handling, bruker, csrf, filter, 1,
                          feil="Velg minst én sak", status=SKJEMAFEIL)  # fmt: skip
    try:
        utfall = utfor_for_flere(valgte, str(skjema.get("hendelse", "")),
                                 str(skjema.get("kommentar", "")), ny_uow=app.uow,
                                 miljo=app.miljo, brukernavn=bruker.brukernavn)  # fmt: skip
    except Saksfeil as feil:
        return _saksliste(request, app, handling, bruker, csrf, filter, 1, feil=str(feil),
                          status=skjemastatus(feil))  # fmt: skip
    return _saksliste(request, app, handling, bruker, csrf, filter, 1, utfall=utfall)


def _valgt(verdi: object) -> Valgt | None:
    """`12@3`: case 12 as the list showed it, at version 3."""
    sak_id, _, versjon = str(verdi).partition("@")
    tall = heltall(sak_id)
    return None if tall is None else Valgt(tall, heltall(versjon, minst=0))


def _saksliste(
    request: Request,
    app: App,
    handling: Handling,
    bruker: Innlogget,
    csrf: Any,
    filter: dict[str, str],
    side_nr: int,
    *,
    utfall: list[Masseutfall] | None = None,
    feil: str = "",
    status: int = 200,
) -> Response:
    aar = aarstall(filter["aar"])
    flyt = _valgt_flyt(app, filter["type"])
    filter, merknad = _uten_fremmed_tilstand(flyt, filter)
    oversikt = saksoversikt(handling, _saksfilter(filter), side=side_nr, per_side=PER_SIDE)
    inneverende = app.miljo.klokke.now().year
    kontekst = {
        "bruker": bruker,
        "sakside": oversikt.sakside,
        "kolonner": oversikt.kolonner,
        "flyter": app.miljo.register.alle(),
        "flytnavn": {flyt.navn: flyt.tittel for flyt in app.miljo.register.alle()},
        "filter": filter,
        "saksbehandlere": oversikt.saksbehandlere,
        "aarstall": sorted({*oversikt.aar, inneverende, *([aar] if aar else [])}),
        "valgt_flyt": flyt,
        "kolonnehoder": _kolonnehoder(filter),
        "lenke": lambda **endret: _lenke({**filter, **endret}),
        "uttrekk": {f: _lenke(filter, f"/saker.{f}") for f in ("xlsx", "csv")},
        "merknad": merknad,
        "massehendelser": oversikt.massehendelser,
        "utfall": utfall or [],
        "feil": feil,
    }
    return side(request, "saker.html", kontekst, csrf=csrf, status=status)


def _uten_fremmed_tilstand(
    flyt: Arbeidsflyt | None, filter: dict[str, str]
) -> tuple[dict[str, str], str]:
    """A state the chosen kind does not have is dropped, and the user told so."""
    if flyt is None or not filter["tilstand"] or filter["tilstand"] in flyt.tilstander:
        return filter, ""
    merknad = f"{flyt.tittel} har ingen tilstand «{filter['tilstand']}»; viser alle tilstandene"
    return {**filter, "tilstand": ""}, merknad


def _saksfilter(filter: dict[str, str]) -> Saksfilter:
    return Saksfilter(workflow=filter["type"], tilstand=filter["tilstand"],
                      aar=aarstall(filter["aar"]), sok=filter["sok"],
                      sorter=filter["sorter"],
                      saksbehandler=filter.get("saksbehandler", ""))  # fmt: skip


@ruter.get("/saker.xlsx")
def saksliste_xlsx(app: AppDep, handling: HandlingDep, filter: SakslistefilterDep) -> Response:
    """The filtered case list, every page of it, as an Excel workbook."""
    innhold = saksliste_som_xlsx(_uttrekk(app, handling, filter))
    return _vedlegg(innhold, XLSX, "saker.xlsx")


@ruter.get("/saker.csv")
def saksliste_csv(app: AppDep, handling: HandlingDep, filter: SakslistefilterDep) -> Response:
    """The filtered case list, every page of it, as CSV for Norwegian Excel."""
    innhold = saksliste_som_csv(_uttrekk(app, handling, filter))
    return _vedlegg(innhold, "text/csv; charset=utf-8", "saker.csv")


def _vedlegg(innhold: bytes, innholdstype: str, filnavn: str) -> Response:
    hode = {"Content-Disposition": f'attachment; filename="{filnavn}"'}
    return Response(innhold, media_type=innholdstype, headers=hode)


def _uttrekk(app: App, handling: Handling, filter: dict[str, str]) -> list[Uttrekksrad]:
    """Exactly the rows the list shows with these filters, all pages at once."""
    filter, _ = _uten_fremmed_tilstand(_valgt_flyt(app, filter["type"]), filter)
    oversikt = saksoversikt(handling, _saksfilter(filter), side=1, per_side=ALLE)
    flytnavn = {flyt.navn: flyt.tittel for flyt in app.miljo.register.alle()}
    return [
        _uttrekksrad(rad, oversikt.kolonner[rad.id], flytnavn) for rad in oversikt.sakside.rader
    ]


def _uttrekksrad(rad: Saksrad, k: Sakskolonner, flytnavn: dict[str, str]) -> Uttrekksrad:
    return Uttrekksrad(referanse=rad.referanse, tittel=rad.tittel, sakstype=flytnavn[rad.type],
                       parter=", ".join(k.parter), sokt_kr=_kroner(k.sokt_ore),
                       tildelt_kr=_kroner(k.tildelt_ore), neste_frist=k.neste_frist,
                       dager_uendret=k.dager_uendret, tilstand=rad.tilstandsnavn,
                       endret=rad.endret.date(), saksbehandler=k.saksbehandler)  # fmt: skip


def _kroner(ore: int | None) -> int | float | None:
    """Whole kroner as a whole number; øre only when there are some."""
    if ore is None:
        return None
    return ore // 100 if ore % 100 == 0 else ore / 100


def _kolonnehoder(filter: dict[str, str]) -> dict[str, dict[str, str]]:
    """Each sortable column's header: a link that sorts by it (again: the other way), and
    `aria-sort` on the column the list is sorted by."""
    sorter = gyldig_sortering(filter["sorter"])
    hoder: dict[str, dict[str, str]] = {}
    for navn, etikett in KOLONNER.items():
        aria = {navn: "ascending", f"-{navn}": "descending"}.get(sorter, "")
        neste = f"-{navn}" if aria == "ascending" else navn
        lenke = _lenke({**filter, "sorter": neste})
        hoder[navn] = {"etikett": etikett, "aria": aria, "lenke": lenke}
    return hoder


def _lenke(filter: dict[str, str], adresse: str = "/saker") -> str:
    """The case list with these filters, as an address one can save or share."""
    return f"{adresse}?" + urlencode({n: v for n, v in filter.items() if v})


def _valgt_flyt(app: App, navn: str) -> Arbeidsflyt | None:
    """The case kind chosen in the filter, if it is one."""
    return next((flyt for flyt in app.miljo.register.alle() if flyt.navn == navn), None)


@ruter.get("/saker/{sak_id}")
def sakssiden(
    request: Request,
    sak_id: SakId,
    app: AppDep,
    bruker: BrukerDep,
    csrf: CsrfDep,
    handling: HandlingDep,
) -> Response:
    """One case: what it holds, what can happen next, what has happened."""
    return sakside(request, app, handling, bruker, csrf, sak_id)


@ruter.post("/saker/{sak_id}/hendelse", dependencies=[Depends(sjekk_csrf)])
def hendelse(
    request: Request,
    sak_id: SakId,
    app: AppDep,
    bruker: BrukerDep,
    csrf: CsrfDep,
    handling: HandlingDep,
    skjema: SkjemaDep,
) -> Response:
    """Apply an event from the case page's form."""
    kommando = _kommando(sak_id, skjema)
    try:
        overgang = utfor_hendelse(kommando, uow=app.uow(), miljo=app.miljo,
                                  brukernavn=bruker.brukernavn)  # fmt: skip
    except Saksfeil as feil:
        feltfeil = feil.alle if isinstance(feil, UgyldigFelt) else {}
        innsendt = {"hendelse": kommando.hendelse, "felt": kommando.felt,
                    "kommentar": kommando.kommentar, "feil": str(feil),
                    "feltfeil": feltfeil}  # fmt: skip
        return sakside(request, app, handling, bruker, csrf, sak_id, innsendt,
                        skjemastatus(feil))  # fmt: skip
    return RedirectResponse(f"/saker/{sak_id}?utfort={overgang.hendelse}", status_code=303)


def _kommando(sak_id: int, skjema: FormData) -> Hendelseskommando:
    felt = {
        str(navn).removeprefix("felt_"): str(verdi)
        for navn, verdi in skjema.multi_items()
        if str(navn).startswith("felt_") and str(verdi).strip()
    }
    versjon = str(skjema.get("versjon", ""))
    return Hendelseskommando(
        sak_id=sak_id,
        hendelse=str(skjema.get("hendelse", "")),
        kommentar=str(skjema.get("kommentar", "")),
        felt=felt,
        forventet_versjon=heltall(versjon, minst=0),
    )


def sakside(
    request: Request,
    app: App,
    handling: Handling,
    bruker: Any,
    csrf: Any,
    sak_id: int,
    innsendt: dict[str, Any] | None = None,
    status: int = 200,
    *,
    saksbehandling: dict[str, str] | None = None,
) -> Response:
    """The case page; `innsendt` and `saksbehandling` hold a refused form as it was sent."""
    bilde = saksbilde(handling, sak_id)
    visning = bilde.visning
    flyt = app.miljo.register.hent(visning.sak.type)
    utfort = request.query_params.get("utfort", "")
    kontekst = {
        "bruker": bruker,
        "visning": visning,
        "historikk": bilde.historikk,
        "tilstandsnavn": {t: flyt.tilstandsnavn(t) for t in flyt.tilstander},
        "innsendt": innsendt or {},
        **_soknadens_sider(visning.sak.type, visning.sak.tilstand),
        "melding": f"Utført: {flyt.hendelsesnavn(utfort)}"
        if utfort in flyt.hendelser
        else LAGRET.get(request.query_params.get("lagret", ""), ""),
        "saksbehandling": saksbehandlingen(handling, sak_id),
        "saksbehandlingsskjema": saksbehandling or {},
    }
    return side(request, "sak.html", kontekst, csrf=csrf, status=status)


def _soknadens_sider(type_: str, tilstand: str) -> dict[str, bool]:
    """Which of an RS-søknad's own pages (reports, the form) the case page leads to."""
    soknad = type_ == rs_soknad.NAVN
    return {
        "til_rapporter": soknad and tilstand in rs_soknad.MED_RAPPORTER,
        "til_skjemaet": soknad and tilstand in rs_soknad.REDIGERBAR,
        "er_utkast": tilstand == rs_soknad.Tilstand.UTKAST,
        "til_pdf": soknad and tilstand != rs_soknad.Tilstand.UTKAST,
    }
