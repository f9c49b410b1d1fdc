"""Build the shipped Word templates (tilskudd_flow/data/dokumentmaler/*.docx) from code.

The .docx files are committed, so `make run` needs only Python; run this again after a change
here: `.venv/bin/python scripts/lag_dokumentmaler.py`. The same input gives the same bytes
(fixed dates and zip times), so a rebuild without a change shows no diff.

A helsefellesskap that wants its own look opens a shipped file in Word, changes fonts, logo
placement or wording around the {{ }} fields, and names the file in config.toml under
[helsefellesskap.<kode>.dokumenter]. The fields each template may use are listed in the
README and checked at start-up.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.document import Document as Docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph

MAPPE = Path(__file__).resolve().parent.parent / "tilskudd_flow" / "data" / "dokumentmaler"
SPRAK = "nb-NO"
SKRIFT = "Arial"
TEKSTBREDDE_MM = 160  # A4 less 25 mm margins
FAST_TID = datetime(2026, 12, 1, 9, 0)  # reproducible bytes: the templates carry no clock
ZIPTID = (2026, 12, 1, 9, 0, 0)
GRA = RGBColor(0x55, 0x55, 0x55)


def main() -> None:
    MAPPE.mkdir(parents=True, exist_ok=True)
    for navn, innhold in (
        ("saksfremlegg", _saksfremlegg),
        ("innkalling", _innkalling),
        ("referat", _referat),
    ):
        (MAPPE / f"{navn}.docx").write_bytes(_mal(innhold))
        print(f"Skrev {MAPPE / navn}.docx")


def _mal(innhold: Callable[[Docx], None]) -> bytes:
    doc = Document()
    _side(doc)
    _stiler(doc)
    _topptekst(doc)
    _bunntekst(doc)
    innhold(doc)
    _egenskaper(doc)
    ut = io.BytesIO()
    doc.save(ut)
    return _normalisert(ut.getvalue())


# --- The frame every paper shares -------------------------------------------------------


def _side(doc: Docx) -> None:
    # python-docx's default is US Letter; the helsefellesskap prints on A4.
    for seksjon in doc.sections:
        seksjon.page_width, seksjon.page_height = Mm(210), Mm(297)
        seksjon.left_margin = seksjon.right_margin = Mm(25)
        seksjon.top_margin, seksjon.bottom_margin = Mm(25), Mm(20)
        seksjon.header_distance = seksjon.footer_distance = Mm(10)


def _stiler(doc: Docx) -> None:
    stiler = doc.styles
    normal = stiler["Normal"]
    normal.font.name, normal.font.size = SKRIFT, Pt(11)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    for niva, storrelse in ((1, 16), (2, 13), (3, 11.5), (4, 11)):
        stil = stiler[f"Heading {niva}"]
        stil.font.name, stil.font.size, stil.font.bold = SKRIFT, Pt(storrelse), True
        stil.font.italic = False
        stil.font.color.rgb = RGBColor(0, 0, 0)
        stil.paragraph_format.space_before = Pt(14 if niva <= 2 else 10)
        stil.paragraph_format.space_after = Pt(4)
        _uten_temaskrift(stil.element)
    for navn in ("List Number", "List Bullet", "Header", "Footer"):
        stiler[navn].font.name = SKRIFT
    for navn in ("Header", "Footer"):
        # The default template's tabs are for US Letter (the right one beyond A4's margin), and
        # its centre tab would catch the logo and the page number: one right tab at the margin.
        tabulatorer = stiler[navn].paragraph_format.tab_stops
        tabulatorer.clear_all()
        tabulatorer.add_tab_stop(Mm(TEKSTBREDDE_MM), WD_TAB_ALIGNMENT.RIGHT)
    stiler["Footer"].font.size = Pt(8.5)
    stiler["Footer"].font.color.rgb = GRA


def _uten_temaskrift(stil: OxmlElement) -> None:
    """Headings in the default template name the theme's fonts; ours name Arial outright."""
    for fonter in stil.iter(qn("w:rFonts")):
        for tema in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
            fonter.attrib.pop(qn(tema), None)
        fonter.set(qn("w:cs"), SKRIFT)


def _topptekst(doc: Docx) -> None:
    """The body's name on the left and the logo slot on the right, over a thin line."""
    avsnitt = doc.sections[0].header.paragraphs[0]
    navn = avsnitt.add_run("{{ helsefellesskap }}")
    navn.bold, navn.font.size = True, Pt(12)
    # The logo is an image when one is configured, an empty string when not.
    avsnitt.add_run("\t{{ logo }}")
    _linje_under(avsnitt)


