"""Issue 17: kill -9 during submissions left attachment files with no row. A real
`tilskudd tjeneste start` is killed with SIGKILL while a web submission is between writing
its first file and committing (held there by a virus-scan command that waits); the sweep
then leaves that file alone inside the grace period and removes exactly it once the clock
has passed the period — from the CLI, and from the restarted server's own scheduler."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx2
import sqlalchemy as sa

from tests.conftest import Cli
from tests.e2e.test_nettsider import token
from tests.integration.smtp_tjener import smtp_tjener
from tests.tjenere import start_tjeneste, vent_paa_port, vent_til
from tilskudd_flow.adapters.epostoppsamler import ledig_port
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FileClock
from tilskudd_flow.demo.data import DEMOPASSORD, Demosammendrag
from tilskudd_flow.demo.skjemaeksempel import PDF, komplett
from tilskudd_flow.motor.vedleggsveip import rydd_en_gang_i_timen

START = datetime(2025, 9, 20, 10, 0, tzinfo=UTC)  # the 2026 round is open
VENT_SEKUNDER = 60


@contextmanager
def tjeneste(
    tmp_path: Path, navn: str, **miljo: str
) -> Iterator[tuple[subprocess.Popen[bytes], str]]:
    """The main server process on the test's database and data folder (its environment)."""
    port = ledig_port()
    with smtp_tjener() as (_, smtp_port):
        server = start_tjeneste(tmp_path / "klokke", smtp_port, port, tmp_path / f"{navn}.log",
                                **miljo)  # fmt: skip
        try:
            vent_paa_port(server, port)
            yield server, f"http://127.0.0.1:{port}"
        finally:
            if server.poll() is None:
                server.terminate()
            server.wait(timeout=VENT_SEKUNDER)


@contextmanager
def logget_inn(base: str) -> Iterator[httpx2.Client]:
    with httpx2.Client(base_url=base, timeout=VENT_SEKUNDER, headers={"Origin": base}) as klient:
        side = klient.get("/logg-inn")
        svar = klient.post("/logg-inn", data={"brukernavn": "vefsn.soker", "passord": DEMOPASSORD,
                                              "csrf_token": token(side.text)})  # fmt: skip
        assert svar.status_code == 303, svar.text
        yield klient


def send_inn(klient: httpx2.Client) -> httpx2.Response:
    skjema = klient.get("/soknader/ny")
    return klient.post(
        "/soknader/ny",
        data={**komplett(token(skjema.text)), "handling": "send_inn"},
        files=[("vedlegg_signert_avtale", ("avtale.pdf", PDF, "application/pdf")),
               ("vedlegg_budsjett", ("budsjett.pdf", PDF, "application/pdf"))],
    )  # fmt: skip


def filer(app: App) -> set[str]:
    mappe = app.innstillinger.data_dir / app.innstillinger.vedlegg.mappe
    return {f.name for f in mappe.iterdir() if f.is_file()}


def med_rad(app: App) -> set[str]:
    with app.engine.connect() as tilkobling:
        rader = tilkobling.execute(sa.text("SELECT lagret_som FROM vedlegg WHERE lagret_som <> ''"))
        return set(rader.scalars())


def drep_midt_i_innsending(app: App, tmp_path: Path) -> None:
    """One whole submission, then one killed with SIGKILL after its first file is on disk."""
    stopp, merke = tmp_path / "stopp", tmp_path / "skanner.pid"
    # While `stopp` exists the scan command says where it is (its pid) and waits.
    skanner = (f"sh -c 'if [ -e {stopp} ]; then echo $$ > {merke}.ny && mv {merke}.ny {merke}; "
               f"exec sleep 600; fi' skanner {{fil}}")  # fmt: skip
    with tjeneste(tmp_path, "drept", TILSKUDD_VEDLEGG__SKANNER=skanner) as (server, base):
        with logget_inn(base) as klient:
            assert send_inn(klient).status_code == 303
        stopp.touch()
        with logget_inn(base) as klient:
            brutt: list[bool] = []
            innsending = threading.Thread(target=lambda: brutt.append(_send_inn_som_dor(klient)))
            innsending.start()
            vent_til(server, merke.exists, "at den andre innsendingen har skrevet sin første fil",
                     frist_sekunder=VENT_SEKUNDER)  # fmt: skip
            os.kill(server.pid, signal.SIGKILL)
            server.wait(timeout=VENT_SEKUNDER)
            os.kill(int(merke.read_text()), signal.SIGKILL)  # the scan the server left behind
            innsending.join(timeout=VENT_SEKUNDER)
        assert brutt == [True]
        stopp.unlink()


