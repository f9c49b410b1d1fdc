"""Word documents from .docx templates the sekretariat owns (docxtpl: Jinja inside Word).

The shipped templates (data/dokumentmaler, built by scripts/lag_dokumentmaler.py) carry the
frame: A4, styles in bokmål (w:lang nb-NO, so Word spell-checks in Norwegian), the body's name
and a logo slot in the header, «Side X av Y» in the footer. A helsefellesskap may name its own
template and logo in config.toml; a template that is missing or broken is refused with a
bokmål message at start-up (`sjekk_mal`) and when a paper is made, never with a traceback.
Author, last editor, company and title are set here from the paper, not left as the library's.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Mapping, Set
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal
from xml.sax.saxutils import escape

from tilskudd_flow.domain.feil import Saksfeil

if TYPE_CHECKING:
    from docxtpl import DocxTemplate

Malart = Literal["saksfremlegg", "innkalling", "referat"]
MALARTER: tuple[Malart, ...] = ("saksfremlegg", "innkalling", "referat")
MALMAPPE = Path(__file__).resolve().parent.parent / "data" / "dokumentmaler"
LOGOHOYDE_MM = 14
# Every template may use these besides the paper's own fields.
FELLES_FELT = frozenset({"helsefellesskap", "logo", "dokumenttittel"})
# XML 1.0 has no place for control characters; \a and \f would also split paragraphs.
_KONTROLLTEGN = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


class UgyldigDokumentmal(Saksfeil):
    """A configured Word template or logo cannot be used; the message says which and why."""


@dataclass(frozen=True)
class Dokumentoppsett:
    """The helsefellesskap's own templates and logo; None: the shipped default, no logo."""

    saksfremlegg: Path | None = None
    innkalling: Path | None = None
    referat: Path | None = None
    logo: Path | None = None

    def mal(self, art: Malart) -> Path:
        egen: Path | None = getattr(self, art)
        return egen if egen is not None else MALMAPPE / f"{art}.docx"


STANDARD_OPPSETT = Dokumentoppsett()


def fra_mal(
    art: Malart,
    oppsett: Dokumentoppsett,
    felt: Mapping[str, Any],
    *,
    helsefellesskap: str,
    tittel: str,
) -> bytes:
    """The paper `art` rendered from its template with `felt`, as .docx bytes."""
    from jinja2 import TemplateError

    sti = oppsett.mal(art)
    mal = _last(sti, art)
    kontekst = {**_renset(felt), "helsefellesskap": _renset(helsefellesskap),
                "dokumenttittel": _renset(tittel), "logo": _logo(mal, oppsett.logo)}  # fmt: skip
    try:
        mal.render(kontekst, jinja_env=_jinja(), autoescape=True)
    except TemplateError as feil:
        raise UgyldigDokumentmal(f"Word-malen for {art} ({sti}) kan ikke fylles ut: "
                                 f"{_jinjafeil(feil)}") from None  # fmt: skip
    _egenskaper(mal, helsefellesskap, tittel)
    ut = io.BytesIO()
    mal.save(ut)
    return _etterbehandlet(ut.getvalue(), helsefellesskap)


def sjekk_mal(sti: Path, art: Malart, kjente_felt: Set[str]) -> None:
    """Refuse a template that is no Word file, has broken tags, or uses unknown fields."""
    from jinja2 import TemplateError

    mal = _last(sti, art)
    try:
        ukjente = mal.get_undeclared_template_variables(_jinja()) - kjente_felt - FELLES_FELT
    except TemplateError as feil:
        raise UgyldigDokumentmal(
            f"Word-malen for {art} ({sti}) har en feil i et felt: {_jinjafeil(feil)}"
        ) from None
    if ukjente:
        raise UgyldigDokumentmal(
            f"Word-malen for {art} ({sti}) bruker felt som ikke finnes: "
            f"{', '.join(sorted(ukjente))}. Felt som finnes: "
            f"{', '.join(sorted(kjente_felt | FELLES_FELT))}"
        )


def sjekk_logo(sti: Path) -> None:
    """Refuse a logo that is not a PNG, JPEG or GIF file Word can show."""
    try:
        hode = sti.read_bytes()[:8]
    except OSError:
        raise UgyldigDokumentmal(f"Finner ikke logoen {sti}") from None
    if not hode.startswith((b"\x89PNG", b"\xff\xd8\xff", b"GIF8")):
        raise UgyldigDokumentmal(f"Logoen {sti} er ikke et PNG-, JPEG- eller GIF-bilde")


