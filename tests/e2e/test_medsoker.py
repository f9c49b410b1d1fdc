"""A joint søknad is written together: one party invites a person at another party."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from html import unescape

import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlmodel import col, select

from tests.e2e.test_nettsider import logg_inn, token
from tests.utboksinnhold import utboksrader
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.models.audit import AuditEntry
from tilskudd_flow.models.outbox import OutboxMessage
from tilskudd_flow.web.app import lag_webapp

UTKAST = 6  # Alstahaug's draft, written with Helgelandssykehuset HF
MOTTATT = 2  # Vefsn's søknad, already sent in
MERETE = "merete.aufles@helgelandssykehuset.example"  # hsyk.soker
SEKRETARIATET = "samhandling@helgelandssykehuset.example"


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        logg_inn(klient, "alstahaug.soker")
        yield klient


def parter(html: str) -> dict[str, str]:
    """The party choices of the invitation form: name → value."""
    valg = re.findall(r'<option value="(\d+)"[^>]*>([^<]+)<', html)
    return {unescape(navn): verdi for verdi, navn in valg}


def inviter(klient: TestClient, sak: int, **felt: str) -> Response:
    csrf = token(klient.get("/logg-inn").text)
    return klient.post(f"/soknader/{sak}/medsoker", data={**felt, "csrf_token": csrf})


def medsokerposter(app: App) -> list[OutboxMessage]:
    # Issue 22: rendered at delivery; read them as the recipient will.
    return utboksrader(app, col(OutboxMessage.mal).startswith("medsoker/"))


def test_a_person_with_an_account_at_the_other_party_is_told_and_can_edit_the_draft(
    app: App, klient: TestClient
) -> None:
    skjema = klient.get(f"/soknader/{UTKAST}/medsoker")
    assert skjema.status_code == 200
    valg = parter(skjema.text)
    assert set(valg) == {"Alstahaug kommune", "Helgelandssykehuset HF"}

    svar = inviter(
        klient, UTKAST, part=valg["Helgelandssykehuset HF"], navn="Merete Aufles", epost=MERETE
    )

    assert svar.status_code == 200
    assert f"{MERETE} har fått e-post med lenke til utkastet." in svar.text
    [melding] = medsokerposter(app)
    assert (melding.mal, melding.til_adresse) == ("medsoker/varslet", MERETE)
    assert "Eva Dønnes" in melding.emne
    assert "for Helgelandssykehuset HF" in melding.tekst
    assert f"/soknader/{UTKAST}/rediger" in melding.tekst
    with app.uow(skriv=False) as uow:
        spor = uow.session.exec(
            select(AuditEntry).where(AuditEntry.hendelse == "medsoker_invitert")
        ).one()
    assert (spor.objekt_id, json.loads(spor.detaljer)["utfall"]) == (UTKAST, "varslet")

    with TestClient(lag_webapp(app)) as medsoker:
        logg_inn(medsoker, "hsyk.soker")
        utkast = medsoker.get(f"/soknader/{UTKAST}/rediger")
    assert utkast.status_code == 200
    assert "Ungdomshelse på øyene" in utkast.text


def test_a_person_without_an_account_is_an_account_request_to_the_sekretariat(
    app: App, klient: TestClient
) -> None:
    valg = parter(klient.get(f"/soknader/{UTKAST}/medsoker").text)

    svar = inviter(klient, UTKAST, part=valg["Helgelandssykehuset HF"], navn="Per Lege",
                   epost="Per.Lege@Helgelandssykehuset.example")  # fmt: skip

    assert "har ingen bruker ennå" in svar.text
    [melding] = medsokerposter(app)
    assert (melding.mal, melding.til_adresse) == ("medsoker/konto_bedt_om", SEKRETARIATET)
    assert "Per Lege" in melding.emne
    funn = re.search(r"http://[^\s\"<]+(/brukere/ny\?[^\s\"<]+)", melding.tekst)
    assert funn is not None, melding.tekst

    with TestClient(lag_webapp(app)) as admin:
        logg_inn(admin, "admin")
        utfylt = admin.get(unescape(funn.group(1)))
    assert utfylt.status_code == 200
    assert 'value="per.lege"' in utfylt.text
    assert 'value="Per Lege"' in utfylt.text
    assert 'value="per.lege@helgelandssykehuset.example"' in utfylt.text
    assert re.search(r'value="soker" checked', utfylt.text)
    assert re.search(r'value="Helgelandssykehuset HF" checked', utfylt.text)


def test_an_account_of_another_party_is_refused_beside_the_e_mail_field(
    app: App, klient: TestClient
) -> None:
    valg = parter(klient.get(f"/soknader/{UTKAST}/medsoker").text)

    svar = inviter(klient, UTKAST, part=valg["Helgelandssykehuset HF"], navn="Mona Bjørkmo",
                   epost="mona.bjorkmo@rana.kommune.example")  # fmt: skip

    assert svar.status_code == 400
    assert "representerer ikke Helgelandssykehuset HF" in svar.text
    assert 'aria-invalid="true"' in svar.text
    assert 'value="Mona Bjørkmo"' in svar.text
    assert medsokerposter(app) == []


def test_an_empty_invitation_names_every_missing_field(app: App, klient: TestClient) -> None:
    svar = inviter(klient, UTKAST, part="", navn=" ", epost="ikke-en-adresse")

    assert svar.status_code == 400
    assert "Invitasjonen er ikke sendt" in svar.text
    assert "Part: velg en av partene i søknaden" in svar.text
    assert "Navn: må fylles ut" in svar.text
    assert "«ikke-en-adresse» er ikke en gyldig e-postadresse" in svar.text
    assert 'value="ikke-en-adresse"' in svar.text
    assert medsokerposter(app) == []


def test_only_the_parties_of_a_draft_can_invite(app: App, klient: TestClient) -> None:
    with TestClient(lag_webapp(app)) as annen:
        logg_inn(annen, "rana.soker")
        assert annen.get(f"/soknader/{UTKAST}/medsoker").status_code == 404
        assert inviter(annen, UTKAST, part="1", navn="X", epost=MERETE).status_code == 404

    with TestClient(lag_webapp(app)) as vefsn:
        logg_inn(vefsn, "vefsn.soker")
        sendt = vefsn.get(f"/soknader/{MOTTATT}/medsoker")
    assert sendt.status_code == 403
    assert "Bare utkast og returnerte søknader kan skrives sammen" in sendt.text
    assert medsokerposter(app) == []


def test_the_draft_form_links_to_the_invitation(klient: TestClient) -> None:
    assert f'href="/soknader/{UTKAST}/medsoker"' in klient.get(f"/soknader/{UTKAST}/rediger").text
