"""/utboks answers questions (issue 20, point 4): one row per sending with its recipients,
status in words with the time sent, a link to the case, search and pages in the URL."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from tests.conftest import Cli
from tests.e2e.test_nettsider import SEKR, logg_inn
from tests.integration.smtp_tjener import smtp_tjener
from tests.integration.test_epost import levering
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.models.outbox import OutboxMessage
from tilskudd_flow.web.app import lag_webapp

INNSPILL = "avtale_revisjon/innspill_apnet"


@pytest.fixture
def revisjon(cli: Cli, app: App) -> int:
    """The demo's avtale 10 opened for innspill: one notice to 17 kommuner and HSYK."""
    cli.ok("demo", "last")
    avtale = next(a["id"] for a in cli.json("avtale", "liste", som=SEKR) if a["nummer"] == 10)
    ut = cli.ok("avtale", "revisjon", str(avtale), "--aar", "2025", som=SEKR)
    sak = int(ut.rsplit("sak ", 1)[1].rstrip(".\n"))
    apnet = cli.json("sak", "hendelse", str(sak), "apne_innspill", som=SEKR, naa="2025-04-01T09:00")
    assert len(apnet["utboks_ider"]) == 18
    return sak


@pytest.fixture
def klient(app: App) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        yield klient


def _sendinger(side: str) -> list[str]:
    return re.findall(r'<li class="utsending">(.*?)</li>\s*(?=<li class="utsending">|</ol>)', side,
                      re.S)  # fmt: skip


def test_a_notice_to_every_kommune_is_one_sending_with_its_recipients_inside(
    klient: TestClient, revisjon: int
) -> None:
    logg_inn(klient, SEKR)
    side = klient.get(f"/utboks?sok={revisjon}").text
    sendinger = _sendinger(side)
    assert len(sendinger) == 1, side
    sending = sendinger[0]
    assert "18 mottakere: 18 venter" in sending
    assert f'href="/saker/{revisjon}"' in sending
    assert "Lagt i køen 01.04.2025 kl. 09.00" in sending
    assert sending.count('<li class="treff">') == 18  # every row of the case is a hit
    assert "postmottak@vefsn.kommune.example" in sending and "<details" in sending
    assert sending.count(">Venter<") == 18
    alle = klient.get("/utboks").text
    assert alle.count("&lt;postmottak@vefsn.kommune.example&gt;") == 1  # not one row each


def test_did_vefsns_postmottak_get_the_notice_and_when(
    app: App, klient: TestClient, revisjon: int
) -> None:
    logg_inn(klient, SEKR)
    with smtp_tjener() as (_, port):
        levering(app, port).tom_koen()
    side = klient.get("/utboks?sok=postmottak%40vefsn").text
    sendinger = [s for s in _sendinger(side) if "innspill" in s.lower()]
    assert len(sendinger) == 1, side
    treff = re.findall(r'<li class="treff">(.*?)</li>', sendinger[0], re.S)
    assert len(treff) == 1 and "postmottak@vefsn.kommune.example" in treff[0]
    assert re.search(r"Sendt \d\d\.\d\d\.\d{4} kl\. \d\d\.\d\d", treff[0]), treff[0]
    assert "18 mottakere: 18 sendt" in sendinger[0]
    assert 'name="sok" value="postmottak@vefsn"' in side  # the search stays in the form


def test_a_search_that_finds_nothing_says_so_and_nonsense_pages_fall_back(
    klient: TestClient, revisjon: int
) -> None:
    logg_inn(klient, SEKR)
    side = klient.get("/utboks?sok=finnes.ikke%40example").text
    assert "Ingen utsendinger for «finnes.ikke@example»." in side
    for jokertegn in ("%", "_", "postmottak_vefsn"):  # LIKE's wildcards are plain characters
        assert "Ingen utsendinger for" in klient.get("/utboks", params={"sok": jokertegn}).text
    for sti in ("/utboks?side=abc", "/utboks?side=-3", "/utboks?side=99999", "/utboks?status=x"):
        assert klient.get(sti).status_code == 200


def test_the_outbox_pages_by_fifty_sendings_with_the_search_kept_in_the_links(
    app: App, klient: TestClient, demo: Demosammendrag
) -> None:
    logg_inn(klient, SEKR)
    _legg_inn_sendinger(app, 120)
    forste = klient.get("/utboks?sok=mottaker").text
    assert "Utsending 1–50 av 120 for «mottaker», nyeste først." in forste
    assert len(_sendinger(forste)) == 50
    assert 'href="/utboks?sok=mottaker&amp;side=2" rel="next">Neste 50' in forste
    siste = klient.get("/utboks?sok=mottaker&side=3").text
    assert "Utsending 101–120 av 120" in siste and len(_sendinger(siste)) == 20
    assert 'href="/utboks?sok=mottaker&amp;side=2" rel="prev">Forrige 50' in siste
    assert 'rel="next"' not in siste
    assert "Emne nummer 0<" in siste and "Emne nummer 119<" in forste  # newest first


