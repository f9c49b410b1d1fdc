"""Send a batch of messages over one SMTP connection and say how each one went.

Temporary failures (connection refused or dropped, timeouts, 4xx replies) are retried
later; permanent ones (5xx, refused recipients, a message aiosmtplib will not send) are
not, and the next message goes on. aiosmtplib has no retries itself.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import Coroutine, Sequence
from dataclasses import dataclass
from email.errors import HeaderParseError
from email.message import EmailMessage
from typing import Any, TypeVar

import aiosmtplib

from tilskudd_flow.config import SmtpInnstillinger

T = TypeVar("T")


@dataclass(frozen=True)
class Utfall:
    melding_id: int
    levert: bool
    midlertidig: bool = False
    svar: str = ""


@dataclass(frozen=True)
class Tjener:
    host: str
    port: int
    sikkerhet: str = "ingen"
    brukernavn: str = ""
    passord: str = ""
    tidsavbrudd: float = 30

    @classmethod
    def fra(cls, innstillinger: SmtpInnstillinger, *, host: str, port: int) -> Tjener:
        return cls(
            host=host,
            port=port,
            sikkerhet=innstillinger.sikkerhet,
            brukernavn=innstillinger.brukernavn,
            passord=innstillinger.passord.get_secret_value(),
            tidsavbrudd=innstillinger.tidsavbrudd_sekunder,
        )


class SmtpSender:
    """Sends batches over one connection that lives until `lukk` (reconnects if it breaks).

    The connection lives on an event loop in a thread of its own, so the sender works the
    same whether or not the caller already runs an event loop (a web server, a browser test).
    """

    def __init__(self, tjener: Tjener) -> None:
        self._tjener = tjener
        self._loop: asyncio.AbstractEventLoop | None = None
        self._traad: threading.Thread | None = None
        self._klient: aiosmtplib.SMTP | None = None

    def __call__(self, meldinger: Sequence[tuple[int, EmailMessage]]) -> list[Utfall]:
        """Deliver in order; one outcome per message."""
        return self._kjor(self._send(meldinger))

    def lukk(self) -> None:
        if self._loop is None or self._traad is None:
            return
        if self._klient is not None and self._klient.is_connected:
            with contextlib.suppress(aiosmtplib.SMTPException, OSError):
                self._kjor(self._klient.quit())
        self._klient = None
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._traad.join()
        self._loop.close()
        self._loop, self._traad = None, None

    def _kjor(self, arbeid: Coroutine[Any, Any, T]) -> T:
        if self._loop is None:
            self._loop = asyncio.new_event_loop()
            self._traad = threading.Thread(target=self._loop.run_forever, daemon=True)
            self._traad.start()
        return asyncio.run_coroutine_threadsafe(arbeid, self._loop).result()

    async def _send(self, meldinger: Sequence[tuple[int, EmailMessage]]) -> list[Utfall]:
        utfall: list[Utfall] = []
        for melding_id, epost in meldinger:
            try:
                if self._klient is None or not self._klient.is_connected:
                    self._klient = await _koble_til(self._tjener)
                await self._klient.send_message(epost)
                utfall.append(Utfall(melding_id, levert=True))
            except aiosmtplib.SMTPException as feil:
                utfall.append(_feilet(melding_id, feil))
                self._klient = await _etter_feil(self._klient, feil)
            except OSError as feil:  # connection refused, reset, unreachable
                utfall.append(Utfall(melding_id, levert=False, midlertidig=True, svar=str(feil)))
                self._klient = None
            except (ValueError, HeaderParseError) as feil:
                # Raised while checking or writing this message out, before any command
                # for it was sent, so the connection is still good; it will never go.
                utfall.append(Utfall(melding_id, levert=False, svar=_ikke_skrivbar(feil)))
        return utfall


async def _koble_til(tjener: Tjener) -> aiosmtplib.SMTP:
    klient = aiosmtplib.SMTP(
        hostname=tjener.host,
        port=tjener.port,
        use_tls=tjener.sikkerhet == "tls",
        start_tls=tjener.sikkerhet == "starttls",
        timeout=tjener.tidsavbrudd,
    )
    await klient.connect()
    if tjener.brukernavn:
        await klient.login(tjener.brukernavn, tjener.passord)
    return klient


def _ikke_skrivbar(feil: Exception) -> str:
    return f"E-posten kan ikke sendes slik den er (teknisk feil: {type(feil).__name__}: {feil})."


def _feilet(melding_id: int, feil: aiosmtplib.SMTPException) -> Utfall:
    if isinstance(feil, aiosmtplib.SMTPRecipientsRefused):
        svar = "; ".join(f"{r.recipient}: {r.code} {r.message}" for r in feil.recipients)
        koder = [r.code for r in feil.recipients]
        return Utfall(melding_id, levert=False, midlertidig=all(400 <= k < 500 for k in koder),
                      svar=svar)  # fmt: skip
    if isinstance(feil, aiosmtplib.SMTPResponseException):
        midlertidig = 400 <= feil.code < 500
        return Utfall(melding_id, False, midlertidig, f"{feil.code} {feil.message}")
    return Utfall(melding_id, levert=False, midlertidig=True, svar=str(feil))


async def _etter_feil(
    klient: aiosmtplib.SMTP | None, feil: aiosmtplib.SMTPException
) -> aiosmtplib.SMTP | None:
    """Keep the connection for the next message if the server is still in a good state."""
    if (
        klient is None
        or not klient.is_connected
        or isinstance(feil, aiosmtplib.SMTPServerDisconnected | aiosmtplib.SMTPTimeoutError)
    ):
        return None
    try:
        await klient.rset()
    except (aiosmtplib.SMTPException, OSError):
        return None
    return klient
