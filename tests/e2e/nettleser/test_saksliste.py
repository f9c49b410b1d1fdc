"""The case list in a real browser: sorting by a header, narrowing the states by kind, the
export as it downloads, and the page at a laptop's and a phone's width."""

from __future__ import annotations

import io

from openpyxl import load_workbook
from playwright.sync_api import Page, expect

from tests.e2e.nettleser.conftest import logg_inn, readme_skjermbilde, skjermbilde


def test_the_sekretariat_sorts_narrows_and_exports_the_case_list(side: Page, tjener: str) -> None:
    logg_inn(side, tjener, "samhandlingssjef")
    side.goto(f"{tjener}/saker")
    side.set_viewport_size({"width": 1366, "height": 900})
    readme_skjermbilde(side, "saksliste-1366px")
    side.get_by_role("link", name="Søkt", exact=True).click()
    expect(side.locator('th[aria-sort="ascending"]')).to_have_text("Søkt ▲")
    side.get_by_label("Sakstype").select_option(label="Møte")
    side.get_by_role("button", name="Vis").click()
    expect(side.get_by_label("Tilstand (Møte)").locator("option")).to_contain_text(
        ["Alle", "Planlagt"]
    )
    assert "sorter=belop_sokt" in side.url and "type=mote" in side.url
    side.goto(f"{tjener}/saker?type=rs_soknad")
    rader = side.locator("tbody tr").count()
    with side.expect_download() as nedlasting:
        side.get_by_role("link", name="Excel (XLSX)").click()
    ark = load_workbook(io.BytesIO(nedlasting.value.path().read_bytes())).active
    assert ark is not None and ark.max_row == rader + 1
    side.set_viewport_size({"width": 390, "height": 844})
    assert side.evaluate("document.documentElement.scrollWidth") <= 390
    skjermbilde(side, "saksliste-390px")
