"""One year as the sekretariat, from the web alone (#20): open the 2027 round, set its pot,
register an SSU member, receive and assess two søknader applicants send in through the form,
call SSU's week-43 meeting, prioritise (one søknad to Helse Nord, one from the local pot),
forward the package to Helse Nord, register Helse Nord's award and chase the sluttrapport
when its deadline has passed, until the project hands it in.

The demo's base data (parties, users, SSU as appointed, the 2026 round behind) is the
starting state; everything after it happens in the browser, with «Mine oppgaver» asked what
waits at two points of the year. Time moves on the server's
injected clock (as the other browser tests move it); each move lets the scheduler catch up
to the new instant, as the running service would: the deadline jobs (reminders, the overdue
flag) are the service's own work and have no web page."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.e2e.nettleser.conftest import (
    fil,
    i_steget,
    logg_inn,
    readme_skjermbilde,
    send_inn,
    skjemafelt,
)
from tests.e2e.nettleser.test_tilgjengelighet import alvorlige
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.data import SSU_MEDLEMMER
from tilskudd_flow.demo.skjemaeksempel import PDF, docx
from tilskudd_flow.domain.kodeverk import Side
from tilskudd_flow.domain.tid import OSLO
from tilskudd_flow.motor.planlegger import Planlegger
from tilskudd_flow.ssu.ssu_medlemmer import NyttMedlem

RUNDE = 2027
SEKR = "samhandlingssjef"
PROSJEKT = "Digital tilsynsvakt Vefsn"
LOKALT = "Frisklivssentral på Alstahaug"  # small enough for the local pot
VARA_FOR = SSU_MEDLEMMER[2]
NYTT_SSU_MEDLEM = NyttMedlem(
    "Guro Lien", "guro.lien@rana.kommune.example", Side.KOMMUNE, "Rana kommune",
    "Kommuneoverlege", vara_for=VARA_FOR.epost,
)  # fmt: skip


@dataclass
class Aaret:
    """The server, its clock and an axe runner: what every step of the year needs."""

    tjener: str
    app: App
    klokke: FixedClock
    axe: Axe

    def tid(self, aar: int, maaned: int, dag: int) -> None:
        """Move to 10:00 that day; the scheduler fires what fell due on the way."""
        til = datetime(aar, maaned, dag, 10, 0, tzinfo=OSLO)
        Planlegger(self.app.uow, self.app.miljo).kjor_til(til)
        self.klokke.set(til)

    def som(self, side: Page, brukernavn: str) -> None:
        side.context.clear_cookies()
        logg_inn(side, self.tjener, brukernavn)

    def universelt_utformet(self, side: Page) -> None:
        assert alvorlige(self.axe, side) == []


@pytest.fixture
def aaret(app: App, tjener: str, klokke: FixedClock) -> Aaret:
    """The demo in August 2026: the 2026 round is history, the 2027 round lies ahead."""
    aaret = Aaret(tjener, app, klokke, Axe())
    aaret.tid(2026, 8, 17)
    return aaret


@pytest.fixture
def side(nettleser: Browser) -> Iterator[Page]:
    """As wide as the README's screenshots."""
    kontekst = nettleser.new_context(locale="nb-NO", viewport={"width": 1366, "height": 900})
    page = kontekst.new_page()
    page.set_default_timeout(15_000)
    yield page
    kontekst.close()


def test_the_sekretariat_runs_one_year_from_the_web_alone(side: Page, aaret: Aaret) -> None:
    aaret.som(side, SEKR)
    aapne_runde(side, aaret)
    sett_pott(side, aaret)
    registrer_ssu_medlem(side, aaret)
    se_runden(side, aaret)

    aaret.tid(2026, 9, 14)
    referanse = send_inn_soknad(side, aaret, "vefsn.soker", PROSJEKT, "1824", "kr 600 000")
    lokal = send_inn_soknad(side, aaret, "alstahaug.soker", LOKALT, "1820", "kr 300 000")

    aaret.tid(2026, 10, 5)
    mine_oppgaver_viser(side, aaret, referanse, "Vurder søknaden", "aar-03b-mine-oppgaver")
    vurder_soknaden(side, aaret, PROSJEKT)
    vurder_soknaden(side, aaret, LOKALT)
    registrer_prioriteringssaken(side, aaret)
    bekreft_motedato(side, aaret)
    kall_inn_prioriteringsmotet(side, aaret)

    aaret.tid(2026, 10, 21)  # SSU's extraordinary meeting, week 43
    prioriter_i_ssu(side, aaret, referanse, lokal)

    aaret.tid(2026, 10, 26)
    oversend_til_helse_nord(side, aaret, referanse)

    aaret.tid(2027, 1, 18)
    registrer_tildelingen(side, aaret, referanse)

    aaret.tid(2028, 4, 10)  # the sluttrapport was due in March
    mine_oppgaver_viser(side, aaret, referanse, "fristen er passert", "aar-08-mine-oppgaver")
    purr_rapporten(side, aaret, referanse)
    prosjektet_leverer_sluttrapporten(side, aaret, referanse)


