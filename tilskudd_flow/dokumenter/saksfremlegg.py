"""SSU's papers as the helsefellesskap lays them out: the saksfremlegg (HTML, PDF, DOCX), the
møteinnkalling and the referat (PDF, DOCX). Pure: dataclasses in, str or bytes out.

Each paper is first described as a sequence of blocks (heading, table, paragraph, list); one
small renderer per format draws the blocks, so the formats cannot drift apart.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, assert_never

from markupsafe import Markup

from tilskudd_flow.dokumenter.pdf import SKRIFT, ny_pdf

# fpdf and python-docx load on first use (see dokumenter/pdf.py for why).
if TYPE_CHECKING:
    from docx.document import Document as Docx
    from docx.table import Table
    from fpdf import FPDF

IKKE_UTFYLT = "Ikke utfylt."
IKKE_FASTSATT = "Ikke fastsatt"


@dataclass(frozen=True)
class Saksfremlegg:
    """A sak as put before the utvalg; the referat adds `forslag_til_vedtak` and `vedtak`.

    Innstilling and Vedlegg always show ("Ikke utfylt." / "Ingen vedlegg." when empty), since
    a saksfremlegg without them is unfinished; Saksopplysninger, Vurdering, Forslag til vedtak
    and Vedtak are left out when empty. An empty `motedato` reads "Ikke fastsatt".
    """

    helsefellesskap: str
    saksnummer: str  # already rendered: "Sak 23-2025"
    tittel: str
    sakstype: str
    utvalg: str
    motedato: str  # "09.09.2025", or "" while the sak is not yet on a meeting
    innstilling: tuple[str, ...]
    saksopplysninger: str
    vurdering: str
    vedlegg: tuple[str, ...]
    forslag_til_vedtak: str = ""
    vedtak: str = ""


@dataclass(frozen=True)
class Sakslistepunkt:
    saksnummer: str
    tittel: str
    sakstype: str


@dataclass(frozen=True)
class Moteinnkalling:
    helsefellesskap: str
    utvalg: str
    tittel: str
    tidspunkt: str
    sted: str  # place and/or video link, may be ""
    saksliste: tuple[Sakslistepunkt, ...]


@dataclass(frozen=True)
class Referatpunkt:
    saksnummer: str
    tittel: str
    sakstype: str
    vedtak: str


@dataclass(frozen=True)
class Referat:
    helsefellesskap: str
    utvalg: str
    tittel: str
    tidspunkt: str
    sted: str
    til_stede: tuple[str, ...]
    forfall: tuple[str, ...]
    punkter: tuple[Referatpunkt, ...]
    status: str  # "Utkast", "Til høring (frist 18.09.2025)", "Publisert 25.09.2025"


@dataclass(frozen=True)
class _Topptekst:
    tekst: str


@dataclass(frozen=True)
class _Overskrift:
    tekst: str
    niva: int


@dataclass(frozen=True)
class _Avsnitt:
    tekst: str


@dataclass(frozen=True)
class _Liste:
    punkter: tuple[str, ...]
    nummerert: bool


@dataclass(frozen=True)
class _Tabell:
    etiketter: tuple[str, ...]
    rader: tuple[tuple[str, ...], ...]
    bredder: tuple[int, ...]  # relative column widths


_Blokk = _Topptekst | _Overskrift | _Avsnitt | _Liste | _Tabell


def saksfremlegg_html(s: Saksfremlegg) -> str:
    """The saksfremlegg as a complete HTML document; everything typed is escaped."""
    innhold = Markup("\n").join(_html_blokk(b) for b in _saksfremlegg(s))
    return str(Markup(_HTML_RAMME).format(tittel=f"{s.saksnummer} {s.tittel}", innhold=innhold))


def saksfremlegg_pdf(s: Saksfremlegg) -> bytes:
    """The saksfremlegg as PDF."""
    return _pdf_av(f"{s.saksnummer} {s.tittel}", _saksfremlegg(s))


def saksfremlegg_docx(s: Saksfremlegg) -> bytes:
    """The saksfremlegg as a Word document the sekretariat can edit."""
    return _docx_av(f"{s.saksnummer} {s.tittel}", _saksfremlegg(s))


def innkalling_pdf(i: Moteinnkalling) -> bytes:
    """The møteinnkalling with its saksliste as PDF."""
    return _pdf_av(i.tittel, _innkalling(i))


def innkalling_docx(i: Moteinnkalling) -> bytes:
    """The møteinnkalling with its saksliste as a Word document."""
    return _docx_av(i.tittel, _innkalling(i))


def referat_pdf(r: Referat) -> bytes:
    """The referat with every vedtak as PDF."""
    return _pdf_av(r.tittel, _referat(r))


def referat_docx(r: Referat) -> bytes:
    """The referat with every vedtak as a Word document."""
    return _docx_av(r.tittel, _referat(r))


def _saksfremlegg(s: Saksfremlegg) -> list[_Blokk]:
    hode = ("Saksnr", "Type sak", "Utvalg", "Møtedato")
    verdier = (s.saksnummer, s.sakstype, s.utvalg, s.motedato or IKKE_FASTSATT)
    return [
        *_tittel(s.helsefellesskap, s.tittel),
        _Tabell(hode, (verdier,), bredder=(3, 4, 6, 3)),
        _Overskrift("Innstilling", 2),
        _liste_eller(s.innstilling, nummerert=True, tom=IKKE_UTFYLT),
        *_fritekst("Saksopplysninger", s.saksopplysninger),
        *_fritekst("Vurdering", s.vurdering),
        *_fritekst("Forslag til vedtak", s.forslag_til_vedtak),
        *_fritekst("Vedtak", s.vedtak),
        _Overskrift("Vedlegg", 2),
        _liste_eller(s.vedlegg, nummerert=False, tom="Ingen vedlegg."),
    ]


def _innkalling(i: Moteinnkalling) -> list[_Blokk]:
    sted = (i.utvalg, i.tidspunkt, i.sted or IKKE_FASTSATT)
    saksliste = tuple((p.saksnummer, p.tittel, p.sakstype) for p in i.saksliste)
    return [
        *_tittel(i.helsefellesskap, i.tittel),
        _Tabell(("Utvalg", "Tidspunkt", "Sted"), (sted,), bredder=(1, 1, 1)),
        _Overskrift("Saksliste", 2),
        _Tabell(("Saksnr", "Sak", "Type sak"), saksliste, bredder=(2, 6, 3))
        if saksliste
        else _Avsnitt("Ingen saker er satt opp."),
    ]


def _referat(r: Referat) -> list[_Blokk]:
    """Every behandlet sak shows its vedtak, "Ikke utfylt." while it is still missing."""
    hode = ("Utvalg", "Tidspunkt", "Sted", "Status")
    verdier = (r.utvalg, r.tidspunkt, r.sted or IKKE_FASTSATT, r.status)
    behandlede = [blokk for p in r.punkter for blokk in _referatpunkt(p)]
    return [
        *_tittel(r.helsefellesskap, r.tittel),
        _Tabell(hode, (verdier,), bredder=(3, 3, 2, 3)),
        _Overskrift("Til stede", 2),
        _liste_eller(r.til_stede, nummerert=False, tom="Ingen registrert."),
        _Overskrift("Forfall", 2),
        _liste_eller(r.forfall, nummerert=False, tom="Ingen forfall."),
        _Overskrift("Behandlede saker", 2),
        *(behandlede or [_Avsnitt("Ingen saker.")]),
    ]


def _referatpunkt(p: Referatpunkt) -> list[_Blokk]:
    return [
        _Overskrift(f"{p.saksnummer} {p.tittel}", 3),
        _Avsnitt(p.sakstype),
        *_fritekst("Vedtak", p.vedtak or IKKE_UTFYLT, niva=4),
    ]


def _tittel(helsefellesskap: str, tittel: str) -> list[_Blokk]:
    return [_Topptekst(helsefellesskap), _Overskrift(tittel, 1)]


def _fritekst(overskrift: str, tekst: str, niva: int = 2) -> list[_Blokk]:
    avsnitt = [_Avsnitt(a.strip()) for a in re.split(r"\n\s*\n", tekst.strip()) if a.strip()]
    return [_Overskrift(overskrift, niva), *avsnitt] if avsnitt else []


def _liste_eller(punkter: tuple[str, ...], *, nummerert: bool, tom: str) -> _Blokk:
    return _Liste(punkter, nummerert) if punkter else _Avsnitt(tom)


# Doubled braces: the frame is filled with Markup.format, which escapes what it inserts.
_HTML_RAMME = """<!DOCTYPE html>
<html lang="nb">
<head>
<meta charset="utf-8">
<title>{tittel}</title>
<style>
table {{ border-collapse: collapse; }}
th, td {{ border: 1px solid #777; padding: 0.3em 0.6em; text-align: left; }}
</style>
</head>
<body>
<main>
{innhold}
</main>
</body>
</html>
"""


def _html_blokk(blokk: _Blokk) -> Markup:
    match blokk:
        case _Topptekst(tekst):
            return Markup('<p class="helsefellesskap">{}</p>').format(tekst)
        case _Overskrift(tekst, niva):
            return Markup("<h{0}>{1}</h{0}>").format(niva, tekst)
        case _Avsnitt(tekst):
            return Markup("<p>{}</p>").format(tekst)
        case _Liste(punkter, nummerert):
            merke = Markup("ol" if nummerert else "ul")
            punktene = Markup("").join(Markup("<li>{}</li>").format(p) for p in punkter)
            return Markup("<{0}>{1}</{0}>").format(merke, punktene)
        case _Tabell(etiketter, rader):
            hode = Markup("").join(Markup('<th scope="col">{}</th>').format(e) for e in etiketter)
            kropp = Markup("").join(_html_rad(rad) for rad in rader)
            return Markup("<table><thead><tr>{}</tr></thead><tbody>{}</tbody></table>").format(
                hode, kropp
            )
        case _:
            assert_never(blokk)


def _html_rad(rad: tuple[str, ...]) -> Markup:
    return Markup("<tr>{}</tr>").format(
        Markup("").join(Markup("<td>{}</td>").format(c) for c in rad)
    )


_PDF_SKRIFT = {1: 16, 2: 13, 3: 11, 4: 10}


def _pdf_av(tittel: str, blokker: Sequence[_Blokk]) -> bytes:
    pdf = ny_pdf(tittel)
    for blokk in blokker:
        _pdf_blokk(pdf, blokk)
    return bytes(pdf.output())


def _pdf_blokk(pdf: FPDF, blokk: _Blokk) -> None:
    match blokk:
        case _Topptekst(tekst):
            pdf.set_font(SKRIFT, "B", 10)
            _pdf_linje(pdf, tekst)
        case _Overskrift(tekst, niva):
            pdf.ln(3)
            # Each heading is a bookmark too: a reader (or a screen reader user) jumps by them.
            pdf.start_section(tekst, level=niva - 1, strict=False)
            pdf.set_font(SKRIFT, "B", _PDF_SKRIFT[niva])
            _pdf_linje(pdf, tekst, hoyde=_PDF_SKRIFT[niva] * 0.5)
            pdf.ln(1)
        case _Avsnitt(tekst):
            pdf.set_font(SKRIFT, size=10)
            _pdf_linje(pdf, tekst)
            pdf.ln(2)
        case _Liste(punkter, nummerert):
            pdf.set_font(SKRIFT, size=10)
            for nummer, punkt in enumerate(punkter, start=1):
                pdf.cell(8, 5, f"{nummer}." if nummerert else "•")
                _pdf_linje(pdf, punkt)
            pdf.ln(2)
        case _Tabell():
            _pdf_tabell(pdf, blokk)
        case _:
            assert_never(blokk)


def _pdf_tabell(pdf: FPDF, tabell: _Tabell) -> None:
    pdf.set_font(SKRIFT, size=10)
    rader = [tabell.etiketter, *tabell.rader]
    with pdf.table(col_widths=tabell.bredder, text_align="LEFT", line_height=5) as t:
        for rad in rader:
            pdf_rad = t.row()
            for celle in rad:
                pdf_rad.cell(celle)
    pdf.ln(2)


def _pdf_linje(pdf: FPDF, tekst: str, hoyde: float = 5) -> None:
    from fpdf.enums import XPos, YPos

    pdf.multi_cell(0, hoyde, tekst, new_x=XPos.LMARGIN, new_y=YPos.NEXT)


_DOCX_SPALTEBREDDE_MM = 160  # A4 less 25 mm margins


def _docx_av(tittel: str, blokker: Sequence[_Blokk]) -> bytes:
    from docx import Document

    doc = Document()
    doc.core_properties.title = tittel
    doc.core_properties.language = "nb-NO"
    _a4(doc)
    for blokk in blokker:
        _docx_blokk(doc, blokk)
    ut = io.BytesIO()
    doc.save(ut)
    return ut.getvalue()


def _a4(doc: Docx) -> None:
    from docx.shared import Mm

    # python-docx's default template is US Letter; the helsefellesskap prints on A4.
    for seksjon in doc.sections:
        seksjon.page_width, seksjon.page_height = Mm(210), Mm(297)
        seksjon.left_margin = seksjon.right_margin = Mm(25)


def _docx_blokk(doc: Docx, blokk: _Blokk) -> None:
    match blokk:
        case _Topptekst(tekst):
            doc.add_paragraph().add_run(tekst).bold = True
        case _Overskrift(tekst, niva):
            doc.add_heading(tekst, level=niva)
        case _Avsnitt(tekst):
            doc.add_paragraph(tekst)
        case _Liste(punkter, nummerert):
            # All "List Number" paragraphs share one count: a paper holds one numbered list.
            for punkt in punkter:
                doc.add_paragraph(punkt, style="List Number" if nummerert else "List Bullet")
        case _Tabell():
            _docx_tabell(doc, blokk)
        case _:
            assert_never(blokk)


def _docx_tabell(doc: Docx, tabell: _Tabell) -> None:
    rader = [tabell.etiketter, *tabell.rader]
    t = doc.add_table(rows=len(rader), cols=len(tabell.etiketter), style="Table Grid")
    for rad, tekster in zip(t.rows, rader, strict=True):
        for celle, tekst in zip(rad.cells, tekster, strict=True):
            celle.text = tekst
    _docx_bredder(t, tabell.bredder)
    _docx_overskriftsrad(t)


def _docx_bredder(t: Table, bredder: tuple[int, ...]) -> None:
    from docx.shared import Mm

    # Word reads each cell's width and LibreOffice the column grid; both get the same.
    for kolonne, bredde in zip(t.columns, bredder, strict=True):
        kolonne.width = Mm(_DOCX_SPALTEBREDDE_MM * bredde // sum(bredder))
        for celle in kolonne.cells:
            celle.width = kolonne.width


def _docx_overskriftsrad(t: Table) -> None:
    for celle in t.rows[0].cells:
        for run in celle.paragraphs[0].runs:
            run.bold = True
    from docx.oxml import OxmlElement

    # Screen readers announce the labels with each value, and Word repeats them on a new page.
    t.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
