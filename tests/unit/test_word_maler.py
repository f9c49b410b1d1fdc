"""The Word papers from templates (issue 21): bokmål, the helsefellesskap's name as author,
company and header, page numbers, the named fields, names outside Latin-1, and templates and a
logo a helsefellesskap chooses in config.toml, refused in bokmål when they cannot be used."""

from __future__ import annotations

import importlib.util
import io
import zipfile
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.oxml.ns import qn
from PIL import Image

from tests.unit.test_saksfremlegg import INNKALLING, REFERAT, SAK
from tilskudd_flow.bootstrap import bygg_app
from tilskudd_flow.config import UgyldigKonfigurasjon, last_innstillinger
from tilskudd_flow.dokumenter.saksfremlegg import (
    innkalling_docx,
    referat_docx,
    saksfremlegg_docx,
    sjekk_dokumentmaler,
)
from tilskudd_flow.dokumenter.wordmaler import MALMAPPE, Dokumentoppsett, UgyldigDokumentmal
from tilskudd_flow.domain.kodeverk import Motetype
from tilskudd_flow.domain.tid import OSLO
from tilskudd_flow.models.mote import Mote
from tilskudd_flow.ssu.saksdokumenter import dokumentoppsett, forfallstekst

HF = "Helsefellesskap Helgeland"
SAMISK = "Čoavddát Áŋŋel Đuolbmá"
POLSK = "Łukasz Wiśniewski"
SAKSFREMLEGG = replace(SAK, saksbehandler=SAMISK, dato="5. desember 2026",
                       referanse="SSU-sak 23/2025",
                       saksopplysninger=f"Meldt av {POLSK}.")  # fmt: skip
INNKALT = replace(
    INNKALLING,
    videolenke="https://teams.example/mote?id=1&kanal=ssu",
    medlemmer=(f"{SAMISK} (Leder, kommunesiden)", f"{POLSK} (Medlem, helseforetakssiden) – har "
               "meldt forfall"),
    vara_innkalt=(f"Siri Vara (Vara for {POLSK})",),
    forfall="Kan du ikke møte, meld forfall senest fredag 5. september 2025 på møtesiden.",
)  # fmt: skip
REFERATET = replace(REFERAT, til_stede=(SAMISK,), forfall=(POLSK,))
PAPIRER: dict[str, Callable[[], bytes]] = {
    "saksfremlegg": lambda: saksfremlegg_docx(SAKSFREMLEGG),
    "innkalling": lambda: innkalling_docx(INNKALT),
    "referat": lambda: referat_docx(REFERATET),
}


def _dokument(innhold: bytes) -> Any:
    return docx.Document(io.BytesIO(innhold))


def _all_tekst(dokument: Any) -> str:
    celler = [c.text for t in dokument.tables for rad in t.rows for c in rad.cells]
    return "\n".join([p.text for p in dokument.paragraphs] + celler)


def _del(innhold: bytes, navn: str) -> str:
    return zipfile.ZipFile(io.BytesIO(innhold)).read(navn).decode("utf-8")


@pytest.mark.parametrize("art", PAPIRER)
def test_each_paper_is_in_bokmal_by_the_helsefellesskap(art: str) -> None:
    innhold = PAPIRER[art]()
    dokument = _dokument(innhold)

    standard = dokument.styles.element.find(qn("w:docDefaults"))
    sprak = standard.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert sprak.get(qn("w:val")) == "nb-NO"
    assert 'w:val="en-US"' not in _del(innhold, "word/styles.xml")
    assert dokument.core_properties.language == "nb-NO"
    assert dokument.core_properties.author == HF
    assert dokument.core_properties.last_modified_by == HF
    assert f"<Company>{HF}</Company>" in _del(innhold, "docProps/app.xml")


@pytest.mark.parametrize("art", PAPIRER)
def test_each_paper_has_the_name_in_the_header_and_page_x_of_y_in_the_footer(art: str) -> None:
    dokument = _dokument(PAPIRER[art]())
    seksjon = dokument.sections[0]

    assert HF in seksjon.header.paragraphs[0].text
    felt = [t.text.strip() for t in seksjon.footer._element.iter(qn("w:instrText"))]
    assert felt == ["PAGE", "NUMPAGES"]
    assert "Side 1 av 1" in seksjon.footer.paragraphs[0].text
    assert seksjon.page_width is not None and round(seksjon.page_width.mm) == 210  # A4


@pytest.mark.parametrize("art", PAPIRER)
def test_sami_and_polish_names_survive_in_each_paper(art: str) -> None:
    tekst = _all_tekst(_dokument(PAPIRER[art]()))

    assert SAMISK in tekst
    assert POLSK in tekst


