"""The round page's pure rules: the working-day rule in words, the next round's year, and
audit rows read as sentences."""

from __future__ import annotations

from datetime import date

import pytest

from tilskudd_flow.domain.frister import Virkedag
from tilskudd_flow.domain.fristforklaring import forklar_dato, virkedagsregel
from tilskudd_flow.domain.historikk import detaljlinjer, hendelsestekst, objekttype
from tilskudd_flow.domain.runder import neste_rundeaar


@pytest.mark.parametrize(
    ("dag", "regel", "tekst"),
    [
        (date(2027, 10, 1), Virkedag.FREMOVER, "1. oktober 2027 er en fredag."),
        (
            date(2025, 11, 1),
            Virkedag.BAKOVER,
            "1. november 2025 er en lørdag, så fristen gjelder fredag 31. oktober 2025.",
        ),
        (
            date(2026, 5, 17),
            Virkedag.FREMOVER,
            "17. mai 2026 er en søndag, så fristen gjelder mandag 18. mai 2026.",
        ),
        (
            date(2026, 5, 1),
            Virkedag.FREMOVER,
            "1. mai 2026 er en fredag og en helligdag, så fristen gjelder mandag 4. mai 2026.",
        ),
        (
            date(2026, 10, 3),
            Virkedag.INGEN,
            "3. oktober 2026 er en lørdag, men fristen gjelder likevel den dagen.",
        ),
    ],
)
def test_a_date_is_explained_with_where_the_working_day_rule_puts_it(
    dag: date, regel: Virkedag, tekst: str
) -> None:
    assert forklar_dato(dag, regel) == tekst


def test_each_working_day_rule_has_a_sentence() -> None:
    assert "neste virkedag" in virkedagsregel(Virkedag.FREMOVER)
    assert "forrige virkedag" in virkedagsregel(Virkedag.BAKOVER)
    assert "likevel" not in virkedagsregel(Virkedag.INGEN)
    assert "Datoen flyttes ikke" in virkedagsregel(Virkedag.INGEN)


def test_the_next_round_is_the_year_after_the_newest() -> None:
    assert neste_rundeaar([2026, 2028, 2027], date(2026, 12, 5)) == 2029
    assert neste_rundeaar([], date(2026, 12, 5)) == 2027


def test_a_known_audit_event_reads_as_a_sentence_with_its_changes() -> None:
    assert hendelsestekst("frist_endret") == "Fristen ble flyttet"
    assert objekttype("ssu_medlem") == "SSU-medlem"
    assert detaljlinjer(
        {"dato": ["2025-10-01", "2025-10-04"], "ramme_ore": [None, 5_000_000_00]}
    ) == [
        "Dato: 1. oktober 2025 → 4. oktober 2025",
        "Ramme: ukjent → kr 5 000 000",
    ]


def test_an_unknown_audit_event_still_reads() -> None:
    assert hendelsestekst("fsu_rolle_endret") == "Fsu rolle endret"
    assert objekttype("fsu_medlem") == "Fsu medlem"
    assert detaljlinjer(
        {
            "ny_verdi": "",
            "dato": "2025-02-30",
            "roller": ["admin", "sekretariat"],
            "medlem": [False, True],
        }
    ) == [
        "Dato: 2025-02-30",
        "Medlem: nei → ja",
        "Ny verdi: –",
        "Roller: Administrator; Sekretariat",
    ]


def test_the_registers_changes_read_before_and_after() -> None:
    assert hendelsestekst("part_endret") == "Parten ble endret"
    assert detaljlinjer(
        {
            "part": "Vefsn kommune",
            "postmottak": ["post@vefsn.example", "postmottak@vefsn.example"],
            "aliaser": [[], ["Vefsn"]],
        }
    ) == [
        "Andre navn: ingen → Vefsn",
        "Part: Vefsn kommune",
        "Postmottak: post@vefsn.example → postmottak@vefsn.example",
    ]
    assert detaljlinjer({"roller": [["soker"], ["sekretariat", "soker"]]}) == [
        "Roller: Søker → Sekretariat; Søker"
    ]
    assert detaljlinjer({"tidligere": {"leder": "Ola", "nestleder": "Kari"}}) == [
        "Før: leder Ola, nestleder Kari"
    ]
    assert detaljlinjer({"tidligere": {}}) == ["Før: ingen"]


def test_codes_read_by_their_names_and_a_jobs_key_is_not_shown() -> None:
    assert detaljlinjer(
        {"ordning": "lokal", "side": "helseforetak", "jobb": "1:avtale_innspill:2026:virkning"}
    ) == ["Ordning: Lokal", "Side: Helseforetak"]
    assert hendelsestekst("virkning") == "Fristen fikk virkning"
