"""The forwarding package's files: the ranked list as PDF (fpdf2) and XLSX (openpyxl), each
søknad as a PDF, and everything in one ZIP. Pure: bytes in, bytes out."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from tilskudd_flow.dokumenter.pdf import SKRIFT, ny_pdf
from tilskudd_flow.domain.amounts import formater_kroner
from tilskudd_flow.domain.arbeidsflyt import Lenke, Tabell
from tilskudd_flow.domain.budsjett import andel
from tilskudd_flow.domain.tid import dato_i_oslo, norsk_dato

if TYPE_CHECKING:
    from fpdf import FPDF
    from openpyxl.worksheet.worksheet import Worksheet


A4_BREDDE = 190  # mm inside the margins, upright
MINSTE_NAVNEKOLONNE = 55  # mm: room for «RS-12» and the start of a project name


@dataclass(frozen=True)
class Listerad:
    """One søknad on the ranked list as Helse Nord's tildelingsutvalg reads it."""

    rang: int
    referanse: str
    prosjektnavn: str
    prosjekteiere: str
    kommuner: str
    ordning: str
    sokt_per_aar: dict[int, int]  # år → øre
    lokalt_per_aar: dict[int, int]
    totalkostnad: int | None = None  # øre; None when the søknad does not state it

    @property
    def sokt_totalt(self) -> int:
        return sum(self.sokt_per_aar.values())

    @property
    def andel(self) -> str:
        """The applied amount's share of the total cost («31 %»), or "" when not stated."""
        return "" if self.totalkostnad is None else andel(self.sokt_totalt, self.totalkostnad)

    @property
    def andel_brok(self) -> float | None:
        """The same share as a fraction, for a percentage cell in a spreadsheet."""
        if not self.totalkostnad:
            return None
        return self.sokt_totalt / self.totalkostnad


@dataclass(frozen=True)
class Listehode:
    helsefellesskap: str
    aar: int
    vedtak: str
    laget: datetime


@dataclass(frozen=True)
class Fil:
    navn: str
    innhold: bytes


def rangert_liste_pdf(hode: Listehode, rader: Sequence[Listerad]) -> bytes:
    aar = _alle_aar(rader)
    # Widths hold «kr 10 000 000» at 9 pt in DejaVu Sans, a little wider than Helvetica.
    tallkolonner = [*((str(a), 25) for a in aar), ("Totalt", 28), ("Totalkostnad", 28),
                    ("Andel", 14)]  # fmt: skip
    fast = 12 + sum(bredde for _, bredde in tallkolonner)
    # A project over many years does not fit across A4 upright: the list turns sideways.
    pdf = ny_pdf(f"Prioriterte søknader {hode.aar} – {hode.helsefellesskap}",
               liggende=A4_BREDDE - fast < MINSTE_NAVNEKOLONNE)  # fmt: skip
    pdf.set_font(SKRIFT, "B", 15)
    _linje(pdf, f"{hode.helsefellesskap}: prioriterte søknader om rekrutterings- og "
                f"samhandlingstilskudd {hode.aar}", hoyde=8)  # fmt: skip
    pdf.set_font(SKRIFT, size=10)
    _linje(pdf, f"SSUs vedtak: {hode.vedtak}. Laget {norsk_dato(dato_i_oslo(hode.laget))}.")
    pdf.ln(3)
    navnebredde = pdf.epw - fast
    kolonner = [("Rang", 12), ("Søknad", navnebredde), *tallkolonner]
    pdf.set_font(SKRIFT, "B", 9)
    for tittel, bredde in kolonner:
        pdf.cell(bredde, 7, tittel, border=1)
    pdf.ln()
    pdf.set_font(SKRIFT, size=9)
    for rad in rader:
        navn = _kortet(f"{rad.referanse} {rad.prosjektnavn}", int(navnebredde / 1.9))
        verdier = [*(formater_kroner(rad.sokt_per_aar.get(a, 0)) for a in aar),
                   formater_kroner(rad.sokt_totalt),
                   "-" if rad.totalkostnad is None else formater_kroner(rad.totalkostnad),
                   rad.andel or "-"]  # fmt: skip
        for (_, bredde), tekst in zip(kolonner, [str(rad.rang), navn, *verdier], strict=True):
            pdf.cell(bredde, 7, tekst, border=1)
        pdf.ln()
    pdf.ln(4)
    for rad in rader:
        _linje(pdf, f"{rad.rang}. {rad.referanse} {rad.prosjektnavn}. Prosjekteiere: "
                    f"{rad.prosjekteiere}. Kommuner: {rad.kommuner}. Prioritert for: "
                    f"{rad.ordning}.{_totalkostnad(rad)}{_lokalt(rad)}")  # fmt: skip
    return bytes(pdf.output())


