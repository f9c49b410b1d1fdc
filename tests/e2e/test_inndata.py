"""#17 item «input hygiene»: the one text rule at every web entry point and in the API.

`Eve\\r\\nBcc: …` typed as a contact name was stored and stopped all e-mail; a NUL or a
right-to-left override is refused the same way. Each refusal is beside its field, with what
was typed kept, and nothing is written."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, func, select

from tests.e2e.test_api import demosoknad, hode
from tests.e2e.test_nettsider import logg_inn, token
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.demo.skjemaeksempel import komplett
from tilskudd_flow.models.outbox import OutboxMessage
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.web.app import lag_webapp

FARLIGE = ["Eve\r\nBcc: x@y.no", "Eve\x00", "\u202eEve"]
ENLINJE = "Feltet kan ikke inneholde linjeskift eller kontrolltegn"


@pytest.fixture
def klient(app: App, demo: Demosammendrag, klokke: FixedClock) -> Iterator[TestClient]:
    klokke.set(datetime(2025, 9, 20, 10, 0, tzinfo=UTC))
    with TestClient(lag_webapp(app)) as klient:
        yield klient


def antall_i_utboks(app: App) -> int:
    with app.uow(skriv=False) as uow:
        return uow.session.exec(select(func.count(col(OutboxMessage.id)))).one()


@pytest.mark.parametrize("navn", FARLIGE)
def test_the_soknad_form_refuses_a_contact_name_with_crlf_beside_the_field_17(
    app: App, klient: TestClient, navn: str
) -> None:
    logg_inn(klient, "vefsn.soker")
    for_ = antall_i_utboks(app)
    skjema = klient.get("/soknader/ny")
    # #19: a draft saves whatever is typed; the rule holds when it is sent in.
    data = {**komplett(token(skjema.text)), "kontakt_kommune_0_navn": navn, "handling": "send_inn"}
    svar = klient.post("/soknader/ny", data=data, follow_redirects=False)
    assert svar.status_code == 400
    assert 'id="feil-kontakt_kommune_0_navn"' in svar.text
    assert ENLINJE in svar.text
    assert 'value="Felles legevaktsamarbeid Vefsn og Grane"' in svar.text  # kept
    assert antall_i_utboks(app) == for_


def test_the_soknad_form_keeps_a_descriptions_lines_as_lf_17(klient: TestClient) -> None:
    logg_inn(klient, "vefsn.soker")
    skjema = klient.get("/soknader/ny")
    data = {**komplett(token(skjema.text)), "beskrivelse": "Mål\r\nMålgruppe", "handling": "lagre"}
    svar = klient.post("/soknader/ny", data=data)
    assert svar.status_code == 200
    assert "Mål\nMålgruppe</textarea>" in svar.text


@pytest.mark.parametrize("vedtak", FARLIGE)
def test_a_one_line_event_field_on_the_case_page_is_refused_beside_it_17(
    klient: TestClient, vedtak: str
) -> None:
    logg_inn(klient, "samhandlingssjef")
    side = klient.get("/saker/2")
    svar = klient.post("/saker/2/hendelse", data={
        "csrf_token": token(side.text), "hendelse": "vurder", "versjon": "2",
        "felt_vurdering": "Komplett", "felt_avtale_bekreftelse": vedtak,
    })  # fmt: skip
    assert svar.status_code == 400
    assert 'id="feil-vurder-avtale_bekreftelse"' in svar.text
    assert ENLINJE in svar.text
    assert "Komplett</textarea>" in svar.text  # what was typed is kept
    assert "Tilstand: <strong>Mottatt</strong>" in klient.get("/saker/2").text


def test_a_comment_on_the_case_page_keeps_lines_but_not_a_nul_17(klient: TestClient) -> None:
    logg_inn(klient, "samhandlingssjef")
    side = klient.get("/saker/2")
    svar = klient.post("/saker/2/hendelse", data={
        "csrf_token": token(side.text), "hendelse": "vurder", "versjon": "2",
        "felt_vurdering": "Komplett", "kommentar": "Sett\x00",
    })  # fmt: skip
    assert svar.status_code == 400
    assert 'id="feil-vurder-kommentar"' in svar.text
    svar = klient.post("/saker/2/hendelse", data={
        "csrf_token": token(svar.text), "hendelse": "vurder", "versjon": "2",
        "felt_vurdering": "Linje 1\r\nLinje 2", "kommentar": "A\r\nB",
    }, follow_redirects=False)  # fmt: skip
    assert svar.status_code == 303


@pytest.mark.parametrize("navn", FARLIGE)
def test_the_api_refuses_a_contact_name_with_crlf_naming_the_field_17(
    klient: TestClient, navn: str
) -> None:
    hoder = hode(klient, "vefsn.soker")
    dokument = demosoknad("fremtidens-pasientforlop.toml")
    dokument["kontaktpersoner"][0]["navn"] = navn
    svar = klient.post("/api/soknader", headers=hoder, json=dokument)
    assert svar.status_code == 422
    [feil] = svar.json()["detail"]
    assert feil["loc"] == ["body", "kontaktpersoner", 0, "navn"]
    assert ENLINJE in feil["msg"]
    assert klient.get("/api/saker", headers=hoder).json()["totalt"] == 2


def test_the_api_refuses_a_control_character_in_a_comment_or_field_by_name_17(
    klient: TestClient,
) -> None:
    hoder = hode(klient, "samhandlingssjef")
    vurdering = {"hendelse": "vurder", "felt": {"vurdering": "ok"}}
    for innhold, sti in (
        ({"kommentar": "ok\x00"}, ["body", "kommentar"]),
        ({"felt": {"vurdering": "\u202eok"}}, ["body", "felt", "vurdering"]),
    ):
        svar = klient.post("/api/saker/5/hendelser", headers=hoder, json={**vurdering, **innhold})
        assert svar.status_code == 422
        assert svar.json()["detail"][0]["loc"] == sti
    felt = {"vurdering": "ok", "avtale_bekreftelse": "a\r\nBcc: x"}
    svar = klient.post("/api/saker/5/hendelser", headers=hoder, json={**vurdering, "felt": felt})
    assert svar.status_code == 422
    assert svar.json()["detail"].startswith(f"avtale_bekreftelse: {ENLINJE}")
    assert klient.get("/api/saker/5", headers=hoder).json()["sak"]["tilstand"] == "mottatt"


def test_a_medsoker_invitation_refuses_a_name_with_crlf_17(app: App, klient: TestClient) -> None:
    """The invited person's name goes into the invitation's To: header."""
    logg_inn(klient, "alstahaug.soker")
    for_ = antall_i_utboks(app)
    side = klient.get("/soknader/6/medsoker")
    svar = klient.post("/soknader/6/medsoker", data={
        "csrf_token": token(side.text), "part": "", "navn": "Eve\r\nBcc: x@y.no",
        "epost": "eve@example.no"})  # fmt: skip
    assert svar.status_code == 400
    assert ENLINJE in svar.text
    assert antall_i_utboks(app) == for_


def test_a_new_user_with_a_control_character_in_the_name_is_refused_17(
    app: App, klient: TestClient
) -> None:
    logg_inn(klient, "admin")
    side = klient.get("/brukere/ny")
    svar = klient.post("/brukere/ny", data={
        "csrf_token": token(side.text), "brukernavn": "eve", "navn": "Eve\r\nBcc: x@y.no",
        "epost": "eve@example.no", "roller": ["sekretariat"]})  # fmt: skip
    assert svar.status_code == 400
    assert ENLINJE in svar.text
    with app.uow(skriv=False) as uow:
        assert uow.session.exec(select(Bruker).where(Bruker.brukernavn == "eve")).first() is None


def test_a_meeting_title_with_crlf_is_refused_beside_the_field_17(klient: TestClient) -> None:
    logg_inn(klient, "samhandlingssjef")
    side = klient.get("/moter")
    svar = klient.post("/moter", data={
        "csrf_token": token(side.text), "type": "ssu", "dato": "2025-10-21", "fra": "09:00",
        "til": "15:00", "tittel": "SSU\r\nBcc: x@y.no", "sted": "Mo\x00"})  # fmt: skip
    assert svar.status_code == 400
    assert 'id="feil-tittel"' in svar.text and 'id="feil-sted"' in svar.text


def test_reporting_an_ssu_sak_refuses_a_title_with_crlf_and_keeps_the_text_17(
    klient: TestClient,
) -> None:
    logg_inn(klient, "rana.soker")
    svar = klient.post("/meld-inn-sak", data={
        "csrf_token": token(klient.get("/meld-inn-sak").text), "tittel": "Rutine\r\nBcc: x@y.no",
        "beskrivelse": "Vi ønsker\r\nen felles rutine\u202e"})  # fmt: skip
    assert svar.status_code == 400
    assert ENLINJE in svar.text
    assert "Feltet kan ikke inneholde kontrolltegn" in svar.text
    assert "Vi ønsker" in svar.text  # what was typed is kept


def test_a_nul_in_the_api_search_or_login_is_a_422_not_a_500_17(klient: TestClient) -> None:
    """On PostgreSQL a NUL in `sok` or in the user name reached the driver and answered 500."""
    hoder = hode(klient, "samhandlingssjef")
    svar = klient.get("/api/saker", params={"sok": "a\x00"}, headers=hoder)
    assert svar.status_code == 422
    assert svar.json()["detail"][0]["loc"] == ["query", "sok"]
    svar = klient.post("/api/innlogging", json={"brukernavn": "a\x00", "passord": "x"})
    assert svar.status_code == 422
    assert svar.json()["detail"][0]["loc"] == ["body", "brukernavn"]
