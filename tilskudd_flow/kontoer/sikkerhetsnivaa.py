"""The level of assurance (`acr`) an ID token must show: Digdir says the client MUST check it."""

from __future__ import annotations

import logging
from collections.abc import Mapping

from tilskudd_flow.domain.feil import IkkeTillatt
from tilskudd_flow.domain.sikkerhetsnivaa import NIVAAER, for_lavt_nivaa, holder

logger = logging.getLogger("tilskudd_flow.oidc")


def krev_nivaa(krav: Mapping[str, object], krevd: str) -> None:
    """Refuse a token whose `acr` is missing, unknown or below `krevd` ("" checks nothing)."""
    acr = krav.get("acr")
    if holder(acr, krevd):
        return
    # A level is not personal data; the token's other claims may be, so they stay out.
    vist = acr if isinstance(acr, str) and acr in NIVAAER else "mangler eller ukjent"
    logger.warning("OIDC-innlogging avvist: sikkerhetsnivå %s, krevd %s", vist, krevd)
    raise IkkeTillatt(for_lavt_nivaa(krevd))
