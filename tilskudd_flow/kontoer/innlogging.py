"""Local accounts: argon2id passwords and server-side sessions that can be revoked."""

from __future__ import annotations

import hashlib
import secrets
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta

from argon2 import PasswordHasher, extract_parameters
from argon2.exceptions import InvalidHashError, VerificationError
from sqlmodel import Session, col, select, update

from tilskudd_flow.domain.feil import IkkeTillatt, UgyldigFelt
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.domain.tekst import enlinjefeil
from tilskudd_flow.models.okt import WebOkt
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.tilgang import krev_rolle

MINSTE_LENGDE = 10
FEIL_INNLOGGING = "Feil brukernavn eller passord"
# argon2id at one of the settings OWASP's Password Storage Cheat Sheet lists as giving the
# same defence, trading memory for passes: 46 MiB × 1, 19 × 2, 12 × 3, 9 × 4 or 7 MiB × 5
# (p = 1). The last: a login costs 19 ms and 7 MiB, where 19 MiB × 2 cost 22 ms and took a
# server's peak in a login rush past 150 MB. Hashes made with an earlier setting (19 MiB × 2,
# RFC 9106's 64 MiB × 3 with p = 4) are still checked, and rehashed at a login.
ARGON2_MINNE_KIB = 7 * 1024
ARGON2_RUNDER = 5
ARGON2_TRAADER = 1
# What hashing may hold at once in one process: twenty logins at once at 64 MiB each once
# took a server past 1 GB. One hash at a time, and 50 logins a second still get through; an
# old 64 MiB hash waits its turn too and is checked alone.
MINNEBUDSJETT_KIB = ARGON2_MINNE_KIB


class Passordhasher:
    """argon2's hasher; the hashes and checks running at once hold at most `budsjett_kib`."""

    def __init__(self, budsjett_kib: int) -> None:
        self._hasher = PasswordHasher(time_cost=ARGON2_RUNDER, memory_cost=ARGON2_MINNE_KIB,
                                      parallelism=ARGON2_TRAADER)  # fmt: skip
        self.budsjett_kib = budsjett_kib
        self.i_bruk_kib = 0
        self._endret = threading.Condition()

    def hash(self, passord: str) -> str:
        with self._minne(ARGON2_MINNE_KIB):
            return self._hasher.hash(passord)

    def verify(self, passord_hash: str, passord: str) -> bool:
        with self._minne(_minnebruk(passord_hash)):
            return self._hasher.verify(passord_hash, passord)

    def check_needs_rehash(self, passord_hash: str) -> bool:
        return self._hasher.check_needs_rehash(passord_hash)

    @contextmanager
    def _minne(self, kib: int) -> Iterator[None]:
        # More than the whole budget (an old hash) waits for the others and then runs alone.
        kib = min(kib, self.budsjett_kib)
        with self._endret:
            self._endret.wait_for(lambda: self.i_bruk_kib + kib <= self.budsjett_kib)
            self.i_bruk_kib += kib
        try:
            yield
        finally:
            with self._endret:
                self.i_bruk_kib -= kib
                self._endret.notify_all()


def _minnebruk(passord_hash: str) -> int:
    """The memory (KiB) checking this hash takes; a hash that cannot be read takes none."""
    try:
        return extract_parameters(passord_hash).memory_cost
    except InvalidHashError:
        return 0


_hasher = Passordhasher(MINNEBUDSJETT_KIB)


def passord_hash(passord: str) -> str:
    if len(passord) < MINSTE_LENGDE:
        raise UgyldigFelt("passord", f"må være minst {MINSTE_LENGDE} tegn")
    return _hasher.hash(passord)


def sett_passord(
    session: Session, *, aktor: Bruker, brukernavn: str, passord: str, naa: datetime
) -> None:
    """An admin sets a password (or a user their own); all the user's sessions end."""
    if aktor.brukernavn != brukernavn:
        krev_rolle(aktor, Rolle.ADMIN)
    bruker = (
        session.exec(
            select(Bruker).where(
                Bruker.brukernavn == brukernavn,
                Bruker.helsefellesskap_id == aktor.helsefellesskap_id,
            )
        )
        .unique()
        .first()
    )
    if bruker is None:
        raise UgyldigFelt("brukernavn", f"ukjent bruker «{brukernavn}»")
    bruker.passord_hash = passord_hash(passord)
    avslutt_alle_okter(session, bruker, naa)
    assert bruker.id is not None
    skriv_audit(session, helsefellesskap_id=bruker.helsefellesskap_id, tidspunkt=naa,
                bruker=aktor, objekt_type="bruker", objekt_id=bruker.id,
                hendelse="passord_satt", detaljer={"brukernavn": brukernavn})  # fmt: skip


