"""How the pages look (issue 21, point 4), measured in Chromium: no table cell breaks inside
a word at 1366 px, the menu fits on one line there and folds into «Meny» at 390 px, and
every page is photographed at both widths for the README."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.e2e.nettleser.conftest import SIDEBREDDER, logg_inn, sideskjermbilde
from tests.e2e.nettleser.test_tilgjengelighet import SIDER

# For each word in a table cell: the boxes it is drawn in. A word drawn in more than one box
# is split over two lines («St|at|us»). Words are cut at spaces and after hyphens and dashes,
# where a line may end («FSU-|etablering»).
DELTE_ORD = """() => {
  const delt = [];
  for (const celle of document.querySelectorAll("main td, main th")) {
    const gaa = document.createTreeWalker(celle, NodeFilter.SHOW_TEXT);
    for (let node = gaa.nextNode(); node; node = gaa.nextNode()) {
      const tekst = node.textContent;
      for (const m of tekst.matchAll(/[^\\s\\-–—/]+[\\-–—/]?/g)) {
        const ord = new Range();
        ord.setStart(node, m.index);
        ord.setEnd(node, m.index + m[0].length);
        const linjer = new Set([...ord.getClientRects()].filter(r => r.width > 0)
                                   .map(r => Math.round(r.top)));
        if (linjer.size > 1) delt.push(m[0]);
      }
    }
  }
  return delt;
}"""


def _filnavn(sti: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", sti.lower()).strip("-") or "forside"


@pytest.mark.parametrize("sti", ["/saker", "/utboks", "/historikk", "/saker/2", "/runder/2026"])
def test_no_table_cell_breaks_inside_a_word_at_1366_px(side: Page, tjener: str, sti: str) -> None:
    logg_inn(side, tjener, "samhandlingssjef")
    side.set_viewport_size({"width": 1366, "height": 900})
    side.goto(f"{tjener}{sti}")
    assert side.evaluate(DELTE_ORD) == []


def test_the_menu_is_one_line_at_1366_px_and_a_disclosure_at_390_px(
    side: Page, tjener: str
) -> None:
    logg_inn(side, tjener, "samhandlingssjef")
    side.set_viewport_size({"width": 1366, "height": 900})
    side.goto(f"{tjener}/saker")
    meny = side.locator("nav.meny-bred")
    lenker = meny.get_by_role("link")
    expect(lenker).to_have_count(11)
    bokser = [lenker.nth(i).bounding_box() for i in range(11)]
    topper = {round(boks["y"]) for boks in bokser if boks is not None}
    assert len(topper) == 1, "menyen brytes over flere linjer"
    expect(meny.get_by_role("link", name="Saker", exact=True)).to_have_attribute(
        "aria-current", "page"
    )

    side.set_viewport_size({"width": 390, "height": 800})
    expect(meny).to_be_hidden()
    side.get_by_text("Meny", exact=True).click()
    smal = side.locator("details.meny-smal nav")
    expect(smal.get_by_role("link", name="Administrasjon")).to_be_visible()
    smal.get_by_role("link", name="Møter").click()
    side.wait_for_url(f"{tjener}/moter")
    assert side.evaluate("document.documentElement.scrollWidth") <= 390


@pytest.mark.parametrize("rolle", ["samhandlingssjef", "vefsn.soker"])
def test_every_page_is_photographed_at_1366_and_390_px(side: Page, tjener: str, rolle: str) -> None:
    logg_inn(side, tjener, rolle)
    for bredde in SIDEBREDDER:
        side.set_viewport_size({"width": bredde, "height": 900})
        for sti in SIDER:
            side.goto(f"{tjener}{sti}")
            assert sideskjermbilde(side, f"{rolle}-{_filnavn(sti)}").exists()
    side.context.clear_cookies()
    for bredde in SIDEBREDDER:
        side.set_viewport_size({"width": bredde, "height": 900})
        side.goto(f"{tjener}/logg-inn")
        sideskjermbilde(side, "anonym-logg-inn")


def test_a_printed_page_has_no_menu_footer_or_buttons(side: Page, tjener: str) -> None:
    logg_inn(side, tjener, "samhandlingssjef")
    side.goto(f"{tjener}/saker/2")
    side.emulate_media(media="print")
    for del_ in ("header.topp", "footer.bunn", "main .knapp >> nth=0"):
        expect(side.locator(del_)).to_be_hidden()
    farge = side.evaluate("getComputedStyle(document.querySelector('main a')).color")
    assert farge == "rgb(0, 0, 0)"
