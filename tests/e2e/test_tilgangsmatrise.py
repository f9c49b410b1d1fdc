"""Every route as every role and as anonymous, against a hand-written table of outcomes.

303 = sent to the login page (or on after a successful form), 200 = shown, 403 = refused,
404 = not found (a case the user may not see is not found, so its existence does not leak).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.e2e.ruteliste import alle_ruter
from tests.e2e.test_nettsider import logg_inn, token
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.web.app import lag_webapp

ROLLER = ["anonym", "vefsn.soker", "samhandlingssjef", "ssu.medlem", "admin"]

# Demo cases: 1 FSU (foreslått), 2 Vefsn's søknad (mottatt), 5 Rana's KOLS søknad
# (mottatt), 6 Alstahaug's draft (utkast).
# fmt: off
GET: dict[str, tuple[int, int, int, int, int]] = {
    #                             anonym søker sekr  ssu  admin
    "/":                          (303,  200,  303,  303, 303),
    "/logg-inn":                  (200,  200,  200,  200, 200),
    "/helse":                     (200,  200,  200,  200, 200),
    "/saker":                     (303,  200,  200,  200, 200),
    "/saker/2":                   (303,  200,  200,  200, 200),
    "/saker/5":                   (303,  404,  200,  200, 200),
    "/saker/1":                   (303,  404,  200,  200, 200),
    "/saker/6":                   (303,  404,  200,  404, 200),
    "/saker/999":                 (303,  404,  404,  404, 404),
    "/saker.xlsx":                (303,  200,  200,  200, 200),
    "/saker.csv":                 (303,  200,  200,  200, 200),
    "/aarshjul":                  (303,  200,  200,  200, 200),
    "/fsu":                       (303,  403,  200,  200, 200),
    "/avtaler":                   (303,  200,  200,  200, 200),
    "/utboks":                    (303,  403,  200,  403, 200),
    "/utboks/1":                  (303,  403,  200,  403, 200),
    "/utboks/1/html":             (303,  403,  200,  403, 200),
    "/utboks/999999/html":        (303,  403,  404,  403, 404),
    "/utboks?sok=vefsn&side=2":   (303,  403,  200,  403, 200),
    "/utboks/999999":             (303,  403,  404,  403, 404),
    "/epostmaler":                (303,  403,  200,  403, 200),
    "/epostmaler?mal=rs_soknad/kvittering": (303, 403, 200, 403, 200),
    "/epostmaler?mal=finnes/ikke": (303, 403, 404,  403, 404),
    "/epostmaler/html?mal=rs_soknad/kvittering": (303, 403, 200, 403, 200),
    "/epostmaler/html":           (303,  403,  404,  403, 404),
    "/soknader/ny":               (303,  200,  200,  403, 403),
    "/soknader/2/rediger":        (303,  403,  403,  403, 403),
    "/soknader/6/rediger":        (303,  404,  200,  403, 403),
    "/soknader/2/kvittering":     (303,  200,  200,  200, 200),
    "/soknader/5/kvittering":     (303,  404,  200,  200, 200),
    "/soknader/2/soknad.pdf":     (303,  200,  200,  200, 200),
    "/soknader/5/soknad.pdf":     (303,  404,  200,  200, 200),
    "/brukere":                   (303,  403,  200,  403, 200),
    "/brukere/ny":                (303,  403,  403,  403, 200),
    "/glemt-passord":             (200,  200,  200,  200, 200),
    "/personvern":                (200,  200,  200,  200, 200),
    "/tilgjengelighetserklaering": (200, 200,  200,  200, 200),
    "/konto/lenke/ukjent":        (410,  410,  410,  410, 410),
    "/kalender/1/feil.ics":       (404,  404,  404,  404, 404),
    "/soknader/2/rapporter":      (303,  200,  200,  200, 200),
    "/soknader/5/rapporter":      (303,  404,  200,  200, 200),
    "/soknader/1/rapporter":      (303,  404,  404,  404, 404),
    "/vedlegg/1":                 (303,  200,  200,  200, 200),
    "/vedlegg/999":               (303,  404,  404,  404, 404),
    "/soknader/6/medsoker":       (303,  404,  200,  404, 403),
    "/soknader/2/medsoker":       (303,  403,  403,  403, 403),
    "/prioritering":              (303,  403,  303,  303, 303),
    "/prioritering/2026":         (303,  403,  200,  200, 200),
    "/prioritering/2026/versjon": (303,  403,  200,  200, 200),
    "/oversendelse/1/rangert-liste.pdf": (303, 403, 404, 404, 404),
    "/pakke/ukjent":              (404,  404,  404,  404, 404),
    "/arbeidsflyter":             (303,  200,  200,  200, 200),
    "/arbeidsflyter/rs_soknad.svg": (303, 200, 200,  200, 200),
    "/arbeidsflyter/ukjent.svg":  (303,  404,  404,  404, 404),
    "/runder/2026":               (303,  403,  200,  200, 200),
    "/runder/1999":               (303,  403,  404,  404, 404),
    "/runder":                    (303,  403,  200,  403, 200),
    "/runder/2026/frister":       (303,  403,  200,  403, 200),
    "/runder/1999/frister":       (303,  403,  404,  403, 404),
    "/frister/4":                 (303,  403,  303,  403, 303),
    "/frister/999999":            (303,  403,  303,  403, 303),
    "/potter":                    (303,  303,  303,  303, 303),
    "/potter/2026":               (303,  403,  200,  403, 200),
    "/historikk":                 (303,  403,  200,  403, 200),
    "/historikk?type=pott&side=2": (303, 403,  200,  403, 200),
    "/meld-inn-sak":              (303,  200,  200,  200, 200),
    "/ssu-saker":                 (303,  403,  200,  200, 200),
    "/ssu-saker/999":             (303,  403,  404,  404, 404),
    "/ssu-saker/999/saksfremlegg.pdf": (303, 403, 404, 404, 404),
    "/ssu-saker/999/arkivuttrekk.zip": (303, 403, 404, 403, 404),
    "/saker/2/arkivuttrekk.zip":  (303,  403,  200,  403, 200),
    "/saker/6/arkivuttrekk.zip":  (303,  403,  200,  403, 200),
    "/moter":                     (303,  403,  200,  200, 200),
    "/moter/999":                 (303,  403,  404,  404, 404),
    "/moter/2":                   (303,  403,  404,  404, 404),
    "/moter/999/innkalling.pdf":  (303,  403,  404,  404, 404),
    "/ssu-medlemmer":             (303,  403,  200,  200, 200),
    "/ssu-medlemmer?dato=2024-01-01": (303, 403, 200, 200, 200),
    "/ssu-medlemmer?dato=31.02.2025": (303, 403, 422, 422, 422),
    "/parter":                    (303,  403,  200,  403, 200),
    "/parter/1":                  (303,  403,  200,  403, 200),
    "/parter/999":                (303,  403,  404,  403, 404),
    "/brukere/rana.soker/endre":  (303,  403,  403,  403, 200),
    "/brukere/ukjent/endre":      (303,  403,  403,  403, 404),
    "/oppgaver":                  (303,  200,  200,  200, 200),
    "/administrasjon":            (303,  403,  200,  403, 200),
}

# (path, form) → outcome of a POST with a valid CSRF token.
POST: dict[str, tuple[dict[str, str], tuple[int, int, int, int, int]]] = {
    "/saker/5/hendelse": ({"hendelse": "vurder", "felt_vurdering": "Ok"},
                          (303, 404, 303, 403, 403)),
    "/saker/2/hendelse": ({"hendelse": "trekk"}, (303, 303, 303, 403, 403)),
    "/saker/5/saksbehandler": ({"saksbehandler": "samhandlingssjef"},
                               (303, 404, 303, 403, 303)),
    "/saker/5/notat": ({"notat": "Ring kommunen først"}, (303, 404, 303, 403, 303)),
    "/utboks/1/send-igjen": ({}, (303, 403, 403, 403, 403)),
    "/utboks/1/rett": ({"adresse": "ny@vefsn.example"}, (303, 403, 403, 403, 403)),
    "/utboks/1/forkast": ({"bekreft": "ja"}, (303, 403, 403, 403, 403)),
    "/soknader/ny": ({"prosjektnavn": "Et utkast", "eier_kommuner": "1824",
                      "handling": "lagre"}, (303, 303, 303, 403, 403)),
    "/brukere/ny": ({"brukernavn": "ny.bruker", "navn": "Ny Bruker", "roller": "sekretariat",
                     "epost": "ny.bruker@helgelandssykehuset.example"},
                    (303, 403, 403, 403, 303)),
    "/brukere/rana.soker/inviter": ({}, (303, 403, 403, 403, 303)),
    # Not bound to ID-porten: nothing to remove.
    "/brukere/rana.soker/id-porten/fjern": ({}, (303, 403, 403, 403, 403)),
    "/brukere/rana.soker/aktiv": ({"aktiv": "false"}, (303, 403, 403, 403, 303)),
    "/brukere/sperrer/opphev": ({"gjelder": "adresse", "navn": "192.0.2.1"},
                                (303, 403, 403, 403, 404)),
    "/glemt-passord": ({"brukernavn_eller_epost": "rana.soker"}, (200, 200, 200, 200, 200)),
    "/aarshjul/ny-kalenderadresse": ({}, (303, 303, 303, 303, 303)),
    "/soknader/2/rapporter": ({"type": "aarsrapport"}, (303, 400, 400, 400, 400)),
    "/soknader/6/medsoker": ({}, (303, 404, 400, 404, 403)),
    "/saker/masse": ({"hendelse": "trekk"}, (303, 400, 400, 400, 400)),
    "/prioritering/2026/merk": ({"sak_id": "2", "prioritering": "regional"},
                                (303, 403, 400, 403, 403)),
    "/prioritering/2026/flytt": ({"sak_id": "2", "retning": "opp"}, (303, 403, 400, 403, 403)),
    "/prioritering/2026/vedta": ({"vedtak": "Sak 31-2025"}, (303, 403, 400, 403, 403)),
    "/prioritering/2026/rekkefolge": ({}, (303, 403, 303, 403, 403)),
    "/prioritering/2026/oversend": ({}, (303, 403, 400, 403, 403)),
    "/runder/ny": ({"aar": "2027"}, (303, 403, 303, 403, 303)),
    # The demo's round 2026 has deadlines 3 (søknadsfrist), 4 (meeting, proposed) and 5.
    "/runder/2026/frister/3/flytt": ({"dato": "2.10.2025"}, (303, 403, 303, 403, 403)),
    "/runder/2026/frister/4/bekreft": ({}, (303, 403, 303, 403, 403)),
    "/potter/2027/ny": ({"ordning": "lokal", "ramme": "1 mill."}, (303, 403, 303, 403, 403)),
    "/potter/2026/1": ({"ordning": "lokal", "ramme": "5 mill."}, (303, 403, 303, 403, 403)),
    "/meld-inn-sak": ({"tittel": "En sak", "beskrivelse": "Om saken"}, (303, 303, 303, 303, 303)),
    "/ssu-saker": ({"tittel": "En sak", "type": "orienteringssak"}, (303, 403, 303, 403, 403)),
    "/ssu-saker/999/saksfremlegg": ({"innstilling": "Vedtas."}, (303, 403, 404, 403, 403)),
    "/ssu-saker/999/vedtak": ({"annet": "nei"}, (303, 403, 404, 403, 403)),
    "/moter": ({"type": "ssu", "dato": "2026-01-05", "fra": "09:00", "til": "10:00"},
               (303, 403, 303, 403, 403)),
    "/moter/999/saksliste": ({"sak": "Sak 1-2025"}, (303, 403, 404, 403, 403)),
    "/moter/999/innkalling": ({}, (303, 403, 404, 403, 403)),
    "/moter/999/avlysning": ({"kommentar": "Avlyst."}, (303, 403, 404, 403, 403)),
    "/moter/999/forfall": ({}, (303, 403, 404, 404, 404)),
    "/moter/999/oppmote": ({}, (303, 403, 404, 403, 403)),
    "/ssu-medlemmer": ({"navn": "Ny i SSU", "epost": "ny.i.ssu@vefsn.kommune.example",
                        "side": "kommune"}, (303, 403, 303, 403, 403)),
    "/ssu-medlemmer/ledelse": ({"leder": "ssu.leder@vefsn.kommune.example"},
                               (303, 403, 400, 403, 403)),
    "/brukere/rana.soker/endre": ({"roller": "soker", "parter": "1833"},
                                  (303, 403, 403, 403, 303)),
    "/parter/999": ({"navn": "Ny", "postmottak": "post@ny.example"},
                    (303, 403, 404, 403, 404)),
    "/parter/1": ({"navn": "Bindal kommune", "postmottak": "post@"},
                  (303, 403, 400, 403, 400)),
    "/konto/lenke/ukjent": ({"passord": "et langt passord", "gjenta": "et langt passord"},
                            (410, 410, 410, 410, 410)),
}
# fmt: on
# Covered elsewhere: logging in and out (test_nettsider), the søknad form's own POSTs and
# the case page's hendelse with every outcome (test_soknadsskjema, test_nettsider).
UTENFOR = {
    ("POST", "/logg-inn"),
    ("POST", "/logg-ut"),
    ("POST", "/soknader/{sak_id}/rediger"),
    ("GET", "/favicon.ico"),
    ("GET", "/robots.txt"),
}  # fmt: skip


def test_the_tables_cover_every_page_and_form_of_the_app(app: App) -> None:
    """A new route must be added to the tables above, with its answer for every role."""
    for metode, tabell in (("GET", GET), ("POST", POST)):
        sider = _sider(metode)
        assert "/brukere" in sider or metode == "POST"
        for sti in sider:
            monster = re.compile("^" + re.sub(r"\\{[^}]+\\}", "[^/]+", re.escape(sti)) + "$")
            assert any(monster.match(k) for k in tabell), f"{metode} {sti} mangler i tabellen"


def _sider(metode: str) -> list[str]:
    return [
        rute.path
        for rute in alle_ruter()
        if metode in (rute.methods or ())
        and not rute.path.startswith(("/api/", "/logg-inn/oidc"))
        and (metode, rute.path) not in UTENFOR
    ]


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        yield klient


def _som(klient: TestClient, rolle: str) -> None:
    if rolle != "anonym":
        logg_inn(klient, rolle)


@pytest.mark.parametrize("rolle", ROLLER)
def test_every_get_route_answers_each_role_as_the_table_says(
    klient: TestClient, rolle: str
) -> None:
    _som(klient, rolle)
    nr = ROLLER.index(rolle)
    faktisk = {sti: klient.get(sti, follow_redirects=False).status_code for sti in GET}
    assert faktisk == {sti: utfall[nr] for sti, utfall in GET.items()}


@pytest.mark.parametrize("rolle", ROLLER)
def test_every_form_post_answers_each_role_as_the_table_says(
    klient: TestClient, rolle: str
) -> None:
    _som(klient, rolle)
    nr = ROLLER.index(rolle)
    faktisk = {}
    for sti, (skjema, _) in POST.items():
        csrf = token(klient.get("/logg-inn").text)
        svar = klient.post(sti, data={**skjema, "csrf_token": csrf}, follow_redirects=False)
        faktisk[sti] = svar.status_code
        if rolle == "anonym" and svar.status_code == 303:
            assert re.match(r"/logg-inn", svar.headers["location"])
    assert faktisk == {sti: utfall[nr] for sti, (_, utfall) in POST.items()}
