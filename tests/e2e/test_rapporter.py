"""A funded project hands in its reports as files from the web; everyone involved sees them."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient
from httpx2 import Response

from tests.conftest import Cli
from tests.e2e.test_api import hode
from tests.e2e.test_nettsider import logg_inn, token
from tests.ssu_saker import registrer_ssu_saker_cli
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.demo.skjemaeksempel import PDF, docx
from tilskudd_flow.web.app import lag_webapp

SEKR = "samhandlingssjef"
SAK = 2  # Vefsn's «Fremtidens pasientforløp», mottatt in the demo data


@pytest.fixture
def tildelt(cli: Cli, demo: Demosammendrag) -> int:
    """The demo søknad funded for 2026–2028: two yearly reports and a sluttrapport due."""
    cli.ok(
        "sak",
        "hendelse",
        str(SAK),
        "vurder",
        "-f",
        "vurdering=Komplett.",
        som=SEKR,
        naa="2025-10-06T09:00",
    )
    registrer_ssu_saker_cli(cli, "Sak 30-2025")
    cli.ok(
        "runde",
        "prioriter",
        "2026",
        "--vedtak",
        "Sak 30-2025",
        "--plass",
        f"{SAK}=regional",
        som=SEKR,
        naa="2025-10-22T12:00",
    )
    cli.ok("sak", "hendelse", str(SAK), "oversend", som=SEKR, naa="2025-10-31T09:00")
    cli.ok("sak", "hendelse", str(SAK), "registrer_tildeling_helse_nord", "-f",
           "belop=2026: kr 3 105 000; 2027: kr 3 105 000; 2028: kr 3 105 000", "-f",
           "vedtak=Helse Nord juni 2026", som=SEKR, naa="2026-06-15T09:00")  # fmt: skip
    return SAK


@pytest.fixture
def klient(app: App, tildelt: int, klokke: FixedClock) -> Iterator[TestClient]:
    klokke.set(datetime(2027, 2, 20, 9, 0, tzinfo=UTC))
    with TestClient(lag_webapp(app)) as klient:
        yield klient


def lever(klient: TestClient, type_: str, navn: str, innhold: bytes) -> Response:
    side = klient.get(f"/soknader/{SAK}/rapporter")
    return klient.post(
        f"/soknader/{SAK}/rapporter",
        data={"csrf_token": token(side.text), "type": type_},
        files={"rapportfil": (navn, innhold, "application/octet-stream")},
        follow_redirects=False,
    )


def test_the_applicant_hands_in_yearly_reports_and_the_sluttrapport(klient: TestClient) -> None:
    logg_inn(klient, "vefsn.soker")
    sak = klient.get(f"/saker/{SAK}").text
    assert f'href="/soknader/{SAK}/rapporter"' in sak
    assert "Neste rapport: årsrapport for 2026" in sak
    side = klient.get(f"/soknader/{SAK}/rapporter").text
    assert side.count("Ikke levert") == 3

    svar = lever(klient, "aarsrapport", "årsrapport-2026.pdf", PDF)
    assert svar.status_code == 303
    etter = klient.get(svar.headers["location"]).text
    assert "Årsrapport er mottatt" in etter
    assert "Mottatt 20.02.2027" in etter
    lenke = re.search(r'href="(/vedlegg/\d+)">Rapport: årsrapport-2026.pdf', etter)
    assert lenke is not None
    nedlasting = klient.get(lenke.group(1))
    assert nedlasting.content == PDF
    assert nedlasting.headers["content-disposition"].startswith("attachment;")

    assert lever(klient, "aarsrapport", "årsrapport-2027.docx", docx()).status_code == 303
    assert lever(klient, "sluttrapport", "sluttrapport.pdf", PDF).status_code == 303
    slutt = klient.get(f"/saker/{SAK}").text
    assert "Tilstand: <strong>Rapportert</strong>" in slutt
    assert "Sluttrapporten er mottatt" in slutt


def test_a_disguised_file_is_refused_and_no_report_is_registered(klient: TestClient) -> None:
    logg_inn(klient, "vefsn.soker")
    svar = lever(klient, "aarsrapport", "rapport.pdf", b"MZ\x90\x00 not a pdf")
    assert svar.status_code == 400
    assert "er ikke en gyldig PDF" in svar.text
    assert 'id="feil-rapportfil"' in svar.text
    assert klient.get(f"/soknader/{SAK}/rapporter").text.count("Ikke levert") == 3


def test_other_parties_and_ssu_cannot_hand_in_but_the_sekretariat_sees_the_file(
    klient: TestClient,
) -> None:
    logg_inn(klient, "rana.soker")
    assert klient.get(f"/soknader/{SAK}/rapporter").status_code == 404
    logg_inn(klient, "ssu.medlem")
    side = klient.get(f"/soknader/{SAK}/rapporter").text
    assert "Ikke levert" in side and "Lever en rapport" not in side
    svar = lever(klient, "aarsrapport", "rapport.pdf", PDF)
    assert svar.status_code == 400
    assert "kan bare utføres av" in svar.text
    logg_inn(klient, "vefsn.soker")
    lever(klient, "aarsrapport", "rapport.pdf", PDF)
    logg_inn(klient, SEKR)
    side = klient.get(f"/soknader/{SAK}/rapporter").text
    lenke = re.search(r'href="(/vedlegg/\d+)">Rapport: rapport.pdf', side)
    assert lenke is not None
    assert klient.get(lenke.group(1)).content == PDF
    logg_inn(klient, "rana.soker")
    assert klient.get(lenke.group(1)).status_code == 404


def tilstand_og_historikk(app: App) -> tuple[str, int, int]:
    with app.engine.connect() as tilkobling:
        tilstand = tilkobling.execute(
            sa.text("SELECT state FROM workflow_case WHERE id = :id"), {"id": SAK}
        ).scalar_one()
        rader = tilkobling.execute(sa.text("SELECT count(*) FROM audit_entry")).scalar_one()
        filer = tilkobling.execute(sa.text("SELECT count(*) FROM vedlegg")).scalar_one()
    return tilstand, rader, filer


@pytest.mark.parametrize("hendelse", ["registrer_rapport", "motta_sluttrapport"])
def test_the_applicant_cannot_close_its_reporting_duty_through_the_api_without_a_file(
    klient: TestClient, app: App, hendelse: str
) -> None:
    """Issue 17: `motta_sluttrapport` with no file, by the applicant, closed the case."""
    for_forsok = tilstand_og_historikk(app)
    svar = klient.post(f"/api/saker/{SAK}/hendelser", headers=hode(klient, "vefsn.soker"),
                       json={"hendelse": hendelse, "kommentar": "Levert"})  # fmt: skip
    assert svar.status_code == 403
    assert "bare gjøre ved å laste opp filen" in svar.json()["detail"]
    assert tilstand_og_historikk(app) == for_forsok


def test_the_applicant_cannot_close_its_reporting_duty_from_the_case_page_either(
    klient: TestClient, app: App
) -> None:
    logg_inn(klient, "vefsn.soker")
    sakside = klient.get(f"/saker/{SAK}").text
    assert 'value="motta_sluttrapport"' not in sakside  # no button for it
    for_forsok = tilstand_og_historikk(app)
    skjema = {"csrf_token": token(sakside), "hendelse": "motta_sluttrapport", "kommentar": "Ferdig"}
    svar = klient.post(f"/saker/{SAK}/hendelse", data=skjema)
    assert svar.status_code == 403
    assert "bare gjøre ved å laste opp filen" in svar.text
    assert tilstand_og_historikk(app) == for_forsok


def test_the_sekretariat_registers_a_report_without_a_file_only_with_a_comment(
    klient: TestClient, app: App
) -> None:
    sekretariat = hode(klient, SEKR)
    for_forsok = tilstand_og_historikk(app)
    uten = klient.post(f"/api/saker/{SAK}/hendelser", headers=sekretariat,
                       json={"hendelse": "motta_sluttrapport"})  # fmt: skip
    assert uten.status_code == 422
    assert uten.json()["detail"].startswith("kommentar:")
    assert tilstand_og_historikk(app) == for_forsok
    kommentar = "Sluttrapporten kom per post; arkivert i Elements"
    med = klient.post(f"/api/saker/{SAK}/hendelser", headers=sekretariat,
                      json={"hendelse": "motta_sluttrapport", "kommentar": kommentar})  # fmt: skip
    assert med.status_code == 200
    assert med.json()["til"] == "rapportert"


def test_the_report_page_delivers_for_the_applicant_with_the_file(
    klient: TestClient, app: App
) -> None:
    logg_inn(klient, "vefsn.soker")
    assert lever(klient, "sluttrapport", "sluttrapport.pdf", PDF).status_code == 303
    tilstand, _, _ = tilstand_og_historikk(app)
    assert tilstand == "rapportert"
