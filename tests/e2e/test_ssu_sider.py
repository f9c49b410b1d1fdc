"""SSU's pages over HTTP: a sak reported through «meld inn sak» and taken up, its
saksfremlegg written and downloaded, a meeting planned and called, forfall, the vedtak that
appoints an FSU, and the archive extraction."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import docx
import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from tests.e2e.test_nettsider import logg_inn, token
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.data import last_demodata
from tilskudd_flow.dokumenter.noark5 import valider_uttrekk
from tilskudd_flow.domain.tid import OSLO
from tilskudd_flow.web.app import lag_webapp

SEKR = "samhandlingssjef"


@pytest.fixture
def klient(app: App, klokke: FixedClock) -> Iterator[TestClient]:
    klokke.set(datetime(2025, 8, 18, 9, 0, tzinfo=OSLO))
    last_demodata(app, tid=klokke.now())
    with TestClient(lag_webapp(app)) as klient:
        yield klient


def post(klient: TestClient, sti: str, skjema: dict[str, str | list[str]], side: str) -> str:
    """Post a form from the page it is on; return the page the answer leads to."""
    svar = klient.post(sti, data={**skjema, "csrf_token": token(klient.get(side).text)})
    assert svar.status_code == 200, svar.text
    return svar.text


def feilmeldinger(html: str) -> list[str]:
    return [
        re.sub(r"<[^>]+>", "", m).strip()
        for m in re.findall(r'<p class="feltfeil"[^>]*>(.*?)</p>', html)
    ]


def test_a_reported_sak_goes_on_a_meeting_gets_its_vedtak_and_is_archived(
    klient: TestClient, klokke: FixedClock, tmp_path: Path
) -> None:
    # Rana's applicant reports a sak; an empty form is answered field by field.
    logg_inn(klient, "rana.soker")
    svar = klient.post(
        "/meld-inn-sak",
        data={
            "tittel": "",
            "beskrivelse": "",
            "csrf_token": token(klient.get("/meld-inn-sak").text),
        },
    )
    assert svar.status_code == 400
    assert feilmeldinger(svar.text) == [
        "Feil: Skriv hva saken gjelder",
        "Feil: Beskriv saken og hva du ønsker at SSU skal gjøre",
    ]
    side = post(
        klient,
        "/meld-inn-sak",
        {
            "tittel": "Felles rutine for legemiddelsamstemming",
            "beskrivelse": "Vi ønsker en felles rutine.",
            "onsket_type": "droftingssak",
        },
        "/meld-inn-sak",
    )
    assert "Saken er meldt inn" in side and "Felles rutine for legemiddelsamstemming" in side
    assert klient.get("/ssu-saker", follow_redirects=False).status_code == 403

    # The sekretariat plans the meeting, takes the reported sak up and registers its own.
    logg_inn(klient, SEKR)
    plan = klient.get("/moter").text
    uten_fsu = klient.post("/moter", data={"type": "fsu", "dato": "2025-10-01", "fra": "12:00",
                                           "til": "14:00", "csrf_token": token(plan)})  # fmt: skip
    assert "et FSU-møte må høre til et FSU" in uten_fsu.text
    fsu_mote = post(klient, "/moter", {"type": "fsu", "dato": "2025-10-01", "fra": "12:00",
                                       "til": "14:00", "fsu": "1"}, "/moter")  # fmt: skip
    assert "FSU-møte 1. oktober 2025" in fsu_mote
    plan = klient.get("/moter").text
    assert "Leder i SSU" in plan and "Siri Vara" in plan
    svar = klient.post(
        "/moter",
        data={
            "type": "ssu",
            "dato": "2025-09-09",
            "fra": "09:00",
            "til": "08:00",
            "csrf_token": token(plan),
        },
    )
    assert svar.status_code == 400 and "møtet må slutte etter at det begynner" in svar.text
    motet = post(
        klient,
        "/moter",
        {
            "type": "ssu",
            "dato": "2025-09-09",
            "fra": "09:00",
            "til": "15:00",
            "sted": "Sandnessjøen",
        },
        "/moter",
    )
    mote_id = int(re.search(r'action="/moter/(\d+)/saksliste"', motet).group(1))  # type: ignore[union-attr]
    saker = klient.get("/ssu-saker").text
    innmelding = re.search(r'name="innmelding" value="(\d+)"', saker).group(1)  # type: ignore[union-attr]
    tatt_opp = post(
        klient,
        "/ssu-saker",
        {"innmelding": innmelding, "type": "droftingssak", "eier": "Rana kommune"},
        "/ssu-saker",
    )
    assert "Sak 1-2025 Felles rutine for legemiddelsamstemming" in tatt_opp
    assert "Meldt inn av Mona Bjørkmo." in tatt_opp
    sak = post(
        klient,
        "/ssu-saker",
        {
            "tittel": "Oppnevning av FSU Digitale helsetjenester",
            "type": "beslutningssak",
            "nummer": "Sak 26-2025",
            "gjelder": "FSU-1:oppnevn",
        },
        "/ssu-saker",
    )
    sak_id = int(re.search(r'action="/ssu-saker/(\d+)/saksfremlegg"', sak).group(1))  # type: ignore[union-attr]
    dobbel = klient.post(
        "/ssu-saker",
        data={
            "tittel": "Igjen",
            "type": "orienteringssak",
            "nummer": "26/25",
            "csrf_token": token(klient.get("/ssu-saker").text),
        },
    )
    assert dobbel.status_code == 400
    assert "Sak 26-2025 er allerede brukt av «Oppnevning av FSU Digitale helsetjenester»" in (
        dobbel.text
    )

    lagret = klient.post(
        f"/ssu-saker/{sak_id}/saksfremlegg",
        data={
            "innstilling": "FSU-et oppnevnes.\nSekretariatet utarbeider mandat.",
            "saksopplysninger": "Kommunene og HSYK har bedt om et FSU.",
            "vurdering": "Anbefales.",
            "vedlegg": "Forslag til mandat",
            "csrf_token": token(klient.get(f"/ssu-saker/{sak_id}").text),
        },
    )
    assert "Saksfremlegget er lagret" in lagret.text
    assert "<li>Sekretariatet utarbeider mandat.</li>" in lagret.text
    for nummer in ("Sak 26-2025", "Sak 1-2025"):
        post(klient, f"/moter/{mote_id}/saksliste", {"sak": nummer}, f"/moter/{mote_id}")
    innkalt = post(klient, f"/moter/{mote_id}/innkalling", {}, f"/moter/{mote_id}")
    assert "Innkallingen er lagt i utboksen" in innkalt and "Send oppdatert innkalling" in innkalt

    # The Word file and the PDF carry the header table; the HTML is a page of its own.
    word = docx.Document(io.BytesIO(klient.get(f"/ssu-saker/{sak_id}/saksfremlegg.docx").content))
    assert word.tables[0].rows[0].cells[0].text == "Saksbehandler"  # the letter head first
    assert [c.text for c in word.tables[1].rows[1].cells] == [
        "Sak 26-2025",
        "Beslutningssak",
        "Strategisk samarbeidsutvalg (SSU)",
        "09.09.2025",
    ]
    pdf = klient.get(f"/ssu-saker/{sak_id}/saksfremlegg.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert "Møtedato" in PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert "<ol>" in klient.get(f"/ssu-saker/{sak_id}/saksfremlegg.html").text
    innkalling = klient.get(f"/moter/{mote_id}/innkalling.pdf").content
    assert "Sak 26-2025" in PdfReader(io.BytesIO(innkalling)).pages[0].extract_text()

    # A member reports forfall on the meeting page; the vara is called in.
    logg_inn(klient, "ssu.medlem")
    forfall = post(klient, f"/moter/{mote_id}/forfall", {}, f"/moter/{mote_id}")
    assert "Vara Per Varamann er kalt inn" in forfall
    assert "Meld forfall" not in forfall

    # At the meeting the vedtak appoints the FSU; its case page says so.
    klokke.set(datetime(2025, 9, 9, 11, 0, tzinfo=OSLO))
    logg_inn(klient, SEKR)
    vedtatt = post(klient, f"/ssu-saker/{sak_id}/vedtak", {"annet": "nei"}, f"/ssu-saker/{sak_id}")
    assert (
        "Vedtaket er ført: Forslaget vedtas. "
        "Flyttet: FSU-1: Oppnevn (SSU-vedtak): Foreslått → Oppnevnt av SSU."
    ) in vedtatt
    assert "Oppnevnt av SSU" in klient.get("/saker/1").text
    annet = post(
        klient,
        f"/ssu-saker/{klient_sak(klient, 'Sak 1-2025')}/vedtak",
        {"annet": "ja", "vedtak": "Saken sendes tilbake til sekretariatet."},
        f"/ssu-saker/{klient_sak(klient, 'Sak 1-2025')}",
    )
    assert "Vedtaket er ført: Saken sendes tilbake til sekretariatet." in annet

    uttrekk = klient.get(f"/ssu-saker/{sak_id}/arkivuttrekk.zip")
    assert uttrekk.headers["content-type"] == "application/zip"
    zipfile.ZipFile(io.BytesIO(uttrekk.content)).extractall(tmp_path / "sak")
    assert valider_uttrekk(tmp_path / "sak") == []
    soknad = klient.get("/saker/2/arkivuttrekk.zip")
    zipfile.ZipFile(io.BytesIO(soknad.content)).extractall(tmp_path / "soknad")
    assert valider_uttrekk(tmp_path / "soknad") == []


def klient_sak(klient: TestClient, nummer: str) -> int:
    liste = klient.get("/ssu-saker?aar=2025").text
    funn = re.search(rf'<a href="/ssu-saker/(\d+)">{nummer}</a>', liste)
    assert funn is not None
    return int(funn.group(1))


def test_the_meeting_page_cancels_the_meeting_with_a_reason(klient: TestClient) -> None:
    """Issue 21: cancelling is on the meeting page (it sends METHOD:CANCEL to the invited
    calendars); a missing reason is answered on the field, and nothing is cancelled."""
    logg_inn(klient, SEKR)
    motet = post(klient, "/moter", {"type": "ssu", "dato": "2025-09-09", "fra": "09:00",
                                    "til": "15:00"}, "/moter")  # fmt: skip
    mote_id = int(re.search(r'action="/moter/(\d+)/avlysning"', motet).group(1))  # type: ignore[union-attr]
    side = f"/moter/{mote_id}"
    skjema = {"kommentar": " ", "csrf_token": token(klient.get(side).text)}
    uten = klient.post(f"/moter/{mote_id}/avlysning", data=skjema)
    assert uten.status_code == 400
    assert feilmeldinger(uten.text) == ["Feil: Skriv hvorfor møtet avlyses"]
    avlyst = post(klient, f"/moter/{mote_id}/avlysning", {"kommentar": "Ingen saker."}, side)
    assert "Møtet er avlyst" in avlyst and "Avlys møtet" not in avlyst
