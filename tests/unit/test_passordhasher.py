"""Password hashing: argon2id no weaker than OWASP's guidance, one hash's memory at a time."""

from __future__ import annotations

import threading

from argon2 import PasswordHasher, Type, extract_parameters

from tilskudd_flow.kontoer.innlogging import (
    ARGON2_MINNE_KIB,
    MINNEBUDSJETT_KIB,
    Passordhasher,
)

GAMMEL_HASH = PasswordHasher().hash("et langt passord")  # RFC 9106's 64 MiB, t = 3, p = 4


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

    def verify(self, passord_hash: str, passord: str) -> bool:
        return self.hash(passord) != passord_hash


def _hasher_som_venter() -> tuple[Passordhasher, VentendeHasher]:
    hasher = Passordhasher(MINNEBUDSJETT_KIB)
    ventende = VentendeHasher()
    hasher._hasher = ventende  # type: ignore[assignment]
    return hasher, ventende


def _vent_til_inne(ventende: VentendeHasher, antall: int) -> None:
    with ventende.endret:
        assert ventende.endret.wait_for(lambda: ventende.inne == antall, timeout=60)


def test_the_hash_is_argon2id_at_or_above_one_of_owasps_settings() -> None:
    parametre = extract_parameters(Passordhasher(MINNEBUDSJETT_KIB).hash("et langt passord"))
    assert parametre.type is Type.ID
    # OWASP's Password Storage Cheat Sheet: m = 46 MiB t = 1, 19/2, 12/3, 9/4, 7/5, all p = 1.
    owasp = {1: 46, 2: 19, 3: 12, 4: 9, 5: 7}
    assert parametre.memory_cost >= owasp[min(parametre.time_cost, 5)] * 1024
    assert parametre.parallelism == 1


def test_a_hash_made_at_the_earlier_19_mib_setting_is_still_accepted_and_rehashed() -> None:
    hasher = Passordhasher(MINNEBUDSJETT_KIB)
    tidligere = PasswordHasher(time_cost=2, memory_cost=19 * 1024, parallelism=1)
    gammel = tidligere.hash("et langt passord")
    assert hasher.verify(gammel, "et langt passord")
    assert hasher.check_needs_rehash(gammel)
    assert not hasher.check_needs_rehash(hasher.hash("et langt passord"))


def test_a_second_hash_waits_while_one_runs_and_goes_in_once_it_is_done() -> None:
    hasher, ventende = _hasher_som_venter()
    traader = [threading.Thread(target=hasher.hash, args=(f"passord {nr}",)) for nr in range(2)]
    for traad in traader:
        traad.start()
    _vent_til_inne(ventende, 1)
    traader[0].join(timeout=0.2)
    traader[1].join(timeout=0.2)
    assert ventende.inne == 1  # the second waits: one hash fills the budget
    assert hasher.i_bruk_kib == ARGON2_MINNE_KIB == MINNEBUDSJETT_KIB
    ventende.slipp.set()
    for traad in traader:
        traad.join(timeout=60)
    assert ventende.inne == 2 and hasher.i_bruk_kib == 0


def test_checking_an_old_64_mib_hash_waits_for_the_others_and_runs_alone() -> None:
    hasher, ventende = _hasher_som_venter()
    ny = threading.Thread(target=hasher.hash, args=("passord 1",))
    ny.start()
    _vent_til_inne(ventende, 1)
    gammel = threading.Thread(target=hasher.verify, args=(GAMMEL_HASH, "passord 2"))
    gammel.start()
    gammel.join(timeout=0.2)
    assert gammel.is_alive() and ventende.inne == 1  # waits while another hash holds memory
    ventende.slipp.set()
    for traad in (ny, gammel):
        traad.join(timeout=60)
    assert ventende.inne == 2 and hasher.i_bruk_kib == 0


def test_the_real_hasher_still_checks_passwords() -> None:
    hasher = Passordhasher(MINNEBUDSJETT_KIB)
    lagret = hasher.hash("et langt passord")
    assert hasher.verify(lagret, "et langt passord")
    assert not hasher.check_needs_rehash(lagret)


def test_an_old_rfc_9106_hash_is_still_accepted_and_is_rehashed_at_login() -> None:
    hasher = Passordhasher(MINNEBUDSJETT_KIB)
    assert hasher.verify(GAMMEL_HASH, "et langt passord")
    assert hasher.check_needs_rehash(GAMMEL_HASH)
