"""The applicant's form over HTTP: drafts, validation beside the fields, uploads, sending in."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader
from sqlmodel import Session, col, select

from tests.e2e.test_nettsider import logg_inn, token
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.demo.skjemaeksempel import PDF, komplett, vedlegg
from tilskudd_flow.domain.feil import Regelbrudd
from tilskudd_flow.models.audit import AuditEntry
from tilskudd_flow.models.soknad import Soknad
from tilskudd_flow.soknader import utkast as utkast_modul
from tilskudd_flow.web.app import lag_webapp
from tilskudd_flow.web.feilsvar import skjemastatus


@pytest.fixture
def soker(app: App, demo: Demosammendrag, klokke: FixedClock) -> Iterator[TestClient]:
    klokke.set(datetime(2025, 9, 20, 10, 0, tzinfo=UTC))
    with TestClient(lag_webapp(app)) as klient:
        logg_inn(klient, "vefsn.soker")
        yield klient


def test_a_complete_soknad_with_two_attachments_is_sent_in_and_gets_a_receipt(
    soker: TestClient, app: App
) -> None:
    skjema = soker.get("/soknader/ny")
    assert "8. Kort beskrivelse av prosjektet/piloten" in skjema.text
    assert "Mål, målgruppe og status for prosjektet." in skjema.text
    svar = soker.post(
        "/soknader/ny",
        data={**komplett(token(skjema.text)), "handling": "send_inn"},
        files=vedlegg(),
        follow_redirects=False,
    )
    assert svar.status_code == 303, re.findall(r'<li><a href="#[^"]+">(.*?)</a>', svar.text)
    kvittering = soker.get(svar.headers["location"]).text
    assert "Søknaden er sendt inn" in kvittering
    assert "31. oktober 2025" in kvittering  # forwarding moved back from Saturday 1 November
    sak_id = int(svar.headers["location"].split("/")[2])
    sak = soker.get(f"/saker/{sak_id}").text
    assert "Tilstand: <strong>Mottatt</strong>" in sak
    assert "kr 1 500 000 («ca. kr 1,5 mill»)" in sak
    assert "Budsjett: budsjett.docx" in sak
    lagret = list((app.innstillinger.data_dir / "vedlegg").iterdir())
    assert len(lagret) >= 2 and all(f.name.split(".")[0].isalnum() for f in lagret)


def test_a_draft_is_saved_and_continued_later(soker: TestClient) -> None:
    skjema = soker.get("/soknader/ny")
    data = {
        "csrf_token": token(skjema.text),
        "prosjektnavn": "Utkast",
        "eier_kommuner": ["1824"],
        "beskrivelse": "Halvferdig",
        "handling": "lagre",
    }
    svar = soker.post("/soknader/ny", data=data, follow_redirects=False)
    assert svar.headers["location"].endswith("/rediger?lagret=1")
    senere = soker.get(svar.headers["location"]).text
    assert "Utkastet er lagret" in senere
    assert 'value="Utkast"' in senere and "Halvferdig</textarea>" in senere
    assert 'value="1824" checked' in senere


def test_bad_input_is_explained_beside_each_field_and_nothing_typed_is_lost(
    soker: TestClient,
) -> None:
    skjema = soker.get("/soknader/ny")
    data = {
        **komplett(token(skjema.text)),
        "kontakt_kommune_0_epost": "karin@",
        "belop_0_belop": "fem hundre tusen",
        "handling": "send_inn",
    }
    svar = soker.post("/soknader/ny", data=data)
    assert svar.status_code == 400
    assert 'id="feil-kontakt_kommune_0_epost"' in svar.text
    assert "«karin@» er ikke en gyldig e-postadresse" in svar.text
    assert 'id="feil-belop_0_belop"' in svar.text
    assert 'aria-invalid="true"' in svar.text
    assert 'value="Felles legevaktsamarbeid Vefsn og Grane"' in svar.text
    assert "Mål og målgruppe …</textarea>" in svar.text


def test_missing_form_fields_are_named_when_sending_and_the_draft_is_kept(
    soker: TestClient,
) -> None:
    skjema = soker.get("/soknader/ny")
    data = {**komplett(token(skjema.text)), "beskrivelse": "", "handling": "send_inn"}
    svar = soker.post("/soknader/ny", data=data, files=vedlegg())
    assert svar.status_code == 400
    assert "Utkastet er lagret, men ikke sendt inn" in svar.text
    assert 'id="feil-beskrivelse"' in svar.text
    assert "8. Kort beskrivelse" in svar.text
    # The draft was saved with both attachments, so they need not be uploaded again.
    assert "avtale.pdf" in svar.text and "budsjett.docx" in svar.text
    assert re.search(r'action="/soknader/\d+/rediger"', svar.text)


@pytest.mark.parametrize(
    ("filnavn", "innhold", "melding"),
    [
        ("budsjett.pdf", b"MZ\x90\x00 not a pdf", "er ikke en gyldig PDF"),
        ("budsjett.exe", PDF, "er ikke en gyldig PDF"),
        ("budsjett.docx", PDF, "er ikke en gyldig PDF"),
        ("budsjett.pdf", b"", "filen er tom"),
        # #17: a right-to-left override shows «budsjettfdp.exe» as «budsjettexe.pdf»
        ("budsjett\u202efdp.exe.pdf", PDF, "kan ikke inneholde linjeskift eller kontrolltegn"),
    ],
)
def test_disguised_or_empty_uploads_are_refused(
    soker: TestClient, filnavn: str, innhold: bytes, melding: str
) -> None:
    skjema = soker.get("/soknader/ny")
    svar = soker.post(
        "/soknader/ny",
        data={**komplett(token(skjema.text)), "handling": "lagre"},
        files=[("vedlegg_budsjett", (filnavn, innhold, "application/pdf"))],
    )
    assert svar.status_code == 400
    assert 'id="feil-vedlegg_budsjett"' in svar.text
    assert melding in svar.text


def test_an_oversized_upload_is_refused(soker: TestClient, app: App) -> None:
    app.innstillinger.vedlegg.maks_mb = 0.001
    skjema = soker.get("/soknader/ny")
    svar = soker.post(
        "/soknader/ny",
        data={**komplett(token(skjema.text)), "handling": "lagre"},
        files=[("vedlegg_budsjett", ("stor.pdf", PDF * 100, "application/pdf"))],
    )
    assert "filen er større enn 0.001 MB" in svar.text


def test_the_scan_hook_stops_an_infected_file(soker: TestClient, app: App) -> None:
    app.innstillinger.vedlegg.skanner = "sh -c '! grep -q EICAR {fil}'"
    skjema = soker.get("/soknader/ny")
    svar = soker.post(
        "/soknader/ny",
        data={**komplett(token(skjema.text)), "handling": "lagre"},
        files=[("vedlegg_budsjett", ("b.pdf", PDF + b"EICAR", "application/pdf"))],
    )
    assert "stoppet av virusskanningen" in svar.text
    ren = soker.post(
        "/soknader/ny",
        data={**komplett(token(svar.text)), "handling": "lagre"},
        files=[("vedlegg_budsjett", ("b.pdf", PDF, "application/pdf"))],
        follow_redirects=False,
    )
    assert ren.status_code == 303


def test_after_the_deadline_the_form_is_closed_naming_the_deadline(
    soker: TestClient, klokke: FixedClock
) -> None:
    klokke.set(datetime(2025, 10, 2, 8, 0, tzinfo=UTC))
    logg_inn(soker, "vefsn.soker")  # the login of 20 September has expired by now
    side = soker.get("/soknader/ny").text
    assert "Søknadsfristen 1. oktober 2025 er passert" in side
    assert '<form method="post" enctype' not in side


def test_an_applicant_cannot_file_for_parties_it_does_not_represent(soker: TestClient) -> None:
    # #19: the draft is no longer refused (it is kept on the applicant's own party, inside the
    # form with the menu); sending it in is refused beside field 3 until a party is ticked
    # that the applicant represents.
    skjema = soker.get("/soknader/ny")
    data = {
        **komplett(token(skjema.text)),
        "eier_kommuner": ["1833"],
        "stotter": [],
        "helseforetak": "",
        "handling": "lagre",
    }
    svar = soker.post("/soknader/ny", data=data)
    assert svar.status_code == 400
    assert "representerer ingen av partene" in svar.text
    assert 'aria-label="Hovedmeny"' in svar.text
    sendt = soker.post(
        re.findall(r'action="(/soknader/\d+/rediger)"', svar.text)[0],
        data={**data, "csrf_token": token(svar.text), "handling": "send_inn"},
        files=vedlegg(),
    )
    assert sendt.status_code == 400
    assert '<a href="#eier_kommuner">3.' in sendt.text
    assert "representerer ingen av partene" in sendt.text


def test_a_budget_table_typed_in_the_form_is_sent_in_stored_and_in_the_pdf(
    soker: TestClient, app: App
) -> None:
    skjema = soker.get("/soknader/ny")
    linjer = {
        "linje_0_kostnadspost": "Koordinator 50 %", "linje_0_aar": "2026",
        "linje_0_belop": "kr 1 000 000", "linje_0_prosjektaar": "Prosjektår 1 (Q1-2 2026)",
        "linje_1_kostnadspost": "Opplæring", "linje_1_aar": "2026",
        "linje_1_belop": "kr 500 000",
        "linje_2_kostnadspost": "Koordinator 100 %", "linje_2_aar": "2027",
        "linje_2_belop": "kr 3 905 000",
        "linje_3_kostnadspost": "Koordinator 100 %", "linje_3_aar": "2028",
        "linje_3_belop": "kr 3 910 000",
    }  # fmt: skip
    svar = soker.post(
        "/soknader/ny",
        data={**komplett(token(skjema.text)), **linjer, "handling": "send_inn"},
        files=vedlegg(),
        follow_redirects=False,
    )
    assert svar.status_code == 303, re.findall(r'<li><a href="#[^"]+">(.*?)</a>', svar.text)
    sak_id = int(svar.headers["location"].split("/")[2])
    with app.uow(skriv=False) as uow:
        soknad = uow.session.get(Soknad, sak_id)
        assert soknad is not None
        assert soknad.totalkostnad_ore == 1_450_000_000
        assert [(r.kostnadspost, r.aar, r.ore, r.prosjektaar) for r in soknad.budsjettlinjer] == [
            ("Koordinator 50 %", 2026, 100_000_000, "Prosjektår 1 (Q1-2 2026)"),
            ("Opplæring", 2026, 50_000_000, ""),
            ("Koordinator 100 %", 2027, 390_500_000, ""),
            ("Koordinator 100 %", 2028, 391_000_000, ""),
        ]
    pdf = soker.get(f"/soknader/{sak_id}/soknad.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    tekst = " ".join(side.extract_text() for side in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Koordinator 50 %" in tekst and "Opplæring" in tekst
    assert "14 500 000" in tekst and "64 %" in tekst  # 9 315 000 of 14 500 000


def test_budget_lines_that_do_not_add_up_are_named_at_the_first_line(soker: TestClient) -> None:
    skjema = soker.get("/soknader/ny")
    linjer = {"linje_0_kostnadspost": "Koordinator", "linje_0_aar": "2026",
              "linje_0_belop": "kr 1 000 000"}  # fmt: skip
    svar = soker.post(
        "/soknader/ny",
        data={**komplett(token(skjema.text)), **linjer, "handling": "send_inn"},
        files=vedlegg(),
        follow_redirects=False,
    )
    assert svar.status_code == 400
    assert 'href="#linje_0_belop"' in svar.text
    assert "Budsjettlinjene for 2026 summerer til kr 1 000 000, kr 500 000 mindre enn søkt" in (
        svar.text
    )


def test_sending_in_writes_the_soknad_once_in_one_transaction(soker: TestClient, app: App) -> None:
    # Issue 22: the draft was saved and committed, then filled and written again to send it in.
    skjema = soker.get("/soknader/ny")
    svar = soker.post("/soknader/ny", data={**komplett(token(skjema.text)), "handling": "send_inn"},
                      files=vedlegg(), follow_redirects=False)  # fmt: skip
    assert svar.status_code == 303
    sak_id = int(svar.headers["location"].split("/")[2])
    with Session(app.engine) as session:
        hendelser = session.exec(
            select(AuditEntry.hendelse)
            .where(AuditEntry.objekt_type == "rs_soknad", AuditEntry.objekt_id == sak_id)
            .order_by(col(AuditEntry.id))
        ).all()
        soknad = session.get(Soknad, sak_id)
    assert "endret" not in hendelser and len(hendelser) == 2, hendelser
    assert soknad is not None and soknad.skjemautkast == ""  # sent in: the columns are it


def test_when_the_rules_refuse_sending_in_the_draft_is_kept_with_the_reason(
    soker: TestClient, app: App, monkeypatch: pytest.MonkeyPatch
) -> None:
    def nekter(*_args: object) -> None:
        raise Regelbrudd("Runden er stengt for innsending")

    monkeypatch.setattr(utkast_modul, "send_inn_saken", nekter)
    skjema = soker.get("/soknader/ny")
    svar = soker.post("/soknader/ny", data={**komplett(token(skjema.text)), "handling": "send_inn"},
                      files=vedlegg(), follow_redirects=False)  # fmt: skip
    assert svar.status_code == skjemastatus(Regelbrudd("")) and "Runden er stengt" in svar.text
    with Session(app.engine) as session:
        soknad = session.exec(select(Soknad).order_by(col(Soknad.case_id).desc())).first()
        assert soknad is not None and soknad.skjemautkast and len(soknad.vedlegg) == 2
    sak = soker.get(f"/saker/{soknad.case_id}").text
    assert "Tilstand: <strong>Utkast</strong>" in sak
