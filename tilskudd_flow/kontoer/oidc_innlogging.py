"""Login through OpenID Connect: the issuer vouches for an e-mail address, we find the user."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timedelta
from typing import NoReturn

from sqlmodel import Session, col, func, select

from tilskudd_flow.domain.feil import IkkeTillatt
from tilskudd_flow.kontoer.innlogging import ny_okt
from tilskudd_flow.kontoer.sikkerhetsnivaa import krev_nivaa
from tilskudd_flow.models.tenancy import Bruker

logger = logging.getLogger("tilskudd_flow.oidc")

INGEN_BRUKER = (
    "Du ble logget inn hos utstederen, men har ingen aktiv bruker her. "
    "Kontakt sekretariatet for å få tilgang."
)


def logg_inn_oidc(
    session: Session,
    *,
    krav: Mapping[str, object],
    brukerkrav: str,
    krevd_acr: str,
    naa: datetime,
    varighet: timedelta,
) -> tuple[str, Bruker]:
    """A new session for the one active user the ID token's claims point to."""
    krev_nivaa(krav, krevd_acr)
    bruker = _bruker_for_krav(session, krav, brukerkrav)
    return ny_okt(session, bruker, naa, varighet), bruker


def med_userinfo(idkrav: Mapping[str, object], userinfo: Mapping[str, object]) -> dict[str, object]:
    """The ID token's claims with those only UserInfo gave; the token's own win.

    UserInfo must answer for the token's subject (OIDC Core §5.3.4): otherwise its claims
    could belong to someone else, and the login fails.
    """
    if not isinstance(idkrav.get("sub"), str) or userinfo.get("sub") != idkrav.get("sub"):
        raise ValueError("UserInfo-svaret gjelder en annen sub enn ID-tokenet")
    return {**userinfo, **idkrav}


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


def _avvis(krav: Mapping[str, object], grunn: str) -> NoReturn:
    # The claim's value may be personal data (an e-mail or a national id): log only `sub`.
    logger.warning("OIDC-innlogging avvist for sub=%s: %s", krav.get("sub"), grunn)
    raise IkkeTillatt(INGEN_BRUKER)
