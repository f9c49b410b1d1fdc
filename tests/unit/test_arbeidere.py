"""How many web processes `tilskudd tjeneste start` runs (issue 22)."""

from __future__ import annotations

import os

import pytest

from tilskudd_flow.adapters.minne import gi_tilbake_minne
from tilskudd_flow.config import UgyldigKonfigurasjon
from tilskudd_flow.web.arbeider import antall_arbeidere


def test_postgresql_runs_one_worker_per_core_unless_told() -> None:
    assert antall_arbeidere(0, "postgresql") == (os.cpu_count() or 1)
    assert antall_arbeidere(3, "postgresql") == 3


def test_sqlite_runs_one_process() -> None:
    assert antall_arbeidere(0, "sqlite") == 1
    assert antall_arbeidere(1, "sqlite") == 1


def test_more_than_one_worker_on_sqlite_is_refused_with_a_reason() -> None:
    with pytest.raises(UgyldigKonfigurasjon, match="SQLite har én skriver"):
        antall_arbeidere(2, "sqlite")


def test_glibcs_malloc_is_told_to_give_memory_back() -> None:
    # This machine (Debian) runs glibc: the tuning must take, or the server's RSS grows.
    assert gi_tilbake_minne()
