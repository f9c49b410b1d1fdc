"""ID-porten's way: a person binds to their user through the invitation, by a keyed hash of
the fødselsnummer, which is never kept, logged or audited in clear."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from urllib.parse import urlsplit

import httpx2
import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from pydantic import SecretStr
from sqlmodel import SQLModel, select

from tests.e2e.oidc import EPOST, HEMMELIGHET, KLIENT_ID, TILBAKE, er_utlogget, med_oidc
from tests.e2e.test_kontoer import inviter, kontoposter, lenke_i, post
from tests.e2e.test_nettsider import logg_inn
from tests.oidc_utsteder import Nokler, Utsteder, start_utsteder
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.kontoer.oidc_innlogging import pid_hash
from tilskudd_flow.models.audit import AuditEntry
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.web.app import lag_webapp

PID = "24016512345"  # a made-up fødselsnummer: 11 digits, as ID-porten's pid
NOKKEL = "pid-nokkel-for-testene-minst-32-tegn"
HEGE = "hege.hattfjelldal"
HEGES_EPOST = "hege@hattfjelldal.kommune.example"


@pytest.fixture
def utsteder(nokler: Nokler) -> Iterator[Utsteder]:
    oppsett = Utsteder(nokler, KLIENT_ID, HEMMELIGHET, redirect_uri=TILBAKE, epost=EPOST)
    oppsett.pid = PID
    with start_utsteder(oppsett) as utsteder:
        yield utsteder


@pytest.fixture
def klient(app: App, demo: Demosammendrag, utsteder: Utsteder) -> Iterator[TestClient]:
    """OIDC on, people bound by pid, as with ID-porten."""
    oppsett = med_oidc(app, utsteder.url, brukerkrav="pid", pid_nokkel=SecretStr(NOKKEL),
                       knappetekst="Logg inn med ID-porten")  # fmt: skip
    with TestClient(lag_webapp(oppsett)) as klient:
        yield klient


def rundtur(klient: TestClient, start: str) -> httpx2.Response:
    """From one of our URLs to the issuer over real HTTP and back to our callback."""
    svar = klient.get(start, follow_redirects=False)
    assert svar.status_code == 302, svar.text
    hos_utsteder = httpx2.get(svar.headers["location"], follow_redirects=False)
    tilbake = urlsplit(hos_utsteder.headers["location"])
    return klient.get(f"{tilbake.path}?{tilbake.query}", follow_redirects=False)


def invitasjonslenke(app: App, klient: TestClient) -> str:
    """The admin invites Hege and logs out; the link from her e-mail."""
    logg_inn(klient, "admin")
    assert inviter(klient).status_code == 303
    *_, epost = kontoposter(app, HEGES_EPOST)
    post(klient, "/logg-ut", {})
    return lenke_i(epost)


def bind_gjennom(klient: TestClient, lenke: str) -> httpx2.Response:
    """Hege follows the link and chooses ID-porten instead of a password."""
    side = klient.get(lenke)
    [knytt] = [a for a in side.text.split('"') if a.startswith("/logg-inn/oidc?knytt=")]
    assert "Logg inn med ID-porten" in side.text
    return rundtur(klient, knytt)


def heges_pid_hash(app: App) -> str | None:
    with app.uow(skriv=False) as uow:
        return (
            uow.session.exec(select(Bruker).where(Bruker.brukernavn == HEGE))
            .unique()
            .one()
            .pid_hash
        )


def test_an_invitee_binds_through_the_invitation_and_later_logs_in_with_id_porten(
    app: App, klient: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    lenke = invitasjonslenke(app, klient)
    svar = bind_gjennom(klient, lenke)
    assert svar.status_code == 303, svar.text
    assert not er_utlogget(klient)
    assert heges_pid_hash(app) == pid_hash(PID, NOKKEL)
    assert klient.get(lenke).status_code == 410  # the invitation is spent

    post(klient, "/logg-ut", {})
    assert er_utlogget(klient)
    assert rundtur(klient, "/logg-inn/oidc").status_code == 303
    assert not er_utlogget(klient)

    assert PID not in databasen_som_tekst(app)
    assert PID not in caplog.text
    with app.uow(skriv=False) as uow:
        revisjon = list(uow.session.exec(select(AuditEntry)))
    assert "knyttet_til_id_porten" in [r.hendelse for r in revisjon]
    assert not [r for r in revisjon if PID in f"{r.detaljer} {r.kommentar}"]


def databasen_som_tekst(app: App) -> str:
    """Every row of every table, as text: what a dump of the database would show."""
    with app.engine.connect() as tilkobling:
        return "\n".join(
            repr(rad)
            for tabell in SQLModel.metadata.sorted_tables
            for rad in tilkobling.execute(sa.select(tabell))
        )


def test_a_person_not_bound_is_refused_and_told_to_use_the_invitation(
    klient: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    svar = rundtur(klient, "/logg-inn/oidc")
    assert svar.status_code == 403
    assert "ikke knyttet til noen aktiv bruker her" in svar.text
    assert er_utlogget(klient)
    assert "ikke knyttet" in caplog.text and PID not in caplog.text


def test_a_person_bound_to_one_user_cannot_bind_another(app: App, klient: TestClient) -> None:
    assert bind_gjennom(klient, invitasjonslenke(app, klient)).status_code == 303
    post(klient, "/logg-ut", {})
    logg_inn(klient, "admin")
    assert (
        inviter(klient, brukernavn="hege2", epost="hege2@vefsn.kommune.example").status_code == 303
    )
    *_, epost = kontoposter(app, "hege2@vefsn.kommune.example")
    post(klient, "/logg-ut", {})
    svar = bind_gjennom(klient, lenke_i(epost))
    assert svar.status_code == 403
    assert "allerede knyttet til en annen bruker" in svar.text
    assert er_utlogget(klient)


def test_a_dead_link_is_told_before_the_trip_to_id_porten(
    klient: TestClient, utsteder: Utsteder
) -> None:
    svar = klient.get("/logg-inn/oidc?knytt=brukt-eller-gjettet", follow_redirects=False)
    assert svar.status_code == 410
    assert utsteder.autorisasjoner == []


def test_the_admin_sees_who_is_bound_and_unbinds_with_an_audit(
    app: App, klient: TestClient
) -> None:
    assert bind_gjennom(klient, invitasjonslenke(app, klient)).status_code == 303
    post(klient, "/logg-ut", {})
    logg_inn(klient, "admin")
    liste = klient.get("/brukere").text
    assert "Aktiv, knyttet til ID-porten" in liste
    svar = post(klient, f"/brukere/{HEGE}/id-porten/fjern", {})
    assert svar.status_code == 303
    assert "ikke lenger knyttet til ID-porten" in klient.get(svar.headers["location"]).text
    assert heges_pid_hash(app) is None
    with app.uow(skriv=False) as uow:
        hendelser = [r.hendelse for r in uow.session.exec(select(AuditEntry))]
    assert hendelser[-1] == "knytning_til_id_porten_fjernet"
    post(klient, "/logg-ut", {})
    assert rundtur(klient, "/logg-inn/oidc").status_code == 403
