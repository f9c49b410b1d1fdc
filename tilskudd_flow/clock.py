"""The one source of time: injected everywhere, simulated in tests and dry runs."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current instant, timezone-aware (UTC)."""
        ...


class SystemClock:
    """Wall-clock time."""

    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that stands still until moved: simulated time for tests and the CLI."""

    def __init__(self, instant: datetime) -> None:
        self._instant = _aware(instant)

    def now(self) -> datetime:
        return self._instant

    def set(self, instant: datetime) -> None:
        self._instant = _aware(instant)


def _aware(instant: datetime) -> datetime:
    if instant.tzinfo is None:
        raise ValueError("tidspunktet må ha tidssone")
    return instant.astimezone(UTC)


class FileClock:
    """Simulated time shared by several processes: the instant is read from a file.

    Tests and demos write an ISO instant (with zone) to the file; every process reading it
    sees the same time. A missing file means the clock has not been set: an error.
    """

    def __init__(self, sti: Path) -> None:
        self._sti = sti

    def now(self) -> datetime:
        try:
            tekst = self._sti.read_text(encoding="utf-8").strip()
        except FileNotFoundError:
            raise RuntimeError(f"den simulerte klokken {self._sti} er ikke satt") from None
        return _aware(datetime.fromisoformat(tekst))

    def set(self, instant: datetime) -> None:
        midlertidig = self._sti.with_suffix(".ny")
        midlertidig.write_text(_aware(instant).isoformat(), encoding="utf-8")
        midlertidig.replace(self._sti)  # atomic: readers never see half a timestamp
