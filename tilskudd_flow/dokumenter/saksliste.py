"""The case list as a spreadsheet: XLSX (openpyxl) and CSV as Norwegian Excel opens it
(UTF-8 with BOM, `;` between cells, decimal comma). Pure: rows in, bytes out. Text never
becomes a formula, whatever it starts with."""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import astuple, dataclass
from datetime import date

from tilskudd_flow.dokumenter.oversendelsespakke import legg_til_rad
from tilskudd_flow.domain.norsk import dato

OVERSKRIFTER = ("Ref.", "Tittel", "Sakstype", "Parter", "Søkt (kr)", "Tildelt (kr)",
                "Neste frist", "Dager uendret", "Tilstand", "Endret",
                "Saksbehandler")  # fmt: skip
# What Excel would read as the start of a formula (OWASP's «CSV injection» list).
_FORMELSTART = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Uttrekksrad:
    referanse: str
    tittel: str
    sakstype: str
    parter: str
    sokt_kr: int | float | None
    tildelt_kr: int | float | None
    neste_frist: date | None
    dager_uendret: int
    tilstand: str
    endret: date
    saksbehandler: str = ""


def saksliste_xlsx(rader: Sequence[Uttrekksrad]) -> bytes:
    """One sheet, a header row, one row per case; amounts and dates as Excel's own types."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    bok = Workbook()
    ark = bok.active
    assert ark is not None
    ark.title = "Saker"
    legg_til_rad(ark, OVERSKRIFTER)
    for celle in ark[1]:
        celle.font = Font(bold=True)
    for rad in rader:
        legg_til_rad(ark, astuple(rad))
        for celle in ark[ark.max_row]:
            if isinstance(celle.value, date):
                celle.number_format = "DD.MM.YYYY"
            elif isinstance(celle.value, int | float):
                celle.number_format = "#,##0"
    bredder = (9, 48, 16, 36, 14, 14, 12, 9, 24, 12, 24)
    for kolonne, bredde in zip("ABCDEFGHIJK", bredder, strict=True):
        ark.column_dimensions[kolonne].width = bredde
    ark.freeze_panes = "A2"
    ut = io.BytesIO()
    bok.save(ut)
    return ut.getvalue()


def saksliste_csv(rader: Sequence[Uttrekksrad]) -> bytes:
    """`;`-separated with a BOM, so Excel set to Norwegian opens æøå and the columns right."""
    ut = io.StringIO()
    skriver = csv.writer(ut, delimiter=";", lineterminator="\r\n")
    skriver.writerow(OVERSKRIFTER)
    for rad in rader:
        skriver.writerow([_csvcelle(verdi) for verdi in astuple(rad)])
    return ("\ufeff" + ut.getvalue()).encode("utf-8")


def _csvcelle(verdi: object) -> str:
    if verdi is None:
        return ""
    if isinstance(verdi, date):
        return dato(verdi)
    if isinstance(verdi, float):
        return f"{verdi:.2f}".replace(".", ",")
    if isinstance(verdi, int):
        return str(verdi)
    return trygg_tekst(str(verdi))


def trygg_tekst(tekst: str) -> str:
    """Text a spreadsheet shows as written: a leading formula character gets a `'` before it."""
    return f"'{tekst}" if tekst.startswith(_FORMELSTART) else tekst