# --- The steps, each as the sekretariat (or the applicant, or SSU's chair) does it ---------


def aapne_runde(side: Page, aaret: Aaret) -> None:
    """Open the next round from the rules on the rounds page: its deadlines are made."""
    side.goto(f"{aaret.tjener}/runder")
    readme_skjermbilde(side, "aar-01-runder")
    side.get_by_role("button", name=f"Åpne søknadsrunden for {RUNDE}").click()
    expect(side.get_by_role("status")).to_contain_text(f"Søknadsrunden for {RUNDE} er opprettet")
    expect(side.get_by_role("main")).to_contain_text("1. oktober 2026 er en torsdag.")
    aaret.universelt_utformet(side)


def sett_pott(side: Page, aaret: Aaret) -> None:
    """The round's local pot: frame and carry-over from last year."""
    side.goto(f"{aaret.tjener}/potter/{RUNDE}")
    side.get_by_label(f"Ramme for lokal pott {RUNDE} (kr)").fill("kr 4 000 000")
    side.get_by_label("Overført til lokal pott fra året før (kr)").fill("kr 500 000")
    side.get_by_role("button", name=f"Registrer lokal pott {RUNDE}").click()
    expect(side.get_by_role("status")).to_contain_text(f"Den lokale potten for {RUNDE} er lagret")
    aaret.universelt_utformet(side)
    readme_skjermbilde(side, "aar-02-pott")


def bekreft_motedato(side: Page, aaret: Aaret) -> None:
    """The sekretariat confirms SSU's meeting date, a proposal until then."""
    side.goto(f"{aaret.tjener}/runder/{RUNDE}/frister")
    side.get_by_role("button", name=re.compile("^Bekreft 21. oktober 2026")).click()
    expect(side.get_by_role("status")).to_contain_text("21. oktober 2026 er bekreftet")
    aaret.universelt_utformet(side)


def registrer_ssu_medlem(side: Page, aaret: Aaret) -> None:
    """A new vara in SSU's member register, for the member from her own kommune."""
    side.goto(f"{aaret.tjener}/ssu-medlemmer")
    side.get_by_label("Navn", exact=True).fill(NYTT_SSU_MEDLEM.navn)
    side.get_by_label("E-post", exact=True).fill(NYTT_SSU_MEDLEM.epost)
    side.get_by_label("Kommunesiden").check()
    side.get_by_label("Organisasjon").fill(NYTT_SSU_MEDLEM.organisasjon)
    side.get_by_label("Stilling").fill(NYTT_SSU_MEDLEM.tittel)
    side.get_by_label("Vara for").select_option(label=f"{VARA_FOR.navn} (kommunesiden)")
    side.get_by_role("button", name="Registrer medlemmet").click()
    expect(side.get_by_role("status")).to_contain_text(
        f"{NYTT_SSU_MEDLEM.navn} er registrert i SSU for fire år"
    )
    expect(side.get_by_role("main")).to_contain_text(NYTT_SSU_MEDLEM.epost)
    aaret.universelt_utformet(side)
    readme_skjermbilde(side, "aar-03-ssu-medlemmer")


def mine_oppgaver_viser(side: Page, aaret: Aaret, referanse: str, oppgave: str, bilde: str) -> None:
    """The sekretariat's work queue names the case and what it waits for."""
    aaret.som(side, SEKR)
    side.get_by_role("link", name="Mine oppgaver").click()
    rad = side.get_by_role("listitem").filter(has_text=referanse)
    expect(rad).to_contain_text(oppgave)
    aaret.universelt_utformet(side)
    readme_skjermbilde(side, bilde)


