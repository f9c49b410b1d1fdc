"""«Mine oppgaver», a case's saksbehandler and internal notes, over HTTP; and the rule that
an applicant never sees a note: not on the case page, the API, the history or the PDF."""

from __future__ import annotations

import io
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from pypdf import PdfReader

from tests.e2e.test_nettsider import SEKR, logg_inn, token
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import DEMOPASSORD, Demosammendrag
from tilskudd_flow.web.app import lag_webapp

HEMMELIG = "Kommunedirektøren i Vefsn bør ringes før vi vurderer søknaden"
SOKNAD = 2  # «Fremtidens pasientforløp», vefsn.soker's søknad, sent in


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        yield klient


def _post(klient: TestClient, adresse: str, **felt: str) -> object:
    side = klient.get(f"/saker/{SOKNAD}")
    return klient.post(adresse, data={**felt, "csrf_token": token(side.text)},
                       follow_redirects=False)  # fmt: skip


def test_the_sekretariat_sees_its_tasks_sorted_by_deadline_with_links(klient: TestClient) -> None:
    logg_inn(klient, SEKR)
    side = klient.get("/oppgaver")
    assert side.status_code == 200
    assert "<h1>Mine oppgaver</h1>" in side.text
    assert "Vurder søknaden" in side.text
    assert f'href="/saker/{SOKNAD}"' in side.text
    datoer = re.findall(r"Frist: <strong>(\d\d)\.(\d\d)\.(\d{4})</strong>", side.text)
    assert datoer == sorted(datoer, key=lambda d: (d[2], d[1], d[0]))
    assert '<a href="/oppgaver">Mine oppgaver</a>' in klient.get("/saker").text


def test_an_assigned_case_comes_first_and_is_marked(klient: TestClient) -> None:
    logg_inn(klient, SEKR)
    svar = _post(klient, f"/saker/{SOKNAD}/saksbehandler", saksbehandler=SEKR)
    assert svar.status_code == 303  # type: ignore[attr-defined]
    sak = klient.get(f"/saker/{SOKNAD}?lagret=saksbehandler").text
    assert "Saksbehandleren er lagret" in sak
    assert "(deg)" in sak
    side = klient.get("/oppgaver").text
    assert "Saker du er saksbehandler for" in side
    forste = side.index("Saker du er saksbehandler for")
    assert side.index(f'href="/saker/{SOKNAD}"') > forste
    historikk = klient.get(f"/saker/{SOKNAD}").text.split("<h2>Historikk</h2>")[1]
    assert "Saksbehandler" in historikk and "Tildelt" in historikk


def test_an_unknown_saksbehandler_is_refused_in_bokmaal_and_nothing_changes(
    klient: TestClient,
) -> None:
    logg_inn(klient, SEKR)
    svar = _post(klient, f"/saker/{SOKNAD}/saksbehandler", saksbehandler="vefsn.soker")
    assert svar.status_code == 400  # type: ignore[attr-defined]
    assert "er ikke en aktiv bruker i sekretariatet" in svar.text  # type: ignore[attr-defined]
    assert "Ingen har tatt saken ennå" in klient.get(f"/saker/{SOKNAD}").text


def test_an_empty_note_is_refused_and_what_was_typed_is_kept(klient: TestClient) -> None:
    logg_inn(klient, SEKR)
    svar = _post(klient, f"/saker/{SOKNAD}/notat", notat="   ")
    assert svar.status_code == 400  # type: ignore[attr-defined]
    assert "Skriv notatet før du lagrer det" in svar.text  # type: ignore[attr-defined]
    assert 'aria-invalid="true"' in svar.text  # type: ignore[attr-defined]


def test_forms_without_a_csrf_token_are_refused(klient: TestClient) -> None:
    logg_inn(klient, SEKR)
    for adresse, felt in ((f"/saker/{SOKNAD}/notat", {"notat": HEMMELIG}),
                          (f"/saker/{SOKNAD}/saksbehandler", {"saksbehandler": SEKR})):  # fmt: skip
        assert klient.post(adresse, data=felt).status_code == 403
    assert HEMMELIG not in klient.get(f"/saker/{SOKNAD}").text


def test_an_applicant_cannot_write_notes_or_assign(klient: TestClient) -> None:
    logg_inn(klient, "vefsn.soker")
    assert _post(klient, f"/saker/{SOKNAD}/notat", notat="Hei").status_code == 403  # type: ignore[attr-defined]
    svar = _post(klient, f"/saker/{SOKNAD}/saksbehandler", saksbehandler="vefsn.soker")
    assert svar.status_code == 403  # type: ignore[attr-defined]


