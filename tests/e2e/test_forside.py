"""The applicant's start page: the open round, its deadlines, and where each søknad is."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from tests.e2e.test_nettsider import logg_inn, token
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.data import DEMOPASSORD, Demosammendrag
from tilskudd_flow.web.app import lag_webapp


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        yield klient


def tekst(html: str) -> str:
    """The page as read: inline markup dropped, block markup a space."""
    uten_inline = re.sub(r"</?(strong|a|span)\b[^>]*>", "", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", uten_inline))


def test_an_applicant_logs_in_to_the_open_round_and_its_deadlines(
    klient: TestClient, klokke: FixedClock
) -> None:
    klokke.set(datetime(2025, 9, 20, 10, 0, tzinfo=UTC))
    side = klient.get("/logg-inn")
    svar = klient.post("/logg-inn", data={"brukernavn": "vefsn.soker", "passord": DEMOPASSORD,
                                          "csrf_token": token(side.text)})  # fmt: skip

    assert str(svar.url).endswith("/")
    innhold = tekst(svar.text)
    assert "Søknadsrunden for 2026 er åpen" in innhold
    assert "Søknadsfrist: 1. oktober 2025 (11 dager igjen)" in innhold
    assert 'href="/soknader/ny">Start en ny søknad' in svar.text
    assert "SSUs prioriteringsmøte (ekstraordinært)" in innhold
    assert "(foreløpig dato)" in innhold
    assert (
        "Oversending til Helse Nord 1. november 2025 (lørdag) → fredag 31. oktober 2025" in innhold
    )


def test_the_start_page_lists_the_applicants_soknader_with_what_happens_next(
    klient: TestClient, klokke: FixedClock
) -> None:
    klokke.set(datetime(2025, 9, 20, 10, 0, tzinfo=UTC))
    logg_inn(klient, "vefsn.soker")
    innhold = tekst(klient.get("/").text)

    assert "Fremtidens pasientforløp" in innhold
    assert "Tilstand: Mottatt. Sekretariatet vurderer om søknaden er komplett" in innhold
    assert "KOLS" not in innhold  # Rana's own søknad, not Vefsn's


def test_after_the_soknadsfrist_the_start_page_names_it_and_offers_no_new_soknad(
    klient: TestClient, klokke: FixedClock
) -> None:
    klokke.set(datetime(2025, 10, 1, 21, 59, 59, tzinfo=UTC))  # 23:59:59 in Oslo: still open
    logg_inn(klient, "vefsn.soker")
    assert "Søknadsfrist: 1. oktober 2025, i dag" in tekst(klient.get("/").text)

    klokke.set(datetime(2025, 10, 1, 22, 0, tzinfo=UTC))
    side = klient.get("/")
    innhold = tekst(side.text)
    assert "Søknadsfristen for 2026 er passert" in innhold
    assert "Fristen var 1. oktober 2025." in innhold
    assert "Start en ny søknad" not in innhold
    assert "Passert" in innhold


def test_the_sekretariat_and_ssu_start_at_the_case_list(klient: TestClient) -> None:
    for brukernavn in ("samhandlingssjef", "ssu.medlem"):
        logg_inn(klient, brukernavn)
        svar = klient.get("/", follow_redirects=False)
        assert (svar.status_code, svar.headers["location"]) == (303, "/saker")
