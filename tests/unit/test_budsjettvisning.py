"""Field 11 as documents show it (#19): the budget table in the søknad PDF, total cost and
share in the ranked list as XLSX and PDF."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from openpyxl import load_workbook
from pypdf import PdfReader

from tilskudd_flow.dokumenter.oversendelsespakke import (
    Listehode,
    Listerad,
    rangert_liste_pdf,
    rangert_liste_xlsx,
    sammendrag_pdf,
)
from tilskudd_flow.domain.budsjett import Kostnadslinje, budsjettabell

HODE = Listehode(
    "Helsefellesskap Helgeland", 2026, "Sak 31-2025", datetime(2025, 10, 28, tzinfo=UTC)
)
FEM_AAR = {aar: 200_000_000 for aar in range(2026, 2031)}
LINJER = [
    linje
    for aar in range(2026, 2031)
    for linje in (
        Kostnadslinje("Lønn prosjektleder", aar, 90_000_000),
        Kostnadslinje("Kompetansetiltak", aar, 80_000_000),
        Kostnadslinje("Reise og samlinger", aar, 30_000_000),
    )
]


def tekst(pdf: bytes) -> str:
    return "\n".join(side.extract_text() for side in PdfReader(io.BytesIO(pdf)).pages)


def test_the_budget_table_has_a_row_per_cost_item_a_column_per_year_and_the_sums() -> None:
    tabell = budsjettabell(LINJER, FEM_AAR)
    assert tabell.kolonner == ("Kostnadspost", "2026", "2027", "2028", "2029", "2030", "Sum")
    assert tabell.rader[0] == ("Lønn prosjektleder", *("900 000",) * 5, "4 500 000")
    assert tabell.sumrader == (
        ("Sum", *("2 000 000",) * 5, "10 000 000"),
        ("Søkt", *("2 000 000",) * 5, "10 000 000"),
    )


def test_a_year_without_lines_shows_a_dash_not_a_zero_that_was_never_typed() -> None:
    tabell = budsjettabell(LINJER[:3], {2026: 200_000_000, 2027: 200_000_000})
    assert tabell.rader[0] == ("Lønn prosjektleder", "900 000", "–", "900 000")
    assert tabell.sumrader[0] == ("Sum", "2 000 000", "0", "2 000 000")


def test_the_soknad_pdf_draws_the_budget_as_a_table() -> None:
    felt = {"Totalkostnad": "kr 32 000 000", "Søkt andel av totalkostnaden": "31 %",
            "Budsjettabell": budsjettabell(LINJER, FEM_AAR)}  # fmt: skip
    innhold = tekst(sammendrag_pdf("RS-3 Helgelandssykepleier", felt))
    assert "Budsjett per kostnadspost og år (kr)" in innhold
    assert "Lønn prosjektleder 900 000 900 000 900 000 900 000 900 000 4 500 000" in innhold
    assert "Sum 2 000 000 2 000 000 2 000 000 2 000 000 2 000 000 10 000 000" in innhold
    assert "31 %" in innhold


def test_the_ranked_list_gives_total_cost_and_share() -> None:
    rader = [
        Listerad(1, "RS-3", "Helgelandssykepleier", "FSU", "Rana", "regional liste", FEM_AAR, {},
                 3_200_000_000),
        Listerad(2, "RS-2", "Fremtidens pasientforløp", "Vefsn", "Vefsn", "regional liste",
                 {2026: 931_500_000}, {}),
    ]  # fmt: skip
    ark = load_workbook(io.BytesIO(rangert_liste_xlsx(HODE, rader))).active
    assert ark is not None
    overskrift = [c.value for c in ark[4]]
    kostnad, andel = (
        overskrift.index("Totalkostnad (kr)"),
        overskrift.index("Søkt andel av totalkostnad"),
    )
    assert [c.value for c in ark[5]][kostnad] == 32_000_000
    assert ark[5][andel].value == 0.3125 and ark[5][andel].number_format == "0 %"
    assert [c.value for c in ark[6]][kostnad : andel + 1] == [None, None]
    innhold = tekst(rangert_liste_pdf(HODE, rader))
    assert "Totalkostnad: kr 32 000 000, søkt andel 31 %." in innhold
    assert "Totalkostnad: ikke oppgitt." in innhold


def test_a_five_year_ranked_list_turns_sideways_so_every_column_fits() -> None:
    rad = Listerad(1, "RS-3", "Helgelandssykepleier", "FSU", "Rana", "regional liste", FEM_AAR,
                   {}, 3_200_000_000)  # fmt: skip
    side = PdfReader(io.BytesIO(rangert_liste_pdf(HODE, [rad]))).pages[0]
    assert side.mediabox.width > side.mediabox.height
    assert "kr 10 000 000 kr 32 000 000 31 %" in side.extract_text()


def test_the_command_line_shows_the_budget_as_aligned_columns() -> None:
    from rich.console import Console

    from tilskudd_flow.cli.visning import _tabellvisning

    konsoll = Console(width=120, record=True)
    konsoll.print(_tabellvisning(budsjettabell(LINJER, FEM_AAR)))
    linjer = konsoll.export_text().splitlines()
    [lonn] = [linje for linje in linjer if "Lønn prosjektleder" in linje]
    [summen] = [linje for linje in linjer if linje.strip().startswith("Sum ")]
    assert lonn.rstrip().endswith("4 500 000") and summen.rstrip().endswith("10 000 000")
    assert len(lonn.rstrip()) == len(summen.rstrip())  # right-aligned in the same column
