"""An administrator changes an existing user's roles and the parties they represent on the
web (issue 20); each change is audited with before and after, and the rules of the
invitation form hold here too."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlmodel import select

from tests.e2e.test_nettsider import logg_inn, token
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.models.audit import AuditEntry
from tilskudd_flow.web.app import lag_webapp


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        logg_inn(klient, "admin")
        yield klient


def lagre(klient: TestClient, brukernavn: str, skjema: dict[str, list[str]]) -> Response:
    csrf = token(klient.get(f"/brukere/{brukernavn}/endre").text)
    return klient.post(f"/brukere/{brukernavn}/endre", data={**skjema, "csrf_token": csrf},
                       follow_redirects=False)  # fmt: skip


def revisjon(app: App, hendelse: str) -> list[dict[str, object]]:
    with app.uow(skriv=False) as uow:
        rader = uow.session.exec(select(AuditEntry).where(AuditEntry.hendelse == hendelse))
        return [json.loads(r.detaljer) for r in rader]


def test_the_form_shows_the_users_roles_and_parties_checked(klient: TestClient) -> None:
    assert 'href="/brukere/rana.soker/endre"' in klient.get("/brukere").text
    side = klient.get("/brukere/rana.soker/endre").text
    assert "<h1>Roller og parter for Mona Bjørkmo</h1>" in side
    assert 'name="roller" value="soker" checked' in side
    assert 'name="parter" value="1833" checked>' in side
    assert 'name="parter" value="1824">' in side
    assert '<label for="rolle-sekretariat">Sekretariat</label>' in side
    assert ">Lagre roller og parter</button>" in side


def test_an_admin_changes_roles_and_parties_and_both_are_audited(
    klient: TestClient, app: App
) -> None:
    svar = lagre(klient, "rana.soker", {"roller": ["soker", "ssu_medlem"],
                                        "parter": ["1833", "1832"]})  # fmt: skip
    assert svar.status_code == 303
    liste = klient.get(svar.headers["location"]).text
    assert "Rollene og partene til rana.soker er lagret." in liste
    assert "<td>Søker, SSU-medlem</td><td>Hemnes kommune, Rana kommune</td>" in liste
    assert revisjon(app, "bruker_parter_endret")[-1] == {
        "brukernavn": "rana.soker", "parter": [["Rana kommune"],
                                               ["Hemnes kommune", "Rana kommune"]]}  # fmt: skip
    assert revisjon(app, "roller_endret")[-1] == {
        "brukernavn": "rana.soker", "roller": [["soker"], ["soker", "ssu_medlem"]]}  # fmt: skip


def test_rules_are_shown_in_the_form_and_nothing_is_changed(klient: TestClient, app: App) -> None:
    svar = lagre(klient, "rana.soker", {"roller": ["soker"], "parter": []})
    assert svar.status_code == 400
    assert "Parter: en søker må representere minst én kommune eller helseforetak" in svar.text
    assert 'name="roller" value="soker" checked' in svar.text
    svar = lagre(klient, "rana.soker", {"roller": [], "parter": ["1833"]})
    assert "Roller: brukeren må ha minst én rolle" in svar.text
    assert 'name="parter" value="1833" checked>' in svar.text
    svar = lagre(klient, "admin", {"roller": ["sekretariat"], "parter": []})
    assert "Roller: du kan ikke ta fra deg selv rollen som administrator" in svar.text
    assert revisjon(app, "bruker_parter_endret") == []


def test_only_an_admin_may_change_roles_and_parties(app: App, demo: Demosammendrag) -> None:
    with TestClient(lag_webapp(app)) as klient:
        logg_inn(klient, "samhandlingssjef")
        assert klient.get("/brukere/rana.soker/endre").status_code == 403
        assert "/brukere/rana.soker/endre" not in klient.get("/brukere").text
        csrf = token(klient.get("/brukere").text)
        svar = klient.post("/brukere/rana.soker/endre",
                           data={"roller": ["admin"], "csrf_token": csrf})  # fmt: skip
        assert svar.status_code == 403
        assert (
            klient.post("/brukere/rana.soker/endre", data={"roller": ["admin"]}).status_code == 403
        )
