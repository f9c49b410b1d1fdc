"""One amount parser for every amount field (#19): the same answer to the same text.

Issue 19: an amount in words was refused in the per-year rows but accepted as the applied
amount. Every field below reads its text with `parse_belop`.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
from pydantic import ValidationError

from tilskudd_flow.domain import felt
from tilskudd_flow.domain.feil import UgyldigFelt
from tilskudd_flow.soknader.oppstart_prosjekter import Tildelingsrad
from tilskudd_flow.soknader.soknadsfil import Soknadsfil

TALLORD = "tallord støttes ikke; skriv beløpet med sifre"


def _sokt(tekst: str) -> object:
    return Soknadsfil.model_validate(
        {"runde": 2026, "prosjektnavn": "X", "budsjett": {"sokt": tekst}}
    )


def _totalkostnad(tekst: str) -> object:
    budsjett = {"totalkostnad": tekst}
    return Soknadsfil.model_validate({"runde": 2026, "prosjektnavn": "X", "budsjett": budsjett})


def _per_aar(tekst: str) -> object:
    budsjett = {"per_aar": [{"aar": 2026, "belop": tekst}]}
    return Soknadsfil.model_validate({"runde": 2026, "prosjektnavn": "X", "budsjett": budsjett})


def _budsjettlinje(tekst: str) -> object:
    linje = {"kostnadspost": "Lønn", "aar": 2026, "belop": tekst}
    budsjett = {"linjer": [linje]}
    return Soknadsfil.model_validate({"runde": 2026, "prosjektnavn": "X", "budsjett": budsjett})


def _tildeling_i_importen(tekst: str) -> object:
    return Tildelingsrad.model_validate(
        {"ordning": "regional", "aar": 2026, "belop": tekst, "dato": date(2026, 3, 1)}
    )


def _tildeling_som_hendelse(tekst: str) -> object:
    deklarert = (felt.belop_per_aar("belop", "Beløp per år"),)
    return felt.les_felt(deklarert, {"belop": f"2026: {tekst}"}, lambda _t: None)


FELT: dict[str, Callable[[str], object]] = {
    "søkt beløp": _sokt,
    "totalkostnad": _totalkostnad,
    "beløp per år": _per_aar,
    "budsjettlinje": _budsjettlinje,
    "tildeling i oppstartsfilen": _tildeling_i_importen,
    "tildeling (hendelsesfelt)": _tildeling_som_hendelse,
}


@pytest.mark.parametrize("les", FELT.values(), ids=FELT.keys())
def test_an_amount_in_words_is_refused_with_the_same_message_everywhere(
    les: Callable[[str], object],
) -> None:
    with pytest.raises((ValidationError, UgyldigFelt)) as feil:
        les("to millioner")
    assert TALLORD in str(feil.value)


@pytest.mark.parametrize("les", FELT.values(), ids=FELT.keys())
def test_kr_1_5_mill_is_accepted_everywhere(les: Callable[[str], object]) -> None:
    les("kr 1,5 mill")
