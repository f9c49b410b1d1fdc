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
from tilskudd_flow.models.outbox import OutboxMessage


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
        expect(side.get_by_text("Feilet: Mottakernavnet «Eve[linjeskift]Bcc")).to_be_visible()
        skjermbilde(side, f"utboks-feilet-{bredde}")
        assert alvorlige(axe, side) == []
        side.goto(f"{tjener}/utboks/{melding_id}")
        epost = side.frame_locator("iframe.epostvisning").locator("body")
        expect(epost).to_contain_text("Hei.")  # the HTML body, as the recipient sees it
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


def test_a_notice_to_every_kommune_is_one_row_that_opens_to_its_recipients(
    app: App, side: Page, tjener: str, axe: Axe
) -> None:
    """Issue 20: «Did Vefsn's postmottak get it, and when?» answered on the page."""
    _legg_inn_utsending(app, 17)
    with smtp_tjener() as (_, port):
        levering(app, port).tom_koen()
    logg_inn(side, tjener, "samhandlingssjef")
    for bredde in (1366, 390):
        side.set_viewport_size({"width": bredde, "height": 900})
        side.goto(f"{tjener}/utboks")
        utsending = side.locator(".utsending", has_text="Påminnelse: innspill til avtalen")
        expect(utsending).to_have_count(1)
        expect(utsending).to_contain_text("17 mottakere: 17 sendt")
        utsending.locator("summary").click()
        expect(utsending.locator(".mottaker", has_text="postmottak@vefsn.kommune")).to_be_visible()
        skjermbilde(side, f"utboks-utsending-{bredde}")
        assert alvorlige(axe, side) == []
        side.get_by_label("Søk etter mottaker eller sak").fill("postmottak@vefsn")
        side.get_by_role("button", name="Søk").click()
        treff = side.locator(".mottakere li.treff")
        expect(treff).to_have_count(1)
        expect(treff).to_contain_text("Sendt ")
        skjermbilde(side, f"utboks-sok-{bredde}")
        assert alvorlige(axe, side) == []
        bredest = side.evaluate("document.documentElement.scrollWidth")
        assert bredest <= bredde, f"vannrett rulling ved {bredde} px"


def _legg_inn_utsending(app: App, antall: int) -> None:
    """One reminder to `antall` kommuner' postmottak, as the engine queues it."""
    kommuner = ["vefsn"] + [f"kommune{n}" for n in range(1, antall)]
    with app.uow() as uow:
        for kommune in kommuner:
            uow.session.add(OutboxMessage(
                helsefellesskap_id=1, opprettet=app.miljo.klokke.now(), mal="test/paaminnelse",
                til_adresse=f"postmottak@{kommune}.kommune.example", til_navn=kommune.title(),
                emne="Påminnelse: innspill til avtalen", tekst="Hei.\n",
                html="<p>Hei.</p>\n", case_id=1))  # fmt: skip
        uow.commit()


def test_the_sekretariat_proofreads_a_template_with_sample_data(
    side: Page, tjener: str, axe: Axe
) -> None:
    logg_inn(side, tjener, "samhandlingssjef")
    for bredde in (1366, 390):
        side.set_viewport_size({"width": bredde, "height": 900})
        side.goto(f"{tjener}/utboks")
        side.get_by_role("link", name="Se e-postmalene med eksempeldata").click()
        side.get_by_role("link", name="RS-søknad: Send inn", exact=True).click()
        epost = side.frame_locator("iframe.epostvisning").locator("body")
        expect(epost).to_contain_text("Karin Ingebrigtsen")
        skjermbilde(side, f"epostmal-{bredde}")
        assert alvorlige(axe, side) == []
        bredest = side.evaluate("document.documentElement.scrollWidth")
        assert bredest <= bredde, f"vannrett rulling ved {bredde} px"
