"""`make run` on 6 December 2026 in the browser: the form open to vefsn.soker, the SSU pages
agreeing with what the demo cites (#20). Screenshots at 1366 px for the README."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, expect

from tests.e2e.nettleser.conftest import logg_inn, readme_skjermbilde
from tilskudd_flow.adapters.epostoppsamler import ledig_port
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.i_dag import last_demo_i_dag
from tilskudd_flow.web.app import lag_webapp


@pytest.fixture
def demotjener(app: App, klokke: FixedClock) -> Iterator[str]:
    """The web app after the `make run` path, on a day the 2026 round's deadline has passed."""
    klokke.set(datetime(2026, 12, 6, 9, 0, tzinfo=UTC))
    last_demo_i_dag(app, lambda _: None)
    port = ledig_port()
    server = uvicorn.Server(
        uvicorn.Config(lag_webapp(app), host="127.0.0.1", port=port, log_level="warning")
    )
    traad = threading.Thread(target=server.run, daemon=True)
    traad.start()
    while not server.started:
        traad.join(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    traad.join(10)


@pytest.fixture
def bred(nettleser: Browser) -> Iterator[Page]:
    kontekst = nettleser.new_context(locale="nb-NO", viewport={"width": 1366, "height": 900})
    page = kontekst.new_page()
    page.set_default_timeout(15_000)
    yield page
    kontekst.close()


def test_the_applicant_finds_the_next_round_open_on_a_december_day(
    bred: Page, demotjener: str
) -> None:
    logg_inn(bred, demotjener, "vefsn.soker")
    bred.goto(f"{demotjener}/soknader/ny")
    expect(bred.get_by_text("Søknaden gjelder runden for 2028")).to_be_visible()
    expect(bred.get_by_text("er passert")).to_have_count(0)
    readme_skjermbilde(bred, "demo-i-dag-soknad-ny")


def test_the_sekretariat_sees_the_adopted_list_and_the_meeting_it_cites(
    bred: Page, demotjener: str
) -> None:
    logg_inn(bred, demotjener, "samhandlingssjef")
    bred.goto(f"{demotjener}/prioritering/2026")
    expect(bred.get_by_text("SSU vedtok listen 22. oktober 2025 (Sak 30-2025).")).to_be_visible()
    expect(bred.get_by_text("ikke satt opp")).to_have_count(0)
    readme_skjermbilde(bred, "demo-i-dag-prioritering-2026")
    bred.goto(f"{demotjener}/ssu-saker?aar=2025")
    expect(bred.get_by_role("link", name="Sak 30-2025")).to_be_visible()
