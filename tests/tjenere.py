"""Servers started as their own processes (benchmarks, fault script); waiting until they listen."""

from __future__ import annotations

import socket
import subprocess
import time


def vent_paa_port(
    tjener: subprocess.Popen[bytes], port: int, *, frist_sekunder: float = 30
) -> None:
    """Until `tjener` accepts connections on `port`. Between tries the wait is on the server
    process itself, so a server that dies is reported at once instead of timing out."""
    slutt = time.monotonic() + frist_sekunder
    while time.monotonic() < slutt:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            try:
                kode = tjener.wait(timeout=0.05)
            except subprocess.TimeoutExpired:
                continue
            raise RuntimeError(f"{tjener.args!r} stoppet med kode {kode} før den svarte") from None
    raise RuntimeError(f"{tjener.args!r} svarte ikke på port {port} innen {frist_sekunder} s")