def _bunntekst(doc: Docx) -> None:
    """The paper's title on the left, «Side X av Y» on the right (Word counts the pages)."""
    avsnitt = doc.sections[0].footer.paragraphs[0]
    avsnitt.add_run("{{ dokumenttittel }}\tSide ")
    _felt(avsnitt, "PAGE")
    avsnitt.add_run(" av ")
    _felt(avsnitt, "NUMPAGES")


def _felt(avsnitt: Paragraph, instruks: str) -> None:
    for del_ in ("begin", None, "separate", "1", "end"):
        run = avsnitt.add_run()
        if del_ is None:
            tekst = OxmlElement("w:instrText")
            tekst.set(qn("xml:space"), "preserve")
            tekst.text = f" {instruks} "
            run._r.append(tekst)
        elif del_ == "1":
            run.text = "1"
        else:
            tegn = OxmlElement("w:fldChar")
            tegn.set(qn("w:fldCharType"), del_)
            run._r.append(tegn)


def _linje_under(avsnitt: Paragraph) -> None:
    kant = OxmlElement("w:pBdr")
    bunn = OxmlElement("w:bottom")
    for nokkel, verdi in (("w:val", "single"), ("w:sz", "4"), ("w:space", "4"),
                          ("w:color", "808080")):  # fmt: skip
        bunn.set(qn(nokkel), verdi)
    kant.append(bunn)
    avsnitt._p.get_or_add_pPr().append(kant)


def _egenskaper(doc: Docx) -> None:
    # Author, title and company are the helsefellesskap's and the paper's: set when rendered.
    egenskaper = doc.core_properties
    egenskaper.author = egenskaper.last_modified_by = ""
    egenskaper.title = egenskaper.subject = egenskaper.keywords = egenskaper.comments = ""
    egenskaper.language = SPRAK
    egenskaper.revision = 1
    egenskaper.created = egenskaper.modified = FAST_TID


# --- Bodies ---------------------------------------------------------------------------


def _saksfremlegg(doc: Docx) -> None:
    # A row shows when its value is known; a table with no row at all is not valid Word.
    doc.add_paragraph("{%p if saksbehandler or dato or referanse %}")
    brevhode = (("Saksbehandler", "saksbehandler"), ("Dato", "dato"),
                ("Vår referanse", "referanse"))  # fmt: skip
    tabell = _nokkeltabell(doc, tuple((etikett, f"{{{{ {felt} }}}}") for etikett, felt in brevhode))
    for indeks in reversed(range(len(brevhode))):
        _betinget_rad(tabell, indeks, brevhode[indeks][1])
    doc.add_paragraph("{%p endif %}")
    _dokumentart(doc, "Saksfremlegg")
    doc.add_heading("{{ tittel }}", level=1)
    _rutenett(doc, ("Saksnr", "Type sak", "Utvalg", "Møtedato"),
              ("{{ saksnummer }}", "{{ sakstype }}", "{{ utvalg }}", "{{ motedato }}"),
              bredder=(3, 4, 6, 3))  # fmt: skip
    doc.add_heading("Innstilling", level=2)
    _liste_eller(doc, "innstilling", "List Number", "Ikke utfylt.")
    for overskrift, felt in (
        ("Saksopplysninger", "saksopplysninger"),
        ("Vurdering", "vurdering"),
        ("Forslag til vedtak", "forslag_til_vedtak"),
        ("Vedtak", "vedtak"),
    ):
        _fritekst(doc, overskrift, felt)  # fmt: skip
    doc.add_heading("Vedlegg", level=2)
    _liste_eller(doc, "vedlegg", "List Bullet", "Ingen vedlegg.")


def _innkalling(doc: Docx) -> None:
    doc.add_heading("{{ tittel }}", level=1)
    tabell = _nokkeltabell(
        doc,
        (
            ("Utvalg", "{{ utvalg }}"),
            ("Tid", "{{ tidspunkt }}"),
            ("Sted", "{{ sted }}"),
            ("Videomøte", "{{ videolenke }}"),
        ),
    )
    _betinget_rad(tabell, 3, "videolenke")  # fmt: skip
    doc.add_heading("Innkalt", level=2)
    doc.add_paragraph("{%p if medlemmer %}")
    doc.add_heading("Medlemmer", level=3)
    _liste(doc, "medlemmer", "List Bullet")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Ingen medlemmer er registrert for møtet.")
    doc.add_paragraph("{%p endif %}")
    doc.add_paragraph("{%p if vara_innkalt %}")
    doc.add_heading("Vara kalt inn", level=3)
    _liste(doc, "vara_innkalt", "List Bullet")
    doc.add_paragraph("{%p endif %}")
    doc.add_heading("Forfall", level=2)
    doc.add_paragraph("{{ forfall }}")
    doc.add_heading("Saksliste", level=2)
    doc.add_paragraph("{%p if saksliste %}")
    _rutenett(doc, ("Saksnr", "Sak", "Type sak"),
              ("{{ p.saksnummer }}", "{{ p.tittel }}", "{{ p.sakstype }}"),
              bredder=(3, 9, 4), gjenta="p in saksliste")  # fmt: skip
    doc.add_paragraph("Saksfremleggene følger vedlagt.")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Ingen saker er satt opp.")
    doc.add_paragraph("{%p endif %}")


