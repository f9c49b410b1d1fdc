"""Login through OpenID Connect: the issuer vouches for a person, we find the user.

Two ways to find the user, chosen by `oidc.brukerkrav`: ID-porten and Ansattporten give the
fødselsnummer (`pid`) and no e-mail, so a person is bound to a user once, through the
user's invitation link, and found later by a keyed hash of the number; other issuers
(Entra ID and the like) vouch for an e-mail address, matched against the user's.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import NoReturn

from sqlmodel import Session, col, func, select

from tilskudd_flow.config import OidcInnstillinger
from tilskudd_flow.domain.feil import IkkeTillatt
from tilskudd_flow.kontoer.engangslenker import knytt_til_pid
from tilskudd_flow.kontoer.innlogging import ny_okt
from tilskudd_flow.kontoer.sikkerhetsnivaa import krev_nivaa
from tilskudd_flow.models.tenancy import Bruker

logger = logging.getLogger("tilskudd_flow.oidc")

INGEN_BRUKER = (
    "Du ble logget inn hos utstederen, men har ingen aktiv bruker her. "
    "Kontakt sekretariatet for å få tilgang."
)
IKKE_KNYTTET = (
    "Du ble logget inn med ID-porten, men er ikke knyttet til noen aktiv bruker her. "
    "Første gang logger du inn fra lenken i invitasjonen fra sekretariatet; "
    "be om en ny invitasjon om lenken er brukt eller utløpt."
)


def logg_inn_oidc(
    session: Session,
    *,
    krav: Mapping[str, object],
    oidc: OidcInnstillinger,
    naa: datetime,
    varighet: timedelta,
    knytt_lenke: str | None = None,
    id_token_forseglet: str | None = None,
) -> tuple[str, Bruker]:
    """A new session for the one active user the claims point to (binding them first when
    the login came from an invitation link and people are bound by pid)."""
    krev_nivaa(krav, oidc.krevd_acr)
    if not oidc.knytter_pid:
        bruker = _bruker_for_krav(session, krav, oidc.brukerkrav)
    elif knytt_lenke:
        bruker = knytt_til_pid(session, token=knytt_lenke, pid_hash=_pid_hash(krav, oidc), naa=naa)
    else:
        bruker = _bruker_for_pid(session, krav, _pid_hash(krav, oidc))
    sid = krav.get("sid")  # the provider's session, for its front-channel logout
    return ny_okt(session, bruker, naa, varighet, id_token_forseglet,
                  oidc_sid=sid if isinstance(sid, str) and sid else None), bruker  # fmt: skip


def pid_hash(pid: str, nokkel: str) -> str:
    """HMAC-SHA256 of a fødselsnummer: without the key, no one can test numbers against it."""
    return hmac.new(nokkel.encode(), pid.strip().encode(), hashlib.sha256).hexdigest()


def med_userinfo(idkrav: Mapping[str, object], userinfo: Mapping[str, object]) -> dict[str, object]:
    """The ID token's claims with those only UserInfo gave; the token's own win.

    UserInfo must answer for the token's subject (OIDC Core §5.3.4): otherwise its claims
    could belong to someone else, and the login fails.
    """
    if not isinstance(idkrav.get("sub"), str) or userinfo.get("sub") != idkrav.get("sub"):
        raise ValueError("UserInfo-svaret gjelder en annen sub enn ID-tokenet")
    return {**userinfo, **idkrav}


def _pid_hash(krav: Mapping[str, object], oidc: OidcInnstillinger) -> str:
    pid = krav.get("pid")
    if not isinstance(pid, str) or not pid.strip():
        _avvis(krav, "ID-tokenet mangler kravet «pid»", INGEN_BRUKER)
    return pid_hash(pid, oidc.pid_nokkel.get_secret_value())


def _bruker_for_pid(session: Session, krav: Mapping[str, object], hash_: str) -> Bruker:
    bruker = session.exec(select(Bruker).where(Bruker.pid_hash == hash_)).unique().first()
    if bruker is None or not bruker.aktiv:
        _avvis(krav, "personen er ikke knyttet til noen aktiv bruker", IKKE_KNYTTET)
    return bruker


def _bruker_for_krav(session: Session, krav: Mapping[str, object], brukerkrav: str) -> Bruker:
    """Unknown, deactivated, ambiguous or unverified: the same refusal, the reason in the log."""
    verdi = krav.get(brukerkrav)
    if not isinstance(verdi, str) or not verdi.strip():
        _avvis(krav, f"ID-tokenet mangler kravet «{brukerkrav}»")
    if brukerkrav == "email" and krav.get("email_verified") is False:
        _avvis(krav, "e-postadressen er ikke bekreftet hos utstederen")
    treff = (
        session.exec(
            select(Bruker).where(
                func.lower(col(Bruker.epost)) == verdi.strip().lower(), col(Bruker.aktiv)
            )
        )
        .unique()
        .all()
    )
    if len(treff) != 1:
        _avvis(krav, f"{len(treff)} aktive brukere har denne e-postadressen")
    return treff[0]


def _avvis(krav: Mapping[str, object], grunn: str, melding: str = INGEN_BRUKER) -> NoReturn:
    # The claim's value may be personal data (an e-mail or a national id): log only `sub`,
    # which ID-porten makes pairwise (a different one for every client).
    logger.warning("OIDC-innlogging avvist for sub=%s: %s", krav.get("sub"), grunn)
    raise IkkeTillatt(melding)
