"""The pictures over HTTP: workflow diagrams, the year's timeline, the round's funnel."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from tests.e2e.test_nettsider import logg_inn
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.models.soknad import SoknadBelop
from tilskudd_flow.web.app import lag_webapp


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        logg_inn(klient, "samhandlingssjef")
        yield klient


def test_every_workflow_is_drawn_with_its_transitions_as_text(klient: TestClient) -> None:
    side = klient.get("/arbeidsflyter").text
    for navn, tittel in (("rs_soknad", "RS-søknad"), ("fsu_etablering", "FSU-etablering"),
                         ("avtale_revisjon", "Avtalerevisjon")):  # fmt: skip
        assert f'src="/arbeidsflyter/{navn}.svg"' in side
        assert f'alt="Diagram over arbeidsflyten {tittel}.' in side
    assert re.search(r"<td>Prioritert i SSU</td><td>Oversend Helse Nord</td>"
                     r"<td>Oversendt Helse Nord</td>", side)  # fmt: skip

    svar = klient.get("/arbeidsflyter/rs_soknad.svg")
    assert svar.headers["content-type"].startswith("image/svg+xml")
    rot = ET.fromstring(svar.content)
    alle = "".join(rot.itertext())
    for tilstand in ("Utkast", "Mottatt", "Oversendt Helse Nord", "Ikke tildelt"):
        assert tilstand in alle


def test_the_aarshjul_shows_the_year_on_a_timeline(klient: TestClient) -> None:
    side = klient.get("/aarshjul").text
    figur = side[side.index("<svg") : side.index("</svg>") + 6]
    tekst = "".join(ET.fromstring(figur).itertext())
    assert "Frister i 2025" in tekst
    # The same names as the table, the CLI and the calendar: each names its round (issue 19).
    assert "1. oktober 2025: Søknadsfrist RS-tilskudd 2026" in tekst
    assert "31. oktober 2025: Oversending til Helse Nord, RS-tilskudd 2026" in tekst


def test_the_round_in_numbers_counts_states_and_sums(app: App, klient: TestClient) -> None:
    side = klient.get("/runder/2026").text
    with app.uow(skriv=False) as uow:
        belop = select(SoknadBelop.ore).where(col(SoknadBelop.soknad_id).in_([2, 3, 4, 5]))
        sokt = sum(uow.session.exec(belop))
    kroner = f"kr {sokt // 100:,}".replace(",", " ")
    assert f"<td>Mottatt</td><td>4</td><td>{kroner}</td><td>kr 0</td>" in side
    assert "Utkast" not in side[side.index("<h1>") :]  # drafts are not part of the round yet
    figur = side[side.index("<svg") : side.index("</svg>") + 6]
    assert "Mottatt: 4" in "".join(ET.fromstring(figur).itertext())


def test_applicants_see_the_workflows_but_not_the_rounds_numbers(
    app: App, demo: Demosammendrag
) -> None:
    with TestClient(lag_webapp(app)) as soker:
        logg_inn(soker, "vefsn.soker")
        assert soker.get("/arbeidsflyter").status_code == 200
        assert soker.get("/runder/2026").status_code == 403