def se_runden(side: Page, aaret: Aaret) -> None:
    """The new round's page, before any søknad (its pot shows once søknader name its year)."""
    side.goto(f"{aaret.tjener}/runder/{RUNDE}")
    expect(side.get_by_role("heading", level=1)).to_contain_text(str(RUNDE))
    aaret.universelt_utformet(side)


def send_inn_soknad(
    side: Page, aaret: Aaret, soker: str, prosjekt: str, kommunenummer: str, belop: str
) -> str:
    """An applicant fills in the web form and sends it in before the søknadsfrist."""
    aaret.som(side, soker)
    expect(side.get_by_role("heading", name=f"Søknadsrunden for {RUNDE} er åpen")).to_be_visible()
    side.get_by_role("link", name="Start en ny søknad").click()
    expect(side.get_by_text(f"Søknaden gjelder runden for {RUNDE}")).to_be_visible()
    side.get_by_label("1. Navn på prosjekt/pilot").fill(prosjekt)
    side.get_by_label("2. Prosjekteiere").fill("Kommunen og Helgelandssykehuset")
    side.locator(f"#eier-{kommunenummer}").check()
    i_steget(side.get_by_label("5. Helseforetak")).select_option("Helgelandssykehuset HF")
    for felt, tekst in SKJEMA.items():
        skjemafelt(side, felt).fill(tekst)
    skjemafelt(side, "belop_0_belop").fill(belop)
    skjemafelt(side, "milepael_0_type").select_option("sluttrapport")
    skjemafelt(side, "vedlegg_signert_avtale").set_input_files(files=[fil("avtale.pdf", PDF)])
    side.locator("#vedlegg_budsjett").set_input_files(files=[fil("budsjett.docx", docx())])
    send_inn(side)
    kvittering = side.get_by_role("heading", name="Søknaden er sendt inn")
    expect(kvittering).to_be_visible(timeout=30_000)
    funn = re.search(r"RS-\d+", side.locator("main").inner_text())
    assert funn is not None
    return funn.group(0)


SKJEMA = {
    "kontakt_kommune_0_navn": "Karin Ingebrigtsen",
    "kontakt_kommune_0_epost": "karin.ingebrigtsen@vefsn.kommune.example",
    "kontakt_helseforetak_0_navn": "Merete Aufles",
    "kontakt_helseforetak_0_epost": "merete.aufles@helgelandssykehuset.example",
    "signert_avtale": "01.09.2026",
    "beskrivelse": "Kameratilsyn om natten for hjemmeboende med demens.",
    "nytte": "Færre innleggelser og tryggere netter.",
    "formaal": "Prøve ut digitalt tilsyn sammen med sykehuset.",
    "budsjett_hva": "Utstyr, opplæring og en koordinator.",
    "belop_0_aar": str(RUNDE),
    "budsjett_total": "kr 900 000",
    "budsjett_kommune": "Nattpatrulje og lokaler.",
    "budsjett_hf": "Veiledning fra alderspsykiatrien.",
    "budsjett_plan": "Tilskudd i 2027; kommunen tar driften etterpå.",
    "pasientansvar": "Ikke relevant",
    "digitale_losninger": "Tilsynsløsningen fra kommunens avtale.",
    "prosjektplan": "Oppstart februar 2027.",
    "milepael_0_beskrivelse": "Sluttrapport",
    "milepael_0_tid": "Mars 2028",
    "involvering": "Pårørende og brukerrådet.",
}


def vurder_soknaden(side: Page, aaret: Aaret, prosjekt: str) -> None:
    """The sekretariat finds it in the case list and assesses it complete."""
    aaret.som(side, SEKR)
    side.get_by_role("searchbox", name=re.compile("^Søk")).fill(prosjekt)
    side.get_by_role("button", name="Vis").click()
    side.get_by_role("link", name=prosjekt).click()
    expect(side.locator("main")).to_contain_text("Tilstand: Mottatt")
    vurder = side.locator("form.hendelse", has_text="Vurder")
    vurder.get_by_label("Skriftlig vurdering").fill("Komplett, felles og innenfor ordningen.")
    vurder.get_by_role("button", name="Vurder").click()
    expect(side.get_by_role("status")).to_contain_text("Utført: Vurder")
    expect(side.locator("main")).to_contain_text("Tilstand: Vurdert")
    readme_skjermbilde(side, "aar-04-vurdert")


