"""SSU's papers: the saksfremlegg in HTML, PDF and DOCX, the møteinnkalling and the referat."""

from __future__ import annotations

import io
import re
from dataclasses import replace

import docx
import pypdf

from tilskudd_flow.dokumenter.saksfremlegg import (
    Moteinnkalling,
    Referat,
    Referatpunkt,
    Saksfremlegg,
    Sakslistepunkt,
    innkalling_docx,
    innkalling_pdf,
    referat_docx,
    referat_pdf,
    saksfremlegg_docx,
    saksfremlegg_html,
    saksfremlegg_pdf,
)

ETIKETTER = ["Saksnr", "Type sak", "Utvalg", "Møtedato"]
VERDIER = ["Sak 23-2025", "Beslutningssak", "Strategisk samarbeidsutvalg (SSU)", "09.09.2025"]
INNSTILLING = (
    "Søknadsfrist til helsefellesskapet settes til 1. oktober 2025.",
    "SSU avholder ekstraordinært møte i uke 43 for prioritering.",
)
SAK = Saksfremlegg(
    helsefellesskap="Helsefellesskap Helgeland",
    saksnummer="Sak 23-2025",
    tittel="Søknadsrunde for rekrutterings- og samhandlingstilskudd 2026",
    sakstype="Beslutningssak",
    utvalg="Strategisk samarbeidsutvalg (SSU)",
    motedato="09.09.2025",
    innstilling=INNSTILLING,
    saksopplysninger="Helse Nord lyser ut midler for 2026.\n\nKommunene søker gjennom "
    "helsefellesskapet.",
    vurdering="Sekretariatet anbefaler en kort intern frist – før Helse Nords frist.",
    vedlegg=("Utlysning 2026 fra Helse Nord", "Søknadsskjema"),
)
INNKALLING = Moteinnkalling(
    helsefellesskap="Helsefellesskap Helgeland",
    utvalg="Strategisk samarbeidsutvalg (SSU)",
    tittel="Møteinnkalling – SSU 09.09.2025",
    tidspunkt="tirsdag 9. september 2025 kl. 09.00–15.00",
    sted="Mosjøen, Fru Haugans hotell",
    saksliste=(
        Sakslistepunkt("Sak 22-2025", "Godkjenning av innkalling og saksliste", "Beslutningssak"),
        Sakslistepunkt("Sak 23-2025", SAK.tittel, "Beslutningssak"),
        Sakslistepunkt("Sak 24-2025", "Orientering fra fagrådene", "Orienteringssak"),
    ),
)
REFERAT = Referat(
    helsefellesskap="Helsefellesskap Helgeland",
    utvalg="Strategisk samarbeidsutvalg (SSU)",
    tittel="Referat – SSU 09.09.2025",
    tidspunkt="tirsdag 9. september 2025 kl. 09.00–15.00",
    sted="Teams",
    til_stede=("Åse Bjørnstad, Vefsn kommune", "Øystein Ærø, Helgelandssykehuset"),
    forfall=("Kari Nordmann, Alstahaug kommune",),
    punkter=(
        Referatpunkt("Sak 23-2025", SAK.tittel, "Beslutningssak", "Forslaget vedtas."),
        Referatpunkt("Sak 24-2025", "Orientering fra fagrådene", "Orienteringssak", ""),
    ),
    status="Til høring (frist 18.09.2025)",
)


def _docx(innhold: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(innhold))


def _tekst_i_pdf(innhold: bytes) -> str:
    sider = pypdf.PdfReader(io.BytesIO(innhold)).pages
    return re.sub(r"\s+", " ", " ".join(side.extract_text() for side in sider))


def _avsnitt(dokument: docx.document.Document) -> list[str]:
    return [p.text for p in dokument.paragraphs]


def test_docx_header_table_holds_the_labels_then_the_values() -> None:
    tabell = _docx(saksfremlegg_docx(SAK)).tables[0]

    assert [[celle.text for celle in rad.cells] for rad in tabell.rows] == [ETIKETTER, VERDIER]


def test_docx_innstilling_is_numbered_points_in_order() -> None:
    dokument = _docx(saksfremlegg_docx(SAK))

    nummerert = [p.text for p in dokument.paragraphs if p.style and p.style.name == "List Number"]
    assert nummerert == list(INNSTILLING)


def test_docx_shows_the_heading_sections_and_attachments_in_order() -> None:
    dokument = _docx(saksfremlegg_docx(SAK))
    avsnitt = _avsnitt(dokument)

    # The body's name stands in the page header (issue 21); the body opens with the paper kind.
    assert avsnitt[:2] == ["Saksfremlegg", SAK.tittel]
    assert "Helsefellesskap Helgeland" in dokument.sections[0].header.paragraphs[0].text
    rekkefolge = ["Innstilling", "Saksopplysninger", "Vurdering", "Vedlegg"]
    assert [a for a in avsnitt if a in rekkefolge] == rekkefolge
    assert "Kommunene søker gjennom helsefellesskapet." in avsnitt
    assert avsnitt[-2:] == ["Utlysning 2026 fra Helse Nord", "Søknadsskjema"]


