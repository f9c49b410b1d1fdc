"""The registers in a real browser (issue 20): SSU's members, the parties and a user's roles
and parties, for every role that may see them and with errors shown; axe finds nothing
serious, and the pages are photographed wide and narrow for the README."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.e2e.nettleser.conftest import logg_inn, skjermbilde
from tests.e2e.nettleser.test_tilgjengelighet import alvorlige

SIDER = {
    "samhandlingssjef": ["/ssu-medlemmer", "/parter", "/parter/15"],
    "admin": ["/ssu-medlemmer", "/parter", "/parter/19", "/brukere", "/brukere/rana.soker/endre"],
    "ssu.medlem": ["/ssu-medlemmer"],
}


@pytest.mark.parametrize("rolle", list(SIDER))
def test_no_serious_accessibility_violation_on_the_register_pages(
    side: Page, tjener: str, axe: Axe, rolle: str
) -> None:
    logg_inn(side, tjener, rolle)
    funn = {}
    for sti in SIDER[rolle]:
        side.goto(f"{tjener}{sti}")
        funn[sti] = alvorlige(axe, side)
    assert funn == {sti: [] for sti in SIDER[rolle]}


def test_the_sekretariat_registers_a_member_and_edits_a_party_in_the_browser(
    side: Page, tjener: str, axe: Axe
) -> None:
    logg_inn(side, tjener, "samhandlingssjef")
    side.get_by_role("link", name="Administrasjon").click()
    side.get_by_role("link", name="SSU-medlemmer").click()
    side.get_by_label("Navn", exact=True).fill("Ola Nordmann")
    side.get_by_label("E-post").fill("ola@")
    side.get_by_role("button", name="Registrer medlemmet").click()
    expect(side.get_by_role("alert")).to_contain_text("Side: velg kommunesiden")
    assert alvorlige(axe, side) == []
    side.get_by_label("E-post").fill("ola.nordmann@vefsn.kommune.example")
    side.get_by_label("Kommunesiden").check()
    side.get_by_label("Vara for").select_option(label="Leder i SSU (kommunesiden)")
    side.get_by_label("Første dag", exact=True).fill("2025-10-01")
    side.get_by_role("button", name="Registrer medlemmet").click()
    expect(side.get_by_role("status")).to_contain_text("Ola Nordmann er registrert i SSU")

    side.get_by_role("link", name="Administrasjon").click()

    side.get_by_role("link", name="Parter").click()
    side.get_by_role("link", name="Endre Rana kommune").click()
    side.get_by_label("Andre navn").fill("Mo i Rana\nHSYK")
    side.get_by_role("button", name="Lagre endringene").click()
    expect(side.get_by_role("alert")).to_contain_text("«HSYK» (Helgelandssykehuset HF)")
    assert alvorlige(axe, side) == []
    side.get_by_label("Andre navn").fill("Mo i Rana")
    side.get_by_label("Medlem av helsefellesskapet").uncheck()
    side.get_by_role("button", name="Lagre endringene").click()
    expect(side.get_by_role("status")).to_contain_text("Endringene for Rana kommune er lagret.")
    expect(side.get_by_role("row", name=re.compile("Rana kommune"))).to_contain_text("Mo i Rana")


@pytest.mark.parametrize("bredde", [1366, 390])
def test_screenshots_of_the_register_pages(side: Page, tjener: str, bredde: int) -> None:
    side.set_viewport_size({"width": bredde, "height": 900})
    for rolle, sti, navn in (
        ("samhandlingssjef", "/ssu-medlemmer", "ssu-medlemmer"),
        ("samhandlingssjef", "/parter", "parter"),
        ("samhandlingssjef", "/parter/19", "part"),
        ("admin", "/brukere/rana.soker/endre", "brukertilgang"),
    ):
        side.context.clear_cookies()
        logg_inn(side, tjener, rolle)
        side.goto(f"{tjener}{sti}")
        skjermbilde(side, f"register-{navn}-{bredde}")
        bredest = side.evaluate("document.documentElement.scrollWidth")
        assert bredest <= bredde, f"{sti} ruller sidelengs ved {bredde} px"