def test_a_note_is_kept_for_the_sekretariat_and_never_shown_to_the_applicant(
    klient: TestClient,
) -> None:
    logg_inn(klient, SEKR)
    assert _post(klient, f"/saker/{SOKNAD}/notat", notat=HEMMELIG).status_code == 303  # type: ignore[attr-defined]
    _post(klient, f"/saker/{SOKNAD}/saksbehandler", saksbehandler=SEKR)
    sak = klient.get(f"/saker/{SOKNAD}?lagret=notat").text
    assert "Notatet er lagret" in sak and sak.count(HEMMELIG) == 2  # the note, and its history
    klient.cookies.clear()

    logg_inn(klient, "vefsn.soker")
    side = klient.get(f"/saker/{SOKNAD}")
    assert side.status_code == 200
    for ord_ in (HEMMELIG, "Internt notat", "Interne notater", "Samhandlingssjef", SEKR):
        assert ord_ not in side.text
    pdf = klient.get(f"/soknader/{SOKNAD}/soknad.pdf")
    assert pdf.status_code == 200
    tekst = "".join(s.extract_text() for s in PdfReader(io.BytesIO(pdf.content)).pages)
    assert "Kommunedirektøren" not in tekst

    api = klient.post("/api/innlogging", json={"brukernavn": "vefsn.soker",
                                              "passord": DEMOPASSORD})  # fmt: skip
    hode = {"Authorization": f"Bearer {api.json()['token']}"}
    svar = klient.get(f"/api/saker/{SOKNAD}", headers=hode)
    assert svar.status_code == 200
    assert HEMMELIG not in svar.text
    hendelser = {rad["hendelse"] for rad in svar.json()["historikk"]}
    assert not hendelser & {"internt_notat", "tildel_saksbehandler"}
    assert "send_inn" in hendelser  # the rest of the history is still there


def test_an_applicant_sees_their_own_tasks_and_nothing_of_others(klient: TestClient) -> None:
    logg_inn(klient, "alstahaug.soker")
    side = klient.get("/oppgaver").text
    assert "Send inn søknaden" in side
    assert "Vurder søknaden" not in side
    assert "Mine oppgaver</a>" not in side  # the menu link is for internal users


def test_a_user_with_nothing_to_do_is_told_so_kindly(klient: TestClient) -> None:
    logg_inn(klient, "rana.soker")
    assert "Ingenting venter på deg nå" in klient.get("/oppgaver").text


def test_the_case_list_filters_mine_in_the_address_and_exports_the_column(
    klient: TestClient,
) -> None:
    from openpyxl import load_workbook

    logg_inn(klient, SEKR)
    _post(klient, f"/saker/{SOKNAD}/saksbehandler", saksbehandler=SEKR)
    side = klient.get("/saker?saksbehandler=mine").text
    assert "1 sak<" in side
    assert f'href="/saker/{SOKNAD}"' in side and 'href="/saker/3"' not in side
    assert '<option value="mine" selected>Mine saker</option>' in side
    assert "saksbehandler=mine" in side  # the export links and sort headers keep the filter
    uten = klient.get("/saker?saksbehandler=ingen").text
    assert f'href="/saker/{SOKNAD}"' not in uten and 'href="/saker/3"' in uten
    assert klient.get(f"/saker?saksbehandler={SEKR}").text.count("Samhandlingssjef") >= 1

    ark = load_workbook(io.BytesIO(klient.get("/saker.xlsx?saksbehandler=mine").content)).active
    assert ark is not None
    rader = list(ark.iter_rows(values_only=True))
    assert rader[0][-1] == "Saksbehandler"
    assert len(rader) == 2 and rader[1][0] == f"RS-{SOKNAD}" and rader[1][-1]
    csv = klient.get("/saker.csv?saksbehandler=mine").content.decode("utf-8-sig")
    assert csv.splitlines()[0].endswith(";Saksbehandler") and len(csv.splitlines()) == 2


def test_an_applicant_sees_no_saksbehandler_column_and_the_filter_does_nothing(
    klient: TestClient,
) -> None:
    logg_inn(klient, SEKR)
    _post(klient, f"/saker/{SOKNAD}/saksbehandler", saksbehandler=SEKR)
    klient.cookies.clear()
    logg_inn(klient, "vefsn.soker")
    side = klient.get("/saker?saksbehandler=ingen").text
    assert f'href="/saker/{SOKNAD}"' in side
    assert "Saksbehandler" not in side.split("<table")[1]


def test_the_archive_extraction_keeps_the_notes_marked_as_internal(klient: TestClient) -> None:
    import zipfile

    logg_inn(klient, SEKR)
    _post(klient, f"/saker/{SOKNAD}/notat", notat=HEMMELIG)
    svar = klient.get(f"/saker/{SOKNAD}/arkivuttrekk.zip")
    assert svar.status_code == 200  # the extraction validates before it is handed over
    with zipfile.ZipFile(io.BytesIO(svar.content)) as arkiv:
        navn = arkiv.namelist()
        xml = next(arkiv.read(n).decode() for n in navn if n.endswith("arkivstruktur.xml"))
        notatfil = next(n for n in navn if "INTERNT Interne notater" in n)
        pdf = PdfReader(io.BytesIO(arkiv.read(notatfil)))
    assert f"INTERNT NOTAT (sekretariatets, ikke til søker). {HEMMELIG}" in xml
    assert "INTERNT: Interne notater" in xml
    tekst = "".join(s.extract_text() for s in pdf.pages)
    assert "INTERNT" in tekst and "Kommunedirektøren" in tekst


def test_the_case_list_sorts_by_saksbehandler_with_the_unassigned_last(
    klient: TestClient,
) -> None:
    logg_inn(klient, SEKR)
    _post(klient, "/saker/5/saksbehandler", saksbehandler=SEKR)
    for sorter in ("saksbehandler", "-saksbehandler"):
        side = klient.get(f"/saker?sorter={sorter}").text
        saker = re.findall(r'<td><a href="/saker/(\d+)">', side)
        assert saker[0] == "5", (sorter, saker)
    assert 'aria-sort="descending"' in side
