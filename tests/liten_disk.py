"""A small, real file system (tmpfs) mounted over a folder, to fill the disk on purpose."""

from __future__ import annotations

import errno
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def _som_root(kommando: list[str]) -> list[str]:
    return kommando if os.geteuid() == 0 else ["sudo", "-n", *kommando]


@contextmanager
def liten_disk(mappe: Path, kib: int) -> Iterator[Path]:
    """Mount a tmpfs of `kib` KiB on `mappe` (created if missing) and unmount it after."""
    mappe.mkdir(parents=True, exist_ok=True)
    montert = subprocess.run(
        _som_root(["mount", "-t", "tmpfs", "-o", f"size={kib}k,mode=0777", "tmpfs", str(mappe)]),
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    if montert.returncode != 0:
        raise RuntimeError(
            f"Kan ikke montere en tmpfs på {mappe} ({montert.stderr.strip()}): testen av full "
            "disk må kjøres som root eller med sudo uten passord"
        )
    try:
        yield mappe
    finally:
        subprocess.run(_som_root(["umount", "--lazy", str(mappe)]), check=True)


def utvid(mappe: Path, kib: int) -> None:
    """Give the mounted tmpfs `kib` KiB, as an operator making room does (files stay)."""
    subprocess.run(_som_root(["mount", "-o", f"remount,size={kib}k", str(mappe)]), check=True)


def fyll(mappe: Path) -> None:
    """Write until the file system is full, leaving it with no free byte."""
    with (mappe / "fyll").open("wb", buffering=0) as fil:
        try:
            while True:
                fil.write(b"\0" * 4096)
        except OSError as feil:
            if feil.errno != errno.ENOSPC:
                raise