def rangert_liste_xlsx(hode: Listehode, rader: Sequence[Listerad]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    bok = Workbook()
    ark = bok.active
    assert ark is not None
    ark.title = f"Prioritert {hode.aar}"
    legg_til_rad(ark, [f"{hode.helsefellesskap}: prioriterte søknader {hode.aar}"])
    legg_til_rad(ark, [f"SSUs vedtak: {hode.vedtak}"])
    ark.append([])
    aar = _alle_aar(rader)
    legg_til_rad(ark, ["Rang", "Referanse", "Prosjekt", "Prosjekteiere", "Kommuner",
                       "Prioritert for", *(f"Søkt {a} (kr)" for a in aar), "Søkt totalt (kr)",
                       "Fra lokal pott (kr)", "Totalkostnad (kr)",
                       "Søkt andel av totalkostnad"])  # fmt: skip
    for celle in ark[4]:
        celle.font = Font(bold=True)
    for rad in rader:
        legg_til_rad(ark, [rad.rang, rad.referanse, rad.prosjektnavn, rad.prosjekteiere,
                           rad.kommuner, rad.ordning,
                           *(rad.sokt_per_aar.get(a, 0) // 100 for a in aar),
                           rad.sokt_totalt // 100,
                           sum(rad.lokalt_per_aar.values()) // 100,
                           None if rad.totalkostnad is None else rad.totalkostnad // 100,
                           rad.andel_brok])  # fmt: skip
        ark.cell(ark.max_row, ark.max_column).number_format = "0 %"
    for kolonne, bredde in zip("ABCDEF", (6, 11, 48, 36, 30, 24), strict=True):
        ark.column_dimensions[kolonne].width = bredde
    for celler in ark.iter_rows(min_row=5):
        celler[2].alignment = Alignment(wrap_text=True)
    ut = io.BytesIO()
    bok.save(ut)
    return ut.getvalue()


def legg_til_rad(ark: Worksheet, verdier: Sequence[object]) -> None:
    """Append a row where every string is a text cell: never a formula, whatever it starts
    with (`=`, `+`, `-`, `@`, TAB, CR), so user text cannot run in Helse Nord's Excel (#17).
    Numbers stay numbers; characters XML cannot hold (stored before the input rule) become
    U+FFFD instead of failing the whole package."""
    ark.append([_tekstcelle(v) if isinstance(v, str) else v for v in verdier])
    for celle in ark[ark.max_row]:
        if isinstance(celle.value, str):
            celle.data_type = "s"  # openpyxl made a leading "=" a formula ("f") on append


def _tekstcelle(tekst: str) -> str:
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    return str(ILLEGAL_CHARACTERS_RE.sub("\ufffd", tekst))


def sammendrag_pdf(tittel: str, felt: Mapping[str, object]) -> bytes:
    """A case summary as the workflow gives it (a søknad: Helse Nord's form), each label
    followed by its value; lists one item per line, links as their text."""
    pdf = ny_pdf(tittel)
    pdf.set_font(SKRIFT, "B", 14)
    _linje(pdf, tittel, hoyde=8)
    for etikett, verdi in felt.items():
        pdf.ln(2)
        if isinstance(verdi, Tabell):
            _hold_sammen(pdf, verdi)
        pdf.set_font(SKRIFT, "B", 10)
        _linje(pdf, etikett)
        pdf.set_font(SKRIFT, size=10)
        if isinstance(verdi, Tabell):
            _tabell(pdf, verdi)
        else:
            _linje(pdf, _felttekst(verdi) or "-")
    return bytes(pdf.output())


def _hold_sammen(pdf: FPDF, tabell: Tabell) -> None:
    """A table that fits on one page starts on a new page rather than splitting under its
    label (the label, caption and rows of a budget belong together)."""
    hoyde = 15 + 5 * (1 + len(tabell.rader) + len(tabell.sumrader))
    if pdf.get_y() + hoyde > pdf.page_break_trigger and hoyde < pdf.eph:
        pdf.add_page()


def _tabell(pdf: FPDF, tabell: Tabell) -> None:
    """A summary table (the budget) as a real table: the first column names the row and
    wraps, the others are right-aligned amounts; the sum rows are bold."""
    from fpdf.fonts import FontFace

    tall = len(tabell.kolonner) - 1
    bredde = min(24.0, (pdf.epw - 45) / max(tall, 1))
    pdf.set_font(SKRIFT, "I", 9)
    _linje(pdf, tabell.overskrift)
    pdf.set_font(SKRIFT, size=9)
    fet = FontFace(emphasis="BOLD")
    with pdf.table(col_widths=(pdf.epw - bredde * tall, *(bredde,) * tall),
                   text_align=("LEFT", *("RIGHT",) * tall), headings_style=fet,
                   line_height=5, borders_layout="HORIZONTAL_LINES") as ut:  # fmt: skip
        for rad in (tabell.kolonner, *tabell.rader):
            ut.row(rad)
        for rad in tabell.sumrader:
            ut.row(rad, style=fet)


def trygt_filnavn(navn: str) -> str:
    """Safe in a ZIP or an archive on any system: no slashes or control characters, not too
    long."""
    rent = "".join(c if c.isprintable() and c not in '/\\:*?"<>|' else "_" for c in navn)
    return rent.strip(" .")[:80] or "fil"


def _felttekst(verdi: object) -> str:
    if isinstance(verdi, Lenke):
        return verdi.tekst
    if isinstance(verdi, list | tuple):
        return "\n".join(_felttekst(v) for v in verdi)
    return "" if verdi is None else str(verdi)


def zip_av(filer: Sequence[Fil]) -> bytes:
    ut = io.BytesIO()
    with zipfile.ZipFile(ut, "w", compression=zipfile.ZIP_DEFLATED) as arkiv:
        for fil in filer:
            arkiv.writestr(fil.navn, fil.innhold)
    return ut.getvalue()


def _linje(pdf: FPDF, tekst: str, hoyde: float = 5) -> None:
    from fpdf.enums import XPos, YPos

    # Left-aligned: justified text spreads the words of a short title across the page.
    pdf.multi_cell(0, hoyde, tekst, align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _kortet(tekst: str, lengde: int) -> str:
    return tekst if len(tekst) <= lengde else tekst[: lengde - 1] + "…"


def _alle_aar(rader: Sequence[Listerad]) -> list[int]:
    return sorted({a for rad in rader for a in rad.sokt_per_aar})


def _totalkostnad(rad: Listerad) -> str:
    if rad.totalkostnad is None:
        return " Totalkostnad: ikke oppgitt."
    return f" Totalkostnad: {formater_kroner(rad.totalkostnad)}, søkt andel {rad.andel}."


def _lokalt(rad: Listerad) -> str:
    if not rad.lokalt_per_aar:
        return ""
    belop = "; ".join(f"{a}: {formater_kroner(o)}" for a, o in sorted(rad.lokalt_per_aar.items()))
    return f" Fra lokal pott: {belop}."
