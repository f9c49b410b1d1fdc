"""SSU's rules for members and meetings (domain brief §1, §3).

Members are appointed for four years. The leder and the nestleder come from different
sides, and the sides swap every two years; which side led first is configuration (the
papers do not say), counted from the date SSU's leadership started.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from tilskudd_flow.domain.kodeverk import Motetype, Side
from tilskudd_flow.domain.norsk import klokkeslett
from tilskudd_flow.domain.tid import OSLO, norsk_dato

FUNKSJONSTID = relativedelta(years=4)
LEDERPERIODE_AAR = 2

# The kind of deadline (a table in config.toml's [frister]) for each meeting's papers.
PAPIRFRIST: dict[Motetype, str] = {
    Motetype.DIALOG_PARTNERSKAP: "motepapirer",
    Motetype.SSU: "motepapirer_ssu",
    Motetype.SSU_EKSTRAORDINAERT: "motepapirer_ssu_ekstraordinaert",
    Motetype.FSU: "motepapirer_fsu",
}


def tidsrom(start: datetime, slutt: datetime) -> str:
    """«tirsdag 9. september 2025 kl. 09.00–15.00» (Oslo time)."""
    fra, til = start.astimezone(OSLO), slutt.astimezone(OSLO)
    dag = norsk_dato(fra.date(), med_ukedag=True)
    if til.date() != fra.date():
        return f"{dag} kl. {klokkeslett(fra)} – {norsk_dato(til.date())} kl. {klokkeslett(til)}"
    return f"{dag} kl. {klokkeslett(fra)}–{klokkeslett(til)}"


def funksjonstid_slutt(fra: date) -> date:
    """The last day of a four-year term starting `fra` (29 February ends on the 28th)."""
    return fra + FUNKSJONSTID - relativedelta(days=1)


@dataclass(frozen=True)
class Ledelsesturnus:
    """Which side holds the leder post in a given two-year period."""

    start: date
    forste_lederside: Side

    def lederside(self, dag: date) -> Side:
        perioder = (
            relativedelta(dag, self.start).years // LEDERPERIODE_AAR if dag >= self.start else 0
        )
        if perioder % 2 == 0:
            return self.forste_lederside
        return Side.HELSEFORETAK if self.forste_lederside == Side.KOMMUNE else Side.KOMMUNE

    def nestlederside(self, dag: date) -> Side:
        return Side.HELSEFORETAK if self.lederside(dag) == Side.KOMMUNE else Side.KOMMUNE

    def periode(self, dag: date) -> tuple[date, date]:
        """The two-year leadership period `dag` falls in: first and last day."""
        aar = relativedelta(dag, self.start).years if dag >= self.start else 0
        fra = self.start + relativedelta(years=aar - aar % LEDERPERIODE_AAR)
        return fra, fra + relativedelta(years=LEDERPERIODE_AAR, days=-1)
