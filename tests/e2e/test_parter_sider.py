"""The parties on the web (issue 20): the sekretariat edits a party's name, postmottak,
membership and other names; each change is audited with before and after, the other names
are found wherever a party is looked up, and a name that points at two parties is refused."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlmodel import select

from tests.e2e.test_nettsider import logg_inn, token
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.models.audit import AuditEntry
from tilskudd_flow.motor.saker import partoppslag, sjekk_partaliaser
from tilskudd_flow.motor.tilgang import hent_aktor
from tilskudd_flow.web.app import lag_webapp

SEKR = "samhandlingssjef"
RANA = {"navn": "Rana kommune", "postmottak": "postmottak@rana.kommune.example",
        "medlem": "ja", "aliaser": ""}  # fmt: skip


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        yield klient


def part_id(klient: TestClient, navn: str) -> int:
    funn = re.search(rf'href="/parter/(\d+)">Endre<span class="skjult"> {navn}<', klient.get(
        "/parter").text)  # fmt: skip
    assert funn is not None, f"{navn} mangler på /parter"
    return int(funn.group(1))


def lagre(klient: TestClient, pid: int, skjema: dict[str, str]) -> Response:
    csrf = token(klient.get(f"/parter/{pid}").text)
    return klient.post(f"/parter/{pid}", data={**skjema, "csrf_token": csrf},
                       follow_redirects=False)  # fmt: skip


def rader(html: str) -> list[tuple[str, ...]]:
    """The party table's rows as read: number, name, type, postmottak, member, other names."""
    tabell = html[html.index("<tbody>") : html.index("</tbody>")]
    return [
        tuple(re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", rad, re.S))[:6]
        for rad in re.findall(r"<tr>(.*?)</tr>", tabell, re.S)
    ]


def finn(app: App, tekst: str) -> str | None:
    with app.uow(skriv=False) as uow:
        aktor = hent_aktor(uow.session, SEKR)
        part = partoppslag(uow.session, aktor.helsefellesskap_id, app.innstillinger)(tekst)
        return part.navn if part is not None else None


def revisjon(app: App, hendelse: str) -> list[dict[str, object]]:
    with app.uow(skriv=False) as uow:
        rader = uow.session.exec(select(AuditEntry).where(AuditEntry.hendelse == hendelse))
        return [json.loads(r.detaljer) for r in rader]


def test_the_list_shows_number_name_postmottak_membership_and_other_names(
    klient: TestClient,
) -> None:
    logg_inn(klient, SEKR)
    side = klient.get("/parter").text
    assert ("1824", "Vefsn kommune", "Kommune", "postmottak@vefsn.kommune.example", "Ja",
            "–") in rader(side)  # fmt: skip
    assert ("1811", "Bindal kommune", "Kommune", "postmottak@bindal.kommune.example", "Nei",
            "–") in rader(side)  # fmt: skip
    assert (
        "–",
        "Helgelandssykehuset HF",
        "Helseforetak",
        "postmottak@helgelandssykehuset.example",
        "Ja",
        "HSYK",
    ) in rader(side)  # config.toml
    skjema = klient.get(f"/parter/{part_id(klient, 'Helgelandssykehuset HF')}").text
    assert "Satt opp i driftsoppsettet (config.toml) og endres bare der: HSYK." in skjema
    for etikett in ("Navn", "Postmottak (e-post)", "Medlem av helsefellesskapet", "Andre navn"):
        assert f">{etikett}</label>" in skjema
    assert ">Lagre endringene</button>" in skjema


def test_the_sekretariat_changes_a_party_and_every_change_is_audited(
    klient: TestClient, app: App
) -> None:
    logg_inn(klient, SEKR)
    pid = part_id(klient, "Rana kommune")
    endring = {**RANA, "postmottak": "post@rana.kommune.example", "medlem": "",
               "aliaser": "Mo i Rana\n  rana   KOMMUNE  \n\nMo i rana"}  # fmt: skip
    svar = lagre(klient, pid, endring)
    assert svar.status_code == 303
    side = klient.get(svar.headers["location"]).text
    assert "Endringene for Rana kommune er lagret." in side
    assert ("1833", "Rana kommune", "Kommune", "post@rana.kommune.example", "Nei",
            "Mo i Rana") in rader(side)  # fmt: skip
    assert finn(app, "mo i  rana") == "Rana kommune"
    endret = revisjon(app, "part_endret")[-1]
    assert endret == {"part": "Rana kommune",
                      "postmottak": ["postmottak@rana.kommune.example",
                                     "post@rana.kommune.example"],
                      "aliaser": [[], ["Mo i Rana"]]}  # fmt: skip
    assert revisjon(app, "medlemskap_endret")[-1] == {"part": "Rana kommune",
                                                      "medlem": [True, False]}  # fmt: skip
    historikk = re.sub(
        r"\s+", " ", re.sub(r"<[^>]+>", " ", klient.get("/historikk?type=part").text)
    )
    assert "parten ble endret" in historikk
    assert "Postmottak: postmottak@rana.kommune.example → post@rana.kommune.example" in historikk
    assert "Andre navn: ingen → Mo i Rana" in historikk


def test_a_renamed_party_keeps_its_old_name_as_another_name(klient: TestClient, app: App) -> None:
    logg_inn(klient, SEKR)
    pid = part_id(klient, "Helgelandssykehuset HF")
    ny = {"navn": "Helgelandssykehuset Mosjøen HF", "medlem": "ja", "aliaser": "",
          "postmottak": "postmottak@helgelandssykehuset.example"}  # fmt: skip
    assert lagre(klient, pid, ny).status_code == 303
    assert finn(app, "Helgelandssykehuset HF") == "Helgelandssykehuset Mosjøen HF"
    assert finn(app, "HSYK") == "Helgelandssykehuset Mosjøen HF"  # config.toml's, still
    with app.uow(skriv=False) as uow:
        sjekk_partaliaser(uow.session, app.innstillinger)  # the next start still accepts it
    # Dropping the old name would leave config.toml's «Helgelandssykehuset HF» unknown.
    svar = lagre(klient, pid, ny)
    assert svar.status_code == 400
    assert "config.toml kaller parten «Helgelandssykehuset HF»" in svar.text


def test_bad_input_and_names_of_other_parties_are_refused_and_nothing_is_lost(
    klient: TestClient, app: App
) -> None:
    logg_inn(klient, SEKR)
    pid = part_id(klient, "Rana kommune")
    feil = {**RANA, "postmottak": "post@", "aliaser": "Mo i Rana\nHSYK\nvefsn"}
    svar = lagre(klient, pid, feil)
    assert svar.status_code == 400
    assert "Endringene er ikke lagret" in svar.text
    assert "Postmottak: «post@» er ikke en gyldig e-postadresse" in svar.text
    assert (
        "Andre navn: brukes allerede om en annen part: «HSYK» (Helgelandssykehuset HF), "
        "«vefsn» (Vefsn kommune). Et navn kan bare peke på én part."
    ) in svar.text
    assert "Mo i Rana\nHSYK\nvefsn</textarea>" in svar.text and 'value="post@"' in svar.text
    svar = lagre(klient, pid, {**RANA, "navn": "Vefsn"})
    assert "Navn: «Vefsn» er allerede navnet på eller et annet navn for Vefsn kommune" in svar.text
    assert revisjon(app, "part_endret") == []
    assert finn(app, "Mo i Rana") is None


@pytest.mark.parametrize("rolle", ["vefsn.soker", "ssu.medlem"])
def test_only_the_sekretariat_and_admin_see_and_change_the_parties(
    klient: TestClient, rolle: str
) -> None:
    logg_inn(klient, rolle)
    assert klient.get("/parter").status_code == 403
    assert klient.get("/parter/1").status_code == 403
    csrf = token(klient.get("/aarshjul").text)
    svar = klient.post("/parter/1", data={**RANA, "csrf_token": csrf}, follow_redirects=False)
    assert svar.status_code == 403


def test_a_post_without_the_csrf_token_changes_nothing(klient: TestClient, app: App) -> None:
    logg_inn(klient, SEKR)
    pid = part_id(klient, "Rana kommune")
    svar = klient.post(f"/parter/{pid}", data={**RANA, "aliaser": "Mo i Rana"})
    assert svar.status_code == 403
    assert finn(app, "Mo i Rana") is None
