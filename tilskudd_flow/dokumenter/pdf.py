"""The one place that decides how the app's PDFs start: page, font, metadata, archive profile.

Every PDF draws with an embedded Unicode font shipped in the package (DejaVu Sans, licence
in data/fonter/), so Sámi, Polish and Baltic names («Čoavddát», «Łukasz Żółć») print as
written; the PDF core fonts hold only Latin-1. Each file is made as PDF/A-2u (fpdf2 adds the
sRGB output intent and the XMP metadata) with its title and language nb-NO, because the
archive extraction and Helse Nord file them as they are.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fpdf import FPDF

SKRIFT = "DejaVu"
SPRAK = "nb-NO"
PDFA = "PDF/A-2U"
# The same profile as Noark 5's `format` names it: PRONOM's identifier for PDF/A-2u.
NOARK_FORMAT = "fmt/478"
FONTMAPPE = Path(__file__).resolve().parent.parent / "data" / "fonter"
_SNITT = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf", "I": "DejaVuSans-Oblique.ttf"}


def ny_pdf(tittel: str, *, liggende: bool = False) -> FPDF:
    """An A4 document with its first page, the font set to body text, titled `tittel`."""
    # The document libraries load on first use: together they cost every process about a
    # second and 100 MB at start, and most processes never make a document.
    from fpdf import FPDF, ViewerPreferences

    pdf = FPDF(orientation="landscape" if liggende else "portrait", unit="mm", format="A4",
               enforce_compliance=PDFA)  # fmt: skip
    for snitt, fil in _SNITT.items():
        pdf.add_font(SKRIFT, snitt, FONTMAPPE / fil)
    pdf.set_title(tittel)
    pdf.set_lang(SPRAK)
    pdf.set_creator("tilskudd-flow")
    # A reader's title bar shows the title, not the file name (PDF/UA asks for this).
    pdf.viewer_preferences = ViewerPreferences(display_doc_title=True)
    pdf.set_auto_page_break(auto=True, margin=15)
    pdf.add_page()
    pdf.set_font(SKRIFT, size=10)
    return pdf
