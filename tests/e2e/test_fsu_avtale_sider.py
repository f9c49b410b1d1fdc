"""The FSU and avtale overviews over HTTP, on the demo data, as cases move through their
workflows: members, leadership, accession counts and who may see what."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from tests.e2e.test_nettsider import logg_inn
from tests.ssu_saker import registrer_ssu_saker
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.motor.overganger import Hendelseskommando, utfor_hendelse
from tilskudd_flow.motor.planlegger import Planlegger
from tilskudd_flow.motor.tilgang import hent_aktor
from tilskudd_flow.samarbeid.avtaler import list_avtaler, opprett_revisjon
from tilskudd_flow.web.app import lag_webapp

SEKR = "samhandlingssjef"
MEDLEMMER = [
    ("Lise Berg", "lise.berg@helgelandssykehuset.example", "helseforetak", "helseforetak"),
    ("Tor Aas", "tor.aas@vefsn.kommune.example", "kommune", "kommune"),
    ("Anne Brukerstad", "anne@brukerutvalget.example", "brukerrepresentant", ""),
    ("Kari Fastlege", "kari@legekontor.example", "fastlegerepresentant", "kommune"),
]


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        yield klient


def hendelse(app: App, sak_id: int, hendelse_id: str, /, **felt: str) -> None:
    """Apply an event as the sekretariat; empty fields are left out, as the web form does."""
    utfylt = {navn: verdi for navn, verdi in felt.items() if verdi}
    kommando = Hendelseskommando(sak_id=sak_id, hendelse=hendelse_id, felt=utfylt)
    utfor_hendelse(kommando, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)


def medlem(app: App, sak_id: int, navn: str, epost: str, rolle: str, side: str) -> None:
    organisasjon = "Helgelandssykehuset HF" if side == "helseforetak" else ""
    hendelse(app, sak_id, "legg_til_medlem", navn=navn, epost=epost, rolle=rolle, side=side,
             organisasjon=organisasjon)  # fmt: skip


def ny_revisjon(app: App, nummer: int, aar: int = 2025) -> int:
    with app.uow() as uow:
        aktor = hent_aktor(uow.session, SEKR)
        avtale = next(a for a in list_avtaler(uow.session, aktor.helsefellesskap_id)
                      if a.nummer == nummer)  # fmt: skip
        assert avtale.id is not None
        sak = opprett_revisjon(uow.session, app.miljo, aktor=aktor, avtale_id=avtale.id, aar=aar)
        uow.commit()
    return sak


def seksjon(html: str, tittel: str) -> str:
    """The part of the page about one avtale or FSU (from its heading to the next section)."""
    start = html.index(f">{tittel}</h2>")
    return html[start : html.find("</section>", start)]


def tiltredelse(html: str, part: str) -> tuple[str, str]:
    """What the accession table says for one party: its approval, the version holding today."""
    tabell = html[html.index("Tiltredelse per part") :]
    funn = re.search(rf"<td>{part}</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", tabell)
    assert funn is not None, f"{part} mangler i tiltredelsestabellen"
    return tekst(funn.group(1)), tekst(funn.group(2))


def tekst(html: str) -> str:
    """A cell's text as read aloud: a line break as a separator, no markup."""
    return re.sub(r"<[^>]+>", "", html.replace("<br>", " · "))