def _referat(doc: Docx) -> None:
    doc.add_heading("{{ tittel }}", level=1)
    _rutenett(doc, ("Utvalg", "Tidspunkt", "Sted", "Status"),
              ("{{ utvalg }}", "{{ tidspunkt }}", "{{ sted }}", "{{ status }}"),
              bredder=(4, 5, 3, 4))  # fmt: skip
    doc.add_heading("Til stede", level=2)
    _liste_eller(doc, "til_stede", "List Bullet", "Ingen registrert.")
    doc.add_heading("Forfall", level=2)
    _liste_eller(doc, "forfall", "List Bullet", "Ingen forfall.")
    doc.add_heading("Behandlede saker", level=2)
    doc.add_paragraph("{%p for p in punkter %}")
    doc.add_heading("{{ p.saksnummer }} {{ p.tittel }}", level=3)
    doc.add_paragraph("{{ p.sakstype }}")
    doc.add_heading("Vedtak", level=4)
    doc.add_paragraph("{%p for avsnitt in p.vedtak %}")
    doc.add_paragraph("{{ avsnitt }}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Ikke utfylt.")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph("Ingen saker.")
    doc.add_paragraph("{%p endfor %}")


# --- Building blocks ------------------------------------------------------------------


def _dokumentart(doc: Docx, tekst: str) -> None:
    # Capitals by the font, not the letters: a screen reader reads the word, not each letter.
    run = doc.add_paragraph().add_run(tekst)
    run.bold, run.font.size, run.font.color.rgb, run.font.all_caps = True, Pt(9), GRA, True


def _liste(doc: Docx, felt: str, stil: str) -> None:
    doc.add_paragraph(f"{{%p for punkt in {felt} %}}")
    doc.add_paragraph("{{ punkt }}", style=stil)
    doc.add_paragraph("{%p endfor %}")


def _liste_eller(doc: Docx, felt: str, stil: str, tom: str) -> None:
    doc.add_paragraph(f"{{%p for punkt in {felt} %}}")
    doc.add_paragraph("{{ punkt }}", style=stil)
    doc.add_paragraph("{%p else %}")
    doc.add_paragraph(tom)
    doc.add_paragraph("{%p endfor %}")


def _fritekst(doc: Docx, overskrift: str, felt: str) -> None:
    """A section that shows only when written, one Word paragraph per paragraph typed."""
    doc.add_paragraph(f"{{%p if {felt} %}}")
    doc.add_heading(overskrift, level=2)
    doc.add_paragraph(f"{{%p for avsnitt in {felt} %}}")
    doc.add_paragraph("{{ avsnitt }}")
    doc.add_paragraph("{%p endfor %}")
    doc.add_paragraph("{%p endif %}")


def _nokkeltabell(doc: Docx, rader: tuple[tuple[str, str], ...]) -> Table:
    """Label and value, no lines: the facts a reader looks for first."""
    tabell = doc.add_table(rows=len(rader), cols=2)
    tabell.alignment = WD_TABLE_ALIGNMENT.LEFT
    for rad, (etikett, verdi) in zip(tabell.rows, rader, strict=True):
        rad.cells[0].paragraphs[0].add_run(etikett).bold = True
        rad.cells[1].paragraphs[0].add_run(verdi)
        for celle in rad.cells:
            celle.paragraphs[0].paragraph_format.space_after = Pt(2)
    _bredder(tabell, (42, TEKSTBREDDE_MM - 42))
    _mellomrom(doc)
    return tabell


def _rutenett(
    doc: Docx,
    etiketter: tuple[str, ...],
    felt: tuple[str, ...],
    *,
    bredder: tuple[int, ...],
    gjenta: str = "",
) -> None:
    """A table with a header row that repeats on each page; `gjenta` makes a row per item."""
    rader = [etiketter, *([(f"{{%tr for {gjenta} %}}",)] if gjenta else []), felt,
             *([("{%tr endfor %}",)] if gjenta else [])]  # fmt: skip
    tabell = doc.add_table(rows=len(rader), cols=len(etiketter), style="Table Grid")
    for rad, tekster in zip(tabell.rows, rader, strict=True):
        for celle, tekst in zip(rad.cells, tekster, strict=False):
            celle.paragraphs[0].add_run(tekst)
            celle.paragraphs[0].paragraph_format.space_after = Pt(0)
    for celle in tabell.rows[0].cells:
        celle.paragraphs[0].runs[0].bold = True
        _skygge(celle._tc, "E7E6E6")
    # Screen readers announce the labels with each value, and Word repeats them on a new page.
    tabell.rows[0]._tr.get_or_add_trPr().append(OxmlElement("w:tblHeader"))
    enhet = TEKSTBREDDE_MM / sum(bredder)
    _bredder(tabell, tuple(round(b * enhet) for b in bredder))
    _mellomrom(doc)


