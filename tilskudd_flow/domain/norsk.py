"""Numbers, dates and counted nouns as bokmål writes them, by Babel's nb_NO locale data.
Pure: no clock, no time zones, no I/O (`domain.tid` turns instants into Oslo time first).

One format per context, so a reader never meets the same date written two ways:

- running text, letters, e-mails, documents: «5. desember 2026» (`langdato`), with the
  time «5. desember 2026 kl. 13.00» (`tid.norsk_tidspunkt`);
- tables, lists, form fields, CSV for people, CLI tables: «05.12.2026» (`dato`), with
  the time «05.12.2026 kl. 13.00» (`tid.kort_tidspunkt`);
- times of day: «kl. 13.00», with a full stop as Språkrådet writes it (`klokkeslett`);
- amounts: «kr 1 250 000» (`domain.amounts.formater_kroner`, the one amount format the
  forms also read back), numbers «1 234» (`tall`), counts «1 søknad», «3 søknader»
  (`antall`).

Machine formats stay ISO 8601 (JSON, the API, CSV for import, file names, iCalendar).
"""

from __future__ import annotations

from datetime import date, datetime, time
from functools import cache

from babel import Locale
from babel.dates import format_date, format_time
from babel.numbers import format_decimal

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
    """A date as tables, lists and forms write it: «05.12.2026»."""
    return str(format_date(verdi, "dd.MM.yyyy", locale=SPRAK))


def langdato(verdi: date | datetime, *, med_ukedag: bool = False) -> str:
    """A date as running text and letters write it: «5. desember 2026» (or «lørdag 5. …»)."""
    return str(format_date(verdi, "EEEE d. MMMM y" if med_ukedag else "d. MMMM y", locale=SPRAK))


def klokkeslett(verdi: time | datetime) -> str:
    """A time of day as bokmål writes it: «13.00» (the caller puts «kl.» before it)."""
    return str(format_time(verdi, "HH.mm", locale=SPRAK))


def midt_i_setning(tekst: str) -> str:
    """A title as it reads after «Du innkalles til»: «Ekstraordinært SSU-møte …» gets a
    small first letter, while an abbreviation («SSU-møte», «FSU …») keeps its capitals."""
    if len(tekst) > 1 and tekst[0].isupper() and tekst[1].islower():
        return tekst[0].lower() + tekst[1:]
    return tekst
