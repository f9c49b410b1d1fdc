"""In a real browser: an applicant saves, returns, sends in; the co-applicant and the
sekretariat take it from there. Screenshots of each page go to test-artifacts/."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.e2e.nettleser.conftest import (
    fil,
    i_steget,
    logg_inn,
    readme_skjermbilde,
    send_inn,
    skjemafelt,
    skjermbilde,
)
from tilskudd_flow.demo.skjemaeksempel import PDF, docx


def _fyll_resten(page: Page) -> None:
    i_steget(page.get_by_label("2. Prosjekteiere")).fill("Vefsn kommune og Helgelandssykehuset")
    skjemafelt(page, "stotter-1825").check()
    i_steget(page.get_by_label("5. Helseforetak")).select_option("Helgelandssykehuset HF")
    skjemafelt(page, "kontakt_helseforetak_0_navn").fill("Merete Aufles")
    page.locator("#kontakt_helseforetak_0_epost").fill("merete.aufles@helgelandssykehuset.example")
    skjemafelt(page, "signert_avtale").fill("15.09.2025")
    skjemafelt(page, "nytte").fill("Færre reinnleggelser.")
    skjemafelt(page, "formaal").fill("Spredning til resten av Helgeland.")
    skjemafelt(page, "budsjett_hva").fill("Koordinator og opplæring.")
    skjemafelt(page, "belop_0_aar").fill("2026")
    skjemafelt(page, "belop_0_belop").fill("kr. 9 315 000,-")
    skjemafelt(page, "budsjett_total").fill("kr 14 500 000")
    skjemafelt(page, "budsjett_kommune").fill("Lokaler og to sykepleiere i 50 % stilling.")
    skjemafelt(page, "budsjett_hf").fill("Spesialistveiledning og opplæring.")
    skjemafelt(page, "budsjett_plan").fill("Tilskudd første år; partene dekker drift etterpå.")
    skjemafelt(page, "pasientansvar").fill("Ikke relevant")
    skjemafelt(page, "digitale_losninger").fill("Ikke relevant")
    skjemafelt(page, "prosjektplan").fill("Oppstart januar 2026.")
    skjemafelt(page, "milepael_0_beskrivelse").fill("Sluttrapport")
    skjemafelt(page, "milepael_0_tid").fill("Q4 2027")
    skjemafelt(page, "milepael_0_type").select_option("sluttrapport")
    skjemafelt(page, "involvering").fill("Brukerrepresentant og tillitsvalgte.")
    skjemafelt(page, "vedlegg_signert_avtale").set_input_files(files=[fil("avtale.pdf", PDF)])
    skjemafelt(page, "vedlegg_budsjett").set_input_files(files=[fil("budsjett.docx", docx())])


def test_an_applicant_saves_a_draft_returns_and_sends_in_then_the_sekretariat_assesses(
    side: Page, tjener: str
) -> None:
    logg_inn(side, tjener, "vefsn.soker")
    expect(side.get_by_role("heading", name="Søknadsrunden for 2026 er åpen")).to_be_visible()
    readme_skjermbilde(side, "01-soker-forside")
    side.get_by_role("link", name="Start en ny søknad").click()
    side.get_by_label("1. Navn på prosjekt/pilot").fill("Felles legevakt Vefsn og Grane")
    side.locator("#eier-1824").check()
    readme_skjermbilde(side, "02-soker-skjema")
    skjemafelt(side, "kontakt_kommune_0_navn").fill("Karin Ingebrigtsen")
    side.locator("#kontakt_kommune_0_epost").fill("karin.ingebrigtsen@vefsn.kommune.example")
    skjemafelt(side, "beskrivelse").fill("Et halvferdig utkast.")
    side.get_by_role("button", name="Lagre utkast").click()
    expect(side.get_by_role("status")).to_contain_text("Utkastet er lagret")

    side.get_by_role("link", name="Saker").click()  # away, and back again later
    side.get_by_role("link", name="Felles legevakt Vefsn og Grane").click()
    side.get_by_role("link", name="Fortsett på utkastet").click()
    expect(side.locator("#beskrivelse")).to_have_value("Et halvferdig utkast.")
    _fyll_resten(side)
    send_inn(side)
    expect(side.get_by_role("heading", name="Søknaden er sendt inn")).to_be_visible()
    readme_skjermbilde(side, "03-soker-kvittering")
    referanse = re.search(r"RS-\d+", side.locator("main").inner_text())
    assert referanse is not None

    side.context.clear_cookies()
    logg_inn(side, tjener, "hsyk.soker")  # the co-applicant, for Helgelandssykehuset
    side.get_by_role("link", name="Felles legevakt Vefsn og Grane").click()
    expect(side.locator("main")).to_contain_text("Tilstand: Mottatt")
    skjermbilde(side, "04-medsoker-sak")

    side.context.clear_cookies()
    logg_inn(side, tjener, "samhandlingssjef")
    skjermbilde(side, "05-sekretariat-saker")
    side.get_by_role("link", name="Felles legevakt Vefsn og Grane").click()
    vurder = side.locator("form.hendelse", has_text="Vurder")
    vurder.get_by_label("Skriftlig vurdering").fill("Komplett, felles og innenfor ordningen.")
    vurder.get_by_role("button", name="Vurder").click()
    expect(side.get_by_role("status")).to_contain_text("Utført: Vurder")
    expect(side.locator("main")).to_contain_text("Tilstand: Vurdert")
    readme_skjermbilde(side, "06-sekretariat-vurdert")

    side.goto(f"{tjener}/saker?sok=Ambulant")
    side.get_by_role("link", name="Ambulant rehabiliteringsteam Sør-Helgeland").click()
    retur = side.locator("form.hendelse", has_text="Returner som mangelfull")
    retur.get_by_label(re.compile("Kommentar")).fill("Budsjettet mangler fordeling per år.")
    retur.get_by_role("button", name="Returner som mangelfull").click()
    expect(side.locator("main")).to_contain_text("Mangelfull – returnert for komplettering")
    skjermbilde(side, "07-sekretariat-mangelfull")


def test_the_sekretariat_returns_two_soknader_at_once_from_the_filtered_list(
    side: Page, tjener: str
) -> None:
    logg_inn(side, tjener, "samhandlingssjef")
    side.get_by_label("Sakstype").select_option("rs_soknad")
    side.get_by_label("Tilstand").select_option("mottatt")
    side.get_by_role("button", name="Vis").click()
    side.get_by_label("Velg RS-2").check()
    side.get_by_label("Velg RS-5").check()
    side.get_by_label("Hendelse").select_option("returner_som_mangelfull")
    side.get_by_label(re.compile("^Kommentar")).fill("Signert avtale mellom partene mangler.")
    readme_skjermbilde(side, "13-sekretariat-flere-saker")
    side.get_by_role("button", name="Utfør for valgte saker").click()

    expect(side.get_by_role("status")).to_contain_text("2 av 2 saker er flyttet")
    expect(side.get_by_role("status")).to_contain_text("RS-5")
    side.get_by_role("link", name=re.compile("^RS-2 ")).click()
    expect(side.locator("main")).to_contain_text("Mangelfull – returnert for komplettering")
    expect(side.locator("main")).to_contain_text("Signert avtale mellom partene mangler.")
