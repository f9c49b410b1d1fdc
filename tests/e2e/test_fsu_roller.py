"""The FSU member form on the case page offers the roles and sides as choices built from the
code lists, and the server refuses a value that is not one of them (issue 20)."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.e2e.test_fsu_avtale_sider import SEKR, hendelse
from tests.e2e.test_nettsider import logg_inn, token
from tests.ssu_saker import registrer_ssu_saker
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.domain.kodeverk import FsuRolle, Side
from tilskudd_flow.web.app import lag_webapp


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        yield klient


@pytest.fixture
def oppnevnt(app: App, demo: Demosammendrag) -> int:
    registrer_ssu_saker(app, "Sak 25-2025")
    hendelse(app, demo.fsu, "oppnevn", vedtak="Sak 25-2025")
    return demo.fsu


def valgene(html: str, felt_id: str) -> list[tuple[str, str]]:
    liste = re.search(rf'<select id="{felt_id}"[^>]*>(.*?)</select>', html, re.S)
    assert liste is not None, f"{felt_id} er ikke en nedtrekksliste"
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', liste.group(1))


def test_the_member_form_offers_every_fsu_role_and_side_and_no_free_text(
    klient: TestClient, oppnevnt: int
) -> None:
    logg_inn(klient, SEKR)
    side = klient.get(f"/saker/{oppnevnt}").text
    roller = valgene(side, "legg_til_medlem-rolle")
    assert roller == [("", "Velg"), *((r.value, r.visning) for r in FsuRolle)]
    assert ("brukerrepresentant", "Brukerrepresentant") in roller
    sider = valgene(side, "legg_til_medlem-side")
    assert sider == [("", "Ikke oppgitt"), *((s.value, s.visning) for s in Side)]
    assert '<label for="legg_til_medlem-rolle">Representerer' in side
    assert 'name="felt_rolle" value=' not in side


def test_a_role_not_in_the_list_is_refused_and_the_form_keeps_what_was_typed(
    klient: TestClient, oppnevnt: int
) -> None:
    logg_inn(klient, SEKR)
    side = klient.get(f"/saker/{oppnevnt}").text
    skjema = {"csrf_token": token(side), "hendelse": "legg_til_medlem", "versjon": "2",
              "felt_navn": "Per Pasient", "felt_epost": "per@brukerutvalget.example",
              "felt_rolle": "sjef", "felt_side": "kommune"}  # fmt: skip
    versjon = re.search(r'name="versjon" value="(\d+)"', side)
    assert versjon is not None
    skjema["versjon"] = versjon.group(1)
    svar = klient.post(f"/saker/{oppnevnt}/hendelse", data=skjema)
    assert svar.status_code == 400
    assert "«sjef» er ikke et gyldig valg" in svar.text
    assert 'value="Per Pasient"' in svar.text
    assert '<option value="kommune" selected>Kommune</option>' in svar.text

    skjema["felt_rolle"] = "brukerrepresentant"
    svar = klient.post(f"/saker/{oppnevnt}/hendelse", data=skjema, follow_redirects=False)
    assert svar.status_code == 303
    fsu = klient.get("/fsu").text
    assert "Per Pasient" in fsu and "Brukerrepresentant" in fsu
