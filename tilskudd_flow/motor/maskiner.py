"""Built python-statemachine machines, reused across transitions instead of built per event.

Building a machine resolves every callback and guard (a millisecond or so); sending an
event is cheap. A machine here is bound once to a `Tilstand` holder: a transition puts the
case's state in, sends the event, and reads the new state out. The engine is not
thread-safe, so each thread keeps its own machines, and one in use (a callback that starts
another transition) is never handed out twice.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from statemachine import StateMachine


@dataclass
class Tilstand:
    """The model a reused machine is bound to: only the state, as the case row keeps it."""

    state: str


class _Ledige(threading.local):
    def __init__(self) -> None:
        self.maskiner: dict[type[StateMachine], list[tuple[StateMachine, Tilstand]]] = {}


_ledige = _Ledige()


@contextmanager
def maskin_i(klasse: type[StateMachine], tilstand: str) -> Iterator[tuple[StateMachine, Tilstand]]:
    """A machine of `klasse` standing in `tilstand`; its holder has the state after the event."""
    ledige = _ledige.maskiner.setdefault(klasse, [])
    maskin, holder = ledige.pop() if ledige else _bygg(klasse, tilstand)
    holder.state = tilstand
    try:
        yield maskin, holder
    finally:
        # An event refused by a guard leaves the engine's queues cleared (the library clears
        # them on an exception), so the machine is fit for the next case; one that reached a
        # final state has stopped its engine for good and is dropped.
        if not maskin.is_terminated:
            ledige.append((maskin, holder))


def _bygg(klasse: type[StateMachine], tilstand: str) -> tuple[StateMachine, Tilstand]:
    holder = Tilstand(tilstand)
    return klasse(model=holder, state_field="state"), holder
