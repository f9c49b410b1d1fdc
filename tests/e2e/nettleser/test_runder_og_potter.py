"""The year's basics in a real browser, driven by the forms' labels: the sekretariat opens
the next round, moves a deadline (a bad date first), confirms SSU's meeting date, registers
and edits a pot (a bad amount first) and reads it all in the history. axe on every page,
with and without errors; screenshots at desktop and phone widths."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.e2e.nettleser.conftest import logg_inn, skjermbilde
from tests.e2e.nettleser.test_tilgjengelighet import alvorlige

SEKR = "samhandlingssjef"
BREDDER = {"pc": 1366, "mobil": 390}


def _bilder(side: Page, navn: str) -> None:
    for hva, bredde in BREDDER.items():
        side.set_viewport_size({"width": bredde, "height": 900})
        skjermbilde(side, f"{navn}-{hva}")
    side.set_viewport_size({"width": 1280, "height": 900})


def test_the_sekretariat_opens_a_round_and_moves_its_deadlines(
    side: Page, tjener: str, axe: Axe
) -> None:
    logg_inn(side, tjener, SEKR)
    side.get_by_role("link", name="Administrasjon").click()
    side.get_by_role("link", name="Runder og potter").click()
    assert alvorlige(axe, side) == []
    _bilder(side, "20-runder")
    side.get_by_role("button", name="Åpne søknadsrunden for 2027").click()
    expect(side.get_by_role("status")).to_contain_text("Søknadsrunden for 2027 er opprettet")
    expect(side.get_by_role("main")).to_contain_text("1. oktober 2026 er en torsdag.")

    side.get_by_label("Ny dato for søknadsfrist til helsefellesskapet").fill("31.09.2026")
    side.get_by_role("button", name="Flytt fristen for søknadsfrist til helsefellesskapet").click()
    expect(side.get_by_role("alert")).to_contain_text("Ugyldig dato «31.09.2026»")
    assert alvorlige(axe, side) == []
    side.get_by_label("Ny dato for søknadsfrist til helsefellesskapet").fill("3.10.2026")
    side.get_by_role("button", name="Flytt fristen for søknadsfrist til helsefellesskapet").click()
    expect(side.get_by_role("status")).to_contain_text(
        "flyttet til 3. oktober 2026 (lørdag) → mandag 5. oktober 2026"
    )
    side.get_by_role("button", name="Bekreft 21. oktober 2026").click()
    expect(side.get_by_role("status")).to_contain_text("21. oktober 2026 er bekreftet")
    assert alvorlige(axe, side) == []
    _bilder(side, "21-rundefrister")


def test_the_sekretariat_registers_and_edits_a_pot(side: Page, tjener: str, axe: Axe) -> None:
    logg_inn(side, tjener, SEKR)
    side.goto(f"{tjener}/prioritering/2026")
    side.get_by_role("link", name="Pottene for 2026").click()
    assert alvorlige(axe, side) == []
    _bilder(side, "22-potter")
    side.get_by_role("link", name="2027 →").click()
    side.get_by_label("Ramme for lokal pott 2027 (kr)").fill("fire millioner")
    side.get_by_label("Formål 1, lokal pott").fill("Prosjektkoordinator")
    side.get_by_label("Beløp 1, lokal pott (kr)").fill("500 000")
    side.get_by_label("Vedtak 1, lokal pott").fill("SSU 09.09.2025")
    side.get_by_role("button", name="Registrer lokal pott 2027").click()
    expect(side.get_by_role("alert")).to_contain_text("Ramme:")
    expect(side.get_by_label("Formål 1, lokal pott")).to_have_value("Prosjektkoordinator")
    assert alvorlige(axe, side) == []
    side.get_by_label("Ramme for lokal pott 2027 (kr)").fill("4 mill.")
    side.get_by_role("button", name="Registrer lokal pott 2027").click()
    expect(side.get_by_role("status")).to_contain_text("Den lokale potten for 2027 er lagret")
    expect(side.get_by_role("table")).to_contain_text("kr 3 500 000")
    side.get_by_label("Overført til lokal pott fra året før (kr)").fill("1,2 mill.")
    side.get_by_role("button", name="Lagre lokal pott 2027").click()
    expect(side.get_by_role("table")).to_contain_text("kr 4 700 000")

    side.get_by_role("link", name="Administrasjon").click()

    side.get_by_role("link", name="Historikk").click()
    expect(side.get_by_role("main")).to_contain_text("Lokal pott 2027: potten ble endret")
    side.get_by_label("Vis endringer i").select_option("pott")
    side.get_by_role("button", name="Vis").click()
    expect(side.get_by_role("main")).to_contain_text("Overført: kr 0 → kr 1 200 000")
    assert alvorlige(axe, side) == []
    _bilder(side, "23-historikk")
