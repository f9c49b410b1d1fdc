"""Issue 19, point 7: report deadlines made at an award start at the first due date after it.

A grant registered in March once got a yearly report due 1 March of that year, already
passed. Now a report whose ordinary date has come is asked for with a fresh deadline, and
its description (on the report page and in the award e-mail) says so.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

import pytest

from tests.unit.workflows.test_rs_soknad import FRISTER, Sak, komplett_soknad
from tilskudd_flow.domain.amounts import parse_belop
from tilskudd_flow.domain.periods import parse_periode
from tilskudd_flow.domain.tid import OSLO
from tilskudd_flow.models.soknad import Soknad
from workflows.rs_soknad import ARBEIDSFLYT, FRIST_ETTER_SEN_TILDELING, RsSoknad

MARS_2026 = datetime(2026, 3, 16, 10, 0, tzinfo=OSLO)


def tildel(naa: datetime, aar: tuple[int, ...], sluttrapport: str = "Q1 2028") -> Soknad:
    soknad, sak = komplett_soknad(), Sak("prioritert")
    felt: dict[str, Any] = {
        "belop": {a: parse_belop("kr 500 000") for a in aar},
        "vedtak": "Sak 30-2025",
        "sluttrapport": parse_periode(sluttrapport),
    }
    RsSoknad(model=sak, state_field="state").send(
        "tildel_lokalt", soknad=soknad, sak=sak, felt=felt, naa=naa, aktor=None, kommentar="",
        frister=FRISTER,
    )  # fmt: skip
    return soknad


def frister(soknad: Soknad) -> list[tuple[str, date]]:
    return [(r.beskrivelse, r.frist.dato) for r in soknad.rapportkrav]


def test_a_grant_registered_in_march_asks_for_last_years_report_with_a_fresh_deadline() -> None:
    soknad = tildel(MARS_2026, (2025, 2026, 2027))
    assert frister(soknad) == [
        (
            "Årsrapport for 2025. Rapporten for 2025 ble ikke bedt om før tildelingen; ny frist",
            date(2026, 5, 15),
        ),
        ("Årsrapport for 2026", date(2027, 3, 1)),
        ("Sluttrapport", date(2028, 3, 31)),  # it covers the last year, 2027
    ]


def test_the_award_e_mail_lists_the_fresh_deadline_and_says_why() -> None:
    soknad = tildel(MARS_2026, (2025, 2026))
    assert ARBEIDSFLYT.malkontekst is not None
    linjer = ARBEIDSFLYT.malkontekst(soknad)["rapportfrister"]
    assert linjer[0].startswith(
        "Årsrapport for 2025. Rapporten for 2025 ble ikke bedt om før tildelingen; ny frist: "
    )
    assert "15. mai 2026" in linjer[0]


@pytest.mark.parametrize(
    ("naa", "forventet"),
    [
        (datetime(2026, 2, 28, 10, 0, tzinfo=OSLO), date(2026, 3, 1)),  # the day before: ordinary
        (datetime(2026, 3, 1, 10, 0, tzinfo=OSLO), date(2026, 3, 1) + FRIST_ETTER_SEN_TILDELING),
        (datetime(2026, 12, 1, 10, 0, tzinfo=OSLO), date(2026, 12, 1) + FRIST_ETTER_SEN_TILDELING),
    ],
)
def test_the_ordinary_date_holds_only_while_it_is_still_ahead(
    naa: datetime, forventet: date
) -> None:
    assert frister(tildel(naa, (2025, 2026)))[0][1] == forventet


def test_a_sluttrapport_whose_date_has_passed_is_asked_for_freshly_too() -> None:
    soknad = tildel(MARS_2026, (2025,), sluttrapport="Q4 2025")
    assert frister(soknad) == [
        (
            "Sluttrapport. Sluttrapporten ble ikke bedt om før tildelingen; ny frist",
            date(2026, 5, 15),
        )
    ]


@pytest.mark.parametrize("maaned", range(1, 13))
def test_no_report_deadline_made_at_an_award_has_already_passed(maaned: int) -> None:
    naa = datetime(2026, maaned, 10, 10, 0, tzinfo=OSLO)
    soknad = tildel(naa, (2024, 2025, 2026, 2027), sluttrapport="Q2 2026")
    assert all(dato > naa.date() for _, dato in frister(soknad))
