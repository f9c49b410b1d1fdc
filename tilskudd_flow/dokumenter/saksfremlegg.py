"""SSU's papers as the helsefellesskap lays them out: the saksfremlegg (HTML, PDF, DOCX), the
møteinnkalling and the referat (PDF, DOCX). Pure: dataclasses in, str or bytes out.

For HTML and PDF each paper is first described as a sequence of blocks (heading, table,
paragraph, list) that one small renderer per format draws. The Word files come from .docx
templates the sekretariat can replace (dokumenter/wordmaler.py), filled with the same
dataclasses' fields.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Any, assert_never

from markupsafe import Markup

from tilskudd_flow.dokumenter.pdf import SKRIFT, ny_pdf
from tilskudd_flow.dokumenter.wordmaler import (
    MALARTER,
    STANDARD_OPPSETT,
    Dokumentoppsett,
    Malart,
    fra_mal,
    sjekk_logo,
    sjekk_mal,
)

# fpdf loads on first use (see dokumenter/pdf.py for why).
if TYPE_CHECKING:
    from fpdf import FPDF

IKKE_UTFYLT = "Ikke utfylt."
IKKE_FASTSATT = "Ikke fastsatt"
STANDARD_FORFALL = "Kan du ikke møte, meld forfall til sekretariatet så snart du vet det."


@dataclass(frozen=True)
class Saksfremlegg:
    """A sak as put before the utvalg; the referat adds `forslag_til_vedtak` and `vedtak`.

    Innstilling and Vedlegg always show ("Ikke utfylt." / "Ingen vedlegg." when empty), since
    a saksfremlegg without them is unfinished; Saksopplysninger, Vurdering, Forslag til vedtak
    and Vedtak are left out when empty. An empty `motedato` reads "Ikke fastsatt".
    `saksbehandler`, `dato` (the paper's date) and `referanse` head the paper like a letter's.
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
    saksbehandler: str = ""
    dato: str = ""  # «5. desember 2026»
    referanse: str = ""  # «SSU-sak 23/2025»


@dataclass(frozen=True)
class Sakslistepunkt:
    saksnummer: str
    tittel: str
    sakstype: str


@dataclass(frozen=True)
class Moteinnkalling:
    """Who is called, when and where, how to give notice of forfall, and the saksliste."""

    helsefellesskap: str
    utvalg: str
    tittel: str
    tidspunkt: str
    sted: str  # the place, may be ""
    saksliste: tuple[Sakslistepunkt, ...]
    videolenke: str = ""
    medlemmer: tuple[str, ...] = ()  # «Åse Bjørnstad (Leder, kommunesiden)»
    vara_innkalt: tuple[str, ...] = ()  # «Per Vara (Vara for Kari Nordmann)»
    forfall: str = ""  # how and by when to give notice; "" → STANDARD_FORFALL


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


def saksfremlegg_docx(s: Saksfremlegg, oppsett: Dokumentoppsett = STANDARD_OPPSETT) -> bytes:
    """The saksfremlegg as a Word document the sekretariat can edit."""
    felt = {**asdict(s), "motedato": s.motedato or IKKE_FASTSATT,
            **{navn: _avsnittene(getattr(s, navn)) for navn in _FRITEKST}}  # fmt: skip
    return _docx("saksfremlegg", oppsett, felt, s.helsefellesskap, f"{s.saksnummer} {s.tittel}")


def innkalling_pdf(i: Moteinnkalling) -> bytes:
    """The møteinnkalling with its saksliste as PDF."""
    return _pdf_av(i.tittel, _innkalling(i))


def innkalling_docx(i: Moteinnkalling, oppsett: Dokumentoppsett = STANDARD_OPPSETT) -> bytes:
    """The møteinnkalling with who is called, forfall and the saksliste as a Word document."""
    felt = {**asdict(i), "sted": _sted(i), "forfall": i.forfall or STANDARD_FORFALL}
    return _docx("innkalling", oppsett, felt, i.helsefellesskap, i.tittel)


def referat_pdf(r: Referat) -> bytes:
    """The referat with every vedtak as PDF."""
    return _pdf_av(r.tittel, _referat(r))


def referat_docx(r: Referat, oppsett: Dokumentoppsett = STANDARD_OPPSETT) -> bytes:
    """The referat with every vedtak as a Word document."""
    punkter = [{**asdict(p), "vedtak": _avsnittene(p.vedtak)} for p in r.punkter]
    felt = {**asdict(r), "sted": r.sted or IKKE_FASTSATT, "punkter": punkter}
    return _docx("referat", oppsett, felt, r.helsefellesskap, r.tittel)


# The fields each Word template is filled with, by the dataclass it renders.
_FELT: dict[Malart, frozenset[str]] = {
    "saksfremlegg": frozenset(f.name for f in fields(Saksfremlegg)),
    "innkalling": frozenset(f.name for f in fields(Moteinnkalling)),
    "referat": frozenset(f.name for f in fields(Referat)),
}
_FRITEKST = ("saksopplysninger", "vurdering", "forslag_til_vedtak", "vedtak")


def sjekk_dokumentmaler(oppsett: Dokumentoppsett) -> None:
    """Refuse, in bokmål, a configured template or logo that cannot be used (at start-up)."""
    for art in MALARTER:
        if getattr(oppsett, art) is not None:
            sjekk_mal(oppsett.mal(art), art, _FELT[art])
    if oppsett.logo is not None:
        sjekk_logo(oppsett.logo)


def _docx(
    art: Malart, oppsett: Dokumentoppsett, felt: dict[str, Any], hf: str, tittel: str
) -> bytes:
    return fra_mal(art, oppsett, felt, helsefellesskap=hf, tittel=tittel)


def _avsnittene(tekst: str) -> list[str]:
    """Free text as the paragraphs the writer separated by a blank line."""
    return [a.strip() for a in re.split(r"\n\s*\n", tekst.strip()) if a.strip()]


def _sted(i: Moteinnkalling) -> str:
    if i.sted:
        return i.sted
    return "Videomøte, se lenken" if i.videolenke else IKKE_FASTSATT


def _saksfremlegg(s: Saksfremlegg) -> list[_Blokk]:
    hode = ("Saksnr", "Type sak", "Utvalg", "Møtedato")
    verdier = (s.saksnummer, s.sakstype, s.utvalg, s.motedato or IKKE_FASTSATT)
    return [
        *_tittel(s.helsefellesskap, s.tittel),
        *_brevhode(s),
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


def _brevhode(s: Saksfremlegg) -> list[_Blokk]:
    """Saksbehandler, dato and referanse as a letter heads them (those that are known)."""
    kjente = [(etikett, verdi) for etikett, verdi in (("Saksbehandler", s.saksbehandler),
              ("Dato", s.dato), ("Vår referanse", s.referanse)) if verdi]  # fmt: skip
    if not kjente:
        return []
    etiketter, verdier = zip(*kjente, strict=True)
    return [_Tabell(etiketter, (verdier,), bredder=(1,) * len(kjente))]


def _innkalling(i: Moteinnkalling) -> list[_Blokk]:
    sted = (i.utvalg, i.tidspunkt, _sted(i))
    saksliste = tuple((p.saksnummer, p.tittel, p.sakstype) for p in i.saksliste)
    video: list[_Blokk] = [_Avsnitt(f"Videomøte: {i.videolenke}")] if i.videolenke else []
    return [
        *_tittel(i.helsefellesskap, i.tittel),
        _Tabell(("Utvalg", "Tidspunkt", "Sted"), (sted,), bredder=(1, 1, 1)),
        *video,
        *_innkalte(i),
        _Overskrift("Forfall", 2),
        _Avsnitt(i.forfall or STANDARD_FORFALL),
        _Overskrift("Saksliste", 2),
        _Tabell(("Saksnr", "Sak", "Type sak"), saksliste, bredder=(2, 6, 3))
        if saksliste
        else _Avsnitt("Ingen saker er satt opp."),
    ]


def _innkalte(i: Moteinnkalling) -> list[_Blokk]:
    """Who is called: the members, and the vara called in for a member's forfall."""
    blokker: list[_Blokk] = [_Overskrift("Innkalt", 2)]
    for overskrift, navn in (("Medlemmer", i.medlemmer), ("Vara kalt inn", i.vara_innkalt)):
        if navn:
            blokker += [_Overskrift(overskrift, 3), _Liste(navn, nummerert=False)]
    return blokker if len(blokker) > 1 else []


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
    avsnitt = [_Avsnitt(a) for a in _avsnittene(tekst)]
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