def registrer_prioriteringssaken(side: Page, aaret: Aaret) -> None:
    """The SSU sak the meeting will adopt the list in, with its saksfremlegg."""
    side.goto(f"{aaret.tjener}/ssu-saker")
    side.get_by_label("Tittel", exact=True).fill(f"Prioritering av RS-tilskudd {RUNDE}")
    side.get_by_label("Beslutningssak").check()
    side.get_by_label("Saksnummer").fill("Sak 31-2026")
    side.get_by_role("button", name="Registrer saken").click()
    expect(side.get_by_role("heading", level=1)).to_contain_text("Sak 31-2026")
    side.get_by_label("Innstilling").fill("SSU vedtar prioriteringslisten slik den foreligger.")
    side.get_by_role("button", name="Lagre saksfremlegget").click()
    expect(side.get_by_role("status")).to_contain_text("Saksfremlegget er lagret")


def kall_inn_prioriteringsmotet(side: Page, aaret: Aaret) -> None:
    """The extraordinary meeting in week 43, called with the sak on its list: the members are
    called, and the vara registered this year only when her member reports forfall."""
    side.goto(f"{aaret.tjener}/moter")
    side.get_by_label("Ekstraordinært SSU-møte").check()
    side.get_by_label("Dato").fill("2026-10-21")
    side.get_by_label("Fra klokken").fill("09:00")
    side.get_by_label("Til klokken").fill("11:00")
    side.get_by_label("Sted").fill("Mosjøen")
    side.get_by_role("button", name="Planlegg møtet").click()
    side.get_by_label("Sett en sak på sakslisten").select_option("Sak 31-2026")
    side.get_by_role("button", name="Sett på sakslisten").click()
    expect(side.get_by_role("status")).to_contain_text("Sak 31-2026 er satt på sakslisten")
    side.get_by_role("button", name="Send innkallingen").click()
    expect(side.get_by_role("status")).to_contain_text("Innkallingen er lagt i utboksen")
    mote = side.url
    side.goto(f"{aaret.tjener}/utboks?sok={NYTT_SSU_MEDLEM.epost}")
    expect(side.get_by_role("main")).not_to_contain_text(
        re.compile("ekstraordinært", re.I)
    )  # vara waits
    side.goto(mote)
    side.get_by_label("Registrer forfall for").select_option(label=VARA_FOR.navn)
    side.get_by_role("button", name="Registrer forfall").click()
    side.goto(f"{aaret.tjener}/utboks?sok={NYTT_SSU_MEDLEM.epost}")
    innkalt = re.compile("Innkalling som vara til ekstraordinært SSU-møte")
    expect(side.get_by_role("heading", name=innkalt)).to_be_visible()
    expect(side.locator("main")).to_contain_text(NYTT_SSU_MEDLEM.navn)


def prioriter_i_ssu(side: Page, aaret: Aaret, regional: str, lokal: str) -> None:
    """SSU's chair puts one søknad on the regional list and one on the local pot; the meeting
    adopts the list, and the local one is awarded from the pot there and then."""
    aaret.som(side, "ssu.leder")
    side.goto(f"{aaret.tjener}/prioritering/{RUNDE}")
    main = side.locator("main")
    expect(main).to_contain_text(re.compile(rf"{RUNDE}: merket kr\s0 av kr\s4\s500\s000"))
    merk(side, regional, "Regional liste (Helse Nord)")
    merk(side, lokal, "Lokal pott")
    expect(main).to_contain_text(re.compile(rf"{RUNDE}: merket kr\s300\s000 av kr\s4\s500\s000"))
    side.get_by_label("SSU-sak").fill("Sak 31-2026")
    side.get_by_role("button", name="Vedta prioriteringslisten").click()
    expect(side.get_by_role("status")).to_contain_text("Prioriteringslisten er vedtatt")
    expect(main).to_contain_text("SSU vedtok listen 21. oktober 2026 (Sak 31-2026)")
    expect(main).to_contain_text(re.compile(rf"{RUNDE}: kr\s4\s200\s000 igjen etter tildelingene"))
    aaret.universelt_utformet(side)
    readme_skjermbilde(side, "aar-05-prioritert")
    side.get_by_role("link", name=re.compile(lokal)).first.click()
    expect(main).to_contain_text("Tilstand: Tildelt")