def test_the_fsu_page_shows_members_and_leadership_as_the_fsu_is_built(
    klient: TestClient, app: App, demo: Demosammendrag
) -> None:
    logg_inn(klient, SEKR)
    navn = "FSU Digitale helsetjenester og e-helseløsninger"
    foreslatt = seksjon(klient.get("/fsu").text, navn)
    assert "Foreslått" in foreslatt
    assert f'href="/saker/{demo.fsu}"' in foreslatt
    assert "Mangler:</strong> brukerrepresentant, fastlegerepresentant." in foreslatt
    assert "Ingen medlemmer er oppnevnt ennå." in foreslatt

    registrer_ssu_saker(app, "Sak 25-2025")
    hendelse(app, demo.fsu, "oppnevn", vedtak="Sak 25-2025",
             ansvarlig_navn="Interkommunal samhandlingsleder",
             ansvarlig_epost="samhandlingsleder@helgeland.kommune.example")  # fmt: skip
    hendelse(app, demo.fsu, "vedta_mandat", mandat="Utvalget skal samordne e-helseløsninger.")
    for rad in MEDLEMMER[:3]:
        medlem(app, demo.fsu, *rad)
    uten_fastlege = seksjon(klient.get("/fsu").text, navn)
    assert "Mangler:</strong> fastlegerepresentant." in uten_fastlege
    medlem(app, demo.fsu, *MEDLEMMER[3])
    hendelse(app, demo.fsu, "bemann")
    hendelse(app, demo.fsu, "konstituer", leder=MEDLEMMER[0][1], nestleder=MEDLEMMER[1][1],
             dato="2025-09-10")  # fmt: skip

    side = seksjon(klient.get("/fsu").text, navn)
    assert "Mangler" not in side
    assert "<dt>Tilstand</dt><dd>Konstituert</dd>" in side
    assert "<dt>Leder</dt><dd>Lise Berg</dd>" in side
    assert "<dt>Nestleder</dt><dd>Tor Aas</dd>" in side
    assert "<dt>Konstituert</dt><dd>10.09.2025</dd>" in side
    assert "Interkommunal samhandlingsleder" in side
    assert "<dt>Oppnevnt (SSU-sak)</dt><dd>Sak 25-2025</dd>" in side
    assert "Utvalget skal samordne e-helseløsninger." in side
    celler = re.findall(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>", side)
    assert [tuple(tekst(c) for c in rad) for rad in celler] == [
        ("Lise Berg · Helgelandssykehuset HF", "Helseforetak", "Leder"),
        ("Tor Aas", "Kommune", "Nestleder"),
        ("Anne Brukerstad", "Brukerrepresentant", "Medlem"),
        ("Kari Fastlege", "Fastlegerepresentant (kommune)", "Medlem"),
    ]
    assert "Neste årsrapport" not in side

    hendelse(app, demo.fsu, "aktiver")
    Planlegger(app.uow, app.miljo).synkroniser()  # an active FSU gets its yearly report date
    hendelse(app, demo.fsu, "rapporter", rapport="Orientering om status")
    aktiv = seksjon(klient.get("/fsu").text, navn)
    assert "<dt>Tilstand</dt><dd>Aktiv</dd>" in aktiv
    assert "<dt>Sist rapportert til SSU</dt><dd>15.09.2025</dd>" in aktiv
    # 1 November 2025 is a Saturday: the report is due the Monday after
    frist = "1. november 2025 (lørdag) → mandag 3. november 2025"
    assert f"<dt>Neste årsrapport til SSU</dt><dd>{frist}</dd>" in aktiv


@pytest.mark.parametrize(
    ("bruker", "ser_fsu"),
    [("samhandlingssjef", True), ("admin", True), ("ssu.medlem", True), ("vefsn.soker", False)],
)
def test_fsu_page_and_link_are_for_internal_roles_and_ssu_avtaler_for_everyone(
    klient: TestClient, bruker: str, ser_fsu: bool
) -> None:
    logg_inn(klient, bruker)
    fsu = klient.get("/fsu")
    assert fsu.status_code == (200 if ser_fsu else 403)
    assert ("FSU Digitale helsetjenester" in fsu.text) is ser_fsu
    assert ("Bare sekretariatet, administratorer og SSU-medlemmer" in fsu.text) is not ser_fsu
    meny = klient.get("/avtaler")
    assert meny.status_code == 200
    # The current page's menu item carries aria-current.
    assert bool(re.search(r'<a href="/fsu"[^>]*>FSU</a>', meny.text)) is ser_fsu
    assert re.search(r'<a href="/avtaler"[^>]*>Avtaler</a>', meny.text)


def test_every_party_has_acceded_to_the_demo_avtaler(klient: TestClient) -> None:
    logg_inn(klient, "vefsn.soker")
    html = klient.get("/avtaler").text
    for tittel in (
        "Samarbeidsavtale mellom kommunene og Helgelandssykehuset",
        "Tjenesteavtale 5: Utskrivningsklare pasienter",
        "Tjenesteavtale 10: Samarbeid om forebygging",
    ):
        avtale = seksjon(html, tittel)
        # 17 member kommuner and HSYK; Bindal is not a member in the demo
        assert "18 av 18 parter har tiltrådt versjon 1." in avtale
        assert tiltredelse(avtale, "Vefsn kommune") == ("Tiltrådt 14.12.2023", "Versjon 1")
        assert tiltredelse(avtale, "Helgelandssykehuset HF") == ("Tiltrådt 14.12.2023", "Versjon 1")
        assert "Bindal" not in avtale
        assert "Revisjon 20" not in avtale


def test_a_revision_shows_its_deadline_and_innspill_to_each_as_they_may_see(
    klient: TestClient, app: App
) -> None:
    sak = ny_revisjon(app, 5)
    hendelse(app, sak, "apne_innspill")
    hendelse(app, sak, "registrer_innspill", part="Vefsn", omfang="vesentlig",
             tekst="Ny definisjon av utskrivningsklar pasient.", mottatt="2025-05-20")  # fmt: skip
    hendelse(app, sak, "registrer_innspill", part="Rana", omfang="mindre",
             tekst="Rett en henvisning.", mottatt="2025-05-28")  # fmt: skip
    tittel = "Tjenesteavtale 5: Utskrivningsklare pasienter"

    logg_inn(klient, SEKR)
    avtale = seksjon(klient.get("/avtaler").text, tittel)
    assert "<h3>Revisjon 2025</h3>" in avtale
    assert "<dt>Tilstand</dt><dd>Innspill åpen</dd>" in avtale
    # 1 June 2025 is a Sunday: the deadline moves to Monday
    assert "1. juni 2025 (søndag) → mandag 2. juni 2025" in avtale
    assert "<dt>Innspill mottatt</dt><dd>2</dd>" in avtale
    assert "<td>Vefsn kommune</td><td>Vesentlig</td><td>20.05.2025</td>" in avtale
    assert "<td>Rana kommune</td><td>Mindre</td><td>28.05.2025</td>" in avtale
    assert f'href="/saker/{sak}"' in avtale
    assert "utskrivningsklar pasient" not in avtale  # the text stays on the case page
    andre = seksjon(klient.get("/avtaler").text, "Tjenesteavtale 10: Samarbeid om forebygging")
    assert "Revisjon 2025" not in andre

    klient.cookies.clear()
    logg_inn(klient, "vefsn.soker")
    som_soker = seksjon(klient.get("/avtaler").text, tittel)
    assert "<dt>Innspill mottatt</dt><dd>2</dd>" in som_soker
    assert "<td>Vefsn kommune</td><td>Vesentlig</td>" in som_soker
    assert "Rana kommune</td><td>Mindre" not in som_soker
    assert f'href="/saker/{sak}"' not in som_soker


def test_accession_counts_follow_each_approval_of_a_new_version(
    klient: TestClient, app: App, klokke: FixedClock
) -> None:
    sak = ny_revisjon(app, 10)
    hendelse(app, sak, "apne_innspill")
    hendelse(app, sak, "registrer_innspill", part="Vefsn", omfang="mindre", tekst="Språk.")
    for navn in ("lukk_innspill", "behandle_administrativt"):
        kommando = Hendelseskommando(sak_id=sak, hendelse=navn, kommentar="Språklig retting")
        utfor_hendelse(kommando, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    registrer_ssu_saker(app, "Sak 40-2025")
    hendelse(app, sak, "ssu_behandle", vedtak="Sak 40-2025")
    hendelse(app, sak, "send_til_godkjenning")
    tittel = "Tjenesteavtale 10: Samarbeid om forebygging"
    logg_inn(klient, "ssu.medlem")

    avtale = seksjon(klient.get("/avtaler").text, tittel)
    assert "versjon 2</strong>, gyldig fra 1. januar 2026 (Sak 40-2025)" in avtale
    assert "0 av 18 parter har tiltrådt versjon 2." in avtale
    assert "<dt>Tilstand</dt><dd>Til godkjenning hos partene</dd>" in avtale
    assert tiltredelse(avtale, "Vefsn kommune") == ("Ikke tiltrådt", "Versjon 1")

    hendelse(app, sak, "registrer_godkjenning", part="Vefsn", dato="2025-09-12")
    hendelse(app, sak, "registrer_godkjenning", part="Helgelandssykehuset HF", dato="2025-09-14")
    avtale = seksjon(klient.get("/avtaler").text, tittel)
    assert "2 av 18 parter har tiltrådt versjon 2." in avtale
    # version 2 holds from 1 January 2026: today every party still has version 1
    assert tiltredelse(avtale, "Vefsn kommune") == ("Tiltrådt 12.09.2025", "Versjon 1")
    assert tiltredelse(avtale, "Helgelandssykehuset HF") == ("Tiltrådt 14.09.2025", "Versjon 1")
    assert tiltredelse(avtale, "Rana kommune") == ("Ikke tiltrådt", "Versjon 1")
    assert (
        f"{tittel}</a>: versjon 2, tiltrådt av 2 av 18 parter; revisjon 2025 pågår "
        "(Til godkjenning hos partene).</li>"
    ) in klient.get("/avtaler").text

    klokke.set(datetime(2026, 1, 10, 9, 0, tzinfo=UTC))
    klient.cookies.clear()
    logg_inn(klient, "ssu.medlem")
    avtale = seksjon(klient.get("/avtaler").text, tittel)
    assert tiltredelse(avtale, "Vefsn kommune") == ("Tiltrådt 12.09.2025", "Versjon 2")
    assert tiltredelse(avtale, "Rana kommune") == ("Ikke tiltrådt", "Versjon 1")
