"""The JSON API: bearer tokens, and the same permissions and rules as the pages."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

import tilskudd_flow.demo
from tests.e2e.test_fsu_avtale_sider import ny_revisjon
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import DEMOPASSORD, Demosammendrag
from tilskudd_flow.soknader.soknadsfil import les_soknadsfil
from tilskudd_flow.web.app import lag_webapp

DEMOSOKNADER = Path(tilskudd_flow.demo.__file__).parent / "soknader"


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        yield klient


def hode(klient: TestClient, brukernavn: str) -> dict[str, str]:
    svar = klient.post("/api/innlogging", json={"brukernavn": brukernavn, "passord": DEMOPASSORD})
    assert svar.status_code == 200, svar.text
    return {"Authorization": f"Bearer {svar.json()['token']}"}


def demosoknad(navn: str) -> dict[str, Any]:
    dokument = les_soknadsfil(DEMOSOKNADER / navn).model_dump(mode="json")
    dokument["vedlegg"] = []
    return dokument


def test_a_wrong_password_gets_401_and_no_token(klient: TestClient) -> None:
    svar = klient.post("/api/innlogging", json={"brukernavn": "admin", "passord": "feil passord"})
    assert svar.status_code == 401
    assert svar.json() == {"detail": "Feil brukernavn eller passord"}


@pytest.mark.parametrize(
    "autorisasjon", [None, "Bearer ", "Bearer ukjent-token", "Basic YWRtaW46YWRtaW4="]
)
def test_requests_without_a_valid_token_get_401(klient: TestClient, autorisasjon: str) -> None:
    hoder = {"Authorization": autorisasjon} if autorisasjon else {}
    svar = klient.get("/api/saker", headers=hoder)
    assert svar.status_code == 401
    assert svar.headers["WWW-Authenticate"] == "Bearer"


def test_a_logged_out_token_stops_working(klient: TestClient) -> None:
    hoder = hode(klient, "samhandlingssjef")
    assert klient.get("/api/saker", headers=hoder).status_code == 200
    assert klient.post("/api/utlogging", headers=hoder).status_code == 204
    assert klient.get("/api/saker", headers=hoder).status_code == 401


def test_an_applicant_lists_only_the_cases_of_their_kommune(klient: TestClient) -> None:
    svar = klient.get("/api/saker", headers=hode(klient, "vefsn.soker"))
    assert svar.status_code == 200
    saker = svar.json()["saker"]
    # 2 is Vefsn's own; 3 is Rana's with Vefsn among the kommuner; 5 is Rana's alone.
    assert {s["id"] for s in saker} == {2, 3}
    assert svar.json()["totalt"] == 2


def test_the_sekretariat_filters_the_list_like_the_dashboard(klient: TestClient) -> None:
    hoder = hode(klient, "samhandlingssjef")
    alle = klient.get("/api/saker", headers=hoder).json()
    mottatt = klient.get("/api/saker?type=rs_soknad&tilstand=mottatt", headers=hoder).json()
    kols = klient.get("/api/saker?sok=KOLS", headers=hoder).json()
    assert alle["totalt"] == 6
    assert {s["id"] for s in mottatt["saker"]} == {2, 3, 4, 5}
    assert [s["id"] for s in kols["saker"]] == [5]


def test_the_year_filter_takes_a_soknads_round_and_a_revisions_year(
    app: App, klient: TestClient
) -> None:
    revisjon = ny_revisjon(app, nummer=5, aar=2025)
    hoder = hode(klient, "samhandlingssjef")

    def ider(sporring: str) -> set[int]:
        return {
            s["id"] for s in klient.get(f"/api/saker?{sporring}", headers=hoder).json()["saker"]
        }

    assert ider("aar=2026") == {2, 3, 4, 5, 6}  # the søknader of the 2026 round; no FSU
    assert ider("aar=2025") == {revisjon}
    assert ider("aar=2025&type=rs_soknad") == set()


def test_an_unknown_workflow_in_the_filter_is_a_clear_error(klient: TestClient) -> None:
    svar = klient.get("/api/saker?type=ukjent", headers=hode(klient, "samhandlingssjef"))
    assert svar.status_code == 422
    assert svar.json()["detail"].startswith("ukjent sakstype «ukjent»")


@pytest.mark.parametrize(
    ("brukernavn", "sak_id", "status"),
    [
        ("vefsn.soker", 2, 200),
        ("vefsn.soker", 5, 404),
        ("vefsn.soker", 6, 404),
        ("ssu.medlem", 6, 404),
        ("samhandlingssjef", 6, 200),
        ("samhandlingssjef", 999, 404),
    ],
)
def test_a_case_is_shown_only_to_those_who_may_see_it(
    klient: TestClient, brukernavn: str, sak_id: int, status: int
) -> None:
    svar = klient.get(f"/api/saker/{sak_id}", headers=hode(klient, brukernavn))
    assert svar.status_code == status


def test_a_case_carries_its_details_events_and_history(klient: TestClient) -> None:
    svar = klient.get("/api/saker/5", headers=hode(klient, "samhandlingssjef")).json()
    assert svar["sak"]["referanse"].startswith("RS-")
    assert {h["hendelse"] for h in svar["mulige_hendelser"] if h["du_kan"]} >= {"vurder"}
    assert [h["hendelse"] for h in svar["historikk"]] == ["opprett", "send_inn"]


def test_the_sekretariat_assesses_a_soknad_through_the_api(klient: TestClient) -> None:
    hoder = hode(klient, "samhandlingssjef")
    versjon = klient.get("/api/saker/5", headers=hoder).json()["sak"]["versjon"]
    svar = klient.post(
        "/api/saker/5/hendelser",
        headers=hoder,
        json={"hendelse": "vurder", "felt": {"vurdering": "Godt forankret"}, "versjon": versjon},
    )
    assert svar.status_code == 200, svar.text
    assert svar.json()["til"] == "vurdert"
    etterpaa = klient.get("/api/saker/5", headers=hoder).json()
    assert etterpaa["sak"]["tilstand"] == "vurdert"
    assert etterpaa["historikk"][-1]["hendelse"] == "vurder"


def test_a_stale_version_is_a_conflict_and_changes_nothing(klient: TestClient) -> None:
    hoder = hode(klient, "samhandlingssjef")
    svar = klient.post(
        "/api/saker/5/hendelser",
        headers=hoder,
        json={"hendelse": "vurder", "felt": {"vurdering": "Ok"}, "versjon": 0},
    )
    assert svar.status_code == 409
    assert klient.get("/api/saker/5", headers=hoder).json()["sak"]["tilstand"] == "mottatt"


@pytest.mark.parametrize(
    ("brukernavn", "sak_id", "hendelse", "status"),
    [
        ("vefsn.soker", 5, "trekk", 404),  # another kommune's søknad is not found
        ("ssu.medlem", 2, "trekk", 403),  # only the applicants withdraw
        ("samhandlingssjef", 2, "tildel", 409),  # not from mottatt
        ("samhandlingssjef", 2, "vurder", 422),  # the assessment is required
    ],
)
def test_refused_events_answer_with_the_rule_and_change_nothing(
    klient: TestClient, brukernavn: str, sak_id: int, hendelse: str, status: int
) -> None:
    svar = klient.post(
        f"/api/saker/{sak_id}/hendelser",
        headers=hode(klient, brukernavn),
        json={"hendelse": hendelse},
    )
    assert svar.status_code == status, svar.text
    assert svar.json()["detail"]
    sjekk = klient.get(f"/api/saker/{sak_id}", headers=hode(klient, "samhandlingssjef")).json()
    assert sjekk["sak"]["tilstand"] == "mottatt"


def test_an_applicant_saves_a_draft_through_the_api(klient: TestClient) -> None:
    hoder = hode(klient, "vefsn.soker")
    svar = klient.post(
        "/api/soknader", headers=hoder, json=demosoknad("fremtidens-pasientforlop.toml")
    )
    assert svar.status_code == 201, svar.text
    sak = klient.get(f"/api/saker/{svar.json()['sak_id']}", headers=hoder).json()
    assert sak["sak"]["tilstand"] == "utkast"
    assert sak["sak"]["tittel"].startswith("Fremtidens pasientforløp")


def test_sending_in_without_the_required_attachments_is_refused_and_saves_nothing(
    klient: TestClient,
) -> None:
    hoder = hode(klient, "vefsn.soker")
    dokument = demosoknad("fremtidens-pasientforlop.toml")
    svar = klient.post("/api/soknader?send_inn=true", headers=hoder, json=dokument)
    assert svar.status_code == 422
    assert "vedlegg" in svar.json()["detail"].lower()
    assert klient.get("/api/saker", headers=hoder).json()["totalt"] == 2


def test_an_attachment_named_in_a_json_body_is_refused_as_not_uploaded(klient: TestClient) -> None:
    """#19: attachments now come as multipart parts; a JSON body cannot carry one, and a
    name is never read from the server's own disk."""
    dokument = {**demosoknad("fremtidens-pasientforlop.toml"),
                "vedlegg": [{"type": "budsjett", "fil": "/etc/passwd"}]}  # fmt: skip
    hoder = hode(klient, "vefsn.soker")
    svar = klient.post("/api/soknader", headers=hoder, json=dokument)
    assert svar.status_code == 422
    melding = svar.json()["detail"]
    assert melding.startswith("vedlegg[0].fil: filen «/etc/passwd» er ikke lastet opp")
    assert klient.get("/api/saker", headers=hoder).json()["totalt"] == 2


def test_a_malformed_soknad_names_the_field(klient: TestClient) -> None:
    svar = klient.post("/api/soknader", headers=hode(klient, "vefsn.soker"), json={"runde": 2026})
    assert svar.status_code == 422
    assert any(f["loc"][-1] == "prosjektnavn" for f in svar.json()["detail"])


def test_roles_that_cannot_apply_are_refused(klient: TestClient) -> None:
    svar = klient.post(
        "/api/soknader",
        headers=hode(klient, "ssu.medlem"),
        json=demosoknad("fremtidens-pasientforlop.toml"),
    )
    assert svar.status_code == 403


def test_the_api_is_documented_in_openapi(klient: TestClient) -> None:
    skjema = klient.get("/openapi.json").json()
    assert {
        "/api/innlogging",
        "/api/saker",
        "/api/saker/{sak_id}/hendelser",
        "/api/soknader",
    } <= set(skjema["paths"])
    assert klient.get("/api/dokumentasjon").status_code == 200
