"""An attachment in a case summary is a link to its download, on the page and in the API.

The workflow names the attachment; the engine gives the address the web's route answers.
"""

from __future__ import annotations

from collections.abc import Iterator
from html import escape

import pytest
from fastapi.testclient import TestClient
from sqlmodel import col, select

from tests.e2e.test_api import hode
from tests.e2e.test_nettsider import logg_inn
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.models.soknad import Vedlegg
from tilskudd_flow.web.app import lag_webapp


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        yield klient


def _vedlegg(app: App, sak_id: int) -> list[tuple[int, str]]:
    with app.uow(skriv=False) as uow:
        rader = uow.session.exec(
            select(Vedlegg).where(Vedlegg.soknad_id == sak_id).order_by(col(Vedlegg.lastet_opp))
        )
        return [(v.id or 0, v.filnavn) for v in rader]


def test_the_case_page_links_each_attachment_to_a_download_that_answers(
    klient: TestClient, app: App, demo: Demosammendrag
) -> None:
    sak = demo.soknader[0]
    vedlegg = _vedlegg(app, sak)
    assert vedlegg, "the demo søknad has attachments"
    logg_inn(klient, "samhandlingssjef")
    side = klient.get(f"/saker/{sak}").text
    for vedlegg_id, filnavn in vedlegg:
        assert f'<a href="/vedlegg/{vedlegg_id}">' in side
        assert escape(filnavn, quote=False) in side
        nedlasting = klient.get(f"/vedlegg/{vedlegg_id}")
        assert nedlasting.status_code == 200
        assert nedlasting.headers["content-disposition"].startswith("attachment")


def test_the_api_gives_each_attachment_its_text_and_address(
    klient: TestClient, app: App, demo: Demosammendrag
) -> None:
    sak = demo.soknader[0]
    vedlegg = _vedlegg(app, sak)
    svar = klient.get(f"/api/saker/{sak}", headers=hode(klient, "samhandlingssjef"))
    lenker = svar.json()["detaljer"]["Vedlegg"]
    assert [set(lenke) for lenke in lenker] == [{"tekst", "href"}] * len(vedlegg)
    for lenke, (vedlegg_id, filnavn) in zip(lenker, vedlegg, strict=True):
        assert lenke["href"] == f"/vedlegg/{vedlegg_id}"
        assert filnavn in lenke["tekst"]
