"""A real server and a real browser (Debian's chromium, never a downloaded one)."""

from __future__ import annotations

import os
import re
import shutil
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import uvicorn
from axe_playwright_python.sync_playwright import Axe
from PIL import Image
from playwright.sync_api import Browser, FilePayload, Locator, Page, Playwright, sync_playwright

from tests.conftest import REPO
from tilskudd_flow.adapters.epostoppsamler import ledig_port
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.data import DEMOPASSORD, Demosammendrag
from tilskudd_flow.web.app import lag_webapp

CHROMIUM = "/usr/bin/chromium"
ARGUMENTER = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
SKJERMBILDER = REPO / "test-artifacts" / "skjermbilder"
# `README_SKJERMBILDER=1 pytest tests/e2e/nettleser/…` also writes the README's pictures,
# 1366 px wide, straight into docs/skjermbilder/ (commit them with the README that shows them).
README_SKJERMBILDER = REPO / "docs" / "skjermbilder"
README_BREDDE = 1366
# Every page at a laptop's and a phone's width (issue 21): test-artifacts/skjermbilder/sider/,
# and with README_SKJERMBILDER=1 also docs/skjermbilder/sider/.
SIDEBREDDER = (1366, 390)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    if shutil.which(CHROMIUM) is None:
        raise RuntimeError("Chromium mangler: kjør testene med `make test`, som installerer det")
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def nettleser(
    playwright: Playwright, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGUMENTER)
    yield browser
    browser.close()


@pytest.fixture
def tjener(app: App, demo: Demosammendrag, klokke: FixedClock) -> Iterator[str]:
    """The web app on a free port, in this process, on the test database."""
    klokke.set(datetime(2025, 9, 20, 10, 0, tzinfo=UTC))
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


@pytest.fixture(scope="module")
def axe() -> Iterator[Axe]:
    yield Axe()


@pytest.fixture
def side(nettleser: Browser) -> Iterator[Page]:
    kontekst = nettleser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
    page = kontekst.new_page()
    page.set_default_timeout(15_000)
    yield page
    kontekst.close()


def logg_inn(page: Page, tjener: str, brukernavn: str) -> None:
    page.goto(f"{tjener}/logg-inn")
    page.get_by_label("Brukernavn").fill(brukernavn)
    page.get_by_label("Passord").fill(DEMOPASSORD)
    page.get_by_role("button", name="Logg inn").click()
    page.wait_for_url(startside(tjener))


def startside(tjener: str) -> re.Pattern[str]:
    """Where a login lands: applicants at the start page, everyone else at the case list."""
    return re.compile(rf"{re.escape(tjener)}/(saker)?$")


def fil(navn: str, innhold: bytes) -> FilePayload:
    return FilePayload(name=navn, mimeType="application/octet-stream", buffer=innhold)


STEGKLASSE = "contains(concat(' ', @class, ' '), ' steg ')"  # XPath: a step's fieldset


def i_steget(felt: Locator) -> Locator:
    """The søknad form's field, with the step that holds it shown: the form shows one step
    at a time, and an applicant jumps there through the progress indicator."""
    if felt.is_hidden():
        steg = felt.locator(f"xpath=ancestor::fieldset[{STEGKLASSE}]")
        felt.page.locator(f".steg-indikator a[href='#{steg.get_attribute('id')}']").click()
    return felt


def skjemafelt(page: Page, felt_id: str) -> Locator:
    """The søknad form's field with this id, its step shown."""
    return i_steget(page.locator(f"#{felt_id}"))


def send_inn(page: Page) -> None:
    """Press «Send inn søknaden», which the stepped form shows on its last step."""
    knapp = page.locator("#send-inn")
    if knapp.is_hidden():
        page.locator(".steg-indikator a").last.click()
    knapp.click()


def skjermbilde(page: Page, navn: str) -> Path:
    SKJERMBILDER.mkdir(parents=True, exist_ok=True)
    fil = SKJERMBILDER / f"{navn}.png"
    page.screenshot(path=str(fil), full_page=True)
    return fil


def readme_skjermbilde(page: Page, navn: str) -> Path:
    """A screenshot for test-artifacts/ as `skjermbilde` takes it; with README_SKJERMBILDER=1
    also the README's picture of the page, at 1366 px whatever the test's own width."""
    artefakt = skjermbilde(page, navn)
    if os.environ.get("README_SKJERMBILDER") != "1":
        return artefakt
    storrelse = page.viewport_size or {"width": README_BREDDE, "height": 900}
    page.set_viewport_size({"width": README_BREDDE, "height": storrelse["height"]})
    README_SKJERMBILDER.mkdir(parents=True, exist_ok=True)
    fil = README_SKJERMBILDER / f"{navn}.png"
    page.screenshot(path=str(fil), full_page=True)
    page.set_viewport_size(storrelse)
    return fil


def sideskjermbilde(page: Page, navn: str) -> Path:
    """The page as it is now, full length, into the pictures of every page at its width."""
    bredde = (page.viewport_size or {"width": README_BREDDE})["width"]
    fil = SKJERMBILDER / "sider" / f"{navn}-{bredde}.png"
    fil.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(fil), full_page=True)
    if os.environ.get("README_SKJERMBILDER") == "1":
        _med_faerre_farger(fil, README_SKJERMBILDER / "sider" / fil.name)
    return fil


def _med_faerre_farger(fra: Path, til: Path) -> None:
    # The committed copies of every page: 128 colours keep text and tags sharp at a third of
    # the size, so the README's folder stays small enough for every clone.
    til.parent.mkdir(parents=True, exist_ok=True)
    with Image.open(fra) as bilde:
        farger = bilde.convert("RGB").quantize(128, Image.Quantize.MEDIANCUT,
                                               dither=Image.Dither.NONE)  # fmt: skip
        farger.save(til, optimize=True)
