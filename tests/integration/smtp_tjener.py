"""A real SMTP server on loopback for the tests (aiosmtpd), with faults on request."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import Envelope, Session

from tilskudd_flow.adapters.epostoppsamler import ledig_port


class Postkasse:
    """Keeps the bytes of every accepted message; can answer 451/550 instead."""

    def __init__(self) -> None:
        self.mottatt: list[bytes] = []
        self.data_svar: list[str] = []  # answers to the next DATA commands, then 250
        self.avvis: dict[str, str] = {}  # address → answer at RCPT TO

    async def handle_RCPT(  # noqa: N802
        self, _server: Any, _session: Session, envelope: Envelope, address: str, _opt: Any
    ) -> str:
        if address in self.avvis:
            return self.avvis[address]
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, _server: Any, _session: Session, envelope: Envelope) -> str:  # noqa: N802
        if self.data_svar:
            return self.data_svar.pop(0)
        innhold = envelope.original_content or b""
        self.mottatt.append(innhold if isinstance(innhold, bytes) else innhold.encode())
        return "250 OK"

    def meldinger(self) -> list[EmailMessage]:
        parser = BytesParser(policy=policy.default)
        return [parser.parsebytes(rå) for rå in self.mottatt]


class TellendePostkasse(Postkasse):
    """Lets a test wait until enough has arrived (no polling)."""

    def __init__(self) -> None:
        super().__init__()
        self.ankommet = threading.Condition()

    async def handle_DATA(self, server: Any, session: Session, envelope: Envelope) -> str:  # noqa: N802
        svar = await super().handle_DATA(server, session, envelope)
        with self.ankommet:
            self.ankommet.notify_all()
        return svar

    def vent_paa(self, antall: int, sekunder: float) -> bool:
        return self.vent_til(lambda mottatt: len(mottatt) >= antall, sekunder)

    def vent_til(self, nok: Callable[[list[bytes]], bool], sekunder: float) -> bool:
        """Until `nok(what has arrived)`, checked now and on each arrival; False on timeout."""
        with self.ankommet:
            return self.ankommet.wait_for(lambda: nok(self.mottatt), sekunder)


@contextmanager
def smtp_tjener(
    port: int | None = None, *, postkasse: Postkasse | None = None
) -> Iterator[tuple[Postkasse, int]]:
    postkasse = postkasse or Postkasse()
    port = port or ledig_port()
    kontroller = Controller(postkasse, hostname="127.0.0.1", port=port)
    kontroller.start()
    try:
        yield postkasse, port
    finally:
        kontroller.stop()
