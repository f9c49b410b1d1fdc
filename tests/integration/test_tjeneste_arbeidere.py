"""`tilskudd tjeneste start` with several web workers on PostgreSQL; one process on SQLite."""

from __future__ import annotations

import os
import re
import signal
import subprocess
from pathlib import Path

import httpx2 as httpx
import pytest

from tests.tjenere import start_tjeneste, vent_paa_port, vent_paa_slutt
from tilskudd_flow.adapters.epostoppsamler import ledig_port
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FileClock, FixedClock
from tilskudd_flow.demo.data import DEMOPASSORD, last_demodata


def _barn(pid: int) -> list[int]:
    barn = Path(f"/proc/{pid}/task/{pid}/children").read_text(encoding="utf-8").split()
    return [int(p) for p in barn]


def _logg_inn(port: int) -> int:
    with httpx.Client(base_url=f"http://127.0.0.1:{port}", timeout=30) as klient:
        side = klient.get("/logg-inn").text
        funn = re.search(r'name="csrf_token" value="([^"]+)"', side)
        assert funn is not None
        svar = klient.post("/logg-inn", data={"brukernavn": "vefsn.soker", "passord": DEMOPASSORD,
                                              "csrf_token": funn.group(1)})  # fmt: skip
        return svar.status_code


def _start(klokke: FixedClock, tmp_path: Path, port: int, **miljo: str) -> subprocess.Popen[bytes]:
    klokkefil = tmp_path / "klokke"
    FileClock(klokkefil).set(klokke.now())
    return start_tjeneste(klokkefil, ledig_port(), port, tmp_path / "logg", **miljo)


@pytest.mark.postgres
@pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)
def test_on_postgresql_two_workers_serve_logins_beside_one_scheduler(
    app: App, klokke: FixedClock, tmp_path: Path
) -> None:
    last_demodata(app)
    port = ledig_port()
    tjener = _start(klokke, tmp_path, port, TILSKUDD_WEB__ARBEIDERE="2")
    try:
        vent_paa_port(tjener, port, frist_sekunder=60)
        assert all(_logg_inn(port) == 303 for _ in range(4))
        # The starting process keeps the scheduler and delivery; the workers only serve.
        assert len(_barn(tjener.pid)) >= 2
        assert "2 arbeidere for nettsidene" in (tmp_path / "logg").read_text(encoding="utf-8")
        arbeidere = _barn(tjener.pid)
        os.kill(tjener.pid, signal.SIGKILL)  # the workers go with it: no orphan serves on
        tjener.wait(30)
        assert vent_paa_slutt(arbeidere) == []
    finally:
        if tjener.poll() is None:
            tjener.terminate()
            tjener.wait(30)


@pytest.mark.parametrize("database_url", ["sqlite"], indirect=True)
def test_on_sqlite_more_than_one_worker_is_refused_before_anything_starts(
    app: App, klokke: FixedClock, tmp_path: Path
) -> None:
    tjener = _start(klokke, tmp_path, ledig_port(), TILSKUDD_WEB__ARBEIDERE="2")
    assert tjener.wait(60) == 3
    logg = (tmp_path / "logg").read_text(encoding="utf-8")
    assert "SQLite har én skriver" in logg and "Nettsidene på" not in logg
