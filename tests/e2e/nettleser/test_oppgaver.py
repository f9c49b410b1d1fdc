"""«Mine oppgaver» and the case page's saksbehandler and notes in a real browser: the
sekretariat takes a case, writes a note (first an empty one, refused), and finds the case
first in its tasks; axe on every page on the way, for the sekretariat and an applicant;
screenshots at desktop and phone width."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.e2e.nettleser.conftest import logg_inn, skjermbilde
from tests.e2e.nettleser.test_tilgjengelighet import alvorlige

NOTAT = "Ring Vefsn om budsjettlinjen for 2027 før vurderingen."


def test_the_sekretariat_takes_a_case_writes_a_note_and_finds_it_first(
    side: Page, tjener: str, axe: Axe
) -> None:
    logg_inn(side, tjener, "samhandlingssjef")
    side.get_by_role("link", name="Mine oppgaver").click()
    expect(side.get_by_role("heading", name="Mine oppgaver", level=1)).to_be_visible()
    assert alvorlige(axe, side) == []

    side.goto(f"{tjener}/saker/2")
    side.get_by_role("button", name="Ta saken").click()
    expect(side.get_by_text("Saksbehandleren er lagret")).to_be_visible()
    side.get_by_role("button", name="Lagre notatet").click()
    expect(side.get_by_text("Skriv notatet før du lagrer det")).to_be_visible()
    assert alvorlige(axe, side) == []
    side.get_by_label("Nytt internt notat").fill(NOTAT)
    side.get_by_role("button", name="Lagre notatet").click()
    expect(side.get_by_text("Notatet er lagret")).to_be_visible()
    expect(side.locator(".notat").get_by_text(NOTAT)).to_be_visible()
    side.get_by_label("Gi saken til").select_option(label="Samhandlingssjef HSYK")
    side.get_by_role("button", name="Lagre saksbehandler").click()
    assert alvorlige(axe, side) == []
    for bredde in (1366, 390):
        side.set_viewport_size({"width": bredde, "height": 900})
        skjermbilde(side, f"sak-saksbehandling-{bredde}")

    side.goto(f"{tjener}/oppgaver")
    expect(side.get_by_role("heading", name="Saker du er saksbehandler for")).to_be_visible()
    assert alvorlige(axe, side) == []
    for bredde in (1366, 390):
        side.set_viewport_size({"width": bredde, "height": 900})
        skjermbilde(side, f"mine-oppgaver-{bredde}")

    side.goto(f"{tjener}/saker?saksbehandler=mine")
    expect(side.get_by_role("heading", name="1 sak", level=2)).to_be_visible()
    assert alvorlige(axe, side) == []


def test_an_applicant_sees_their_own_tasks_and_never_the_note(
    side: Page, tjener: str, axe: Axe
) -> None:
    logg_inn(side, tjener, "alstahaug.soker")
    side.goto(f"{tjener}/oppgaver")
    expect(side.get_by_text("Send inn søknaden")).to_be_visible()
    assert alvorlige(axe, side) == []


def test_the_pages_reflow_at_320_px_with_a_case_taken_and_a_note(side: Page, tjener: str) -> None:
    logg_inn(side, tjener, "samhandlingssjef")
    side.goto(f"{tjener}/saker/3")
    side.get_by_role("button", name="Ta saken").click()
    side.get_by_label("Nytt internt notat").fill("Et langt ord: " + "samhandlingsreform" * 6)
    side.get_by_role("button", name="Lagre notatet").click()
    side.set_viewport_size({"width": 320, "height": 800})
    for sti in ("/oppgaver", "/saker/3"):
        side.goto(f"{tjener}{sti}")
        assert side.evaluate("document.documentElement.scrollWidth") <= 320, sti
