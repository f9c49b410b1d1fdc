"""Accounts in the browser's shoes: invitations, forgotten passwords, deactivation."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlmodel import col

from tests.e2e.test_nettsider import logg_inn, token
from tests.integration.smtp_tjener import smtp_tjener
from tests.integration.test_epost import levering
from tests.utboksinnhold import utboksrader
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.data import DEMOPASSORD, Demosammendrag
from tilskudd_flow.models.outbox import OutboxMessage
from tilskudd_flow.motor.sporring import SKJULT_LENKE, vis_utboksmelding
from tilskudd_flow.motor.tilgang import hent_aktor
from tilskudd_flow.web.app import lag_webapp

NYTT_PASSORD = "fjellet og fjorden i nord"
LENKE = re.compile(r"http://[^\s\"<]+/konto/lenke/([\w-]+)")


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        yield klient


def post(klient: TestClient, sti: str, skjema: dict[str, str | list[str]]) -> Response:
    csrf = token(klient.get("/logg-inn").text)
    return klient.post(sti, data={**skjema, "csrf_token": csrf}, follow_redirects=False)


def kontoposter(app: App, til: str) -> list[OutboxMessage]:
    # Issue 22: rendered at delivery; read them as the recipient will.
    return utboksrader(
        app, OutboxMessage.til_adresse == til, col(OutboxMessage.mal).startswith("konto/")
    )


def lenke_i(melding: OutboxMessage) -> str:
    funn = LENKE.search(melding.tekst)
    assert funn is not None, melding.tekst
    assert funn.group(0) in melding.html
    return f"/konto/lenke/{funn.group(1)}"


def velg_passord(
    klient: TestClient, lenke: str, passord: str, gjenta: str | None = None
) -> Response:
    return post(
        klient, lenke, {"passord": passord, "gjenta": passord if gjenta is None else gjenta}
    )


def inviter(klient: TestClient, **felt: str | list[str]) -> Response:
    skjema: dict[str, str | list[str]] = {
        "brukernavn": "hege.hattfjelldal",
        "navn": "Hege Hattfjelldal",
        "epost": "hege@hattfjelldal.kommune.example",
        "roller": ["soker"],
        "parter": ["1826"],
        **felt,
    }
    return post(klient, "/brukere/ny", skjema)


def test_an_invited_user_chooses_a_password_and_logs_in(app: App, klient: TestClient) -> None:
    logg_inn(klient, "admin")
    svar = inviter(klient)
    assert svar.status_code == 303
    liste = klient.get(svar.headers["location"]).text
    assert "Invitasjonen til hege@hattfjelldal.kommune.example er lagt i utboksen." in liste
    assert "Invitert, har ikke valgt passord" in liste

    (epost,) = kontoposter(app, "hege@hattfjelldal.kommune.example")
    assert epost.mal == "konto/invitasjon"
    assert "hege.hattfjelldal" in epost.tekst
    lenke = lenke_i(epost)
    klient.post("/logg-ut", data={"csrf_token": token(liste)})

    skjema = klient.get(lenke)
    assert skjema.status_code == 200
    assert "Hege Hattfjelldal" in skjema.text
    assert skjema.headers["Cache-Control"] == "no-store"
    svar = velg_passord(klient, lenke, NYTT_PASSORD)
    assert svar.status_code == 303
    assert "passord_satt=hege.hattfjelldal" in svar.headers["location"]
    assert "Passordet er lagret" in klient.get(svar.headers["location"]).text

    logg_inn(klient, "hege.hattfjelldal", NYTT_PASSORD)
    assert klient.get("/saker").status_code == 200
    assert klient.get(lenke).status_code == 410  # a link works once


def test_password_errors_are_shown_beside_the_field_and_the_link_still_works(
    app: App, klient: TestClient
) -> None:
    logg_inn(klient, "admin")
    inviter(klient)
    lenke = lenke_i(kontoposter(app, "hege@hattfjelldal.kommune.example")[0])
    for passord, gjenta, melding in [
        ("kort", "kort", "Passordet må være minst 10 tegn"),
        (NYTT_PASSORD, "noe annet helt", "Passordet må gjentas likt i begge feltene"),
    ]:
        svar = velg_passord(klient, lenke, passord, gjenta)
        assert svar.status_code == 400
        tekst = svar.text
        assert melding in tekst
        assert 'aria-invalid="true"' in tekst
        assert passord not in re.findall(r'value="([^"]*)"', tekst)  # never echoed back
    assert velg_passord(klient, lenke, NYTT_PASSORD).status_code == 303


def test_an_invitation_expires_and_a_new_one_replaces_the_old(
    app: App, klient: TestClient, klokke: FixedClock
) -> None:
    logg_inn(klient, "admin")
    inviter(klient)
    forste = lenke_i(kontoposter(app, "hege@hattfjelldal.kommune.example")[0])
    assert post(klient, "/brukere/hege.hattfjelldal/inviter", {}).status_code == 303
    andre = lenke_i(kontoposter(app, "hege@hattfjelldal.kommune.example")[1])
    assert klient.get(forste).status_code == 410
    assert klient.get(andre).status_code == 200
    klokke.set(klokke.now() + timedelta(days=14, seconds=1))
    utlopt = klient.get(andre)
    assert utlopt.status_code == 410
    assert "Be om en ny lenke" in utlopt.text


def test_invitation_form_errors_keep_what_was_typed(app: App, klient: TestClient) -> None:
    logg_inn(klient, "admin")
    tom = post(klient, "/brukere/ny", {})
    assert tom.status_code == 400
    assert set(re.findall(r'id="feil-(\w+)"', tom.text)) == {"brukernavn", "navn", "epost", "rolle"}
    svar = inviter(klient, brukernavn="vefsn.soker")
    assert svar.status_code == 400
    assert "Brukernavn: «vefsn.soker» er allerede i bruk" in svar.text
    assert 'value="hege@hattfjelldal.kommune.example"' in svar.text
    svar = inviter(klient, parter=[])
    assert "Parter: en søker må representere minst én kommune" in svar.text
    svar = inviter(klient, epost="ikke-en-adresse")
    assert 'id="feil-epost"' in svar.text
    assert kontoposter(app, "hege@hattfjelldal.kommune.example") == []


def test_a_forgotten_password_is_reset_by_e_mail_over_smtp_and_old_sessions_end(
    app: App, klient: TestClient
) -> None:
    with TestClient(lag_webapp(app)) as annen_nettleser:
        logg_inn(annen_nettleser, "vefsn.soker")
        assert annen_nettleser.get("/saker").status_code == 200

        svar = post(
            klient,
            "/glemt-passord",
            {"brukernavn_eller_epost": "Karin.Ingebrigtsen@vefsn.kommune.example"},
        )
        assert "Hvis vi fant en aktiv bruker" in svar.text
        with smtp_tjener() as (postkasse, port):
            levering(app, port).kjor_batch()
        (melding,) = [m for m in postkasse.meldinger() if "Nytt passord" in str(m["Subject"])]
        assert melding["To"].addresses[0].addr_spec == "karin.ingebrigtsen@vefsn.kommune.example"
        tekst = str(melding.get_body(("plain",)).get_content())  # type: ignore[union-attr]
        funn = LENKE.search(tekst)
        assert funn is not None
        svar = velg_passord(klient, f"/konto/lenke/{funn.group(1)}", NYTT_PASSORD)
        assert svar.status_code == 303

        assert annen_nettleser.get("/saker", follow_redirects=False).status_code == 303
    feil = post(klient, "/logg-inn", {"brukernavn": "vefsn.soker", "passord": DEMOPASSORD})
    assert feil.status_code == 400
    logg_inn(klient, "vefsn.soker", NYTT_PASSORD)


def test_asking_for_a_reset_never_tells_who_exists_and_cannot_flood_an_inbox(
    app: App, klient: TestClient, klokke: FixedClock
) -> None:
    ukjent = post(klient, "/glemt-passord", {"brukernavn_eller_epost": "finnes.ikke"})
    kjent = post(klient, "/glemt-passord", {"brukernavn_eller_epost": "vefsn.soker"})
    assert ukjent.status_code == kjent.status_code == 200
    assert _uten_token(ukjent.text) == _uten_token(kjent.text)
    post(klient, "/glemt-passord", {"brukernavn_eller_epost": "vefsn.soker"})
    assert len(kontoposter(app, "karin.ingebrigtsen@vefsn.kommune.example")) == 1
    klokke.set(klokke.now() + timedelta(minutes=6))
    post(klient, "/glemt-passord", {"brukernavn_eller_epost": "vefsn.soker"})
    forste, andre = kontoposter(app, "karin.ingebrigtsen@vefsn.kommune.example")
    assert klient.get(lenke_i(forste)).status_code == 410
    assert klient.get(lenke_i(andre)).status_code == 200


def test_a_reset_link_lasts_two_hours(app: App, klient: TestClient, klokke: FixedClock) -> None:
    post(klient, "/glemt-passord", {"brukernavn_eller_epost": "vefsn.soker"})
    lenke = lenke_i(kontoposter(app, "karin.ingebrigtsen@vefsn.kommune.example")[0])
    klokke.set(klokke.now() + timedelta(hours=2))
    assert velg_passord(klient, lenke, NYTT_PASSORD).status_code == 410


def test_the_outbox_never_shows_a_working_link_to_staff(app: App, klient: TestClient) -> None:
    post(klient, "/glemt-passord", {"brukernavn_eller_epost": "vefsn.soker"})
    (melding,) = kontoposter(app, "karin.ingebrigtsen@vefsn.kommune.example")
    with app.uow(skriv=False) as uow:
        aktor = hent_aktor(uow.session, "admin")
        vist = vis_utboksmelding(
            uow.session, app.miljo.register, aktor, melding.id or 0, varsler=app.miljo.varsler
        )
    assert vist["tekst"] == vist["html"] == SKJULT_LENKE
    # Issue 22: the frozen template context holds the link too; it is never shown.
    assert "kontekst" not in vist and "/konto/lenke/" not in str(vist)
    logg_inn(klient, "admin")
    assert "/konto/lenke/" not in klient.get("/utboks").text


def test_a_deactivated_user_is_logged_out_at_once_and_gets_no_reset_link(
    app: App, klient: TestClient
) -> None:
    with TestClient(lag_webapp(app)) as soker:
        logg_inn(soker, "vefsn.soker")
        logg_inn(klient, "admin")
        svar = post(klient, "/brukere/vefsn.soker/aktiv", {"aktiv": "false"})
        assert svar.status_code == 303
        assert "vefsn.soker er deaktivert" in klient.get(svar.headers["location"]).text
        assert soker.get("/saker", follow_redirects=False).status_code == 303
        post(soker, "/glemt-passord", {"brukernavn_eller_epost": "vefsn.soker"})
        assert kontoposter(app, "karin.ingebrigtsen@vefsn.kommune.example") == []

        post(klient, "/brukere/vefsn.soker/aktiv", {"aktiv": "true"})
        logg_inn(soker, "vefsn.soker")
        assert soker.get("/saker").status_code == 200


def test_an_admin_cannot_deactivate_themself(klient: TestClient) -> None:
    logg_inn(klient, "admin")
    svar = post(klient, "/brukere/admin/aktiv", {"aktiv": "false"})
    assert svar.status_code == 403
    assert "Du kan ikke deaktivere deg selv" in svar.text


def _uten_token(html: str) -> str:
    return re.sub(r'value="[^"]*"', "", html)
