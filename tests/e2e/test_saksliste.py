"""The case list a sekretariat works from: its columns, filters, sorting and export."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from openpyxl import load_workbook
from sqlalchemy import event

from tests.e2e.test_nettsider import SEKR, logg_inn
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.soknad import Soknad
from tilskudd_flow.motor.tilgang import hent_aktor
from tilskudd_flow.soknader.runder import opprett_runde
from tilskudd_flow.web.app import lag_webapp


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        yield klient


def _rad(html: str, tittel: str) -> str:
    """The table row of the case with this title, its tags stripped to cell texts."""
    for rad in re.findall(r"<tr>(.*?)</tr>", html, re.S):
        if tittel in rad:
            celler = re.findall(r"<td[^>]*>(.*?)</td>", rad, re.S)
            return " | ".join(re.sub(r"<[^>]+>|\s+", " ", c).strip() for c in celler)
    raise AssertionError(f"ingen rad med «{tittel}»")


def test_the_list_shows_parties_amounts_kind_and_days_waiting(klient: TestClient) -> None:
    logg_inn(klient, SEKR)
    rad = _rad(klient.get("/saker").text, "Fremtidens pasientforløp")
    assert rad.startswith("RS-2 | Fremtidens pasientforløp")
    assert "| RS-søknad | Grane kommune, Hattfjelldal kommune, Helgelandssykehuset HF, " in rad
    assert "| kr 9 315 000 |" in rad
    assert rad.endswith("| 0 | Mottatt | 15.09.2025 | ")  # no saksbehandler yet (#20)


def test_the_list_loads_its_columns_in_a_few_statements_not_one_per_case(
    klient: TestClient, app: App
) -> None:
    logg_inn(klient, SEKR)
    setninger: list[str] = []

    def tell(*args: object) -> None:
        setninger.append(str(args[2]))

    event.listen(app.engine, "before_cursor_execute", tell)
    try:
        side = klient.get("/saker").text
    finally:
        event.remove(app.engine, "before_cursor_execute", tell)
    antall_rader = side.count('<a href="/saker/')
    assert antall_rader > 4
    # Two more since #20: the saksbehandler column and the filter's sekretariat users.
    assert len(setninger) < 17, "\n".join(setninger)


def _valg(html: str, felt: str) -> str:
    funn = re.search(rf'<select id="{felt}" name="{felt}">(.*?)</select>', html, re.S)
    assert funn is not None
    return funn.group(1)


def test_choosing_a_kind_offers_only_its_states(klient: TestClient) -> None:
    logg_inn(klient, SEKR)
    alle = _valg(klient.get("/saker").text, "tilstand")
    assert "<optgroup" in alle and 'value="mottatt"' in alle and 'value="innkalt"' in alle
    mote = _valg(klient.get("/saker?type=mote").text, "tilstand")
    assert "<optgroup" not in mote
    assert 'value="mottatt"' not in mote and 'value="innkalt"' in mote


def test_a_state_of_another_kind_is_dropped_with_a_message(klient: TestClient) -> None:
    logg_inn(klient, SEKR)
    side = klient.get("/saker?type=mote&tilstand=mottatt").text
    assert "Møte har ingen tilstand «mottatt»; viser alle tilstandene" in side
    assert "Fremtidens pasientforløp" not in side


def test_the_year_filter_offers_every_year_with_cases(
    klient: TestClient, app: App, klokke: FixedClock
) -> None:
    with app.uow() as uow:
        aktor = hent_aktor(uow.session, SEKR)
        runde = opprett_runde(uow.session, aktor=aktor, innstillinger=app.innstillinger,
                              aar=2029, naa=klokke.now())  # fmt: skip
        soknad = uow.session.get(Soknad, 2)
        assert soknad is not None
        soknad.runde_id = runde.id
        uow.commit()
    logg_inn(klient, SEKR)
    aarstall = re.findall(r'<option value="(\d{4})"', _valg(klient.get("/saker").text, "aar"))
    assert "2029" in aarstall and "2028" not in aarstall
    side = klient.get("/saker?aar=2029").text
    assert "Fremtidens pasientforløp" in side and 'value="2029" selected' in side


def _referanser(html: str) -> list[str]:
    return re.findall(r"<tr>\s*(?:<td>.*?</td>\s*)?<td>([A-Z]+-\d+)</td>", html, re.S)


def test_sorting_by_a_column_marks_it_and_a_second_click_turns_it(klient: TestClient) -> None:
    logg_inn(klient, SEKR)
    side = klient.get("/saker?sorter=belop_sokt").text
    hode = r'<th scope="col" class="kort tall" aria-sort="ascending"><a href="[^"]*=-belop_sokt'
    assert re.search(hode, side)
    assert side.count("aria-sort=") == 1
    for html, synkende in ((side, False), (klient.get("/saker?sorter=-belop_sokt").text, True)):
        rader = _belop_i_rader(html)
        med = [(belop, nr) for belop, nr in rader if belop is not None]
        assert len(med) >= 2 and all(belop is None for belop, _ in rader[len(med) :])
        # Sorted by amount, the other way when asked; equal amounts by case number.
        assert med == sorted(med, key=lambda r: (-r[0] if synkende else r[0], r[1]))


def _belop_i_rader(html: str) -> list[tuple[int | None, int]]:
    """(amount applied in kroner or None, case number) of each row, in order."""
    rader = []
    for rad in re.findall(r"<tr>(.*?)</tr>", html, re.S)[1:]:
        celler = [
            re.sub(r"<[^>]+>|\s+", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", rad, re.S)
        ]
        if len(celler) < 5:
            continue
        belop = celler[4].removeprefix("kr")
        rader.append((int(belop) if belop else None, int(celler[0].split("-")[1])))
    return rader


def test_the_same_sort_gives_the_same_order_every_time(klient: TestClient) -> None:
    logg_inn(klient, SEKR)
    kolonner = ("ref", "tittel", "type", "belop_tildelt", "frist", "venter", "tilstand", "endret")
    for kolonne in kolonner:
        forste = _referanser(klient.get(f"/saker?sorter={kolonne}").text)
        assert forste == _referanser(klient.get(f"/saker?sorter={kolonne}").text)
        assert sorted(forste) == sorted(_referanser(klient.get("/saker").text))


def test_filters_and_sort_are_kept_in_the_address(klient: TestClient) -> None:
    logg_inn(klient, SEKR)
    side = klient.get("/saker?type=rs_soknad&sorter=-tittel").text
    assert '<input type="hidden" name="sorter" value="-tittel">' in side
    assert 'href="/saker?type=rs_soknad&amp;sorter=tittel"' in side
    assert 'aria-sort="descending"' in side
    titler = re.findall(r'<td><a href="/saker/\d+">(.*?)</a></td>', side)
    assert titler == sorted(titler, key=str.lower, reverse=True)


def _rader_paa_siden(html: str) -> list[list[str]]:
    rader = []
    for rad in re.findall(r"<tr>(.*?)</tr>", html, re.S)[1:]:
        celler = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", rad, re.S)]
        rader.append([re.sub(r"\s+", " ", c).strip() for c in celler])
    return rader


def test_the_xlsx_export_holds_the_same_rows_as_the_page(klient: TestClient) -> None:
    logg_inn(klient, SEKR)
    adresse = "type=rs_soknad&sorter=-belop_sokt"
    side = _rader_paa_siden(klient.get(f"/saker?{adresse}").text)
    svar = klient.get(f"/saker.xlsx?{adresse}")
    assert svar.status_code == 200
    assert svar.headers["content-disposition"] == 'attachment; filename="saker.xlsx"'
    ark = load_workbook(io.BytesIO(svar.content)).active
    assert ark is not None
    rader = list(ark.iter_rows(values_only=True))
    assert rader[0][:3] == ("Ref.", "Tittel", "Sakstype")
    assert [(r[0], r[1], r[8]) for r in rader[1:]] == [(s[0], s[1], s[8]) for s in side]
    sokt = {r[0]: r[4] for r in rader[1:]}
    assert sokt["RS-2"] == 9_315_000


def test_the_csv_export_is_for_norwegian_excel_and_safe_from_formulas(
    klient: TestClient, app: App
) -> None:
    with app.uow() as uow:
        sak = uow.session.get(WorkflowCase, 2)
        assert sak is not None
        sak.tittel = '=HYPERLINK("http://x";"klikk")'
        uow.commit()
    logg_inn(klient, SEKR)
    innhold = klient.get("/saker.csv?sok=HYPERLINK").content
    assert innhold.startswith("\ufeff".encode())
    linjer = innhold.decode("utf-8-sig").splitlines()
    assert linjer[0].startswith("Ref.;Tittel;Sakstype;Parter;Søkt (kr)")
    celler = next(csv.reader(linjer[1:], delimiter=";"))
    assert celler[0] == "RS-2" and celler[1] == '\'=HYPERLINK("http://x";"klikk")'
    assert celler[4] == "9315000"
    ark = load_workbook(io.BytesIO(klient.get("/saker.xlsx?sok=HYPERLINK").content)).active
    assert ark is not None
    assert ark["B2"].data_type == "s" and ark["B2"].value.startswith("=HYPERLINK")


def test_an_applicant_exports_only_its_own_cases(klient: TestClient) -> None:
    logg_inn(klient, "vefsn.soker")
    tekst = klient.get("/saker.csv").content.decode("utf-8-sig")
    assert "Fremtidens pasientforløp" in tekst and "KOLS" not in tekst
    ark = load_workbook(io.BytesIO(klient.get("/saker.xlsx").content)).active
    assert ark is not None
    assert [r[0] for r in ark.iter_rows(min_row=2, values_only=True)] == [
        s[0] for s in _rader_paa_siden(klient.get("/saker").text)
    ]


def test_the_count_says_one_sak_and_two_saker(klient: TestClient) -> None:
    logg_inn(klient, SEKR)
    assert "<h2>1 sak</h2>" in klient.get("/saker?sok=RS-2").text
    assert re.search(r"<h2>\d+ saker</h2>", klient.get("/saker").text)
    assert "<h2>0 saker</h2>" in klient.get("/saker?sok=finnes-ikke").text