def test_the_saksfremlegg_names_its_saksbehandler_date_and_reference() -> None:
    dokument = _dokument(PAPIRER["saksfremlegg"]())

    brevhode = {rad.cells[0].text: rad.cells[1].text for rad in dokument.tables[0].rows}
    assert brevhode == {"Saksbehandler": SAMISK, "Dato": "5. desember 2026",
                        "Vår referanse": "SSU-sak 23/2025"}  # fmt: skip
    assert dokument.core_properties.title == f"Sak 23-2025 {SAK.tittel}"


def test_the_innkalling_says_when_where_who_how_to_give_forfall_and_the_saksliste() -> None:
    dokument = _dokument(PAPIRER["innkalling"]())
    avsnitt = [p.text for p in dokument.paragraphs]

    praktisk = {rad.cells[0].text: rad.cells[1].text for rad in dokument.tables[0].rows}
    assert praktisk == {"Utvalg": INNKALT.utvalg, "Tid": INNKALT.tidspunkt,
                        "Sted": "Mosjøen, Fru Haugans hotell",
                        "Videomøte": INNKALT.videolenke}  # fmt: skip
    medlemmer = avsnitt.index("Medlemmer")
    assert avsnitt[medlemmer + 1 : medlemmer + 3] == list(INNKALT.medlemmer)
    assert avsnitt[avsnitt.index("Vara kalt inn") + 1] == f"Siri Vara (Vara for {POLSK})"
    assert avsnitt[avsnitt.index("Forfall") + 1] == INNKALT.forfall
    saksliste = [[c.text for c in rad.cells] for rad in dokument.tables[1].rows]
    assert saksliste[1:] == [[p.saksnummer, p.tittel, p.sakstype] for p in INNKALT.saksliste]


def test_an_innkalling_without_video_people_or_saker_leaves_their_rows_out() -> None:
    bare = replace(INNKALLING, sted="", saksliste=())
    dokument = _dokument(innkalling_docx(bare))
    avsnitt = [p.text for p in dokument.paragraphs]

    praktisk = {rad.cells[0].text: rad.cells[1].text for rad in dokument.tables[0].rows}
    assert praktisk["Sted"] == "Ikke fastsatt" and "Videomøte" not in praktisk
    assert "Ingen medlemmer er registrert for møtet." in avsnitt
    assert "Vara kalt inn" not in avsnitt
    assert avsnitt[avsnitt.index("Forfall") + 1].startswith("Kan du ikke møte")
    assert "Ingen saker er satt opp." in avsnitt and len(dokument.tables) == 1


def test_typed_markup_and_control_characters_stay_text() -> None:
    fremlegg = replace(SAK, tittel="Rutine <ny> & «bedre»\x07\x0c", vurdering="A\x00B")

    dokument = _dokument(saksfremlegg_docx(fremlegg))

    assert "Rutine <ny> & «bedre»" in [p.text for p in dokument.paragraphs]
    assert "AB" in [p.text for p in dokument.paragraphs]


@pytest.mark.parametrize(
    ("linjer", "naar", "til"),
    [
        ("", "så snart som mulig", "samhandling@helgelandssykehuset.example"),
        # 3 days before Tuesday 9 September is a Saturday: the Friday before.
        ('forfall_frist_dager = 3\nforfall_til = "forfall@ssu.example"',
         "senest fredag 5. september 2025", "forfall@ssu.example"),
    ],
)  # fmt: skip
def test_the_forfall_text_names_the_page_the_address_and_the_configured_deadline(
    tmp_path: Path, linjer: str, naar: str, til: str
) -> None:
    innstillinger = last_innstillinger(_konfig(tmp_path, linjer))
    start = datetime(2025, 9, 9, 9, 0, tzinfo=OSLO)
    mote = Mote(case_id=7, type=Motetype.SSU, start=start, slutt=start, ics_uid="x")

    tekst = forfallstekst(innstillinger, "helgeland", mote)

    assert tekst == (f"Kan du ikke møte, meld forfall {naar} på møtesiden "
                     f"(http://127.0.0.1:8000/moter/7) eller til sekretariatet på {til}. "
                     "Varaen din blir da kalt inn.")  # fmt: skip


def test_a_configured_template_is_used(tmp_path: Path) -> None:
    egen = docx.Document(str(MALMAPPE / "saksfremlegg.docx"))
    egen.add_paragraph("Eget oppsett for {{ helsefellesskap }}: {{ saksnummer }}")
    (tmp_path / "maler").mkdir()
    egen.save(str(tmp_path / "maler" / "fremlegg.docx"))
    fil = _konfig(tmp_path, 'saksfremlegg = "maler/fremlegg.docx"')

    oppsett = dokumentoppsett(last_innstillinger(fil), "helgeland")

    assert oppsett.saksfremlegg == tmp_path / "maler" / "fremlegg.docx"
    tekst = [p.text for p in _dokument(saksfremlegg_docx(SAK, oppsett)).paragraphs]
    assert f"Eget oppsett for {HF}: Sak 23-2025" in tekst


