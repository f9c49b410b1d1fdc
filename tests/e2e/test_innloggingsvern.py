"""Login throttling (issue 17, item 3): wrong passwords are counted in the database, so two
app instances share the count; past the limit a lockout that doubles, answered 429 with
Retry-After, the same for names that do not exist; the administrator sees and lifts it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import timedelta
from pathlib import Path

import httpx2
import pytest
from fastapi.testclient import TestClient
from httpx2 import Response
from sqlmodel import col, select

from tests.conftest import Cli
from tests.e2e.test_nettsider import logg_inn, token
from tests.tjenere import start_tjeneste, vent_paa_port
from tilskudd_flow.adapters.epostoppsamler import ledig_port
from tilskudd_flow.bootstrap import App, bygg_app
from tilskudd_flow.clock import FileClock, FixedClock
from tilskudd_flow.config import Innstillinger
from tilskudd_flow.demo.data import DEMOPASSORD, Demosammendrag
from tilskudd_flow.models.audit import AuditEntry
from tilskudd_flow.models.innloggingsforsok import Innloggingsforsok
from tilskudd_flow.web.app import lag_webapp

SEKR = "samhandlingssjef"
FEIL = "galt passord her"
SPERRET = "For mange mislykkede innloggingsforsøk"


@pytest.fixture
def to_instanser(
    app: App, demo: Demosammendrag, innstillinger: Innstillinger, klokke: FixedClock
) -> Iterator[tuple[TestClient, TestClient]]:
    """Two app instances (each its own engine and web app) on one database and one clock."""
    annen = bygg_app(innstillinger, klokke=klokke)
    try:
        with TestClient(lag_webapp(app)) as a, TestClient(lag_webapp(annen)) as b:
            yield a, b
    finally:
        annen.engine.dispose()


def api_inn(klient: TestClient, brukernavn: str, passord: str = FEIL) -> Response:
    return klient.post("/api/innlogging", json={"brukernavn": brukernavn, "passord": passord})


def web_inn(klient: TestClient, brukernavn: str, passord: str = FEIL) -> Response:
    skjema = {"brukernavn": brukernavn, "passord": passord,
              "csrf_token": token(klient.get("/logg-inn").text)}  # fmt: skip
    return klient.post("/logg-inn", data=skjema, follow_redirects=False)


def test_failures_on_one_instance_count_on_the_other_and_lock_out_even_the_right_password(
    to_instanser: tuple[TestClient, TestClient], klokke: FixedClock
) -> None:
    """Bug: 50 wrong passwords on /api/innlogging and /logg-inn, then the right one, were all
    answered normally."""
    a, b = to_instanser
    for nr in range(5):
        svar = web_inn(a, SEKR) if nr % 2 else api_inn(b, SEKR)
        assert svar.status_code in (400, 401), svar.text
    sperret = web_inn(a, SEKR, DEMOPASSORD)
    assert sperret.status_code == 429
    assert sperret.headers["retry-after"] == "60"
    assert f"{SPERRET}. Vent 1 minutt og prøv igjen" in sperret.text
    assert 'id="brukernavn"' in sperret.text  # the login page itself, with the message
    api = api_inn(b, SEKR, DEMOPASSORD)
    assert (api.status_code, api.headers["retry-after"]) == (429, "60")

    klokke.set(klokke.now() + timedelta(seconds=61))
    assert web_inn(b, SEKR, DEMOPASSORD).status_code == 303


def test_lockouts_double_from_one_minute_to_fifteen(
    to_instanser: tuple[TestClient, TestClient], klokke: FixedClock
) -> None:
    a, b = to_instanser
    ventetider = []
    for _ in range(6):
        for nr in range(5):
            assert api_inn(a if nr % 2 else b, SEKR).status_code == 401
        svar = api_inn(a, SEKR)
        assert svar.status_code == 429
        ventetider.append(int(svar.headers["retry-after"]))
        klokke.set(klokke.now() + timedelta(seconds=ventetider[-1]))
    assert ventetider == [60, 120, 240, 480, 900, 900]


def test_a_locked_name_answers_the_same_whether_or_not_the_account_exists(
    app: App, demo: Demosammendrag
) -> None:
    """No user enumeration: the count is kept per name, existing or not."""
    svar: dict[str, list[tuple[int, str, str | None]]] = {}
    for navn, adresse in [(SEKR, "10.0.0.1"), ("finnes.ikke", "10.0.0.2")]:
        with TestClient(lag_webapp(app), client=(adresse, 40000)) as klient:
            svar[navn] = [
                (r.status_code, r.json()["detail"], r.headers.get("retry-after"))
                for r in (api_inn(klient, navn) for _ in range(7))
            ]
    assert svar[SEKR] == svar["finnes.ikke"]
    assert [status for status, _, _ in svar[SEKR]] == [401] * 5 + [429] * 2


def test_a_successful_login_clears_the_accounts_count(
    to_instanser: tuple[TestClient, TestClient],
) -> None:
    a, b = to_instanser
    for _ in range(4):
        assert api_inn(a, SEKR).status_code == 401
    assert api_inn(b, SEKR, DEMOPASSORD).status_code == 200
    for _ in range(4):
        assert api_inn(b, SEKR).status_code == 401
    assert api_inn(a, SEKR, DEMOPASSORD).status_code == 200


def test_failures_further_apart_than_the_window_do_not_lock(
    to_instanser: tuple[TestClient, TestClient], klokke: FixedClock
) -> None:
    a, _ = to_instanser
    for _ in range(8):
        assert api_inn(a, SEKR).status_code == 401
        klokke.set(klokke.now() + timedelta(minutes=4))
    assert api_inn(a, SEKR, DEMOPASSORD).status_code == 200


def test_one_address_guessing_many_names_is_locked_and_others_are_not(
    app: App, demo: Demosammendrag
) -> None:
    with (
        TestClient(lag_webapp(app), client=("203.0.113.9", 40000)) as angriper,
        TestClient(lag_webapp(app), client=("198.51.100.7", 40000)) as kollega,
    ):
        for nr in range(20):
            assert api_inn(angriper, f"gjett{nr}").status_code == 401
        assert api_inn(angriper, SEKR, DEMOPASSORD).status_code == 429
        assert api_inn(kollega, SEKR, DEMOPASSORD).status_code == 200


def test_the_lockout_is_logged_without_the_password(
    to_instanser: tuple[TestClient, TestClient], caplog: pytest.LogCaptureFixture
) -> None:
    a, _ = to_instanser
    with caplog.at_level(logging.WARNING, logger="tilskudd_flow.innlogging"):
        for _ in range(5):
            api_inn(a, SEKR)
    linjer = [r.getMessage() for r in caplog.records if r.name == "tilskudd_flow.innlogging"]
    assert any(f"konto:{SEKR}" in linje and "60 s" in linje for linje in linjer), linjer
    assert not any(FEIL in linje for linje in caplog.text.splitlines())


def test_the_administrator_sees_the_lockout_on_the_users_page_and_lifts_it(
    app: App, to_instanser: tuple[TestClient, TestClient]
) -> None:
    a, admin = to_instanser
    for _ in range(5):
        api_inn(a, SEKR)
    logg_inn(admin, "admin")
    side = admin.get("/brukere").text
    assert "Innloggingssperrer" in side
    assert f'name="navn" value="{SEKR}"' in side
    svar = admin.post(
        "/brukere/sperrer/opphev",
        data={"gjelder": "konto", "navn": SEKR, "csrf_token": token(side)},
        follow_redirects=False,
    )
    assert svar.status_code == 303
    assert f"Innloggingssperren for {SEKR} er opphevet" in admin.get(svar.headers["location"]).text
    assert api_inn(a, SEKR, DEMOPASSORD).status_code == 200
    with app.uow(skriv=False) as uow:
        hendelser = uow.session.exec(
            select(AuditEntry.hendelse).where(
                col(AuditEntry.hendelse) == "innloggingssperre_opphevet"
            )
        ).all()
    assert len(hendelser) == 1


def test_the_sekretariat_sees_lockouts_but_only_the_administrator_lifts_them(
    to_instanser: tuple[TestClient, TestClient],
) -> None:
    a, sekr = to_instanser
    for _ in range(5):
        api_inn(a, "vefsn.soker")
    logg_inn(sekr, "samhandlingsleder")
    side = sekr.get("/brukere").text
    assert "vefsn.soker" in side and "Opphev sperre" not in side
    skjema = {"gjelder": "konto", "navn": "vefsn.soker", "csrf_token": token(side)}
    svar = sekr.post("/brukere/sperrer/opphev", data=skjema)
    assert svar.status_code == 403
    assert api_inn(a, "vefsn.soker", DEMOPASSORD).status_code == 429


def test_the_cli_lists_and_lifts_lockouts_of_accounts_and_addresses(
    app: App, demo: Demosammendrag, cli: Cli, klokke: FixedClock
) -> None:
    with TestClient(lag_webapp(app), client=("2001:db8::17", 40000)) as klient:
        for nr in range(20):
            api_inn(klient, SEKR if nr < 5 else f"gjett{nr}")
    naa = klokke.now().isoformat()
    sperrer = cli.json("bruker", "sperrer", som="admin", naa=naa)
    assert {(s["gjelder"], s["navn"]) for s in sperrer} == {
        ("konto", SEKR),
        ("adresse", "2001:db8::/64"),
    }
    assert "opphevet" in cli.ok("bruker", "opphev-sperre", SEKR, som="admin", naa=naa)
    assert "opphevet" in cli.ok("bruker", "opphev-sperre", "--adresse", "2001:db8::/64",
                                som="admin", naa=naa)  # fmt: skip
    assert cli.json("bruker", "sperrer", som="admin", naa=naa) == []
    assert cli("bruker", "opphev-sperre", SEKR, som="samhandlingsleder", naa=naa).exit_code != 0


def test_simultaneous_failures_on_two_instances_are_all_counted(
    app: App, demo: Demosammendrag, innstillinger: Innstillinger, klokke: FixedClock
) -> None:
    """The count is kept on a locked row: no failure is lost when instances race."""
    romslig = innstillinger.model_copy(deep=True)
    romslig.web.innloggingsvern.konto_grense = 100
    romslig.web.innloggingsvern.adresse_grense = 100
    instanser = [bygg_app(romslig, klokke=klokke) for _ in range(2)]
    try:
        klienter = [TestClient(lag_webapp(instans)) for instans in instanser]
        with ThreadPoolExecutor(max_workers=8) as utforer:
            svar = list(utforer.map(lambda nr: api_inn(klienter[nr % 2], SEKR), range(12)))
    finally:
        for instans in instanser:
            instans.engine.dispose()
    assert [s.status_code for s in svar] == [401] * 12
    with app.uow(skriv=False) as uow:
        rader = {r.nokkel: r.feil for r in uow.session.exec(select(Innloggingsforsok))}
    assert rader == {f"konto:{SEKR}": 12, "adresse:testclient": 12}


def test_counts_nobody_added_to_for_a_day_are_forgotten(
    to_instanser: tuple[TestClient, TestClient], app: App, klokke: FixedClock
) -> None:
    a, _ = to_instanser
    for nr in range(30):
        api_inn(a, f"gjett{nr}")
    klokke.set(klokke.now() + timedelta(hours=25))
    api_inn(a, "en.til")
    with app.uow(skriv=False) as uow:
        igjen = sorted(r.nokkel for r in uow.session.exec(select(Innloggingsforsok)))
    assert igjen == ["adresse:testclient", "konto:en.til"]


@contextmanager
def ekte_tjener(app: App, tmp_path: Path, **miljo: str) -> Iterator[str]:
    """`tilskudd tjeneste start` as deployed (uvicorn's proxy-header defaults), address limit 3."""
    klokkefil = tmp_path / f"klokke-{len(miljo)}"
    FileClock(klokkefil).set(app.miljo.klokke.now())
    port = ledig_port()
    tjener = start_tjeneste(klokkefil, ledig_port(), port, tmp_path / f"tjener-{port}.log",
                            TILSKUDD_WEB__INNLOGGINGSVERN__ADRESSE_GRENSE="3", **miljo)  # fmt: skip
    try:
        vent_paa_port(tjener, port)
        yield f"http://127.0.0.1:{port}"
    finally:
        tjener.terminate()
        tjener.wait(timeout=60)


def fra(url: str, navn: str, videresendt: str) -> int:
    skjema = {"brukernavn": navn, "passord": FEIL if navn != SEKR else DEMOPASSORD}
    hoder = {"X-Forwarded-For": videresendt}
    return httpx2.post(f"{url}/api/innlogging", json=skjema, headers=hoder, timeout=30).status_code


def test_the_client_address_comes_from_the_proxy_only(
    app: App, demo: Demosammendrag, tmp_path: Path
) -> None:
    """Behind Caddy on 127.0.0.1, X-Forwarded-For names the client (each its own count); a
    client that reaches the server directly cannot dodge its count by sending one."""
    with ekte_tjener(app, tmp_path) as bak_caddy:
        assert [fra(bak_caddy, f"gjett{nr}", "198.51.100.1") for nr in range(3)] == [401] * 3
        assert fra(bak_caddy, SEKR, "198.51.100.1") == 429
        assert fra(bak_caddy, SEKR, "198.51.100.2") == 200
    with ekte_tjener(app, tmp_path, FORWARDED_ALLOW_IPS="192.0.2.1") as direkte:
        statuser = [fra(direkte, f"prov{nr}", f"203.0.113.{nr}") for nr in range(3)]
        assert statuser == [401] * 3
        assert fra(direkte, SEKR, "203.0.113.99") == 429
