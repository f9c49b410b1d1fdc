"""The forwarding package's files: the ranked list as PDF (fpdf2) and XLSX (openpyxl), each
søknad as a PDF, and everything in one ZIP. Pure: bytes in, bytes out."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from tilskudd_flow.domain.amounts import formater_kroner
from tilskudd_flow.domain.arbeidsflyt import Lenke

if TYPE_CHECKING:
    from fpdf import FPDF
    from openpyxl.worksheet.worksheet import Worksheet

# The PDF core fonts hold Latin-1 (æøå, «») but not these; they get their nearest kin.
UTENFOR_LATIN1 = str.maketrans({"–": "-", "—": "-", "→": "->", "’": "'", "‘": "'", "“": '"',
                                "”": '"', "…": "...", "•": "-", "\u00a0": " "})  # fmt: skip


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

    @property
    def sokt_totalt(self) -> int:
        return sum(self.sokt_per_aar.values())


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
    pdf = _pdf(f"Prioriterte søknader {hode.aar} - {hode.helsefellesskap}")
    pdf.set_font("Helvetica", "B", 15)
    _linje(pdf, f"{hode.helsefellesskap}: prioriterte søknader om rekrutterings- og "
                f"samhandlingstilskudd {hode.aar}", hoyde=8)  # fmt: skip
    pdf.set_font("Helvetica", size=10)
    _linje(pdf, f"SSUs vedtak: {hode.vedtak}. Laget {hode.laget:%d.%m.%Y}.")
    pdf.ln(3)
    aar = _alle_aar(rader)
    kolonner = [("Rang", 12), ("Søknad", 70), *((str(a), 22) for a in aar), ("Totalt", 26)]
    pdf.set_font("Helvetica", "B", 9)
    for tittel, bredde in kolonner:
        pdf.cell(bredde, 7, _latin1(tittel), border=1)
    pdf.ln()
    pdf.set_font("Helvetica", size=9)
    for rad in rader:
        pdf.cell(12, 7, str(rad.rang), border=1)
        pdf.cell(70, 7, _latin1(_kortet(f"{rad.referanse} {rad.prosjektnavn}", 42)), border=1)
        for a in aar:
            pdf.cell(22, 7, _latin1(formater_kroner(rad.sokt_per_aar.get(a, 0))), border=1)
        pdf.cell(26, 7, _latin1(formater_kroner(rad.sokt_totalt)), border=1)
        pdf.ln()
    pdf.ln(4)
    for rad in rader:
        _linje(pdf, f"{rad.rang}. {rad.referanse} {rad.prosjektnavn}. Prosjekteiere: "
                    f"{rad.prosjekteiere}. Kommuner: {rad.kommuner}. Prioritert for: "
                    f"{rad.ordning}.{_lokalt(rad)}")  # fmt: skip
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
                       "Fra lokal pott (kr)"])  # fmt: skip
    for celle in ark[4]:
        celle.font = Font(bold=True)
    for rad in rader:
        legg_til_rad(ark, [rad.rang, rad.referanse, rad.prosjektnavn, rad.prosjekteiere,
                           rad.kommuner, rad.ordning,
                           *(rad.sokt_per_aar.get(a, 0) // 100 for a in aar),
                           rad.sokt_totalt // 100,
                           sum(rad.lokalt_per_aar.values()) // 100])  # fmt: skip
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
    pdf = _pdf(tittel)
    pdf.set_font("Helvetica", "B", 14)
    _linje(pdf, tittel, hoyde=8)
    for etikett, verdi in felt.items():
        pdf.ln(2)
        pdf.set_font("Helvetica", "B", 10)
        _linje(pdf, etikett)
        pdf.set_font("Helvetica", size=10)
        _linje(pdf, _felttekst(verdi) or "-")
    return bytes(pdf.output())


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


def _pdf(tittel: str) -> FPDF:
    # The document libraries load on first use: together they cost every process about a
    # second and 100 MB at start, and most processes never make a document.
    from fpdf import FPDF

    pdf = FPDF(orientation="portrait", unit="mm", format="A4")
    pdf.set_title(_latin1(tittel))
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    return pdf


def _linje(pdf: FPDF, tekst: str, hoyde: float = 5) -> None:
    from fpdf.enums import XPos, YPos

    pdf.multi_cell(0, hoyde, _latin1(tekst), new_x=XPos.LMARGIN, new_y=YPos.NEXT)


def _latin1(tekst: str) -> str:
    return tekst.translate(UTENFOR_LATIN1).encode("latin-1", "replace").decode("latin-1")


def _kortet(tekst: str, lengde: int) -> str:
    return tekst if len(tekst) <= lengde else tekst[: lengde - 3] + "..."


def _alle_aar(rader: Sequence[Listerad]) -> list[int]:
    return sorted({a for rad in rader for a in rad.sokt_per_aar})


def _lokalt(rad: Listerad) -> str:
    if not rad.lokalt_per_aar:
        return ""
    belop = "; ".join(f"{a}: {formater_kroner(o)}" for a, o in sorted(rad.lokalt_per_aar.items()))
    return f" Fra lokal pott: {belop}."
