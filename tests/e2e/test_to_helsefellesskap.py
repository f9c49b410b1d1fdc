"""Two helsefellesskap in one database: Troms og Ofoten's sekretariat sees its own cases,
saker, meetings, users, e-mail and deadlines, and nothing of Helgeland's — and the other way."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.e2e.test_nettsider import logg_inn
from tilskudd_flow.bootstrap import App
from tilskudd_flow.config import HelsefellesskapInnstillinger, Innstillinger
from tilskudd_flow.demo.data import DEMOPASSORD, Demosammendrag
from tilskudd_flow.domain.kodeverk import FsuType, Rolle, Sakstype
from tilskudd_flow.kontoer.brukere import NyBruker, opprett_bruker
from tilskudd_flow.kontoer.innlogging import passord_hash
from tilskudd_flow.motor.helsefellesskap import opprett_helsefellesskap
from tilskudd_flow.samarbeid.fsu import foreslaa_fsu
from tilskudd_flow.ssu.ssu_saker import registrer_ssu_sak
from tilskudd_flow.web.app import lag_webapp

TROMS = "troms"
SEKR = "troms.sekretariat"
# What only Helgeland has: case titles, people, saker.
HELGELAND = [
    "Fremtidens pasientforløp",
    "Helgelandssykepleier",
    "Karin Ingebrigtsen",
    "FSU Digitale helsetjenester",
    "Søknadsrunde 2026",
    "Vefsn kommune",
    "Leder i SSU",
]
# And what only Troms og Ofoten has.
TROMS_DATA = ["FSU Akuttmedisin Troms", "Sak 23-2025 Felles legevakt", "Troms sekretariat"]


@pytest.fixture
def innstillinger(innstillinger: Innstillinger) -> Innstillinger:
    innstillinger.helsefellesskap[TROMS] = HelsefellesskapInnstillinger(
        navn="Helsefellesskap Troms og Ofoten",
        avsender="Helsefellesskap Troms og Ofoten <samhandling@unn.example>",
        mottakere={"sekretariat": ["samhandling@unn.example"]},
    )
    return innstillinger


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    naa = app.miljo.klokke.now()
    with app.uow() as uow:
        hf = opprett_helsefellesskap(
            uow.session,
            kode=TROMS,
            navn="Helsefellesskap Troms og Ofoten",
            systemepost="samhandling@unn.example",
            naa=naa,
        )
        sekretariat = opprett_bruker(
            uow.session,
            aktor=None,
            helsefellesskap_id=hf.id or 0,
            ny=NyBruker(SEKR, "Troms sekretariat", "sekretariat@unn.example", (Rolle.SEKRETARIAT,)),
            naa=naa,
            innstillinger=app.innstillinger,
        )
        sekretariat.passord_hash = passord_hash(DEMOPASSORD)
        foreslaa_fsu(
            uow.session,
            app.miljo,
            aktor=sekretariat,
            navn="FSU Akuttmedisin Troms",
            type_=FsuType.FAST,
        )
        uow.commit()
    registrer_ssu_sak(
        tittel="Felles legevakt",
        type_=Sakstype.DROFTINGSSAK,
        nummer="Sak 23-2025",
        uow=app.uow(),
        miljo=app.miljo,
        brukernavn=SEKR,
    )
    registrer_ssu_sak(
        tittel="Søknadsrunde 2026",
        type_=Sakstype.BESLUTNINGSSAK,
        nummer="Sak 23-2025",
        uow=app.uow(),
        miljo=app.miljo,
        brukernavn="samhandlingssjef",
    )
    with TestClient(lag_webapp(app)) as klient:
        yield klient


SIDER = [
    "/saker",
    "/fsu",
    "/avtaler",
    "/utboks",
    "/brukere",
    "/aarshjul",
    "/ssu-saker?aar=2025",
    "/moter",
    "/arbeidsflyter",
]


def test_troms_sees_only_its_own(klient: TestClient) -> None:
    logg_inn(klient, SEKR)
    for sti in SIDER:
        side = klient.get(sti)
        assert side.status_code == 200, sti
        lekket = [t for t in HELGELAND if t in side.text]
        assert lekket == [], f"{sti} viser Helgelands {lekket}"
    token = klient.post("/api/innlogging", json={"brukernavn": SEKR, "passord": DEMOPASSORD})
    hode = {"Authorization": f"Bearer {token.json()['token']}"}
    api = klient.get("/api/saker", headers=hode).json()
    assert [s["tittel"] for s in api["saker"]] == ["FSU Akuttmedisin Troms"]
    assert klient.get("/api/saker/2", headers=hode).status_code == 404
    assert "FSU Akuttmedisin Troms" in klient.get("/fsu").text
    assert "Felles legevakt" in klient.get("/ssu-saker?aar=2025").text
    for sti in (
        "/saker/2",
        "/saker/1",
        "/soknader/2/kvittering",
        "/vedlegg/1",
        "/prioritering/2026",
        "/runder/2026",
        "/ssu-saker/2",
        "/saker/2/arkivuttrekk.zip",
    ):
        assert klient.get(sti).status_code == 404, sti


def test_helgeland_sees_nothing_of_troms(klient: TestClient) -> None:
    logg_inn(klient, "samhandlingssjef")
    for sti in SIDER:
        side = klient.get(sti)
        lekket = [t for t in TROMS_DATA if t in side.text]
        assert lekket == [], f"{sti} viser Troms' {lekket}"
    troms_fsu = klient.get("/saker?sok=Akuttmedisin")
    assert "FSU Akuttmedisin Troms" not in troms_fsu.text
    assert klient.get("/ssu-saker/1").status_code == 404  # Troms' Sak 23-2025
