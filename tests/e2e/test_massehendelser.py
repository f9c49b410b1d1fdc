"""The sekretariat moves many cases at once from the dashboard; each case on its own."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlmodel import col, select

from tests.conftest import Cli
from tests.e2e.test_nettsider import logg_inn, token
from tests.ssu_saker import registrer_ssu_saker_cli
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.models.audit import AuditEntry
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.outbox import OutboxMessage
from tilskudd_flow.web.app import lag_webapp

SEKR = "samhandlingssjef"
MOTTATTE = "/saker?type=rs_soknad&tilstand=mottatt"
GRUNN = "Signert avtale mellom partene mangler."


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        logg_inn(klient, SEKR)
        yield klient


def avkrysninger(html: str) -> list[str]:
    """The values of the case checkboxes in the list, as `id@version`."""
    return re.findall(r'type="checkbox" id="velg-\d+" name="sak" value="([^"]+)"', html)


def masse(klient: TestClient, **skjema: str | list[str]) -> Response:
    csrf = token(klient.get("/logg-inn").text)
    return klient.post("/saker/masse", data={**skjema, "csrf_token": csrf})


def tilstand(app: App, sak_id: int) -> str:
    with app.uow(skriv=False) as uow:
        sak = uow.session.get(WorkflowCase, sak_id)
        assert sak is not None
        return sak.state


def mottatte(app: App) -> list[int]:
    with app.uow(skriv=False) as uow:
        saker = uow.session.exec(
            select(WorkflowCase).where(
                WorkflowCase.workflow == "rs_soknad", WorkflowCase.state == "mottatt"
            )
        )
        return [sak.id for sak in saker if sak.id is not None]


def test_ticked_cases_are_returned_at_once_each_with_its_own_history_and_e_mail(
    app: App, klient: TestClient
) -> None:
    liste = klient.get(MOTTATTE).text
    assert "Flere saker samtidig" in liste
    assert '<option value="vurder">Vurder</option>' in liste
    assert 'value="returner_som_mangelfull">Returner som mangelfull (begrunnelse påkrevd)' in liste
    valgt = [v for v in avkrysninger(liste) if v.split("@")[0] in ("2", "5")]
    assert len(valgt) == 2

    svar = masse(klient, sak=valgt, hendelse="returner_som_mangelfull", kommentar=GRUNN,
                 type="rs_soknad", tilstand="mottatt")  # fmt: skip

    assert svar.status_code == 200
    assert "2 av 2 saker er flyttet" in svar.text
    assert "Ny tilstand: Mangelfull – returnert for komplettering" in svar.text
    assert (tilstand(app, 2), tilstand(app, 5)) == ("mangelfull", "mangelfull")
    with app.uow(skriv=False) as uow:
        spor = uow.session.exec(
            select(AuditEntry.objekt_id, AuditEntry.kommentar)
            .where(AuditEntry.hendelse == "returner_som_mangelfull")
            .order_by(col(AuditEntry.objekt_id))
        ).all()
        eposter = uow.session.exec(
            select(OutboxMessage.case_id).where(OutboxMessage.mal == "rs_soknad/mangelfull")
        ).all()
    assert [tuple(r) for r in spor] == [(2, GRUNN), (5, GRUNN)]
    assert set(eposter) == {2, 5}


def test_a_case_changed_since_the_list_was_shown_is_left_alone_and_named(
    app: App, klient: TestClient
) -> None:
    liste = klient.get(MOTTATTE).text
    valgt = {v.split("@")[0]: v for v in avkrysninger(liste)}
    sak_id, versjon = valgt["2"].split("@")
    utdatert = f"{sak_id}@{int(versjon) - 1}"

    svar = masse(klient, sak=[utdatert, valgt["5"]], hendelse="returner_som_mangelfull",
                 kommentar=GRUNN)  # fmt: skip

    assert "1 av 2 saker er flyttet" in svar.text
    assert "ikke flyttet." in svar.text
    assert "Saken er endret siden du lastet den" in svar.text
    assert (tilstand(app, 2), tilstand(app, 5)) == ("mottatt", "mangelfull")


def test_every_case_on_the_page_can_be_moved_without_ticking_each(
    app: App, klient: TestClient
) -> None:
    foer = mottatte(app)
    assert len(foer) >= 2
    liste = klient.get(MOTTATTE).text
    alle = re.findall(r'name="alle_saker" value="([^"]+)"', liste)
    assert len(alle) == len(foer)

    svar = masse(klient, alle_saker=alle, omfang="alle", hendelse="returner_som_mangelfull",
                 kommentar=GRUNN)  # fmt: skip

    assert f"{len(foer)} av {len(foer)} saker er flyttet" in svar.text
    assert mottatte(app) == []


def test_forwarding_to_helse_nord_refuses_what_ssu_kept_for_the_local_pot(
    app: App, klient: TestClient, cli: Cli
) -> None:
    for sak in ("2", "5"):
        cli.ok("sak", "hendelse", sak, "vurder", "-f", "vurdering=Komplett.", som=SEKR,
               naa="2025-10-06T09:00")  # fmt: skip
    registrer_ssu_saker_cli(cli, "Sak 30-2025")
    cli.ok("runde", "prioriter", "2026", "--vedtak", "Sak 30-2025", "--plass", "2=regional",
           "--plass", "5=lokal", som=SEKR, naa="2025-10-22T12:00")  # fmt: skip
    liste = klient.get("/saker?type=rs_soknad&tilstand=prioritert").text
    assert '<option value="oversend">Oversend Helse Nord</option>' in liste

    svar = masse(klient, sak=avkrysninger(liste), hendelse="oversend", kommentar="")

    assert "1 av 2 saker er flyttet" in svar.text
    assert "Søknaden kan ikke oversendes uten plass på SSUs vedtatte liste" in svar.text
    assert (tilstand(app, 2), tilstand(app, 5)) == ("oversendt", "prioritert")


def test_nothing_ticked_a_missing_comment_or_a_guard_is_explained_and_nothing_moves(
    app: App, klient: TestClient
) -> None:
    ingen = masse(klient, hendelse="vurder", type="rs_soknad", tilstand="mottatt")
    assert ingen.status_code == 400
    assert "Velg minst én sak" in ingen.text
    assert 'name="tilstand"' in ingen.text

    valgt = avkrysninger(klient.get(MOTTATTE).text)[:1]
    uten_begrunnelse = masse(klient, sak=valgt, hendelse="returner_som_mangelfull", kommentar="")
    assert "0 av 1 sak er flyttet" in uten_begrunnelse.text
    uten_vurdering = masse(klient, sak=valgt, hendelse="vurder", kommentar="Ser bra ut")
    assert "Søknaden kan ikke vurderes uten en skriftlig vurdering" in uten_vurdering.text
    assert sorted(mottatte(app)) == sorted(int(v.split("@")[0]) for v in avkrysninger(
        klient.get(MOTTATTE).text))  # fmt: skip


def test_applicants_get_no_batch_form_and_cannot_move_others_cases(
    app: App, klient: TestClient
) -> None:
    with TestClient(lag_webapp(app)) as soker:
        logg_inn(soker, "vefsn.soker")
        liste = soker.get(MOTTATTE).text
        assert "Flere saker samtidig" not in liste
        assert avkrysninger(liste) == []

        svar = masse(soker, sak=["5"], hendelse="trekk", kommentar="")

    assert "0 av 1 sak er flyttet" in svar.text
    assert "RS-5" not in svar.text and "KOLS" not in svar.text
    assert tilstand(app, 5) == "mottatt"


def test_the_dashboard_filters_by_round_year(klient: TestClient) -> None:
    i_runden = klient.get("/saker?aar=2026").text
    assert "Fremtidens pasientforløp" in i_runden
    assert "FSU-1" not in i_runden
    assert "Ingen saker." in klient.get("/saker?type=rs_soknad&aar=2024").text
