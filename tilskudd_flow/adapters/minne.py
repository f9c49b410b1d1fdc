"""glibc's allocator set for a long-running server: freed memory goes back to the system.

Two defaults of glibc's malloc make a server's resident size grow and stay grown:
- the mmap threshold adapts upwards (to at most 32 MiB) each time a large block is freed, so
  after the first login the next argon2 blocks (MiBs each) come from the heap, and a freed heap
  block in the middle of a busy arena is not given back;
- every thread that allocates may get its own arena (up to 8 per core), and each keeps its
  high-water mark; the web thread pool has 40 threads.
Setting the threshold fixes it (no more adapting) and two arenas bound the second. Measured
under the søknad rush with logins on SQLite: peak 402 MB without, see bench/resultater.md.
"""

from __future__ import annotations

import ctypes
import ctypes.util

M_MMAP_THRESHOLD = -3  # mallopt's parameter numbers, from glibc's malloc.h
M_ARENA_MAX = -8
MMAP_TERSKEL = 128 * 1024  # glibc's own starting value: larger blocks are mapped and unmapped
ARENAER = 2


def libc() -> ctypes.CDLL | None:
    """The C library this process runs on, or None where there is none to find."""
    navn = ctypes.util.find_library("c")
    return ctypes.CDLL(navn) if navn else None


def gi_tilbake_minne() -> bool:
    """Tell glibc's malloc to map large blocks and keep few arenas; False where it is not glibc."""
    mallopt = getattr(libc(), "mallopt", None)
    if mallopt is None:  # musl and others: their own allocator, left as it is
        return False
    return bool(mallopt(M_MMAP_THRESHOLD, MMAP_TERSKEL)) and bool(mallopt(M_ARENA_MAX, ARENAER))
