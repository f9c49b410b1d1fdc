"""A form that never loses work (#19): drafts save whatever is typed, every error at once in
a summary that names and links each field, the own party pre-ticked, files kept on the
draft, field 11's budget table with its sums, and the søknad as a PDF."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from sqlmodel import select

from tests.e2e.test_nettsider import logg_inn, token
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.demo.skjemaeksempel import PDF, komplett, vedlegg
from tilskudd_flow.models.audit import AuditEntry
from tilskudd_flow.web.app import lag_webapp

MENY = 'aria-label="Hovedmeny"'


@pytest.fixture
def soker(app: App, demo: Demosammendrag, klokke: FixedClock) -> Iterator[TestClient]:
    klokke.set(datetime(2025, 9, 20, 10, 0, tzinfo=UTC))
    with TestClient(lag_webapp(app)) as klient:
        logg_inn(klient, "vefsn.soker")
        yield klient


def _oppsummering(html: str) -> list[tuple[str, str]]:
    boks = html.split('id="feiloppsummering"', 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<li><a href="#([^"]+)">(.*?)</a></li>', boks)


def _rediger(svar_html: str) -> str:
    funn = re.search(r'action="(/soknader/\d+/rediger)"', svar_html)
    assert funn is not None, "skjemaet viser ikke et lagret utkast"
    return funn.group(1)


def test_a_draft_with_a_bad_email_and_no_name_is_saved_and_reopens_with_the_text(
    soker: TestClient,
) -> None:
    skjema = soker.get("/soknader/ny")
    data = {
        "csrf_token": token(skjema.text),
        "prosjektnavn": "",
        "kontakt_kommune_0_navn": "Karin",
        "kontakt_kommune_0_epost": "karin@",
        "budsjett_sokt": "fem hundre tusen",
        "handling": "lagre",
    }
    svar = soker.post("/soknader/ny", data=data, follow_redirects=False)
    assert svar.status_code == 303
    assert svar.headers["location"].endswith("/rediger?lagret=1")
    senere = soker.get(svar.headers["location"]).text
    assert "Utkastet er lagret" in senere
    assert 'value="karin@"' in senere and 'value="fem hundre tusen"' in senere
    sak_id = svar.headers["location"].split("/")[2]
    assert "Utkast uten navn" in soker.get(f"/saker/{sak_id}").text


def test_sending_in_with_three_problems_names_all_three_in_the_summary_with_links(
    soker: TestClient,
) -> None:
    skjema = soker.get("/soknader/ny")
    data = {
        **komplett(token(skjema.text)),
        "kontakt_kommune_0_epost": "karin@",
        "beskrivelse": "",
        "handling": "send_inn",
    }
    avtale_uten_budsjett = [vedlegg()[0]]
    svar = soker.post("/soknader/ny", data=data, files=avtale_uten_budsjett)
    assert svar.status_code == 400
    feil = dict(_oppsummering(svar.text))
    assert set(feil) == {"kontakt_kommune_0_epost", "beskrivelse", "vedlegg_budsjett"}
    assert feil["kontakt_kommune_0_epost"].startswith("4. Kontaktperson 1 (kommunens side), e-post")
    assert feil["beskrivelse"].startswith("8. Kort beskrivelse")
    assert feil["vedlegg_budsjett"] == "Vedlegg: budsjett: Budsjettet må legges ved"
    for felt in feil:  # each field has its own message, tied to its input
        assert f'id="feil-{felt}"' in svar.text
    assert 'aria-describedby="feil-kontakt_kommune_0_epost" aria-invalid="true"' in svar.text
    assert re.search(r'id="feiloppsummering" tabindex="-1" autofocus', svar.text)
    assert "Lagt ved: avtale.pdf" in svar.text  # the file chosen is kept on the draft


def test_the_applicants_own_party_is_ticked_on_a_new_form(
    soker: TestClient, app: App, demo: Demosammendrag
) -> None:
    assert 'value="1824" checked' in soker.get("/soknader/ny").text
    with TestClient(lag_webapp(app)) as hf:
        logg_inn(hf, "hsyk.soker")
        skjema = hf.get("/soknader/ny").text
    assert re.search(r"<option selected>Helgelandssykehuset HF</option>", skjema)


def test_sending_in_without_a_party_stays_in_the_form_and_keeps_the_chosen_files(
    soker: TestClient,
) -> None:
    skjema = soker.get("/soknader/ny")
    data = {
        **komplett(token(skjema.text)),
        "eier_kommuner": [],
        "stotter": [],
        "helseforetak": "",
        "handling": "send_inn",
    }
    svar = soker.post("/soknader/ny", data=data, files=vedlegg())
    assert svar.status_code == 400
    assert MENY in svar.text and '<form method="post" enctype' in svar.text
    assert "Kryss av minst én part du representerer" in svar.text
    assert dict(_oppsummering(svar.text)).keys() >= {"eier_kommuner", "helseforetak"}
    assert "Lagt ved: avtale.pdf" in svar.text and "Lagt ved: budsjett.docx" in svar.text
    # The draft is the applicant's (kept on the own party): it opens again, files and all.
    igjen = soker.get(_rediger(svar.text)).text
    assert "Lagt ved: budsjett.docx" in igjen


def test_a_refused_file_is_named_while_the_rest_of_the_draft_and_files_are_saved(
    soker: TestClient,
) -> None:
    skjema = soker.get("/soknader/ny")
    svar = soker.post(
        "/soknader/ny",
        data={**komplett(token(skjema.text)), "handling": "lagre"},
        files=[
            ("vedlegg_signert_avtale", ("avtale.pdf", PDF, "application/pdf")),
            ("vedlegg_budsjett", ("budsjett.pdf", b"MZ not a pdf", "application/pdf")),
        ],
    )
    assert svar.status_code == 400
    assert MENY in svar.text
    assert dict(_oppsummering(svar.text)).keys() == {"vedlegg_budsjett"}
    assert "Lagt ved: avtale.pdf" in svar.text


def test_a_saved_attachment_can_be_removed_from_the_draft(soker: TestClient, app: App) -> None:
    skjema = soker.get("/soknader/ny")
    svar = soker.post(
        "/soknader/ny",
        data={**komplett(token(skjema.text)), "handling": "lagre"},
        files=vedlegg(),
    )
    side = soker.get(svar.url).text
    vedlegg_id = re.findall(r'id="fjern-(\d+)"[^>]*>\s*<label[^>]*>Fjern budsjett.docx', side)
    assert vedlegg_id, side
    data = {**komplett(token(side)), "fjern_vedlegg": vedlegg_id[0], "handling": "lagre"}
    etter = soker.post(_rediger(side), data=data)
    assert "Lagt ved: avtale.pdf" in etter.text and "budsjett.docx" not in etter.text
    with app.uow(skriv=False) as uow:
        spor = uow.session.exec(
            select(AuditEntry).where(AuditEntry.hendelse == "vedlegg_fjernet")
        ).one()
    assert spor.brukernavn == "vefsn.soker" and "budsjett.docx" in spor.detaljer


def test_the_budget_table_adds_a_line_without_javascript_and_sums_per_year(
    soker: TestClient,
) -> None:
    skjema = soker.get("/soknader/ny")
    assert 'id="linje_5_kostnadspost"' in skjema.text
    assert 'id="linje_6_kostnadspost"' not in skjema.text
    data = {
        **komplett(token(skjema.text)),
        "budsjett_sokt": "kr 600 000",
        "budsjett_total": "kr 1,2 mill",
        "budsjett_plan_videre": "Kommunene tar over driften",
        "linje_0_kostnadspost": "Prosjektleder",
        "linje_0_aar": "2026",
        "linje_0_belop": "kr 300 000",
        "linje_0_prosjektaar": "Prosjektår 1 (Q3 2025 – Q3 2026)",
        "linje_1_kostnadspost": "Opplæring",
        "linje_1_aar": "2026",
        "linje_1_belop": "200 000",
        "linje_2_kostnadspost": "Reise",
        "linje_2_aar": "2027",
        "linje_2_belop": "litt",
        "handling": "legg_til_linje",
    }
    svar = soker.post("/soknader/ny", data=data, follow_redirects=False)
    assert svar.status_code == 303
    assert svar.headers["location"].endswith("?lagret=1#linje_6_kostnadspost")
    side = soker.get(svar.headers["location"]).text
    assert 'id="linje_6_kostnadspost"' in side and 'id="linje_7_kostnadspost"' not in side
    assert 'value="Prosjektår 1 (Q3 2025 – Q3 2026)"' in side
    assert "Kommunene tar over driften</textarea>" in side
    assert "<li>2026: kr 500 000</li>" in side
    assert 'id="sum-totalt">kr 500 000<' in side
    assert "Linjene er kr 100 000 mindre enn søkt beløp" in side
    assert "Søkt beløp er 50 % av totalkostnaden." in side
    assert 'id="ulest-linje_2_belop"' in side  # «litt» is marked, and not counted


def test_the_applicant_downloads_the_soknad_as_sent_in_and_another_kommune_cannot(
    soker: TestClient, app: App, demo: Demosammendrag
) -> None:
    skjema = soker.get("/soknader/ny")
    svar = soker.post(
        "/soknader/ny",
        data={**komplett(token(skjema.text)), "handling": "send_inn"},
        files=vedlegg(),
        follow_redirects=False,
    )
    kvittering = soker.get(svar.headers["location"]).text
    lenke = re.findall(r'href="(/soknader/\d+/soknad\.pdf)"', kvittering)
    assert lenke
    pdf = soker.get(lenke[0])
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert "attachment" in pdf.headers["content-disposition"]
    sak_id = lenke[0].split("/")[2]
    assert lenke[0] in soker.get(f"/saker/{sak_id}").text
    with TestClient(lag_webapp(app)) as fremmed:
        logg_inn(fremmed, "rana.soker")
        assert fremmed.get(lenke[0]).status_code == 404
