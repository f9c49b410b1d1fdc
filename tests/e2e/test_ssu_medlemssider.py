"""SSU's member register on the web (issue 20): the sekretariat registers members and vara
and chooses leder and nestleder with the same rules and audit as `tilskudd ssu-medlem`;
bad input is shown in the form with what was typed."""

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
from tilskudd_flow.web.app import lag_webapp

SEKR = "samhandlingssjef"
NY = {"navn": "Ola Nordmann", "epost": "ola.nordmann@vefsn.kommune.example", "side": "kommune",
      "organisasjon": "Vefsn kommune", "tittel": "Kommunalsjef", "verv": "medlem",
      "vara_for": "", "fra": ""}  # fmt: skip


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        yield klient


def send(klient: TestClient, sti: str, skjema: dict[str, str]) -> Response:
    csrf = token(klient.get("/ssu-medlemmer").text)
    return klient.post(sti, data={**skjema, "csrf_token": csrf}, follow_redirects=False)


def rader(html: str) -> list[tuple[str, ...]]:
    """The member table's rows as read: name, verv, side, organisation, vara for, term."""
    tabell = html[html.index("<tbody>") : html.index("</tbody>")]
    return [
        tuple(re.sub(r"<span.*?</span>|<[^>]+>", "", celle) for celle in
              re.findall(r"<td[^>]*>(.*?)</td>", rad, re.S))
        for rad in re.findall(r"<tr>(.*?)</tr>", tabell, re.S)
    ]  # fmt: skip


def hendelser(app: App, hendelse: str) -> list[dict[str, object]]:
    with app.uow(skriv=False) as uow:
        rader = uow.session.exec(select(AuditEntry).where(AuditEntry.hendelse == hendelse))
        return [json.loads(r.detaljer) for r in rader]


def test_the_register_lists_members_vara_and_leadership_with_their_terms(
    klient: TestClient,
) -> None:
    logg_inn(klient, SEKR)
    side = klient.get("/ssu-medlemmer").text
    assert rader(side)[:3] == [
        ("Leder i SSU", "Leder", "Kommune", "Vefsn kommune", "–", "04.05.2023–03.05.2027"),
        ("Medlem i SSU", "Nestleder", "Helseforetak", "Helgelandssykehuset HF", "–",
         "04.05.2023–03.05.2027"),
        ("Hanne Solli", "Medlem", "Helseforetak", "Helgelandssykehuset HF", "–",
         "04.05.2023–03.05.2027"),
    ]  # fmt: skip
    assert ("Siri Vara", "Vara", "Kommune", "Vefsn kommune", "Leder i SSU",
            "04.05.2023–03.05.2027") in rader(side)  # fmt: skip
    assert 'Leder i SSU<br><span class="veiledning">ssu.leder@vefsn.kommune.example' in side
    assert '<label for="navn">Navn</label>' in side
    assert '<label for="vara_for">Vara for</label>' in side
    assert '<label for="leder">Leder</label>' in side
    assert ">Registrer medlemmet</button>" in side and ">Registrer ledelsen</button>" in side
    gammel = klient.get("/ssu-medlemmer?dato=01.01.2020").text
    assert "Ingen er registrert som medlem på denne datoen." in gammel


def test_the_sekretariat_registers_a_member_and_a_vara_and_each_is_audited(
    klient: TestClient, app: App
) -> None:
    logg_inn(klient, SEKR)
    svar = send(klient, "/ssu-medlemmer", NY)
    assert svar.status_code == 303
    side = klient.get(svar.headers["location"]).text
    assert "Ola Nordmann er registrert i SSU for fire år." in side
    assert ("Ola Nordmann", "Medlem", "Kommune", "Vefsn kommune", "–",
            "15.09.2025–14.09.2029") in rader(side)  # fmt: skip
    vara = {**NY, "navn": "Kari Vara", "epost": "kari.vara@vefsn.kommune.example",
            "vara_for": NY["epost"], "fra": "01.10.2025"}  # fmt: skip
    assert send(klient, "/ssu-medlemmer", vara).status_code == 303
    side = klient.get("/ssu-medlemmer?dato=2025-10-01").text
    assert ("Kari Vara", "Vara", "Kommune", "Vefsn kommune", "Ola Nordmann",
            "01.10.2025–30.09.2029") in rader(side)  # fmt: skip
    registrert = hendelser(app, "ssu_medlem_registrert")
    assert {"navn": "Kari Vara", "side": "kommune", "verv": "medlem", "fra": "2025-10-01",
            "vara_for": NY["epost"]} in registrert  # fmt: skip


