"""SSU's week-43 meeting over HTTP: the chair builds the list, members watch, SSU adopts."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlmodel import col, select

from tests.conftest import Cli
from tests.e2e.test_nettsider import logg_inn, token
from tests.ssu_saker import registrer_ssu_saker_cli
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.domain.kodeverk import Ordning
from tilskudd_flow.models.audit import AuditEntry
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.soknad import Tildeling
from tilskudd_flow.web.app import lag_webapp

SEKR = "samhandlingssjef"
LEDER = "ssu.leder"  # a meeting leader in config.toml
SIDE = "/prioritering/2026"
# Demo søknader: 2 Fremtidens pasientforløp, 3 Helgelandssykepleier, 4 Ambulant
# rehabilitering, 5 KOLS (kr 500 000 for 2026). The local pot for 2026 has kr 6 300 000:
# 5 MNOK frame + 2.8 MNOK carried over − 0.5 MNOK licence − 1 MNOK coordinator.


@pytest.fixture
def vurdert(cli: Cli, demo: Demosammendrag, klokke: FixedClock) -> None:
    cli.vurder(2, 3, 4, 5)
    registrer_ssu_saker_cli(cli, "Sak 31-2025")  # the sak the meeting adopts the list in
    klokke.set(datetime(2025, 10, 22, 10, 0, tzinfo=UTC))


def klient_for(app: App, brukernavn: str) -> TestClient:
    klient = TestClient(lag_webapp(app))
    logg_inn(klient, brukernavn)
    return klient


@pytest.fixture
def leder(app: App, vurdert: None) -> Iterator[TestClient]:
    with klient_for(app, LEDER) as klient:
        yield klient


def versjon(klient: TestClient) -> str:
    funn = re.search(r'data-versjon="(\d+)"', klient.get(SIDE).text)
    assert funn is not None
    return funn.group(1)


def post(klient: TestClient, handling: str, versjon_: str | None = None, **skjema: str) -> Response:
    side = klient.get(SIDE).text
    csrf = token(side)
    gjeldende = versjon_ if versjon_ is not None else re.search(r'data-versjon="(\d+)"', side)[1]  # type: ignore[index]
    return klient.post(f"{SIDE}/{handling}", data={**skjema, "versjon": gjeldende,
                                                    "csrf_token": csrf})  # fmt: skip


def rekkefolge(klient: TestClient) -> list[str]:
    side = klient.get(SIDE).text
    liste = side[side.index('id="prioritert"') : side.index("</ol>")]
    return re.findall(r'data-sak="(\d+)"', liste)


def tilstander(app: App) -> dict[int, str]:
    with app.uow(skriv=False) as uow:
        saker = uow.session.exec(select(WorkflowCase).where(col(WorkflowCase.id).in_([2, 3, 4, 5])))
        return {s.id or 0: s.state for s in saker}


def test_the_chair_orders_marks_and_adopts_and_every_soknad_moves(
    app: App, leder: TestClient
) -> None:
    start = leder.get(SIDE).text
    assert "Ikke på listen" in start
    assert "merket kr 0 av kr 6 300 000 disponibelt" in start

    assert post(leder, "merk", sak_id="2", prioritering="regional").status_code == 200
    post(leder, "merk", sak_id="5", prioritering="lokal")
    post(leder, "merk", sak_id="3", prioritering="begge", lokalt_2026="kr 1 000 000")
    assert rekkefolge(leder) == ["2", "5", "3"]
    post(leder, "flytt", sak_id="3", retning="opp")
    assert rekkefolge(leder) == ["2", "3", "5"]
    post(leder, "rekkefolge", rekkefolge="5,2,3")
    assert rekkefolge(leder) == ["5", "2", "3"]
    side = leder.get(SIDE).text
    assert "merket kr 1 500 000 av kr 6 300 000 disponibelt" in side

    svar = post(leder, "vedta", vedtak="Sak 31-2025")

    assert "Prioriteringslisten er vedtatt" in svar.text
    assert "SSU vedtok listen 22. oktober 2025 (Sak 31-2025)" in svar.text
    assert tilstander(app) == {2: "prioritert", 3: "prioritert", 4: "ikke_prioritert",
                               5: "tildelt"}  # fmt: skip
    with app.uow(skriv=False) as uow:
        lokale = uow.session.exec(
            select(Tildeling.soknad_id, Tildeling.aar, Tildeling.ore)
            .where(Tildeling.ordning == Ordning.LOKAL)
            .order_by(col(Tildeling.soknad_id))
        ).all()
        prioritert = uow.session.exec(
            select(AuditEntry).where(AuditEntry.hendelse == "prioriter", AuditEntry.objekt_id == 2)
        ).one()
    assert [tuple(r) for r in lokale] == [(3, 2026, 1_000_000_00), (5, 2026, 500_000_00)]
    assert prioritert.brukernavn == "system@helgeland"
    assert "registrert av Leder i SSU" in prioritert.kommentar
    assert "Lagre merking" not in svar.text  # an adopted list is read only


def test_members_watch_the_same_order_and_cannot_change_it(app: App, leder: TestClient) -> None:
    post(leder, "merk", sak_id="4", prioritering="regional")
    post(leder, "merk", sak_id="2", prioritering="regional")
    post(leder, "flytt", sak_id="2", retning="opp")

    with klient_for(app, "ssu.medlem") as medlem:
        side = medlem.get(SIDE).text
        assert rekkefolge(medlem) == ["2", "4"]
        assert "Lagre merking" not in side and "Flytt opp" not in side
        assert "Siden oppdaterer seg selv" in side
        assert medlem.get(f"{SIDE}/versjon").json() == {"versjon": 3}
        nektet = post(medlem, "flytt", sak_id="4", retning="opp")
        assert nektet.status_code == 403
        assert rekkefolge(medlem) == ["2", "4"]


def test_an_edit_on_a_list_changed_meanwhile_is_a_conflict_and_loses_nothing(
    app: App, leder: TestClient
) -> None:
    post(leder, "merk", sak_id="2", prioritering="regional")
    post(leder, "merk", sak_id="3", prioritering="regional")
    with klient_for(app, SEKR) as sekretariat:
        sett = versjon(sekretariat)
        post(leder, "flytt", sak_id="3", retning="opp")

        svar = post(sekretariat, "merk", sett, sak_id="5", prioritering="lokal")

        assert svar.status_code == 409
        assert "Listen er endret av ssu.leder mens du så på den" in svar.text
        assert rekkefolge(sekretariat) == ["3", "2"]
        assert post(sekretariat, "merk", sak_id="5", prioritering="lokal").status_code == 200
        assert rekkefolge(sekretariat) == ["3", "2", "5"]


def test_adopting_a_list_over_the_local_pot_is_refused_naming_the_overrun(
    app: App, leder: TestClient
) -> None:
    post(leder, "merk", sak_id="5", prioritering="lokal", lokalt_2026="kr 7 000 000")
    assert "Over potten med kr 700 000 i 2026" in leder.get(SIDE).text

    svar = post(leder, "vedta", vedtak="Sak 31-2025")

    assert svar.status_code == 400
    assert "går over det som er disponibelt for 2026 med kr 700 000" in svar.text
    assert 'value="Sak 31-2025"' in svar.text
    assert set(tilstander(app).values()) == {"vurdert"}


def test_a_bad_amount_is_explained_and_the_list_is_unchanged(leder: TestClient) -> None:
    svar = post(leder, "merk", sak_id="5", prioritering="lokal", lokalt_2026="fem kroner")
    assert svar.status_code == 400
    assert "Beløp for 2026: Ugyldig beløp «fem kroner»" in svar.text
    assert 'id="prioritert"' not in svar.text


def test_applicants_do_not_see_the_meeting(app: App, vurdert: None) -> None:
    with klient_for(app, "vefsn.soker") as soker:
        assert soker.get(SIDE).status_code == 403
        assert soker.get(f"{SIDE}/versjon").status_code == 403