def merk(side: Page, referanse: str, valg: str) -> None:
    side.get_by_text(f"Endre merking for {referanse}").click()
    gruppe = side.get_by_role("group", name=f"Hvor skal {referanse} stå?")
    gruppe.get_by_label(valg, exact=True).check()
    side.get_by_role("button", name=f"Lagre merking for {referanse}").click()
    expect(side.get_by_role("status")).to_contain_text("Merkingen er lagret")


def oversend_til_helse_nord(side: Page, aaret: Aaret, referanse: str) -> None:
    """The sekretariat sends the round's package to Helse Nord from the prioritising page."""
    aaret.som(side, SEKR)
    side.goto(f"{aaret.tjener}/prioritering/{RUNDE}")
    side.get_by_role("button", name="Lag pakken og send til Helse Nord").click()
    expect(side.get_by_role("status")).to_contain_text("søknadene er oversendt")
    side.get_by_role("link", name=re.compile(referanse)).first.click()
    expect(side.locator("main")).to_contain_text("Tilstand: Oversendt Helse Nord")


def registrer_tildelingen(side: Page, aaret: Aaret, referanse: str) -> None:
    """Helse Nord's letter: the award per year and when the sluttrapport is due."""
    aaret.som(side, SEKR)  # months later: the session from the autumn has expired
    side.goto(f"{aaret.tjener}/saker?sok={referanse}")
    side.get_by_role("link", name=PROSJEKT).click()
    tildel = side.locator("form.hendelse", has_text="Registrer tildeling fra Helse Nord")
    tildel.get_by_label(re.compile("^Beløp per år")).fill(f"{RUNDE}: kr 600 000")
    tildel.get_by_label(re.compile("^Vedtak")).fill("Brev fra Helse Nord 15.01.2027")
    tildel.get_by_label(re.compile("^Sluttrapport senest")).fill("Mars 2028")
    tildel.get_by_role("button", name="Registrer tildeling fra Helse Nord").click()
    expect(side.locator("main")).to_contain_text("Tilstand: Tildelt")
    readme_skjermbilde(side, "aar-06-tildelt")


def purr_rapporten(side: Page, aaret: Aaret, referanse: str) -> None:
    """The overdue report is flagged on the case; the outbox shows the reminders before the
    deadline and the notice after it, sent to the project's contact persons."""
    aaret.som(side, SEKR)
    side.goto(f"{aaret.tjener}/saker?sok={referanse}")
    side.get_by_role("link", name=PROSJEKT).click()
    expect(side.locator("main")).to_contain_text("Flagg forfalt rapport")
    side.get_by_role("link", name="Rapporter").first.click()
    expect(side.locator("main")).to_contain_text("Fristen er passert")
    side.goto(f"{aaret.tjener}/utboks?sok={referanse}")
    purring = side.get_by_role("heading", name=re.compile("^Fristen er passert: Sluttrapport"))
    expect(purring).to_be_visible()
    expect(side.locator("main")).to_contain_text("Påminnelse: Sluttrapport")
    readme_skjermbilde(side, "aar-07-purring")


def prosjektet_leverer_sluttrapporten(side: Page, aaret: Aaret, referanse: str) -> None:
    """The project hands the sluttrapport in on the case's report page; the case is done."""
    aaret.som(side, "vefsn.soker")
    side.get_by_role("link", name=PROSJEKT).click()
    side.get_by_role("link", name="Rapporter").first.click()
    side.get_by_label("Sluttrapport").check()
    side.get_by_label("Fil med rapporten").set_input_files(files=[fil("sluttrapport.pdf", PDF)])
    side.get_by_role("button", name="Lever rapporten").click()
    expect(side.get_by_role("status")).to_contain_text("Sluttrapport er mottatt")
    aaret.som(side, SEKR)
    side.goto(f"{aaret.tjener}/saker?sok={referanse}")
    side.get_by_role("link", name=PROSJEKT).click()
    expect(side.locator("main")).to_contain_text("Tilstand: Rapportert")
