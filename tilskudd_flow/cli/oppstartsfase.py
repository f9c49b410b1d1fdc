"""The cycle collector while `tilskudd` starts: paused, and what the start built set aside.

A command's start imports some 800 modules and builds the app: hundreds of thousands of
objects that live until the process exits. Python's cycle collector walks them again and
again while they are made, and once more, all of them, when the interpreter shuts down:
measured on `tilskudd --som … saker`, ~0.35 s of its ~1.0 s of CPU (issue 22). So, in the
`tilskudd` script only, the collector is paused while a command's modules load and while
the app is built, and what exists then is frozen (`gc.freeze`): left out of every later
collection, the one at exit included. What the command itself makes is collected as
usual, so a long-running command (`tjeneste`) frees its garbage as before.

In-process callers (tests with CliRunner, the web app) never call `i_skriptet`: there the
blocks do nothing, so no test's objects are frozen and kept.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

_skriptet = False


def i_skriptet() -> None:
    """Called by the `tilskudd` script: pause the collector in start blocks, from now on."""
    global _skriptet
    _skriptet = True
    gc.freeze()  # the modules the script imported to get here


@contextmanager
def oppstart() -> Iterator[None]:
    """A block that imports or builds what lives until exit (in the script only)."""
    if not _skriptet or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        gc.enable()