def test_a_configured_logo_is_in_the_header_and_none_leaves_no_picture(tmp_path: Path) -> None:
    Image.new("RGB", (240, 80), (0, 70, 140)).save(tmp_path / "logo.png")

    med = saksfremlegg_docx(SAK, Dokumentoppsett(logo=tmp_path / "logo.png"))
    uten = saksfremlegg_docx(SAK)

    assert "<w:drawing>" in _del(med, "word/header1.xml")
    assert f'descr="Logo: {HF}"' in _del(med, "word/header1.xml")  # read by screen readers
    assert any(n.startswith("word/media/") for n in zipfile.ZipFile(io.BytesIO(med)).namelist())
    assert "<w:drawing>" not in _del(uten, "word/header1.xml")


def test_a_template_file_that_is_missing_stops_the_configuration(tmp_path: Path) -> None:
    fil = _konfig(tmp_path, 'innkalling = "maler/finnes-ikke.docx"')

    with pytest.raises(UgyldigKonfigurasjon, match=r"helsefellesskap\.helgeland\.dokumenter\."
                       r"innkalling: finner ikke filen .*finnes-ikke\.docx"):  # fmt: skip
        last_innstillinger(fil)


def test_a_template_that_is_not_word_stops_the_start_in_bokmal(tmp_path: Path) -> None:
    (tmp_path / "referat.docx").write_text("ikke et Word-dokument", encoding="utf-8")
    fil = _konfig(tmp_path, 'referat = "referat.docx"')

    with pytest.raises(UgyldigKonfigurasjon, match=r"helsefellesskap\.helgeland\.dokumenter: "
                       r"Word-malen for referat .* er ikke en \.docx-fil"):  # fmt: skip
        bygg_app(last_innstillinger(fil))


@pytest.mark.parametrize(
    ("tillegg", "melding"),
    [
        ("{{ sakbehandler }}", r"bruker felt som ikke finnes: sakbehandler\. Felt som finnes: "),
        ("{{ tittel ", r"har en feil i et felt: ugyldig feltkode"),
    ],
)
def test_a_template_with_an_unknown_field_or_a_broken_tag_is_refused(
    tmp_path: Path, tillegg: str, melding: str
) -> None:
    mal = docx.Document(str(MALMAPPE / "saksfremlegg.docx"))
    mal.add_paragraph(tillegg)
    mal.save(str(tmp_path / "mal.docx"))

    with pytest.raises(UgyldigDokumentmal, match=melding):
        sjekk_dokumentmaler(Dokumentoppsett(saksfremlegg=tmp_path / "mal.docx"))
    with pytest.raises(UgyldigDokumentmal, match="Word-malen for saksfremlegg"):
        saksfremlegg_docx(SAK, Dokumentoppsett(saksfremlegg=tmp_path / "mal.docx"))


def test_a_logo_that_is_no_picture_is_refused(tmp_path: Path) -> None:
    (tmp_path / "logo.png").write_text("ikke et bilde", encoding="utf-8")

    with pytest.raises(UgyldigDokumentmal, match="er ikke et PNG-, JPEG- eller GIF-bilde"):
        sjekk_dokumentmaler(Dokumentoppsett(logo=tmp_path / "logo.png"))


def test_the_shipped_templates_are_what_the_script_builds() -> None:
    skript = Path(__file__).resolve().parents[2] / "scripts" / "lag_dokumentmaler.py"
    spesifikasjon = importlib.util.spec_from_file_location("lag_dokumentmaler", skript)
    assert spesifikasjon is not None and spesifikasjon.loader is not None
    modul = importlib.util.module_from_spec(spesifikasjon)
    spesifikasjon.loader.exec_module(modul)

    for art, innhold in (("saksfremlegg", modul._saksfremlegg), ("innkalling", modul._innkalling),
                         ("referat", modul._referat)):  # fmt: skip
        assert modul._mal(innhold) == (MALMAPPE / f"{art}.docx").read_bytes(), art


def _konfig(mappe: Path, linje: str) -> Path:
    """config.toml with one line added under [helsefellesskap.helgeland.dokumenter]."""
    grunnlag = (Path(__file__).resolve().parents[2] / "config.toml").read_text(encoding="utf-8")
    tekst = grunnlag.replace(
        "[helsefellesskap.helgeland.dokumenter]\n",
        f"[helsefellesskap.helgeland.dokumenter]\n{linje}\n",
    ).replace('forfall_til = ""\n', "" if "forfall_til" in linje else 'forfall_til = ""\n')
    fil = mappe / "config.toml"
    fil.write_text(tekst, encoding="utf-8")
    return fil
