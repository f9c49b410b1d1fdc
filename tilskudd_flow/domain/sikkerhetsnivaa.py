"""Levels of assurance (`acr`) of ID-porten and Ansattporten, and which is enough."""

from __future__ import annotations

# Lowest first (eIDAS: low, substantial, high).
NIVAAER = ("idporten-loa-low", "idporten-loa-substantial", "idporten-loa-high")
VISNING = {
    "idporten-loa-low": "lavt",
    "idporten-loa-substantial": "betydelig",
    "idporten-loa-high": "høyt",
}


def minste_nivaa(acr_values: str) -> str:
    """The lowest known level among those asked for: what an answer must at least show."""
    kjente = [n for n in acr_values.split() if n in NIVAAER]
    return min(kjente, key=NIVAAER.index) if kjente else ""


def holder(acr: object, krevd: str) -> bool:
    """Whether a token's `acr` reaches `krevd` (missing or unknown never does)."""
    if not krevd:
        return True
    return isinstance(acr, str) and acr in NIVAAER and NIVAAER.index(acr) >= NIVAAER.index(krevd)


def for_lavt_nivaa(krevd: str) -> str:
    """What the user is told when the issuer vouched for less than `krevd`."""
    nivaa = VISNING.get(krevd, krevd)
    return (
        f"Du ble logget inn på et lavere sikkerhetsnivå enn tjenesten krever (nivå {nivaa}). "
        f"Logg inn på nytt med en eID på nivå {nivaa}, for eksempel BankID, "
        "eller bruk brukernavn og passord."
    )