def _send_inn_som_dor(klient: httpx2.Client) -> bool:
    """The submission whose server is killed under it: the connection breaks."""
    try:
        send_inn(klient)
    except httpx2.TransportError:
        return True
    return False


def test_a_file_left_by_a_killed_submission_is_swept_after_the_grace_period_only(
    app: App, demo: Demosammendrag, cli: Cli, tmp_path: Path
) -> None:
    FileClock(tmp_path / "klokke").set(START)
    drep_midt_i_innsending(app, tmp_path)
    foreldrelose = filer(app) - med_rad(app)
    assert len(foreldrelose) == 1  # the killed submission's first file, and nothing else
    beholdes = filer(app) & med_rad(app)
    assert len(beholdes) >= 2  # the whole submission's two, and the demo's own

    for_tidlig = json.loads(cli.ok("planlegger", "rydd-vedlegg", "--json",
                                   naa=(START + timedelta(minutes=30)).isoformat()))  # fmt: skip
    assert for_tidlig == {"fjernet": [], "for_unge": 1}
    assert filer(app) - med_rad(app) == foreldrelose

    senere = START + timedelta(hours=2)
    FileClock(tmp_path / "klokke").set(senere)
    nokkel = f"vedleggsveip:{senere:%Y-%m-%dT%H}"
    with tjeneste(tmp_path, "omstartet") as (server, _):
        vent_til(server, lambda: _driftsjobb(app, nokkel) is not None,
                 "planleggerens vedleggsveip", frist_sekunder=VENT_SEKUNDER)  # fmt: skip
    assert _driftsjobb(app, nokkel) == "1 filer fjernet, 0 for unge"
    assert filer(app) == beholdes  # exactly the orphan went; every referenced file is there
    assert filer(app) == med_rad(app)


def _driftsjobb(app: App, nokkel: str) -> str | None:
    with app.engine.connect() as tilkobling:
        return tilkobling.execute(
            sa.text("SELECT resultat FROM driftsjobb WHERE nokkel = :n"), {"n": nokkel}
        ).scalar_one_or_none()


def test_the_hourly_sweep_runs_once_per_hour_and_touches_only_names_the_app_made(
    app: App, demo: Demosammendrag
) -> None:
    mappe = app.innstillinger.data_dir / app.innstillinger.vedlegg.mappe
    gammel = (START - timedelta(hours=3)).timestamp()
    foreldrelos, fremmed = mappe / f"{'a' * 32}.pdf", mappe / "notat.pdf"
    for fil in (foreldrelos, fremmed):
        fil.write_bytes(PDF)
        os.utime(fil, (gammel, gammel))
    rydd_en_gang_i_timen(app.uow(), app.innstillinger, START)
    assert not foreldrelos.exists() and fremmed.exists()
    assert filer(app) - med_rad(app) == {"notat.pdf"}

    foreldrelos.write_bytes(PDF)
    os.utime(foreldrelos, (gammel, gammel))
    rydd_en_gang_i_timen(app.uow(), app.innstillinger, START + timedelta(minutes=59))
    assert foreldrelos.exists()  # this hour's sweep is done (by whichever process came first)
    rydd_en_gang_i_timen(app.uow(), app.innstillinger, START + timedelta(hours=1))
    assert not foreldrelos.exists()
    with app.engine.connect() as tilkobling:
        nokler = tilkobling.execute(sa.text("SELECT nokkel FROM driftsjobb ORDER BY nokkel"))
        assert list(nokler.scalars()) == [
            "vedleggsveip:2025-09-20T10",
            "vedleggsveip:2025-09-20T11",
        ]
