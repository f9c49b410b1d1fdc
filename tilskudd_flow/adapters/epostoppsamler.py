"""The embedded default: a real SMTP server on loopback that keeps every message as .eml."""

from __future__ import annotations

import itertools
import socket
from datetime import UTC, datetime
from email import policy
from email.parser import BytesParser
from pathlib import Path
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope, Session


class Lagring:
    """aiosmtpd handler: each accepted message becomes one file in the folder."""

    def __init__(self, mappe: Path) -> None:
        self.mappe = mappe
        self._teller = itertools.count(1)
        mappe.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, _server: Any, _session: Session, envelope: Envelope) -> str:  # noqa: N802
        tid = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%f")
        fil = self.mappe / f"{tid}-{next(self._teller):06d}.eml"
        innhold = envelope.original_content or envelope.content or b""
        fil.write_bytes(innhold if isinstance(innhold, bytes) else innhold.encode("utf-8"))
        return "250 Lagret"


def start_oppsamler(mappe: Path, port: int = 0) -> Controller:
    """Start the sink on 127.0.0.1 (port 0: any free port); `.port` says which."""
    kontroller = Controller(Lagring(mappe), hostname="127.0.0.1", port=port or ledig_port())
    kontroller.start()
    return kontroller


def ledig_port() -> int:
    # aiosmtpd checks the server by connecting to its port, so it needs a real one up front.
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def les_innboks(mappe: Path) -> list[tuple[Path, Any]]:
    """The sink's messages, oldest first, parsed with the standard library."""
    if not mappe.exists():
        return []
    return [
        (fil, BytesParser(policy=policy.default).parsebytes(fil.read_bytes()))
        for fil in sorted(mappe.glob("*.eml"))
    ]
