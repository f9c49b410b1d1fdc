"""The årshjul as a calendar feed Outlook can subscribe to, at a secret address per user."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from icalendar import Calendar

from tests.e2e.test_nettsider import logg_inn, token
from tests.e2e.test_rapporter import SEKR, tildelt  # noqa: F401 (a fixture used below)
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.kontoer.brukere import sett_aktiv
from tilskudd_flow.motor.frister import list_frister
from tilskudd_flow.motor.tilgang import hent_aktor
from tilskudd_flow.web.app import lag_webapp

ADRESSE = re.compile(
    r'id="kalenderadresse" readonly value="http://[^/]+(/kalender/\d+/[\w-]+\.ics)"'
)


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        yield klient


def adresse(klient: TestClient, brukernavn: str) -> str:
    logg_inn(klient, brukernavn)
    funn = ADRESSE.search(klient.get("/aarshjul").text)
    assert funn is not None
    return funn.group(1)


def test_outlook_gets_every_deadline_without_logging_in(app: App, klient: TestClient) -> None:
    sti = adresse(klient, "vefsn.soker")
    with TestClient(lag_webapp(app)) as outlook:
        svar = outlook.get(sti)
    assert svar.status_code == 200
    assert svar.headers["content-type"].startswith("text/calendar")
    hendelser = [k for k in Calendar.from_ical(svar.content).walk("VEVENT")]
    with app.uow(skriv=False) as uow:
        antall = len(list_frister(uow.session, 1))
    assert len(hendelser) == antall > 0
    assert any("Søknadsfrist" in str(h["SUMMARY"]) for h in hendelser)


@pytest.mark.parametrize("forfalsket", ["/kalender/{id}/feil.ics", "/kalender/{annen}/{token}.ics"])
def test_a_wrong_or_borrowed_token_is_not_found(klient: TestClient, forfalsket: str) -> None:
    sti = adresse(klient, "vefsn.soker")
    _, _, bruker_id, fil = sti.split("/")
    annen = str(int(bruker_id) + 1)
    forsok = forfalsket.format(id=bruker_id, annen=annen, token=fil.removesuffix(".ics"))
    assert klient.get(forsok).status_code == 404


def test_a_new_address_retires_the_old_one(klient: TestClient) -> None:
    gammel = adresse(klient, "samhandlingssjef")
    svar = klient.post(
        "/aarshjul/ny-kalenderadresse",
        data={"csrf_token": token(klient.get("/aarshjul").text)},
    )
    assert "Den gamle virker ikke lenger" in svar.text
    ny = ADRESSE.search(svar.text)
    assert ny is not None and ny.group(1) != gammel
    assert klient.get(gammel).status_code == 404
    assert klient.get(ny.group(1)).status_code == 200


def test_a_deactivated_users_feed_stops(app: App, klient: TestClient) -> None:
    sti = adresse(klient, "vefsn.soker")
    with app.uow() as uow:
        admin = hent_aktor(uow.session, "admin")
        sett_aktiv(uow.session, aktor=admin, brukernavn="vefsn.soker", aktiv=False,
                   naa=app.miljo.klokke.now())  # fmt: skip
        uow.commit()
    assert klient.get(sti).status_code == 404


def uider(app: App, klient: TestClient, brukernavn: str) -> set[str]:
    sti = adresse(klient, brukernavn)
    with TestClient(lag_webapp(app)) as outlook:
        svar = outlook.get(sti)
    return {str(h["UID"]).split("@")[0] for h in Calendar.from_ical(svar.content).walk("VEVENT")}


def rapportrader(klient: TestClient, brukernavn: str) -> int:
    logg_inn(klient, brukernavn)
    side = klient.get("/aarshjul").text
    # Each report deadline names its project (issue 19): «Sluttrapport: … (RS-2)».
    return len(re.findall(r"<td>(Årsrapport|Sluttrapport): [^<]+ \(RS-\d+\)</td>", side))


@pytest.mark.usefixtures("tildelt")
def test_an_applicants_feed_has_its_own_projects_reports_and_the_rounds_not_others(
    app: App, klient: TestClient
) -> None:
    """Issue 17: every applicant's feed listed every project's report deadlines, with the
    case ids in the UIDs."""
    egne = uider(app, klient, "vefsn.soker")
    andres = uider(app, klient, "rana.soker")
    alle = uider(app, klient, SEKR)
    sak_2 = {"frist-rapport:2:2026", "frist-rapport:2:2027", "frist-sluttrapport:2"}
    assert sak_2 <= egne
    assert sak_2 <= alle
    assert not sak_2 & andres
    assert all(":2:" not in uid and not uid.endswith(":2") for uid in andres)
    offentlige = {uid for uid in alle if uid.startswith("frist-soknadsfrist")}
    assert offentlige and offentlige <= andres and offentlige <= egne


@pytest.mark.usefixtures("tildelt")
def test_an_applicants_aarshjul_page_lists_only_its_own_projects_reports(
    klient: TestClient,
) -> None:
    assert rapportrader(klient, "vefsn.soker") == 3  # two yearly reports and the sluttrapport
    assert rapportrader(klient, "rana.soker") == 0
    assert rapportrader(klient, SEKR) == 3
    logg_inn(klient, "rana.soker")
    assert "Søknadsfrist" in klient.get("/aarshjul").text  # the round's dates are public