def test_docx_core_properties_carry_title_and_language() -> None:
    egenskaper = _docx(saksfremlegg_docx(SAK)).core_properties

    assert egenskaper.title == f"Sak 23-2025 {SAK.tittel}"
    assert egenskaper.language == "nb-NO"


def test_empty_innstilling_says_ikke_utfylt_and_empty_free_text_is_left_out() -> None:
    tom = replace(SAK, innstilling=(), saksopplysninger=" \n", vurdering="", vedlegg=())

    avsnitt = _avsnitt(_docx(saksfremlegg_docx(tom)))

    assert avsnitt[avsnitt.index("Innstilling") + 1] == "Ikke utfylt."
    assert "Saksopplysninger" not in avsnitt
    assert "Vurdering" not in avsnitt
    assert avsnitt[-2:] == ["Vedlegg", "Ingen vedlegg."]


def test_sak_not_yet_on_a_meeting_shows_motedato_ikke_fastsatt() -> None:
    tabell = _docx(saksfremlegg_docx(replace(SAK, motedato=""))).tables[0]

    assert tabell.rows[1].cells[3].text == "Ikke fastsatt"


def test_forslag_til_vedtak_and_vedtak_show_when_given() -> None:
    behandlet = replace(SAK, forslag_til_vedtak="Innstillingen vedtas.", vedtak="Forslaget vedtas.")

    avsnitt = _avsnitt(_docx(saksfremlegg_docx(behandlet)))

    assert avsnitt[avsnitt.index("Forslag til vedtak") + 1] == "Innstillingen vedtas."
    assert avsnitt[avsnitt.index("Vedtak") + 1] == "Forslaget vedtas."


def test_pdf_holds_labels_values_and_points_with_aeoeaa_preserved() -> None:
    tekst = _tekst_i_pdf(saksfremlegg_pdf(SAK))

    for forventet in [*ETIKETTER, *VERDIER, *INNSTILLING, SAK.tittel, "Helsefellesskap Helgeland"]:
        assert forventet in tekst
    assert "1. Søknadsfrist" in tekst
    assert "2. SSU avholder" in tekst
    assert "kort intern frist – før Helse Nords frist" in tekst  # the dash as written


def test_html_escapes_a_script_in_the_title() -> None:
    html = saksfremlegg_html(replace(SAK, tittel="<script>alert(1)</script> & Ære"))

    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Ære" in html


def test_html_is_a_norwegian_document_with_an_accessible_table_and_ordered_innstilling() -> None:
    html = saksfremlegg_html(SAK)

    assert html.startswith("<!DOCTYPE html>")
    assert '<html lang="nb">' in html
    for etikett in ETIKETTER:
        assert f'<th scope="col">{etikett}</th>' in html
    for verdi in VERDIER:
        assert f"<td>{verdi}</td>" in html
    punkter = "".join(f"<li>{punkt}</li>" for punkt in INNSTILLING)
    assert f"<ol>{punkter}</ol>" in html


def test_innkalling_lists_every_sak_number_and_title() -> None:
    tekst = _tekst_i_pdf(innkalling_pdf(INNKALLING))
    dokument = _docx(innkalling_docx(INNKALLING))

    assert "Mosjøen, Fru Haugans hotell" in tekst
    saksliste = [[celle.text for celle in rad.cells] for rad in dokument.tables[1].rows]
    assert saksliste[0] == ["Saksnr", "Sak", "Type sak"]
    for punkt in INNKALLING.saksliste:
        assert [punkt.saksnummer, punkt.tittel, punkt.sakstype] in saksliste
        assert punkt.saksnummer in tekst
        assert punkt.tittel in tekst


def test_referat_shows_each_vedtak_and_who_was_present_or_absent() -> None:
    avsnitt = _avsnitt(_docx(referat_docx(REFERAT)))
    tekst = _tekst_i_pdf(referat_pdf(REFERAT))

    til_stede = avsnitt.index("Til stede")
    assert avsnitt[til_stede + 1 : til_stede + 3] == list(REFERAT.til_stede)
    assert avsnitt[avsnitt.index("Forfall") + 1] == "Kari Nordmann, Alstahaug kommune"
    sak_23 = avsnitt.index(f"Sak 23-2025 {SAK.tittel}")
    assert avsnitt[sak_23 + 1 : sak_23 + 4] == ["Beslutningssak", "Vedtak", "Forslaget vedtas."]
    assert avsnitt[-2:] == ["Vedtak", "Ikke utfylt."]
    for forventet in [*REFERAT.til_stede, *REFERAT.forfall, "Forslaget vedtas.", "Til høring"]:
        assert forventet in tekst
