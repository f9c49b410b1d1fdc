"""The package for Helse Nord: built from SSU's adopted list, opened as Helse Nord would."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlmodel import col, select

from tests.conftest import Cli
from tests.e2e.test_nettsider import logg_inn, token
from tests.integration.smtp_tjener import smtp_tjener
from tests.integration.test_epost import levering
from tests.ssu_saker import registrer_ssu_saker_cli
from tests.utboksinnhold import utboksrader
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.outbox import OutboxMessage
from tilskudd_flow.models.soknad import Soknad, Vedlegg
from tilskudd_flow.web.app import lag_webapp

SEKR = "samhandlingssjef"
SIDE = "/prioritering/2026"
HELSE_NORD = "postmottak@helse-nord.example"
LENKE = re.compile(r"http://[^\s\"<]+(/pakke/[\w-]+)")


@pytest.fixture
def vedtatt(cli: Cli, demo: Demosammendrag, klokke: FixedClock) -> None:
    """SSU's list: RS-3 regional, RS-2 both, RS-5 local pot only, RS-4 regional."""
    cli.vurder(2, 3, 4, 5)
    registrer_ssu_saker_cli(cli, "Sak 31-2025")
    cli.ok("runde", "prioriter", "2026", "--vedtak", "Sak 31-2025", "--plass", "3=regional",
           "--plass", "2=begge", "--plass", "5=lokal", "--plass", "4=regional", som=SEKR,
           naa="2025-10-22T12:00")  # fmt: skip
    klokke.set(datetime(2025, 10, 28, 9, 0, tzinfo=UTC))


@pytest.fixture
def sekretariat(app: App, vedtatt: None) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        logg_inn(klient, SEKR)
        yield klient


def send(klient: TestClient) -> str:
    csrf = token(klient.get(SIDE).text)
    svar = klient.post(f"{SIDE}/oversend", data={"csrf_token": csrf})
    assert svar.status_code == 200, svar.text
    return svar.text


def tilstander(app: App) -> dict[int, str]:
    with app.uow(skriv=False) as uow:
        saker = uow.session.exec(select(WorkflowCase).where(col(WorkflowCase.id).in_([2, 3, 4, 5])))
        return {s.id or 0: s.state for s in saker}


def vedleggsnavn(app: App, sak_id: int) -> set[str]:
    with app.uow(skriv=False) as uow:
        return set(uow.session.exec(select(Vedlegg.filnavn).where(Vedlegg.soknad_id == sak_id)))


def pakkeposter(app: App) -> list[OutboxMessage]:
    # Issue 22: rendered at delivery; read them as the recipient will.
    return utboksrader(app, OutboxMessage.mal == "oversending/pakke")


def test_one_action_builds_the_package_forwards_the_soknader_and_mails_a_link(
    app: App, sekretariat: TestClient, klokke: FixedClock
) -> None:
    side = send(sekretariat)

    assert "Pakken er laget, søknadene er oversendt" in side
    assert tilstander(app) == {2: "oversendt", 3: "oversendt", 4: "oversendt", 5: "prioritert"}
    [melding] = pakkeposter(app)
    assert melding.til_adresse == HELSE_NORD
    assert "1. RS-3 Helgelandssykepleier" in melding.tekst
    assert "2. RS-2 Fremtidens pasientforløp" in melding.tekst
    funn = LENKE.search(melding.tekst)
    assert funn is not None

    with TestClient(lag_webapp(app)) as helse_nord:  # no account: the link is the key
        zip_svar = helse_nord.get(funn.group(1))
        assert zip_svar.status_code == 200
        arkiv = zipfile.ZipFile(io.BytesIO(zip_svar.content))
        navn = arkiv.namelist()
        assert {"rangert-liste.pdf", "rangert-liste.xlsx"} <= set(navn)
        for rang, sak in ((1, 3), (2, 2), (3, 4)):
            mappe = next(n.split("/")[0] for n in navn if n.startswith(f"{rang:02d} RS-{sak} "))
            assert f"{mappe}/søknad.pdf" in navn
            vedlagt = {n.split("/")[-1][3:] for n in navn if n.startswith(f"{mappe}/vedlegg/")}
            assert vedlagt == vedleggsnavn(app, sak)
        assert not any(n.startswith("0") and " RS-5 " in n for n in navn)

        klokke.set(datetime(2025, 10, 28, 9, 0, tzinfo=UTC) + timedelta(days=31))
        utlopt = helse_nord.get(funn.group(1))
        assert utlopt.status_code == 410
        assert "Lenken er utløpt" in utlopt.text
        assert helse_nord.get("/pakke/ukjent").status_code == 404


