"""Password hashing holds 64 MiB per hash: no more than two run at once in a process."""

from __future__ import annotations

import threading

from tilskudd_flow.kontoer.innlogging import SAMTIDIGE_HASHER, Passordhasher


class VentendeHasher:
    """Stands in for argon2: counts who is inside and holds them there until let go."""

    def __init__(self) -> None:
        self.inne = 0
        self.endret = threading.Condition()
        self.slipp = threading.Event()

    def hash(self, passord: str) -> str:
        with self.endret:
            self.inne += 1
            self.endret.notify_all()
        self.slipp.wait(timeout=60)
        return f"hash av {passord}"


def test_a_third_hash_waits_while_two_run_and_goes_in_once_one_is_done() -> None:
    hasher = Passordhasher(SAMTIDIGE_HASHER)
    ventende = VentendeHasher()
    hasher._hasher = ventende  # type: ignore[assignment]
    traader = [threading.Thread(target=hasher.hash, args=(f"passord {nr}",)) for nr in range(3)]
    for traad in traader:
        traad.start()
    with ventende.endret:
        assert ventende.endret.wait_for(lambda: ventende.inne == 2, timeout=60)
    assert not hasher.plass.acquire(blocking=False)  # both places taken: the third waits
    ventende.slipp.set()
    for traad in traader:
        traad.join(timeout=60)
    assert ventende.inne == 3 and hasher.plass.acquire(blocking=False)


def test_the_real_hasher_still_checks_passwords() -> None:
    hasher = Passordhasher(SAMTIDIGE_HASHER)
    lagret = hasher.hash("et langt passord")
    assert hasher.verify(lagret, "et langt passord")
    assert not hasher.check_needs_rehash(lagret)
