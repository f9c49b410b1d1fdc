"""The web app over HTTP: login, sessions, CSRF, the case list, transitions as forms."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import DEMOPASSORD, Demosammendrag
from tilskudd_flow.web.app import lag_webapp

SEKR = "samhandlingssjef"


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        yield klient


def token(html: str) -> str:
    funn = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert funn is not None, "siden har ingen skjema med CSRF-token"
    return funn.group(1)


def logg_inn(klient: TestClient, brukernavn: str, passord: str = DEMOPASSORD) -> None:
    side = klient.get("/logg-inn")
    svar = klient.post(
        "/logg-inn",
        data={"brukernavn": brukernavn, "passord": passord, "csrf_token": token(side.text)},
        follow_redirects=False,
    )
    assert svar.status_code == 303, svar.text


def test_pages_need_a_login_and_come_back_after_it(klient: TestClient) -> None:
    svar = klient.get("/saker/2", follow_redirects=False)
    assert (svar.status_code, svar.headers["location"]) == (303, "/logg-inn?neste=/saker/2")
    side = klient.get(svar.headers["location"])
    svar = klient.post(
        "/logg-inn",
        data={
            "brukernavn": SEKR,
            "passord": DEMOPASSORD,
            "neste": "/saker/2",
            "csrf_token": token(side.text),
        },
        follow_redirects=False,
    )
    assert svar.headers["location"] == "/saker/2"
    assert "Fremtidens pasientforløp" in klient.get("/saker/2").text


@pytest.mark.parametrize(
    ("brukernavn", "passord"),
    [(SEKR, "feil-passord-her"), ("finnes.ikke", DEMOPASSORD), ("", "")],
)
def test_a_failed_login_says_the_same_whatever_was_wrong(
    klient: TestClient, brukernavn: str, passord: str
) -> None:
    side = klient.get("/logg-inn")
    svar = klient.post(
        "/logg-inn",
        data={"brukernavn": brukernavn, "passord": passord, "csrf_token": token(side.text)},
    )
    assert svar.status_code == 400
    assert "Feil brukernavn eller passord" in svar.text
    assert "tilskudd_okt" not in klient.cookies


def test_an_open_redirect_after_login_is_refused(klient: TestClient) -> None:
    side = klient.get("/logg-inn?neste=//evil.example/")
    svar = klient.post(
        "/logg-inn",
        data={
            "brukernavn": SEKR,
            "passord": DEMOPASSORD,
            "neste": "//evil.example/",
            "csrf_token": token(side.text),
        },
        follow_redirects=False,
    )
    assert svar.headers["location"] == "/"


def test_a_form_without_the_right_csrf_token_is_refused_and_nothing_happens(
    klient: TestClient,
) -> None:
    logg_inn(klient, SEKR)
    svar = klient.post(
        "/saker/2/hendelse",
        data={"csrf_token": "forfalsket", "hendelse": "avvis", "kommentar": "Nei"},
    )
    assert svar.status_code == 403
    assert "Skjemaet var utløpt eller ugyldig" in svar.text
    assert "Tilstand: <strong>Mottatt</strong>" in klient.get("/saker/2").text


def test_the_sekretariat_advances_a_case_from_its_page(klient: TestClient) -> None:
    logg_inn(klient, SEKR)
    side = klient.get("/saker/2")
    assert "Vurder" in side.text
    svar = klient.post(
        "/saker/2/hendelse",
        data={
            "csrf_token": token(side.text),
            "hendelse": "vurder",
            "versjon": "2",
            "felt_vurdering": "Komplett og innenfor ordningen.",
        },
        follow_redirects=False,
    )
    assert svar.headers["location"] == "/saker/2?utfort=vurder"
    etter = klient.get(svar.headers["location"]).text
    assert "Utført: Vurder" in etter
    assert "Tilstand: <strong>Vurdert</strong>" in etter
    assert "SSU prioriterer den i møtet" in etter
    assert "<td>Vurder <span" in etter  # the history names the event as users know it


def test_an_applicant_is_told_what_happens_next_and_by_when(klient: TestClient) -> None:
    logg_inn(klient, "vefsn.soker")
    side = klient.get("/saker/2").text
    assert "Hva skjer nå" in side
    assert "sendes Helse Nord innen 1. november 2025 (lørdag) → fredag 31. oktober 2025" in side
    assert "<td>Send inn</td>" in side or "<td>Send inn søknaden</td>" in side


def test_a_refused_event_is_explained_beside_its_form_and_keeps_what_was_typed(
    klient: TestClient,
) -> None:
    logg_inn(klient, SEKR)
    side = klient.get("/saker/2")
    svar = klient.post(
        "/saker/2/hendelse",
        data={
            "csrf_token": token(side.text),
            "hendelse": "returner_som_mangelfull",
            "versjon": "2",
            "kommentar": "",
        },
    )
    assert svar.status_code == 400
    assert "denne hendelsen krever en kommentar" in svar.text
    gammel = klient.get("/saker/2")
    svar = klient.post(
        "/saker/2/hendelse",
        data={
            "csrf_token": token(gammel.text),
            "hendelse": "vurder",
            "versjon": "1",
            "felt_vurdering": "Min tekst",
        },
    )
    assert svar.status_code == 409
    assert "Saken er endret siden du lastet den" in svar.text
    assert "Min tekst</textarea>" in svar.text


def test_an_applicant_sees_only_its_own_soknader_and_no_internal_assessment(
    klient: TestClient,
) -> None:
    logg_inn(klient, SEKR)
    side = klient.get("/saker/2")
    klient.post(
        "/saker/2/hendelse",
        data={
            "csrf_token": token(side.text),
            "hendelse": "vurder",
            "felt_vurdering": "Intern merknad om Grane.",
        },
    )
    klient.post("/logg-ut", data={"csrf_token": token(klient.get("/saker").text)})
    logg_inn(klient, "vefsn.soker")
    liste = klient.get("/saker").text
    assert "Fremtidens pasientforløp" in liste
    assert "KOLS" not in liste
    sak = klient.get("/saker/2").text
    assert "Intern merknad" not in sak and "Vurdering (intern)" not in sak
    assert klient.get("/saker/5").status_code == 404  # Rana's søknad: not found, not forbidden
    assert klient.get("/utboks").status_code == 403


def test_logging_out_ends_the_session_on_the_server(klient: TestClient) -> None:
    logg_inn(klient, SEKR)
    cookie = klient.cookies.get("tilskudd_okt")
    klient.post("/logg-ut", data={"csrf_token": token(klient.get("/saker").text)})
    klient.cookies.set("tilskudd_okt", str(cookie))  # the old cookie, replayed
    assert klient.get("/saker", follow_redirects=False).status_code == 303


def test_deactivating_a_user_revokes_its_sessions(klient: TestClient, app: App) -> None:
    from tilskudd_flow.kontoer.brukere import sett_aktiv
    from tilskudd_flow.motor.tilgang import hent_aktor

    logg_inn(klient, "rana.soker")
    assert klient.get("/saker").status_code == 200
    with app.uow() as uow:
        admin = hent_aktor(uow.session, "admin")
        sett_aktiv(
            uow.session,
            aktor=admin,
            brukernavn="rana.soker",
            aktiv=False,
            naa=app.miljo.klokke.now(),
        )
        uow.commit()
    assert klient.get("/saker", follow_redirects=False).status_code == 303


def test_pages_carry_security_headers_and_no_inline_script(klient: TestClient) -> None:
    svar = klient.get("/logg-inn")
    assert "default-src 'self'" in svar.headers["content-security-policy"]
    assert svar.headers["x-frame-options"] == "DENY"
    assert svar.headers["x-content-type-options"] == "nosniff"
    assert "<script" not in svar.text
    assert 'lang="nb"' in svar.text


def test_the_dashboard_counts_cases_per_state_and_pages_fifty_at_a_time(
    klient: TestClient,
) -> None:
    logg_inn(klient, SEKR)
    side = klient.get("/saker?type=rs_soknad").text
    assert re.search(r"RS-søknad: Mottatt</a> <span class=\"antall\">4</span>", side)
    assert "5 saker" in side
    assert "Fremtidens" in klient.get("/saker?sok=fremtidens").text
    assert "KOLS" not in klient.get("/saker?sok=fremtidens").text
