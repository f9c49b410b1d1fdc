"""The sekretariat finds a stopped e-mail on /utboks, reads why, and corrects it in a real
browser, at desktop and phone width (issue 17, item 1)."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.e2e.nettleser.conftest import logg_inn, skjermbilde
from tests.e2e.nettleser.test_tilgjengelighet import alvorlige
from tests.integration.smtp_tjener import smtp_tjener
from tests.integration.test_epost import levering
from tests.integration.test_utboks_giftig import GIFTIGE, legg_inn_giftig, rad
from tilskudd_flow.bootstrap import App


def test_a_failed_email_is_shown_with_its_reason_and_corrected_at_1366_and_390_px(
    app: App, side: Page, tjener: str, axe: Axe
) -> None:
    melding_id = legg_inn_giftig(app, **GIFTIGE["navn"])
    with smtp_tjener() as (_, port):
        levering(app, port).tom_koen()
    logg_inn(side, tjener, "samhandlingssjef")
    for bredde in (1366, 390):
        side.set_viewport_size({"width": bredde, "height": 900})
        side.goto(f"{tjener}/utboks?status=feilet")
        expect(side.get_by_role("cell", name="Mottakernavnet «Eve[linjeskift]Bcc")).to_be_visible()
        skjermbilde(side, f"utboks-feilet-{bredde}")
        assert alvorlige(axe, side) == []
        side.goto(f"{tjener}/utboks/{melding_id}")
        skjermbilde(side, f"utboks-melding-{bredde}")
        assert alvorlige(axe, side) == []
        bredest = side.evaluate("document.documentElement.scrollWidth")
        assert bredest <= bredde, f"vannrett rulling ved {bredde} px"
    side.get_by_role("button", name="Forkast").click()
    expect(side.get_by_role("alert")).to_contain_text("Kryss av for at e-posten skal forkastes")
    side.get_by_label("Navn").fill("Eve Olsen")
    side.get_by_role("button", name="Rett og send").click()
    expect(side.get_by_role("status")).to_contain_text("Mottakeren er rettet")
    skjermbilde(side, "utboks-rettet-390")
    assert (rad(app, melding_id).status, rad(app, melding_id).til_navn) == ("klar", "Eve Olsen")
