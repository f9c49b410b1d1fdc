"""Issue 19, point 7, over HTTP: a constituted FSU that loses its brukerrepresentant is
flagged on the FSU overview and on its case page until someone holds the role again."""

from __future__ import annotations

from fastapi.testclient import TestClient

from tests.e2e.test_fsu_avtale_sider import MEDLEMMER, hendelse, klient, medlem, seksjon
from tests.e2e.test_nettsider import logg_inn
from tests.ssu_saker import registrer_ssu_saker
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.motor.overganger import Hendelseskommando, utfor_hendelse

__all__ = ["klient"]  # the fixture, shared with the FSU and avtale pages' tests

SEKR = "samhandlingssjef"
NAVN = "FSU Digitale helsetjenester og e-helseløsninger"
BRUDD = "Konstituert, men mangler</strong> brukerrepresentant (oppnevnes via Brukerutvalget)"


def test_the_overview_and_the_case_page_flag_a_lost_brukerrepresentant_until_fixed(
    klient: TestClient, app: App, demo: Demosammendrag
) -> None:
    logg_inn(klient, SEKR)
    registrer_ssu_saker(app, "Sak 25-2025")
    hendelse(app, demo.fsu, "oppnevn", vedtak="25/25")
    hendelse(app, demo.fsu, "vedta_mandat", mandat="Utvalget skal samordne e-helseløsninger.")
    for navn, epost, rolle, side in MEDLEMMER:
        medlem(app, demo.fsu, navn, epost, rolle, side)
    hendelse(app, demo.fsu, "bemann")
    hendelse(app, demo.fsu, "konstituer", leder=MEDLEMMER[0][1], nestleder=MEDLEMMER[1][1])
    assert "mangler" not in seksjon(klient.get("/fsu").text, NAVN).lower()

    kommando = Hendelseskommando(demo.fsu, "fjern_medlem", "Trakk seg", {"epost": MEDLEMMER[2][1]})
    utfor_hendelse(kommando, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
    assert BRUDD in seksjon(klient.get("/fsu").text, NAVN)
    sakside = klient.get(f"/saker/{demo.fsu}").text
    assert "Hva skjer nå" in sakside
    assert "FSU-et mangler brukerrepresentant (oppnevnes via Brukerutvalget)" in sakside

    medlem(app, demo.fsu, "Ny Bruker", "ny@brukerutvalget.example", "brukerrepresentant", "")
    assert "mangler" not in seksjon(klient.get("/fsu").text, NAVN).lower()
    assert "FSU-et mangler" not in klient.get(f"/saker/{demo.fsu}").text
