"""The søknad form in steps (#21), in a real browser: with JavaScript one step at a time
and still one submission; without it one page with the list of steps; a server error in a
later step opens that step; every step passes axe and fits a 390 px phone."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.e2e.nettleser.conftest import fil, logg_inn, skjermbilde
from tests.e2e.nettleser.test_tilgjengelighet import alvorlige
from tilskudd_flow.demo.skjemaeksempel import PDF, docx
from tilskudd_flow.web.skjemasteg import SOKNADSSTEG

TITLER = [steg.tittel for steg in SOKNADSSTEG]
ANTALL = len(SOKNADSSTEG)
PROSJEKT = "Stegvis legevakt Vefsn"
# What the applicant types, step by step (steps 1–5; step 6 is the files).
SVAR = [
    {"prosjektnavn": PROSJEKT, "prosjekteiere": "Vefsn kommune og Helgelandssykehuset"},
    {
        "kontakt_kommune_0_navn": "Karin Ingebrigtsen",
        "kontakt_kommune_0_epost": "karin.ingebrigtsen@vefsn.kommune.example",
        "kontakt_helseforetak_0_navn": "Merete Aufles",
        "kontakt_helseforetak_0_epost": "merete.aufles@helgelandssykehuset.example",
    },
    {
        "signert_avtale": "15.09.2025",
        "beskrivelse": "Felles legevakt for Vefsn og Grane.",
        "nytte": "Færre innleggelser.",
        "formaal": "Spredning til resten av Helgeland.",
    },
    {
        "budsjett_hva": "Koordinator og opplæring.",
        "belop_0_aar": "2026",
        "belop_0_belop": "kr 500 000",
        "budsjett_total": "kr 800 000",
        "budsjett_kommune": "Lokaler.",
        "budsjett_hf": "Veiledning.",
        "budsjett_plan": "Tilskudd første år; partene dekker driften etterpå.",
    },
    {
        "pasientansvar": "Ikke relevant",
        "digitale_losninger": "Ikke relevant",
        "prosjektplan": "Oppstart januar 2026.",
        "milepael_0_beskrivelse": "Sluttrapport",
        "milepael_0_tid": "Q4 2027",
        "involvering": "Brukerrepresentant og tillitsvalgte.",
    },
]


@pytest.fixture
def uten_js(nettleser: Browser) -> Iterator[Page]:
    kontekst = nettleser.new_context(
        locale="nb-NO", viewport={"width": 1280, "height": 900}, java_script_enabled=False
    )
    page = kontekst.new_page()
    page.set_default_timeout(15_000)
    yield page
    kontekst.close()


def fyll_steg(side: Page, nummer: int) -> None:
    """Answer what step `nummer` asks (every field of it must be shown)."""
    for felt, tekst in (SVAR[nummer - 1] if nummer <= len(SVAR) else {}).items():
        side.locator(f"#{felt}").fill(tekst)
    if nummer == 2:
        side.get_by_label("5. Helseforetak").select_option("Helgelandssykehuset HF")
    if nummer == 5:
        side.locator("#milepael_0_type").select_option("sluttrapport")
    if nummer == 6:
        side.locator("#vedlegg_signert_avtale").set_input_files(files=[fil("avtale.pdf", PDF)])
        side.locator("#vedlegg_budsjett").set_input_files(files=[fil("budsjett.docx", docx())])


def er_paa_steg(side: Page, nummer: int) -> None:
    """Only this step shows, and the progress indicator says so."""
    indikator = side.get_by_role("navigation", name="Steg i søknaden")
    expect(indikator.locator(".steg-teller")).to_have_text(f"Steg {nummer} av {ANTALL}")
    expect(indikator.locator("[aria-current=step]")).to_have_count(1)
    expect(indikator.locator("[aria-current=step]")).to_contain_text(TITLER[nummer - 1])
    expect(side.locator("fieldset.steg:visible")).to_have_count(1)
    expect(side.locator(f"#steg-{nummer}")).to_be_visible()


def neste(side: Page, til: int) -> None:
    side.get_by_role("button", name="Neste").click()
    er_paa_steg(side, til)
    expect(side.get_by_role("heading", level=2, name=TITLER[til - 1])).to_be_focused()


def test_an_applicant_fills_the_form_step_by_step_and_sends_it_in_once(
    side: Page, tjener: str
) -> None:
    logg_inn(side, tjener, "vefsn.soker")
    side.goto(f"{tjener}/soknader/ny")
    innsendinger: list[str] = []
    side.on("request", lambda r: innsendinger.append(r.url) if r.method == "POST" else None)
    er_paa_steg(side, 1)
    expect(side.get_by_role("button", name="Forrige")).to_be_hidden()
    expect(side.get_by_role("button", name="Send inn søknaden")).to_be_hidden()
    for nummer in range(1, ANTALL):
        fyll_steg(side, nummer)
        neste(side, nummer + 1)
        if nummer == 2:  # back and forth again: nothing typed is lost
            side.get_by_role("button", name="Forrige").click()
            er_paa_steg(side, 2)
            expect(side.locator("#kontakt_kommune_0_navn")).to_have_value("Karin Ingebrigtsen")
            neste(side, 3)
    assert innsendinger == []  # «Neste» moves within the page, never to the server

    oversikt = side.locator("#steg-oversikt")
    for tekst in (PROSJEKT, "Vefsn kommune", "Helgelandssykehuset HF", "kr 500 000",
                  "Sluttrapport", "avtale.pdf", "budsjett.docx"):  # fmt: skip
        expect(oversikt).to_contain_text(tekst)
    expect(side.get_by_role("button", name="Neste")).to_be_hidden()
    oversikt.get_by_role("button", name="Endre Budsjett og finansiering").click()
    er_paa_steg(side, 4)
    side.get_by_role("link", name=TITLER[-1]).click()
    er_paa_steg(side, ANTALL)
    skjermbilde(side, "skjemasteg-se-over")
    side.get_by_role("button", name="Send inn søknaden").click()
    expect(side.get_by_role("heading", name="Søknaden er sendt inn")).to_be_visible(timeout=30_000)
    assert re.search(r"RS-\d+", side.locator("main").inner_text())
    assert len(innsendinger) == 1


def test_without_javascript_the_whole_form_is_one_page_with_the_list_of_steps(
    uten_js: Page, tjener: str
) -> None:
    side = uten_js
    logg_inn(side, tjener, "vefsn.soker")
    side.goto(f"{tjener}/soknader/ny")
    indikator = side.get_by_role("navigation", name="Steg i søknaden")
    expect(indikator).to_contain_text(f"Søknaden har {ANTALL} steg")
    expect(indikator.get_by_role("link")).to_have_count(ANTALL)
    expect(indikator.locator("[aria-current]")).to_have_count(0)
    for nummer in range(1, ANTALL + 1):
        expect(side.locator(f"#steg-{nummer}")).to_be_visible()
    expect(side.get_by_role("button", name="Neste")).to_have_count(0)
    indikator.get_by_role("link", name=TITLER[3]).click()
    expect(side).to_have_url(re.compile(r"#steg-4$"))
    skjermbilde(side, "skjemasteg-uten-javascript")
    for nummer in range(1, ANTALL):
        fyll_steg(side, nummer)
    side.get_by_role("button", name="Send inn søknaden").click()
    expect(side.get_by_role("heading", name="Søknaden er sendt inn")).to_be_visible(timeout=30_000)


def test_a_server_error_in_a_later_step_opens_that_step_with_the_summary_focused(
    side: Page, tjener: str
) -> None:
    logg_inn(side, tjener, "vefsn.soker")
    side.goto(f"{tjener}/soknader/ny")
    for nummer in range(1, 4):  # fields 1–10 complete; the budget (11) left empty
        fyll_steg(side, nummer)
        neste(side, nummer + 1)
    side.locator("#belop_0_belop").fill("fem hundre tusen")
    side.get_by_role("link", name=TITLER[-1]).click()
    side.get_by_role("button", name="Send inn søknaden").click()

    oppsummering = side.locator("#feiloppsummering")
    expect(oppsummering).to_be_focused()
    expect(oppsummering.locator("a").first).to_contain_text("11.")
    er_paa_steg(side, 4)
    expect(side.locator("#belop_0_belop")).to_have_value("fem hundre tusen")
    skjermbilde(side, "skjemasteg-feil-i-budsjettet")
    # A link in the summary to a field in another step opens that step at the field.
    oppsummering.locator('a[href="#vedlegg_budsjett"]').click()
    er_paa_steg(side, 6)
    expect(side.locator("#vedlegg_budsjett")).to_be_focused()


def test_saving_or_adding_a_budget_line_returns_to_the_step_the_applicant_was_on(
    side: Page, tjener: str
) -> None:
    logg_inn(side, tjener, "vefsn.soker")
    side.goto(f"{tjener}/soknader/ny")
    side.locator("#prosjektnavn").fill(PROSJEKT)
    side.get_by_role("link", name=TITLER[3]).click()
    side.locator("#linje_0_kostnadspost").fill("Prosjektleder")
    side.get_by_role("button", name="Legg til linje").click()
    side.wait_for_url(re.compile(r"/rediger\?lagret=1#linje_6_kostnadspost$"))
    er_paa_steg(side, 4)
    expect(side.locator("#linje_6_kostnadspost")).to_be_focused()
    expect(side.locator("#linje_0_kostnadspost")).to_have_value("Prosjektleder")

    side.get_by_role("button", name="Neste").click()
    side.locator("#prosjektplan").fill("Oppstart januar 2026.")
    side.get_by_role("button", name="Lagre utkast").click()
    side.wait_for_url(re.compile(r"/rediger\?lagret=1&steg=5$"))
    er_paa_steg(side, 5)
    expect(side.get_by_role("status")).to_contain_text("Utkastet er lagret")
    expect(side.get_by_role("heading", level=2, name=TITLER[4])).to_be_focused()
    expect(side.locator("#prosjektplan")).to_have_value("Oppstart januar 2026.")


def test_every_step_has_no_serious_accessibility_violation(
    side: Page, tjener: str, axe: Axe
) -> None:
    logg_inn(side, tjener, "vefsn.soker")
    side.goto(f"{tjener}/soknader/ny")
    funn = {}
    for nummer in range(1, ANTALL + 1):
        fyll_steg(side, nummer)
        funn[nummer] = alvorlige(axe, side)
        if nummer < ANTALL:
            neste(side, nummer + 1)
    side.get_by_role("link", name=TITLER[3]).click()
    side.locator("#budsjett_sokt").fill("mange penger")
    side.get_by_role("button", name="Lagre utkast").click()
    funn[0] = alvorlige(axe, side)  # back on a step after the round trip
    assert funn == {nummer: [] for nummer in funn}


@pytest.mark.parametrize("bredde", [390, 1366])
def test_every_step_fits_the_screen_without_sideways_scrolling(
    side: Page, tjener: str, bredde: int
) -> None:
    logg_inn(side, tjener, "vefsn.soker")
    side.set_viewport_size({"width": bredde, "height": 900})
    side.goto(f"{tjener}/soknader/ny")
    brede = {}
    for nummer in range(1, ANTALL + 1):
        side.get_by_role("link", name=TITLER[nummer - 1]).click()
        er_paa_steg(side, nummer)
        if side.evaluate("document.documentElement.scrollWidth") > bredde:
            brede[nummer] = side.evaluate("document.documentElement.scrollWidth")
        skjermbilde(side, f"skjemasteg-{nummer}-{bredde}")
    assert brede == {}
    budsjett = side.locator("#steg-4")
    side.get_by_role("link", name=TITLER[3]).click()
    for felt in ("#linje_0_kostnadspost", "#linje_0_belop", "#budsjett_sokt"):
        boks = budsjett.locator(felt).bounding_box()
        assert boks is not None and boks["x"] >= 0 and boks["x"] + boks["width"] <= bredde
