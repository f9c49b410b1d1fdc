"""Servers started as their own processes (benchmarks, fault script); waiting until they listen."""

from __future__ import annotations

import os
import select
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def vent_paa_port(
    tjener: subprocess.Popen[bytes], port: int, *, frist_sekunder: float = 30
) -> None:
    """Until `tjener` accepts connections on `port`."""
    vent_til(tjener, lambda: _svarer(port), f"svar på port {port}", frist_sekunder=frist_sekunder)


def vent_til(
    tjener: subprocess.Popen[bytes],
    betingelse: Callable[[], bool],
    hva: str,
    *,
    frist_sekunder: float = 30,
) -> None:
    """Until `betingelse()` holds. Between tries the wait is on the server process itself,
    so a server that dies is reported at once instead of timing out."""
    slutt = time.monotonic() + frist_sekunder
    while not betingelse():
        if time.monotonic() >= slutt:
            raise RuntimeError(f"{tjener.args!r}: ventet forgjeves på {hva} i {frist_sekunder} s")
        try:
            kode = tjener.wait(timeout=0.05)
        except subprocess.TimeoutExpired:
            continue
        raise RuntimeError(f"{tjener.args!r} stoppet med kode {kode} før {hva}")


def vent_paa_slutt(pider: Iterable[int], *, frist_sekunder: float = 30) -> list[int]:
    """Until the processes have ended, waiting on each one's pidfd (readable when it exits)
    rather than polling: they need not be our children. The ones still running at the
    deadline."""
    vakter: dict[int, int] = {}
    for pid in pider:
        try:
            vakter[os.pidfd_open(pid)] = pid
        except ProcessLookupError:
            continue  # already gone
    slutt = time.monotonic() + frist_sekunder
    try:
        while vakter and (igjen := slutt - time.monotonic()) > 0:
            ferdige, _, _ = select.select(list(vakter), [], [], igjen)
            for fd in ferdige:
                os.close(fd)
                del vakter[fd]
        return sorted(vakter.values())
    finally:
        for fd in vakter:
            os.close(fd)


def _svarer(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


def start_tjeneste(
    klokkefil: Path, smtp_port: int, web_port: int, logg: Path, **miljo: str
) -> subprocess.Popen[bytes]:
    """`tilskudd tjeneste start` on a shared file clock, ticking every second and delivering
    its own e-mail to `smtp_port`; `miljo` adds settings (TILSKUDD_… variables)."""
    return subprocess.Popen(
        [sys.executable, "-m", "tilskudd_flow", "--config", str(REPO / "config.toml"),
         "tjeneste", "start"],
        env={
            **os.environ,
            "TILSKUDD_PLANLEGGER__KLOKKE": f"fil:{klokkefil}",
            "TILSKUDD_PLANLEGGER__INTERVALL_SEKUNDER": "1",
            "TILSKUDD_EPOST__INTERVALL_SEKUNDER": "1",
            "TILSKUDD_EPOST__EGEN_PROSESS": "false",
            "TILSKUDD_SMTP__HOST": "127.0.0.1",
            "TILSKUDD_SMTP__PORT": str(smtp_port),
            "TILSKUDD_WEB__PORT": str(web_port),
            **miljo,
        },
        cwd=REPO, stdout=subprocess.DEVNULL, stderr=logg.open("wb"),
    )  # fmt: skip
