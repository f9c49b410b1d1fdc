"""The pictures over HTTP: workflow diagrams, the year as a wheel, the round in kroner."""

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
from tilskudd_flow.domain.kodeverk import PartRolle
from tilskudd_flow.models.soknad import SoknadBelop, SoknadPart
from tilskudd_flow.models.tenancy import Part
from tilskudd_flow.web.app import lag_webapp


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        logg_inn(klient, "samhandlingssjef")
        yield klient


def test_every_workflow_is_drawn_with_its_transitions_and_rules_as_text(
    klient: TestClient,
) -> None:
    side = klient.get("/arbeidsflyter").text
    for navn, tittel in (("rs_soknad", "RS-søknad"), ("fsu_etablering", "FSU-etablering"),
                         ("avtale_revisjon", "Avtalerevisjon")):  # fmt: skip
        assert f'src="/arbeidsflyter/{navn}.svg"' in side
        assert f'alt="Diagram over arbeidsflyten {tittel}.' in side
        # Scrollable at 390 px, by keyboard too, and named for screen readers.
        assert (f'<div class="bilderamme" tabindex="0" role="group" '
                f'aria-label="Diagram over arbeidsflyten {tittel}">') in side  # fmt: skip
    assert re.search(r"<td>Prioritert i SSU</td><td>Oversend Helse Nord</td>"
                     r"<td>Oversendt Helse Nord</td><td>SSU har prioritert søknaden til Helse Nord"
                     r"</td>", side)  # fmt: skip

    svar = klient.get("/arbeidsflyter/rs_soknad.svg")
    assert svar.headers["content-type"].startswith("image/svg+xml")
    rot = ET.fromstring(svar.content)
    alle = " ".join(" ".join(rot.itertext()).split())
    for tekst in ("Utkast", "Mottatt", "Oversendt Helse Nord", "Ikke tildelt",
                  "Registrer avslag fra Helse Nord",
                  "Søknaden har ingen tildeling fra den lokale potten"):  # fmt: skip
        assert tekst in alle
    for kode in ("on_enter", "entry /", "[!", "RsSoknad", "har_lokal_tildeling"):
        assert kode not in svar.text


def test_the_aarshjul_is_a_wheel_of_the_coming_year_naming_each_case(klient: TestClient) -> None:
    side = klient.get("/aarshjul").text
    figur = side[side.index("<svg") : side.index("</svg>") + 6]
    tekst = " ".join(ET.fromstring(figur).itertext())
    # The tests' clock stands on 15 September 2025 (tests/conftest.py).
    assert "Årshjul fra 15. september 2025" in tekst
    assert "16 dager til" in tekst and "1. oktober 2025" in tekst
    # Each mark names its deadline as the table, the CLI and the calendar do (issue 19).
    assert "1. oktober 2025: Søknadsfrist RS-tilskudd 2026" in tekst
    assert "31. oktober 2025: Oversending til Helse Nord, RS-tilskudd 2026" in tekst
    liste = side[side.index('<ol class="hjulliste">') : side.index("</ol>")]
    assert "<strong>1. oktober 2025</strong>: Søknadsfrist RS-tilskudd 2026" in liste


def test_the_round_in_kroner_per_state_applied_and_awarded(app: App, klient: TestClient) -> None:
    side = klient.get("/runder/2026").text
    with app.uow(skriv=False) as uow:
        belop = select(SoknadBelop.ore).where(col(SoknadBelop.soknad_id).in_([2, 3, 4, 5]))
        sokt = sum(uow.session.exec(belop))
    kroner = "kr\xa0" + f"{sokt // 100:,}".replace(",", "\xa0")
    assert (f'<td>Mottatt</td><td class="tall">4</td><td class="tall">{kroner}</td>'
            '<td class="tall">kr\xa00</td>') in side  # fmt: skip
    assert "Utkast" not in side[side.index("<h1>") :]  # drafts are not part of the round yet
    figur = side[side.index("<svg") : side.index("</svg>") + 6]
    tekst = list(ET.fromstring(figur).itertext())
    assert "Mottatt (4 søknader)" in tekst
    assert f"Søkt: {kroner}" in tekst


def test_the_round_in_kroner_per_party_owning_the_søknader(app: App, klient: TestClient) -> None:
    side = klient.get("/runder/2026").text
    per_part = side[side.index('<h2 id="per-part">') :]
    with app.uow(skriv=False) as uow:
        eide = select(SoknadPart.soknad_id).join(Part).where(
            Part.navn == "Vefsn kommune", SoknadPart.rolle == PartRolle.EIER,
            col(SoknadPart.soknad_id).in_([2, 3, 4, 5]))  # fmt: skip
        soknader = list(uow.session.exec(eide))
        belop = select(SoknadBelop.ore).where(col(SoknadBelop.soknad_id).in_(soknader))
        sokt = sum(uow.session.exec(belop))
    assert soknader  # the demo has søknader Vefsn owns
    kroner = "kr\xa0" + f"{sokt // 100:,}".replace(",", "\xa0")
    assert (f'<td>Vefsn kommune</td><td class="tall">{len(soknader)}</td>'
            f'<td class="tall">{kroner}</td>') in per_part  # fmt: skip
    figur = per_part[per_part.index("<svg") : per_part.index("</svg>") + 6]
    assert "søkt og tildelt i kroner per søkerpart" in "".join(ET.fromstring(figur).itertext())


def test_applicants_see_the_workflows_but_not_the_rounds_numbers(
    app: App, demo: Demosammendrag
) -> None:
    with TestClient(lag_webapp(app)) as soker:
        logg_inn(soker, "vefsn.soker")
        assert soker.get("/arbeidsflyter").status_code == 200
        assert soker.get("/runder/2026").status_code == 403
