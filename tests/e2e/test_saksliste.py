"""The case list a sekretariat works from: its columns, filters, sorting and export."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import event

from tests.e2e.test_nettsider import SEKR, logg_inn
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
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
    assert rad.endswith("| 0 | Mottatt | 15.09.2025")


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
    assert len(setninger) < 15, "\n".join(setninger)