def logg_inn(
    session: Session, *, brukernavn: str, passord: str, naa: datetime, varighet: timedelta
) -> tuple[str, Bruker]:
    """A new session for the right password; the same message for every kind of failure."""
    navn = brukernavn.strip().lower()
    # No account name holds a control character, and PostgreSQL refuses NUL with an error.
    bruker = (
        session.exec(select(Bruker).where(Bruker.brukernavn == navn)).unique().first()
        if enlinjefeil(navn) is None
        else None
    )
    if not _stemmer(bruker, passord) or bruker is None or not bruker.aktiv:
        raise IkkeTillatt(FEIL_INNLOGGING)
    if bruker.passord_hash and _hasher.check_needs_rehash(bruker.passord_hash):
        bruker.passord_hash = _hasher.hash(passord)
    return ny_okt(session, bruker, naa, varighet), bruker


def ny_okt(
    session: Session,
    bruker: Bruker,
    naa: datetime,
    varighet: timedelta,
    id_token_forseglet: str | None = None,
    oidc_sid: str | None = None,
) -> str:
    """A server-side session for a user who has proved who they are; returns its token."""
    token = secrets.token_urlsafe(32)
    assert bruker.id is not None
    session.add(WebOkt(token_hash=hash_av_token(token), bruker_id=bruker.id, opprettet=naa,
                       utloper=naa + varighet, id_token_forseglet=id_token_forseglet,
                       oidc_sid=oidc_sid))  # fmt: skip
    return token


def bruker_for_okt(session: Session, token: str, naa: datetime) -> Bruker | None:
    """The active user of a live session, or None (expired, revoked, unknown, deactivated)."""
    okt = session.exec(select(WebOkt).where(WebOkt.token_hash == hash_av_token(token))).first()
    if okt is None or okt.tilbakekalt is not None or okt.utloper <= naa:
        return None
    bruker = session.get(Bruker, okt.bruker_id)
    return bruker if bruker is not None and bruker.aktiv else None


def logg_ut(session: Session, token: str, naa: datetime) -> str | None:
    """Revoke the session; the sealed ID token of a live OIDC session, for the provider."""
    okt = session.exec(select(WebOkt).where(WebOkt.token_hash == hash_av_token(token))).first()
    if okt is None or okt.tilbakekalt is not None:
        return None
    okt.tilbakekalt = naa
    id_token, okt.id_token_forseglet = okt.id_token_forseglet, None  # used once, then gone
    return id_token


def logg_ut_sid(session: Session, sid: str, naa: datetime) -> int:
    """The provider's front-channel logout: revoke every live session its session `sid`
    started, audited per user (how many sessions, nothing about the person); how many ended."""
    okter = session.exec(
        select(WebOkt).where(col(WebOkt.oidc_sid) == sid, col(WebOkt.tilbakekalt).is_(None))
    ).all()
    per_bruker: dict[int, int] = {}
    for okt in okter:
        okt.tilbakekalt, okt.id_token_forseglet = naa, None
        per_bruker[okt.bruker_id] = per_bruker.get(okt.bruker_id, 0) + 1
    for bruker_id, antall in per_bruker.items():
        bruker = session.get(Bruker, bruker_id)
        assert bruker is not None  # a session goes with its user (ON DELETE CASCADE)
        skriv_audit(session, helsefellesskap_id=bruker.helsefellesskap_id, tidspunkt=naa,
                    bruker=None, objekt_type="bruker", objekt_id=bruker_id,
                    hendelse="logget_ut_hos_utsteder", detaljer={"okter": antall})  # fmt: skip
    return len(okter)


def avslutt_alle_okter(session: Session, bruker: Bruker, naa: datetime) -> None:
    """Revoke every session of a user (deactivation, new password)."""
    session.execute(
        update(WebOkt)
        .where(col(WebOkt.bruker_id) == bruker.id, col(WebOkt.tilbakekalt).is_(None))
        .values(tilbakekalt=naa)
    )


def _stemmer(bruker: Bruker | None, passord: str) -> bool:
    if bruker is None or not bruker.passord_hash:
        # Spend the same time as a real check, so a response does not tell who exists.
        _hasher.hash(passord)
        return False
    try:
        return _hasher.verify(bruker.passord_hash, passord)
    except (VerificationError, InvalidHashError):
        return False


def hash_av_token(token: str) -> str:
    """What is stored of a session or link token: SHA-256, enough for random tokens."""
    # UTF-8, not ASCII: a token typed or pasted with other letters is simply unknown, not a 500.
    return hashlib.sha256(token.encode("utf-8")).hexdigest()