def test_a_page_of_the_outbox_costs_the_same_few_queries_however_many_recipients(
    app: App, klient: TestClient, demo: Demosammendrag
) -> None:
    logg_inn(klient, SEKR)
    _legg_inn_sendinger(app, 3, mottakere=1)
    faa = _sporringer(app, klient)
    _legg_inn_sendinger(app, 40, mottakere=12)
    assert _sporringer(app, klient) == faa


def _sporringer(app: App, klient: TestClient) -> int:
    antall = 0

    def tell(*_: Any) -> None:
        nonlocal antall
        antall += 1

    sa.event.listen(app.engine, "before_cursor_execute", tell)
    try:
        assert klient.get("/utboks").status_code == 200
    finally:
        sa.event.remove(app.engine, "before_cursor_execute", tell)
    return antall


def _legg_inn_sendinger(app: App, antall: int, *, mottakere: int = 2) -> None:
    """Sendings as the engine queues them: the rows of one share instant and template."""
    start = app.miljo.klokke.now()
    with app.uow() as uow:
        for nummer in range(antall):
            for hvem in range(mottakere):
                uow.session.add(OutboxMessage(
                    helsefellesskap_id=1, opprettet=start + timedelta(minutes=nummer),
                    mal="test/sending", til_adresse=f"mottaker{hvem}@vefsn.example",
                    emne=f"Emne nummer {nummer}", tekst="Hei.\n",
                    html="<p>Hei.</p>\n"))  # fmt: skip
        uow.commit()


def test_the_message_page_shows_the_email_as_the_recipient_sees_it(
    klient: TestClient, revisjon: int
) -> None:
    logg_inn(klient, SEKR)
    side = klient.get(f"/utboks?sok={revisjon}").text
    melding_id = re.findall(r'href="/utboks/(\d+)"', side)[0]
    melding = klient.get(f"/utboks/{melding_id}").text
    assert "Lagt i køen</dt><dd>01.04.2025 kl. 09.00" in melding
    assert f'href="/saker/{revisjon}">AVT-{revisjon} ' in melding
    assert f'<iframe class="epostvisning" src="/utboks/{melding_id}/html" sandbox' in melding
    assert "Vedlegg</dt><dd>Ingen" in melding and "<h2>Ren tekst</h2>" in melding
    html = klient.get(f"/utboks/{melding_id}/html")
    assert html.headers["content-type"].startswith("text/html")
    assert "sandbox" in html.headers["content-security-policy"]
    assert "frame-ancestors 'self'" in html.headers["content-security-policy"]
    assert html.headers["x-frame-options"] == "SAMEORIGIN"
    assert "Tjenesteavtale 10" in html.text


def test_a_secret_link_stays_hidden_in_the_html_too(app: App, klient: TestClient, cli: Cli) -> None:
    cli.ok("demo", "last")
    cli.ok("bruker", "opprett", "gunn.grane", "--navn", "Gunn Grane", "--epost",
           "gunn@grane.kommune.example", "--rolle", "soker", "--part", "Grane", "--inviter",
           som="admin")  # fmt: skip
    logg_inn(klient, SEKR)
    with app.engine.connect() as tilkobling:
        melding_id = tilkobling.execute(sa.text("SELECT max(id) FROM outbox_message")).scalar()
    assert "engangslenke" in klient.get(f"/utboks/{melding_id}").text
    html = klient.get(f"/utboks/{melding_id}/html").text
    assert "engangslenke" in html and "/konto/lenke/" not in html


def test_every_template_can_be_read_with_sample_data_on_the_web(
    app: App, klient: TestClient, demo: Demosammendrag
) -> None:
    logg_inn(klient, SEKR)
    liste = klient.get("/epostmaler").text
    maler = app.miljo.varsler.alle_maler()
    assert all(f'href="/epostmaler?mal={mal}"' in liste for mal in maler)
    # The links read as the workflow files name the e-mails, never as file names.
    assert all(f">{mal}</a>" not in liste for mal in maler)
    assert ">RS-søknad: Send inn (til sekretariatet)</a>" in liste
    for mal in maler:
        svar = klient.get("/epostmaler", params={"mal": mal})
        assert svar.status_code == 200, mal
        html = klient.get("/epostmaler/html", params={"mal": mal})
        assert html.status_code == 200 and "sandbox" in html.headers["content-security-policy"]
    kvittering = klient.get("/epostmaler?mal=rs_soknad/kvittering").text
    assert "Karin Ingebrigtsen" in kvittering and "<h2>Ren tekst</h2>" in kvittering
    assert "<h1>E-postmalen «RS-søknad: Send inn»</h1>" in kvittering
    ukjent = klient.get("/epostmaler?mal=finnes/ikke")
    assert ukjent.status_code == 404 and "Finner ingen e-postmal «finnes/ikke»" in ukjent.text


def test_a_search_with_a_nul_byte_is_refused_with_a_message_not_a_database_error(
    klient: TestClient, revisjon: int
) -> None:
    """Found by the fuzzer on PostgreSQL: text columns cannot hold NUL (0x00)."""
    logg_inn(klient, SEKR)
    svar = klient.get("/utboks", params={"sok": "postmottak\x00vefsn"})
    assert svar.status_code == 400  # the app's table: a bad query parameter is a 400 page
    assert "<nav" in svar.text  # the bokmål error page with the menu, not a database error
