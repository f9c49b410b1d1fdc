"""The week-43 meeting in a real browser: the chair reorders by keyboard and by dragging,
marks one søknad for the local pot and adopts the list; a member's page follows along; the
sekretariat sends the package to Helse Nord and its files read right."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from openpyxl import load_workbook
from playwright.sync_api import Browser, Locator, Page, expect
from pypdf import PdfReader

from tests.conftest import Cli
from tests.e2e.nettleser.conftest import logg_inn, skjermbilde
from tests.e2e.nettleser.test_tilgjengelighet import alvorlige
from tests.e2e.test_oversending import vedleggsnavn
from tests.ssu_saker import registrer_ssu_saker_cli
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.data import Demosammendrag

SEKR = "samhandlingssjef"


@pytest.fixture
def mote(cli: Cli, demo: Demosammendrag, tjener: str, klokke: FixedClock) -> str:
    """Four vurdert søknader, on the day of SSU's extraordinary meeting."""
    cli.vurder(2, 3, 4, 5)
    registrer_ssu_saker_cli(cli, "Sak 31-2025")  # the sak the meeting adopts the list in
    klokke.set(datetime(2025, 10, 22, 10, 0, tzinfo=UTC))
    return f"{tjener}/prioritering/2026"


@pytest.fixture
def medlemsside(nettleser: Browser) -> Iterator[Page]:
    kontekst = nettleser.new_context(locale="nb-NO", viewport={"width": 1280, "height": 900})
    page = kontekst.new_page()
    page.set_default_timeout(15_000)
    yield page
    kontekst.close()


def rekkefolge(side: Page) -> Locator:
    return side.locator("#prioritert > li")


def merk(side: Page, referanse: str, valg: str) -> None:
    side.get_by_text(f"Endre merking for {referanse}").click()
    side.get_by_role("group", name=f"Hvor skal {referanse} stå?").get_by_label(
        valg, exact=True
    ).check()
    side.get_by_role("button", name=f"Lagre merking for {referanse}").click()
    expect(side.get_by_role("status")).to_contain_text("Merkingen er lagret")


def test_the_chair_builds_and_adopts_the_list_while_a_member_watches(
    side: Page, medlemsside: Page, tjener: str, mote: str, app: App
) -> None:
    axe = Axe()
    logg_inn(side, tjener, "ssu.leder")
    side.get_by_role("link", name="Prioritering").click()
    side.wait_for_url(mote)
    merk(side, "RS-2", "Regional liste (Helse Nord)")
    merk(side, "RS-5", "Lokal pott")
    merk(side, "RS-3", "Regional liste (Helse Nord)")
    expect(rekkefolge(side)).to_have_count(3)
    expect(side.locator("#prioritert")).to_contain_text("fra lokal pott 2026: kr 500 000")

    # Keyboard: RS-2 one place down, with Enter on the button.
    side.get_by_role("button", name="Flytt ned RS-2").focus()
    side.keyboard.press("Enter")
    expect(side.get_by_role("status")).to_contain_text("Søknaden er flyttet")
    expect(rekkefolge(side).first).to_have_attribute("data-sak", "5")

    # Mouse: drag RS-3 to the top.
    side.locator("#sak-5").scroll_into_view_if_needed()
    kilde = side.locator("#sak-3").bounding_box()
    maal = side.locator("#sak-5").bounding_box()
    assert kilde is not None and maal is not None
    side.mouse.move(kilde["x"] + 8, kilde["y"] + 4)
    side.mouse.down()
    side.mouse.move(maal["x"] + 8, maal["y"] + 10, steps=8)
    side.mouse.move(maal["x"] + 8, maal["y"] + 4, steps=2)
    side.mouse.up()
    expect(side.locator("#oppdatert")).to_have_text("Rekkefølgen er lagret.")
    expect(rekkefolge(side).first).to_have_attribute("data-sak", "3")
    side.reload()
    assert [li.get_attribute("data-sak") for li in rekkefolge(side).all()] == ["3", "5", "2"]
    assert alvorlige(axe, side) == []
    skjermbilde(side, "14-ssu-prioriteringsmote")

    logg_inn(medlemsside, tjener, "ssu.medlem")
    medlemsside.goto(mote)
    assert [li.get_attribute("data-sak") for li in rekkefolge(medlemsside).all()] == ["3", "5", "2"]
    expect(medlemsside.get_by_role("button", name=re.compile("Flytt"))).to_have_count(0)
    assert alvorlige(axe, medlemsside) == []

    side.get_by_role("button", name="Flytt ned RS-3").click()
    expect(rekkefolge(medlemsside).first).to_have_attribute("data-sak", "5", timeout=10_000)
    expect(medlemsside.locator("#oppdatert")).to_contain_text("Listen er oppdatert")

    side.get_by_label("SSU-sak").fill("Sak 31-2025")
    side.get_by_role("button", name="Vedta prioriteringslisten").click()
    expect(side.get_by_role("status")).to_contain_text("Prioriteringslisten er vedtatt")
    vedtatt = "SSU vedtok listen 22. oktober 2025 (Sak 31-2025)"
    expect(medlemsside.locator("main")).to_contain_text(vedtatt, timeout=10_000)
    side.get_by_role("link", name=re.compile("RS-5")).click()
    expect(side.locator("main")).to_contain_text("Tilstand: Tildelt")

    side.context.clear_cookies()
    logg_inn(side, tjener, SEKR)
    side.goto(mote)
    side.get_by_role("button", name="Lag pakken og send til Helse Nord").click()
    expect(side.get_by_role("status")).to_contain_text("søknadene er oversendt")
    skjermbilde(side, "15-sekretariat-oversendt")
    assert alvorlige(axe, side) == []
    xlsx = last_ned(side, "Rangert liste (regneark)")
    pdf = last_ned(side, "Rangert liste (PDF)")
    zip_ = last_ned(side, "Søknadene med vedlegg (ZIP)")

    ark = load_workbook(io.BytesIO(xlsx)).active
    assert ark is not None
    rader = [r for r in ark.iter_rows(min_row=5, values_only=True) if r[0] is not None]
    assert [(r[0], r[1]) for r in rader] == [(1, "RS-3"), (2, "RS-2")]
    tekst = "\n".join(s.extract_text() for s in PdfReader(io.BytesIO(pdf)).pages)
    assert re.search(r"1\s+RS-3 Helgelandssykepleier", tekst) and "kr 2 000 000" in tekst
    assert re.search(r"2\s+RS-2 Fremtidens", tekst) and "kr 3 105 000" in tekst
    navn = zipfile.ZipFile(io.BytesIO(zip_)).namelist()
    for rang, sak in ((1, 3), (2, 2)):
        vedlagt = {n.split("/")[-1][3:] for n in navn
                   if n.startswith(f"{rang:02d} RS-{sak} ") and "/vedlegg/" in n}  # fmt: skip
        assert vedlagt == vedleggsnavn(app, sak)


def last_ned(side: Page, lenketekst: str) -> bytes:
    with side.expect_download() as nedlasting:
        side.get_by_role("link", name=lenketekst).first.click()
    sti = nedlasting.value.path()
    return Path(sti).read_bytes()