def test_bad_input_is_shown_beside_each_field_and_nothing_typed_is_lost(
    klient: TestClient, app: App
) -> None:
    logg_inn(klient, SEKR)
    feil = {**NY, "navn": "Ola Nordmann", "epost": "ikke-en-adresse", "side": "",
            "fra": "31.02.2026"}  # fmt: skip
    svar = send(klient, "/ssu-medlemmer", feil)
    assert svar.status_code == 400
    tekst = svar.text
    assert "Medlemmet er ikke registrert" in tekst
    assert '<a href="#side">Side: velg kommunesiden eller helseforetakssiden</a>' in tekst
    assert "Første dag: Ugyldig dato «31.02.2026»" in tekst
    assert 'value="Ola Nordmann"' in tekst and 'value="ikke-en-adresse"' in tekst
    svar = send(klient, "/ssu-medlemmer", {**NY, "epost": "ikke-en-adresse"})
    assert "E-post: «ikke-en-adresse» er ikke en gyldig e-postadresse" in svar.text
    svar = send(klient, "/ssu-medlemmer", {**NY, "navn": "", "epost": ""})
    assert '<a href="#navn">Navn: må fylles ut</a>' in svar.text
    assert '<a href="#epost">E-post: må fylles ut</a>' in svar.text
    # A rule of the register: a vara comes from the side of the member she stands in for.
    feil_side = {**NY, "side": "helseforetak", "vara_for": "ssu.leder@vefsn.kommune.example"}
    svar = send(klient, "/ssu-medlemmer", feil_side)
    assert svar.status_code == 400
    assert "Varaen må komme fra samme side som Leder i SSU" in svar.text
    assert (
        '<input type="radio" id="side-helseforetak" name="side" value="helseforetak" checked>'
        in svar.text
    )
    assert len(hendelser(app, "ssu_medlem_registrert")) == 6  # the demo's, no more


def test_leadership_is_chosen_from_the_members_by_the_turn_of_sides(
    klient: TestClient, app: App
) -> None:
    logg_inn(klient, SEKR)
    feil_side = {
        "leder": "hanne.solli@helgelandssykehuset.example",
        "nestleder": "knut.ranaas@rana.kommune.example",
        "ledelse_fra": "2025-09-15",
    }
    svar = send(klient, "/ssu-medlemmer/ledelse", feil_side)
    assert svar.status_code == 400
    assert "Ledelsen er ikke registrert" in svar.text
    assert "skal komme fra kommunesiden" in svar.text
    svar = send(klient, "/ssu-medlemmer/ledelse", {"leder": "", "nestleder": "", "ledelse_fra": ""})
    assert '<a href="#leder">Leder: velg et medlem</a>' in svar.text
    assert '<a href="#nestleder">Nestleder: velg et medlem</a>' in svar.text
    assert "Første dag i toårsperioden: må fylles ut" in svar.text
    dato_feil = {**feil_side, "ledelse_fra": "31.02.2026"}
    svar = send(klient, "/ssu-medlemmer/ledelse", dato_feil)
    assert "Første dag i toårsperioden: Ugyldig dato «31.02.2026»" in svar.text
    riktig = {
        "leder": "knut.ranaas@rana.kommune.example",
        "nestleder": "hanne.solli@helgelandssykehuset.example",
        "ledelse_fra": "15.09.2025",
    }
    svar = send(klient, "/ssu-medlemmer/ledelse", riktig)
    assert svar.status_code == 303
    side = klient.get(svar.headers["location"]).text
    assert "Leder og nestleder er registrert fra 15.09.2025." in side
    verv = [r[:2] for r in rader(side)]
    assert verv[:2] == [("Knut Ranaas", "Leder"), ("Hanne Solli", "Nestleder")]
    assert ("Leder i SSU", "Medlem") in verv and ("Medlem i SSU", "Medlem") in verv
    valgt = hendelser(app, "ssu_ledelse_valgt")[-1]
    assert valgt["leder"] == "Knut Ranaas" and valgt["nestleder"] == "Hanne Solli"
    assert valgt["tidligere"] == {"leder": "Leder i SSU", "nestleder": "Medlem i SSU"}


def test_ssu_members_read_the_register_without_forms_and_may_not_post(
    klient: TestClient,
) -> None:
    logg_inn(klient, "ssu.medlem")
    side = klient.get("/ssu-medlemmer").text
    assert rader(side)[0][0] == "Leder i SSU" and "Registrer medlemmet" not in side
    assert send(klient, "/ssu-medlemmer", NY).status_code == 403


def test_a_post_without_the_csrf_token_changes_nothing(klient: TestClient, app: App) -> None:
    logg_inn(klient, SEKR)
    svar = klient.post("/ssu-medlemmer", data=NY, follow_redirects=False)
    assert svar.status_code == 403
    assert "Ola Nordmann" not in klient.get("/ssu-medlemmer").text