def _last(sti: Path, art: Malart) -> DocxTemplate:
    from docxtpl import DocxTemplate

    if not sti.is_file():
        raise UgyldigDokumentmal(f"Finner ikke Word-malen for {art}: {sti}")
    if not zipfile.is_zipfile(sti):
        raise UgyldigDokumentmal(f"Word-malen for {art} ({sti}) er ikke en .docx-fil")
    mal = DocxTemplate(sti)
    try:
        mal.init_docx()
    except (KeyError, ValueError, zipfile.BadZipFile):
        # python-docx reports a ZIP without word/document.xml as a KeyError or ValueError.
        raise UgyldigDokumentmal(f"Word-malen for {art} ({sti}) er ikke en .docx-fil") from None
    return mal


def _jinja() -> Any:
    from jinja2 import Environment, StrictUndefined

    # A misspelt field in a template is an error, never a silently empty line.
    return Environment(undefined=StrictUndefined, autoescape=True)


def _jinjafeil(feil: Exception) -> str:
    from jinja2 import TemplateSyntaxError, UndefinedError

    if isinstance(feil, UndefinedError):
        navn = re.search(r"'([^']+)' is undefined", str(feil))
        return f"feltet «{navn[1]}» finnes ikke" if navn else f"et felt har ingen verdi ({feil})"
    if isinstance(feil, TemplateSyntaxError):
        return f"ugyldig feltkode ({feil.message})"
    return str(feil)


def _logo(mal: DocxTemplate, logo: Path | None) -> object:
    if logo is None:
        return ""
    from docx.shared import Mm
    from docxtpl import InlineImage

    sjekk_logo(logo)
    return InlineImage(mal, str(logo), height=Mm(LOGOHOYDE_MM))


def _renset(verdi: Any) -> Any:
    """Text as XML can hold it, through lists, tuples and dicts."""
    if isinstance(verdi, str):
        return _KONTROLLTEGN.sub("", verdi)
    if isinstance(verdi, list | tuple):
        return [_renset(v) for v in verdi]
    if isinstance(verdi, Mapping):
        return {k: _renset(v) for k, v in verdi.items()}
    return verdi


def _egenskaper(mal: DocxTemplate, helsefellesskap: str, tittel: str) -> None:
    egenskaper = mal.docx.core_properties
    egenskaper.author = egenskaper.last_modified_by = _renset(helsefellesskap)
    egenskaper.title = _renset(tittel)
    egenskaper.language = "nb-NO"


def _etterbehandlet(docx: bytes, helsefellesskap: str) -> bytes:
    """What python-docx does not reach: docProps/app.xml's Company (Word's «Firma»), and the
    logo's alternative text in the header, which a screen reader reads instead of the picture."""
    navn = escape(_renset(helsefellesskap), {'"': "&quot;"})
    inn = zipfile.ZipFile(io.BytesIO(docx))
    ut_buffer = io.BytesIO()
    with zipfile.ZipFile(ut_buffer, "w", zipfile.ZIP_DEFLATED) as ut:
        for info in inn.infolist():
            innhold = inn.read(info)
            if info.filename == "docProps/app.xml":
                innhold = _firma_i(innhold.decode("utf-8"), navn).encode("utf-8")
            elif re.fullmatch(r"word/header\d*\.xml", info.filename):
                innhold = _logotekst_i(innhold.decode("utf-8"), navn).encode("utf-8")
            ut.writestr(info, innhold)
    return ut_buffer.getvalue()


def _firma_i(xml: str, navn: str) -> str:
    firma = f"<Company>{navn}</Company>"
    med, antall = re.subn(r"<Company\s*/>|<Company>[^<]*</Company>", lambda _: firma, xml)
    return med if antall else xml.replace("</Properties>", f"{firma}</Properties>")


def _logotekst_i(xml: str, navn: str) -> str:
    return re.sub(r'<wp:docPr (id="\d+" name="[^"]*")\s*/>',
                  lambda m: f'<wp:docPr {m[1]} descr="Logo: {navn}"/>', xml)  # fmt: skip
