"""The demo's SSU pages agree with what it cites: meetings, saker and the adopted list (#20)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from tests.e2e.test_nettsider import logg_inn
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.demo.gjennomgang import kjor_gjennomgang
from tilskudd_flow.web.app import lag_webapp


@pytest.fixture
def sekretariat(app: App, demo: Demosammendrag) -> TestClient:
    kjor_gjennomgang(app, demo.soknader, demo.fsu, lambda _: None)
    klient = TestClient(lag_webapp(app))
    logg_inn(klient, "samhandlingssjef")
    return klient


def tekst(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_adopted_list_shows_its_vedtak_and_never_that_it_is_not_set_up(
    sekretariat: TestClient,
) -> None:
    side = tekst(sekretariat.get("/prioritering/2026").text)
    assert "SSU vedtok listen 22. oktober 2025 (Sak 30-2025)" in side
    assert "ikke satt opp" not in side
    assert "RS-2" in side and "RS-5" in side  # the adopted list itself


def test_the_meetings_the_demo_cites_are_held_and_their_referat_archived(
    sekretariat: TestClient,
) -> None:
    side = tekst(sekretariat.get("/moter?aar=2025").text)
    for dag in ("9. september 2025", "22. oktober 2025", "25. november 2025"):
        assert dag in side, dag
    assert side.count("Arkivert") == 3, side  # referat drafted, approved, heard, published
    assert "28. november 2023" in tekst(sekretariat.get("/moter?aar=2023").text)


def test_the_ssu_saker_the_demo_cites_are_registered_and_decided(sekretariat: TestClient) -> None:
    side = tekst(sekretariat.get("/ssu-saker?aar=2025").text)
    for nummer in ("Sak 24-2025", "Sak 30-2025", "Sak 35-2025", "Sak 40-2025"):
        assert nummer in side, nummer
    assert side.count("Forslaget vedtas.") == 4
    assert "Sak 30-2023" in tekst(sekretariat.get("/ssu-saker?aar=2023").text)