def test_the_ranked_list_reads_right_as_spreadsheet_and_pdf(
    app: App, sekretariat: TestClient
) -> None:
    side = send(sekretariat)
    xlsx_lenke = re.search(r'href="(/oversendelse/\d+/rangert-liste\.xlsx)"', side)
    pdf_lenke = re.search(r'href="(/oversendelse/\d+/rangert-liste\.pdf)"', side)
    assert xlsx_lenke is not None and pdf_lenke is not None

    ark = load_workbook(io.BytesIO(sekretariat.get(xlsx_lenke.group(1)).content)).active
    assert ark is not None
    rader = [r for r in ark.iter_rows(min_row=5, values_only=True) if r[0] is not None]
    assert [(r[0], r[1]) for r in rader] == [(1, "RS-3"), (2, "RS-2"), (3, "RS-4")]
    overskrift = next(ark.iter_rows(min_row=4, max_row=4, values_only=True))
    kolonne = overskrift.index("Søkt 2026 (kr)")
    assert [r[kolonne] for r in rader] == [2_000_000, 3_105_000, 1_500_000]
    assert rader[1][overskrift.index("Søkt totalt (kr)")] == 9_315_000

    tekst = "\n".join(s.extract_text() for s in PdfReader(io.BytesIO(
        sekretariat.get(pdf_lenke.group(1)).content)).pages)  # fmt: skip
    assert "SSUs vedtak: Sak 31-2025" in tekst
    assert re.search(r"1\s+RS-3 Helgelandssykepleier", tekst)
    assert re.search(r"2\s+RS-2 Fremtidens pasientforl", tekst)
    assert "kr 3 105 000" in tekst and "kr 9 315 000" in tekst


# What applicants could type that a spreadsheet would run as a formula (#17, item 2).
FORMLER = {
    3: ('=HYPERLINK("http://evil","klikk")', "=1+1"),
    2: ("+cmd|' /C calc'!A0", "@SUM(A1)"),
    4: ("-2+3", "\t=1+2"),
}


def test_user_text_in_the_ranked_list_xlsx_is_text_never_a_formula_17(
    app: App, sekretariat: TestClient
) -> None:
    """#17: a title `=HYPERLINK(…)` and an owner `=1+1` became formulas in Helse Nord's XLSX."""
    with app.uow() as uow:
        for sak_id, (tittel, eiere) in FORMLER.items():
            soknad = uow.session.exec(select(Soknad).where(Soknad.case_id == sak_id)).one()
            soknad.prosjektnavn, soknad.prosjekteiere = tittel, eiere
        uow.commit()
    side = send(sekretariat)
    xlsx_lenke = re.search(r'href="(/oversendelse/\d+/rangert-liste\.xlsx)"', side)
    assert xlsx_lenke is not None

    ark = load_workbook(io.BytesIO(sekretariat.get(xlsx_lenke.group(1)).content)).active
    assert ark is not None
    celler = [c for rad in ark.iter_rows() for c in rad if c.value is not None]
    assert [c.coordinate for c in celler if c.data_type == "f"] == []
    rader = {r[1]: r for r in ark.iter_rows(min_row=5, values_only=True) if r[0] is not None}
    for sak_id, (tittel, eiere) in FORMLER.items():
        assert rader[f"RS-{sak_id}"][2:4] == (tittel, eiere)  # as typed, not evaluated
    assert rader["RS-2"][0] == 2 and isinstance(rader["RS-2"][6], int)  # numbers stay numbers