def _betinget_rad(tabell: Table, indeks: int, felt: str) -> None:
    """The row shows only when `felt` has a value: a row before and after carry the tags."""
    rad = tabell.rows[indeks]._tr
    for tekst, hvor in ((f"{{%tr if {felt} %}}", rad.addprevious),
                        ("{%tr endif %}", rad.addnext)):  # fmt: skip
        ny = tabell.add_row()._tr
        ny.getparent().remove(ny)
        ny.xpath("./w:tc")[0].xpath("./w:p")[0].append(_run(tekst))
        hvor(ny)


def _run(tekst: str) -> OxmlElement:
    run = OxmlElement("w:r")
    t = OxmlElement("w:t")
    t.text = tekst
    run.append(t)
    return run


def _skygge(tc: OxmlElement, farge: str) -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), farge)
    tc.get_or_add_tcPr().append(shd)


def _bredder(tabell: Table, mm: tuple[int, ...]) -> None:
    # Word reads each cell's width and LibreOffice the column grid; both get the same.
    tabell.autofit = False
    for kolonne, bredde in zip(tabell.columns, mm, strict=True):
        kolonne.width = Mm(bredde)
        for celle in kolonne.cells:
            celle.width = Mm(bredde)


def _mellomrom(doc: Docx) -> None:
    # Word joins two tables with nothing between them; a small paragraph keeps them apart.
    avsnitt = doc.add_paragraph()
    avsnitt.paragraph_format.space_after = Pt(0)
    avsnitt.paragraph_format.line_spacing = Pt(6)


# --- Language, company and reproducible bytes (parts python-docx does not expose) --------


def _normalisert(innhold: bytes) -> bytes:
    inn = zipfile.ZipFile(io.BytesIO(innhold))
    ut_buffer = io.BytesIO()
    with zipfile.ZipFile(ut_buffer, "w", zipfile.ZIP_DEFLATED) as ut:
        for navn in inn.namelist():
            if navn == "docProps/thumbnail.jpeg":
                continue  # a picture of python-docx's blank page, shown by file dialogs
            del_ = _rettet(navn, inn.read(navn).decode("utf-8") if _er_xml(navn) else None)
            info = zipfile.ZipInfo(navn, date_time=ZIPTID)
            info.compress_type = zipfile.ZIP_DEFLATED
            ut.writestr(info, del_.encode("utf-8") if del_ is not None else inn.read(navn))
    return ut_buffer.getvalue()


def _er_xml(navn: str) -> bool:
    return navn.endswith((".xml", ".rels"))


def _rettet(navn: str, xml: str | None) -> str | None:
    if xml is None:
        return None
    if navn in ("word/styles.xml", "word/stylesWithEffects.xml"):
        # Word spell-checks by w:lang: bokmål, not the default template's en-US.
        xml = re.sub(r'<w:lang w:val="[^"]*"', f'<w:lang w:val="{SPRAK}"', xml)
        xml = xml.replace('w:asciiTheme="minorHAnsi" w:eastAsiaTheme="minorEastAsia" '
                          'w:hAnsiTheme="minorHAnsi" w:cstheme="minorBidi"',
                          f'w:ascii="{SKRIFT}" w:eastAsia="{SKRIFT}" w:hAnsi="{SKRIFT}" '
                          f'w:cs="{SKRIFT}"')  # fmt: skip
    elif navn == "word/settings.xml":
        xml = re.sub(r'<w:themeFontLang w:val="[^"]*"', f'<w:themeFontLang w:val="{SPRAK}"', xml)
        xml = xml.replace('<w:decimalSymbol w:val="."/>', '<w:decimalSymbol w:val=","/>')
        xml = xml.replace('<w:listSeparator w:val=","/>', '<w:listSeparator w:val=";"/>')
    elif navn == "docProps/app.xml":
        program = "<Application>tilskudd-flow</Application>"
        xml = re.sub(r"<Application>[^<]*</Application>", program, xml)
        xml = re.sub(r"<Template>[^<]*</Template>", "<Template/>", xml)
    elif navn == "_rels/.rels":
        xml = re.sub(r'<Relationship [^>]*Target="docProps/thumbnail.jpeg"/>', "", xml)
    elif navn == "[Content_Types].xml":
        xml = xml.replace('<Override PartName="/docProps/thumbnail.jpeg" '
                          'ContentType="image/jpeg"/>', "")  # fmt: skip
    return xml


if __name__ == "__main__":
    main()
