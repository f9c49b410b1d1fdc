"""SSU's meetings in a real browser: the sekretariat plans a meeting, registers a sak with
its saksfremlegg, puts it on the saksliste and calls the meeting; a member reports forfall;
an applicant reports a sak. axe checks every page on the way, with and without errors."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from tests.e2e.nettleser.conftest import logg_inn, skjermbilde
from tests.e2e.nettleser.test_tilgjengelighet import alvorlige

SEKR = "samhandlingssjef"


def test_a_meeting_is_planned_called_and_answered_in_the_browser(
    side: Page, tjener: str, axe: Axe
) -> None:
    logg_inn(side, tjener, SEKR)
    side.goto(f"{tjener}/moter")
    assert alvorlige(axe, side) == []
    side.get_by_label("Dato").fill("2025-11-25")
    side.get_by_label("Fra klokken").fill("09:00")
    side.get_by_label("Til klokken").fill("08:00")
    side.get_by_role("button", name="Planlegg møtet").click()
    expect(side.get_by_role("alert")).to_contain_text("møtet må slutte etter at det begynner")
    assert alvorlige(axe, side) == []
    side.get_by_label("Til klokken").fill("15:00")
    side.get_by_label("Sted").fill("Mo i Rana")
    side.get_by_role("button", name="Planlegg møtet").click()
    expect(side.get_by_role("heading", level=1)).to_have_text("SSU-møte 25. november 2025")

    side.goto(f"{tjener}/ssu-saker")
    side.get_by_label("Tittel", exact=True).fill("Orientering fra FSU Utdanning og rekruttering")
    side.get_by_label("Orienteringssak").check()
    side.get_by_label("Saksnummer").fill("Sak 35-2025")
    side.get_by_role("button", name="Registrer saken").click()
    expect(side.get_by_role("heading", level=1)).to_have_text(
        "Sak 35-2025 Orientering fra FSU Utdanning og rekruttering"
    )
    side.get_by_label("Innstilling").fill("SSU tar orienteringen til etterretning.")
    side.get_by_role("button", name="Lagre saksfremlegget").click()
    expect(side.get_by_role("status")).to_contain_text("Saksfremlegget er lagret")
    assert alvorlige(axe, side) == []

    side.goto(f"{tjener}/moter")
    side.get_by_role("link", name="SSU-møte 25. november 2025").click()
    side.get_by_label("Sett en sak på sakslisten").select_option("Sak 35-2025")
    side.get_by_role("button", name="Sett på sakslisten").click()
    expect(side.get_by_role("status")).to_contain_text("Sak 35-2025 er satt på sakslisten")
    side.get_by_role("button", name="Send innkallingen").click()
    expect(side.get_by_role("status")).to_contain_text("Innkallingen er lagt i utboksen")
    assert alvorlige(axe, side) == []
    skjermbilde(side, "15-ssu-mote")
    moteside = side.url

    logg_inn(side, tjener, "ssu.medlem")
    side.goto(moteside)
    side.get_by_role("button", name="Meld forfall").click()
    expect(side.get_by_role("status")).to_contain_text("Vara Per Varamann er kalt inn")
    assert alvorlige(axe, side) == []

    # The sekretariat cancels it: the invited calendars get METHOD:CANCEL (issue 21).
    logg_inn(side, tjener, SEKR)
    side.goto(moteside)
    side.get_by_label("Avlys møtet: begrunnelse").fill("Flyttes til desember.")
    side.get_by_role("button", name="Avlys møtet").click()
    expect(side.get_by_role("status")).to_contain_text("Møtet er avlyst")
    assert alvorlige(axe, side) == []


def test_an_applicant_reports_a_sak_and_sees_what_became_of_it(
    side: Page, tjener: str, axe: Axe
) -> None:
    logg_inn(side, tjener, "vefsn.soker")
    side.get_by_role("link", name="Meld inn sak").click()
    side.get_by_role("button", name="Meld inn saken").click()
    expect(side.get_by_role("alert")).to_contain_text("Skriv hva saken gjelder")
    assert alvorlige(axe, side) == []
    side.get_by_label("Hva gjelder saken?").fill("Felles opplæring i velferdsteknologi")
    side.get_by_label("Beskrivelse").fill("Vefsn ønsker at SSU drøfter felles opplæring.")
    side.get_by_label("Drøftingssak").check()
    side.get_by_role("button", name="Meld inn saken").click()
    expect(side.get_by_role("status")).to_contain_text("Saken er meldt inn")
    expect(side.get_by_role("table")).to_contain_text("Felles opplæring i velferdsteknologi")
    assert alvorlige(axe, side) == []
