"""Field 11 over HTTP (#19): the API stores the whole budget from JSON, and the case page
shows the budget as a real table (caption, column and row headers)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from tests.e2e.test_api import demosoknad, hode
from tests.e2e.test_nettsider import logg_inn
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.models.soknad import BudsjettRad, Soknad
from tilskudd_flow.web.app import lag_webapp

SYKEPLEIER = 3  # the demo's Helgelandssykepleier


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        yield klient


def test_the_api_stores_the_budget_table_total_cost_and_plans(klient: TestClient, app: App) -> None:
    dokument = demosoknad("helgelandssykepleier.toml")
    dokument["prosjektnavn"] = "Helgelandssykepleier via API"
    svar = klient.post("/api/soknader", headers=hode(klient, "rana.soker"), json=dokument)
    assert svar.status_code == 201, svar.text
    sak_id = svar.json()["sak_id"]
    with app.uow(skriv=False) as uow:
        soknad = uow.session.get(Soknad, sak_id)
        assert soknad is not None
        assert (soknad.totalkostnad_ore, soknad.totalkostnad_tekst) == (
            32_000_000_00,
            "kr 32 000 000",
        )
        assert soknad.finansieringsplan_videreforing.startswith("Etter prosjektperioden")
        linjer = uow.session.exec(
            select(BudsjettRad)
            .where(BudsjettRad.soknad_id == sak_id)
            .order_by(col(BudsjettRad.rekkefolge))
        ).all()
    assert len(linjer) == 15 and sum(linje.ore for linje in linjer) == 10_000_000_00
    assert (linjer[0].kostnadspost, linjer[0].aar, linjer[0].tekst, linjer[0].prosjektaar) == (
        "Lønn prosjektleder", 2026, "kr 900 000", "Prosjektår 1"
    )  # fmt: skip
    detaljer = klient.get(f"/api/saker/{sak_id}", headers=hode(klient, "rana.soker")).json()
    assert detaljer["detaljer"]["Søkt andel av totalkostnaden"] == "31 %"


def test_a_budget_amount_in_words_is_refused_with_the_field_named_and_nothing_stored(
    klient: TestClient,
) -> None:
    hoder = hode(klient, "rana.soker")
    for_ = klient.get("/api/saker", headers=hoder).json()["totalt"]
    dokument = demosoknad("helgelandssykepleier.toml")
    dokument["budsjett"]["linjer"][0]["belop"] = "ni hundre tusen"
    svar = klient.post("/api/soknader", headers=hoder, json=dokument)
    assert svar.status_code == 422
    [feil] = svar.json()["detail"]
    assert feil["loc"][1:] == ["budsjett", "linjer", 0, "belop"]
    assert "skriv beløpet med sifre" in feil["msg"]
    assert klient.get("/api/saker", headers=hoder).json()["totalt"] == for_


def test_the_case_page_shows_the_budget_as_a_table_with_headers(klient: TestClient) -> None:
    logg_inn(klient, "samhandlingssjef")
    side = klient.get(f"/saker/{SYKEPLEIER}").text
    assert "<caption>Budsjett per kostnadspost og år (kr)</caption>" in side
    assert '<th scope="col" class="tall">2026</th>' in side
    assert '<th scope="row">Lønn prosjektleder</th><td class="tall">900 000</td>' in side
    assert '<tfoot><tr><th scope="row">Sum</th>' in side
    assert "<dt>Søkt andel av totalkostnaden</dt>" in side and "31 %" in side
