"""Numbers, dates and counted nouns as bokmål writes them, by Babel's nb_NO locale data:
«1 sak», «2 saker», «1 234», «15.09.2025». Pure: no clock, no I/O."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_currency, format_decimal

SPRAK = "nb_NO"


@cache
def _sprak() -> Locale:
    return Locale.parse(SPRAK)


def tall(verdi: int | float) -> str:
    """A number with bokmål's digit grouping (a non-breaking space) and decimal comma."""
    return str(format_decimal(verdi, locale=SPRAK))


def antall(verdi: int, entall: str, flertall: str) -> str:
    """A count with its noun in the right number: «1 sak», «0 saker», «2 saker»."""
    ord_ = entall if _sprak().plural_form(verdi) == "one" else flertall
    return f"{tall(verdi)} {ord_}"


def dato(verdi: date | datetime) -> str:
    """A date as forms and letters write it: «15.09.2025»."""
    return str(format_date(verdi, "dd.MM.yyyy", locale=SPRAK))


def kroner(ore: int) -> str:
    """An amount as bokmål writes kroner, by Babel: «1 250 000 kr», «-12,50 kr»."""
    monster = "#,##0 ¤" if ore % 100 == 0 else "#,##0.00 ¤"
    return str(format_currency(Decimal(ore) / 100, "NOK", format=monster, locale=SPRAK,
                               currency_digits=False))  # fmt: skip