def test_with_attachments_configured_the_package_travels_in_the_e_mail_over_smtp(
    app: App, sekretariat: TestClient
) -> None:
    app.innstillinger.oversending.som = "vedlegg"
    send(sekretariat)

    with smtp_tjener() as (postkasse, port):
        levering(app, port).tom_koen()
    (epost,) = [m for m in postkasse.meldinger() if "Prioriterte søknader" in str(m["Subject"])]
    vedlagt = {del_.get_filename(): del_.get_content() for del_ in epost.iter_attachments()}
    assert set(vedlagt) == {"rangert-liste.pdf", "rangert-liste.xlsx", "soknader.zip"}
    assert vedlagt["rangert-liste.pdf"].startswith(b"%PDF")
    assert "RS-3" in zipfile.ZipFile(io.BytesIO(vedlagt["soknader.zip"])).namelist()[2]
    assert "/pakke/" not in str(epost.get_body(("plain",)))


def test_nothing_is_sent_twice_or_before_ssu_has_adopted_the_list(
    app: App, sekretariat: TestClient
) -> None:
    send(sekretariat)
    csrf = token(sekretariat.get(SIDE).text)
    igjen = sekretariat.post(f"{SIDE}/oversend", data={"csrf_token": csrf})
    assert igjen.status_code == 400
    assert "Ingen søknader venter på oversending" in igjen.text
    assert len(pakkeposter(app)) == 1


def test_before_adoption_the_package_is_refused(app: App, demo: Demosammendrag) -> None:
    with TestClient(lag_webapp(app)) as klient:
        logg_inn(klient, SEKR)
        csrf = token(klient.get(SIDE).text)
        svar = klient.post(f"{SIDE}/oversend", data={"csrf_token": csrf})
    assert svar.status_code == 400
    assert "SSU har ikke vedtatt prioriteringslisten for 2026 ennå" in svar.text


def test_only_the_sekretariat_sends_and_applicants_never_see_the_files(
    app: App, sekretariat: TestClient
) -> None:
    side = send(sekretariat)
    zip_lenke = re.search(r'href="(/oversendelse/\d+/soknader\.zip)"', side)
    assert zip_lenke is not None
    with TestClient(lag_webapp(app)) as medlem:
        logg_inn(medlem, "ssu.medlem")
        assert medlem.get(zip_lenke.group(1)).status_code == 200
        assert "Lag pakken" not in medlem.get(SIDE).text
        csrf = token(medlem.get(SIDE).text)
        assert medlem.post(f"{SIDE}/oversend", data={"csrf_token": csrf}).status_code == 403
    with TestClient(lag_webapp(app)) as soker:
        logg_inn(soker, "vefsn.soker")
        assert soker.get(zip_lenke.group(1)).status_code == 403


def test_a_missing_attachment_file_stops_the_package_and_nothing_moves(
    app: App, sekretariat: TestClient
) -> None:
    with app.uow(skriv=False) as uow:
        vedlegg = uow.session.exec(select(Vedlegg).where(Vedlegg.soknad_id == 2)).first()
    assert vedlegg is not None
    (app.innstillinger.data_dir / app.innstillinger.vedlegg.mappe / vedlegg.lagret_som).unlink()

    csrf = token(sekretariat.get(SIDE).text)
    svar = sekretariat.post(f"{SIDE}/oversend", data={"csrf_token": csrf})

    assert svar.status_code == 400
    assert f"Vedlegget «{vedlegg.filnavn}» til RS-2 mangler på disken" in svar.text
    assert tilstander(app) == {2: "prioritert", 3: "prioritert", 4: "prioritert", 5: "prioritert"}
    assert pakkeposter(app) == []
    pakkemappe = app.innstillinger.data_dir / app.innstillinger.oversending.mappe
    assert not pakkemappe.exists() or not any(pakkemappe.rglob("*.zip"))
