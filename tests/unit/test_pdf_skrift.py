"""Every PDF the app makes prints Sámi, Polish and Baltic names as written (#21): an embedded
Unicode font shipped in the package, PDF/A-2u with title and language, one place deciding it."""

from __future__ import annotations

import ast
import io
import re
import tomllib
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from pypdf import PdfReader

from tilskudd_flow.dokumenter.oversendelsespakke import (
    Listehode,
    Listerad,
    rangert_liste_pdf,
    sammendrag_pdf,
)
from tilskudd_flow.dokumenter.pdf import FONTMAPPE
from tilskudd_flow.dokumenter.saksfremlegg import (
    Moteinnkalling,
    Referat,
    Referatpunkt,
    Saksfremlegg,
    Sakslistepunkt,
    innkalling_pdf,
    referat_pdf,
    saksfremlegg_pdf,
)

ROT = Path(__file__).resolve().parents[2]
SAMISK = "Máret Čoavddát"
POLSK = "Łukasz Żółć-Wiśniewski"
BALTISK = "Šaltenis"
SAMISKE_BOKSTAVER = "á č đ ŋ š ŧ ž Á Č Đ Ŋ Š Ŧ Ž"
NAVN = f"{SAMISK}, {POLSK}, {BALTISK}"
HF = "Helsefellesskap Helgeland"
SSU = "Strategisk samarbeidsutvalg (SSU)"


def _saksfremlegg() -> tuple[str, bytes]:
    tittel = f"Tilskudd til {SAMISK}s prosjekt"
    sak = Saksfremlegg(helsefellesskap=HF, saksnummer="Sak 23-2025", tittel=tittel,
                       sakstype="Beslutningssak", utvalg=SSU, motedato="09.09.2025",
                       innstilling=(f"{POLSK} får tilskudd.",),
                       saksopplysninger=f"Søkere: {NAVN}. Bokstaver: {SAMISKE_BOKSTAVER}.",
                       vurdering=f"{SAMISK} og {POLSK} samarbeider.",
                       vedlegg=(f"Brev fra {BALTISK}",))  # fmt: skip
    return f"Sak 23-2025 {tittel}", saksfremlegg_pdf(sak)


def _innkalling() -> tuple[str, bytes]:
    tittel = "Møteinnkalling – SSU 09.09.2025"
    innkalling = Moteinnkalling(helsefellesskap=HF, utvalg=SSU, tittel=tittel,
                                tidspunkt="tirsdag 9. september 2025 kl. 09.00",
                                sted=f"Kárášjohka, {SAMISKE_BOKSTAVER}",
                                saksliste=(Sakslistepunkt("Sak 23-2025", f"Søknad fra {NAVN}",
                                                          "Beslutningssak"),))  # fmt: skip
    return tittel, innkalling_pdf(innkalling)


def _referat() -> tuple[str, bytes]:
    tittel = "Referat – SSU 09.09.2025"
    referat = Referat(helsefellesskap=HF, utvalg=SSU, tittel=tittel, tidspunkt="9.9.2025",
                      sted="Teams", til_stede=(SAMISK, BALTISK), forfall=(POLSK,),
                      punkter=(Referatpunkt("Sak 23-2025", SAMISKE_BOKSTAVER, "Beslutningssak",
                                            "Forslaget vedtas."),),
                      status="Godkjent")  # fmt: skip
    return tittel, referat_pdf(referat)


def _rangert_liste() -> tuple[str, bytes]:
    hode = Listehode(HF, 2026, "Sak 31-2025", datetime(2025, 10, 28, tzinfo=UTC))
    rad = Listerad(1, "RS-3", f"Ŋuolja {BALTISK}", NAVN, f"Hattfjelldal, {SAMISKE_BOKSTAVER}",
                   "regional liste", {2026: 100_000_000}, {})  # fmt: skip
    return f"Prioriterte søknader 2026 – {HF}", rangert_liste_pdf(hode, [rad])


def _sammendrag() -> tuple[str, bytes]:
    # The søknad in the forwarding package and every case summary in the archive extraction.
    tittel = f"RS-3 Ŋuolja {BALTISK}"
    felt = {"Kontaktperson": SAMISK, "Prosjekteiere": [POLSK, BALTISK],
            "Bokstaver": SAMISKE_BOKSTAVER}  # fmt: skip
    return tittel, sammendrag_pdf(tittel, felt)


