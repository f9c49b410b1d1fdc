"""Field 11's sums and shares: each rule as a table of cases."""

from __future__ import annotations

import pytest

from tilskudd_flow.domain.budsjett import (
    Budsjettall,
    Kostnadslinje,
    andel,
    budsjettavvik,
    linjeavvik,
    over_totalkostnad,
    sum_per_aar,
    sum_per_post,
    totalavvik,
)

MILL = 1_000_000_00  # øre
LINJER = (
    Kostnadslinje("Lønn prosjektleder", 2026, 1_200_000_00),
    Kostnadslinje("Kompetansetiltak", 2026, 600_000_00),
    Kostnadslinje("Reise og samlinger", 2026, 200_000_00),
    Kostnadslinje("Lønn prosjektleder", 2027, 1_200_000_00),
    Kostnadslinje("Kompetansetiltak", 2027, 800_000_00),
)


def test_the_table_sums_per_year_and_per_cost_item() -> None:
    assert sum_per_aar(LINJER) == {2026: 2 * MILL, 2027: 2 * MILL}
    assert sum_per_post(LINJER) == {
        "Lønn prosjektleder": {2026: 1_200_000_00, 2027: 1_200_000_00},
        "Kompetansetiltak": {2026: 600_000_00, 2027: 800_000_00},
        "Reise og samlinger": {2026: 200_000_00},
    }
    assert sum_per_aar([]) == {}


@pytest.mark.parametrize(
    ("linjer", "sokt", "meldinger"),
    [
        ({2026: 2 * MILL}, {2026: 2 * MILL}, []),
        (
            {2026: 1_800_000_00},
            {2026: 2 * MILL},
            ["Budsjettlinjene for 2026 summerer til kr 1 800 000, kr 200 000 mindre enn søkt "
             "for 2026"],
        ),
        (
            {2026: 2_050_000_50},
            {2026: 2 * MILL},
            ["Budsjettlinjene for 2026 summerer til kr 2 050 000,50, kr 50 000,50 mer enn søkt "
             "for 2026"],
        ),
        (
            {2026: 2 * MILL},
            {2026: 2 * MILL, 2027: 2 * MILL},
            ["Budsjettlinjene for 2027 summerer til kr 0, kr 2 000 000 mindre enn søkt for 2027"],
        ),
        (
            {2026: 2 * MILL, 2031: 5_000_00},
            {2026: 2 * MILL},
            ["Budsjettlinjene for 2031 summerer til kr 5 000, men det er ikke søkt om midler "
             "for 2031"],
        ),
    ],
)  # fmt: skip
def test_the_lines_sum_to_the_amount_applied_for_each_year_or_the_difference_is_named(
    linjer: dict[int, int], sokt: dict[int, int], meldinger: list[str]
) -> None:
    assert linjeavvik(linjer, sokt) == meldinger


@pytest.mark.parametrize(
    ("per_aar", "totalt", "melding"),
    [
        ({2026: 2 * MILL, 2027: 2 * MILL}, 4 * MILL, None),
        ({}, 10 * MILL, None),
        (
            {2026: 2 * MILL, 2027: 2 * MILL},
            10 * MILL,
            "Søkt per år summerer til kr 4 000 000, kr 6 000 000 mindre enn søkt totalt "
            "(kr 10 000 000)",
        ),
        (
            {2026: 6 * MILL},
            5 * MILL,
            "Søkt per år summerer til kr 6 000 000, kr 1 000 000 mer enn søkt totalt "
            "(kr 5 000 000)",
        ),
    ],
)
def test_the_years_match_the_stated_total(
    per_aar: dict[int, int], totalt: int, melding: str | None
) -> None:
    assert totalavvik(per_aar, totalt) == melding


@pytest.mark.parametrize(
    ("sokt", "total", "vist"),
    [
        (10 * MILL, 32 * MILL, "31 %"),
        (10 * MILL, 10 * MILL, "100 %"),
        (1 * MILL, 8 * MILL, "13 %"),  # 12,5 rounds up
        (1, 10 * MILL, "under 1 %"),
        (0, 10 * MILL, "0 %"),
        (10 * MILL, 0, ""),
    ],
)
def test_the_share_of_the_total_cost_is_written_as_norwegians_write_it(
    sokt: int, total: int, vist: str
) -> None:
    assert andel(sokt, total) == vist


def test_applying_for_more_than_the_project_costs_is_refused_with_the_excess_named() -> None:
    assert over_totalkostnad(10 * MILL, 10 * MILL) is None
    assert over_totalkostnad(10 * MILL, 8 * MILL) == (
        "Søkt beløp (kr 10 000 000) er større enn totalkostnaden (kr 8 000 000), "
        "kr 2 000 000 for mye"
    )


@pytest.mark.parametrize(
    ("tall", "antall"),
    [
        (Budsjettall({2026: 2 * MILL, 2027: 2 * MILL}, 4 * MILL, 12 * MILL, LINJER), 0),
        (Budsjettall({2026: 2 * MILL, 2027: 2 * MILL}, None, None, ()), 0),
        (Budsjettall({}, None, None, ()), 0),
        (Budsjettall({2026: 2 * MILL, 2027: 3 * MILL}, 4 * MILL, 12 * MILL, LINJER), 2),
        (Budsjettall({2026: 2 * MILL, 2027: 2 * MILL}, 4 * MILL, 3 * MILL, LINJER), 1),
        (Budsjettall({2026: 2 * MILL}, None, 1 * MILL, ()), 1),
    ],
)
def test_every_disagreement_in_field_11_is_reported_at_once(tall: Budsjettall, antall: int) -> None:
    assert len(budsjettavvik(tall)) == antall