HVER_PDF: dict[str, Callable[[], tuple[str, bytes]]] = {
    "saksfremlegg": _saksfremlegg,
    "innkalling": _innkalling,
    "referat": _referat,
    "rangert liste": _rangert_liste,
    "søknad og saksoversikt": _sammendrag,
}


def _tekst(pdf: bytes) -> str:
    sider = PdfReader(io.BytesIO(pdf)).pages
    return re.sub(r"\s+", " ", " ".join(side.extract_text() for side in sider))


@pytest.mark.parametrize("lag", HVER_PDF.values(), ids=HVER_PDF.keys())
def test_every_pdf_keeps_samisk_polish_and_baltic_names_intact(
    lag: Callable[[], tuple[str, bytes]],
) -> None:
    _, pdf = lag()
    tekst = _tekst(pdf)

    for navn in (SAMISK, POLSK, BALTISK, SAMISKE_BOKSTAVER):
        assert navn in tekst
    assert "?" not in tekst


@pytest.mark.parametrize("lag", HVER_PDF.values(), ids=HVER_PDF.keys())
def test_every_pdf_is_pdfa_2u_in_bokmaal_with_its_title_and_embedded_fonts(
    lag: Callable[[], tuple[str, bytes]],
) -> None:
    tittel, pdf = lag()
    leser = PdfReader(io.BytesIO(pdf))
    xmp = leser.xmp_metadata
    assert xmp is not None

    katalog: Any = leser.root_object
    assert katalog["/Lang"] == "nb-NO"
    assert xmp.dc_title == {"x-default": tittel}
    xml = xmp.stream.get_data().decode()
    assert "<pdfaid:part>2</pdfaid:part>" in xml
    assert "<pdfaid:conformance>U</pdfaid:conformance>" in xml
    assert katalog["/OutputIntents"][0].get_object()["/S"] == "/GTS_PDFA1"
    skrifter = _skrifter(leser)
    assert skrifter and all(s["/FontDescriptor"].get_object().get("/FontFile2") for s in skrifter)


def _skrifter(leser: PdfReader) -> list[Any]:
    """Each font's descendant CID font, where the embedded file is named."""
    funnet = []
    for side in leser.pages:
        ressurser: Any = side["/Resources"]
        for skrift in ressurser["/Font"].values():
            for etterkommer in skrift.get_object()["/DescendantFonts"]:
                funnet.append(etterkommer.get_object())
    return funnet


def test_the_font_and_its_licence_ship_in_the_package() -> None:
    pakkedata = tomllib.loads((ROT / "pyproject.toml").read_text())["tool"]["setuptools"]
    assert "data/fonter/*" in pakkedata["package-data"]["tilskudd_flow"]
    filer = {f.name for f in FONTMAPPE.iterdir()}
    assert {"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSans-Oblique.ttf",
            "LICENSE.txt"} <= filer  # fmt: skip


def test_only_dokumenter_pdf_makes_a_pdf_and_nothing_falls_back_to_latin1() -> None:
    """A new PDF made with `FPDF(...)` elsewhere would miss the font and the archive profile;
    a core font ("Helvetica") or a Latin-1 encode turns «Č» into «?» again."""
    brudd = []
    for fil in sorted((ROT / "tilskudd_flow").rglob("*.py")):
        navn = fil.relative_to(ROT).as_posix()
        for node in ast.walk(ast.parse(fil.read_text(), navn)):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id == "FPDF"
                and navn != "tilskudd_flow/dokumenter/pdf.py"
            ):
                brudd.append(f"{navn}:{node.lineno} FPDF(...)")  # fmt: skip
            if isinstance(node, ast.Constant) and node.value in ("Helvetica", "latin-1", "latin1"):
                brudd.append(f"{navn}:{node.lineno} {node.value!r}")
    assert brudd == []


def test_the_ssu_papers_have_their_headings_as_bookmarks() -> None:
    tittel, pdf = _saksfremlegg()
    omriss: Any = PdfReader(io.BytesIO(pdf)).outline

    assert omriss[0].title == tittel.removeprefix("Sak 23-2025 ")
    assert [o.title for o in omriss[1]] == ["Innstilling", "Saksopplysninger", "Vurdering",
                                            "Vedlegg"]  # fmt: skip
