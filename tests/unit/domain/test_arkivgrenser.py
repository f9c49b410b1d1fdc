"""Issue 17: a 1 GiB zip-bomb DOCX (1 MB on the wire) was accepted and forwarded to Helse
Nord. Office/ODF archives are now refused on what their table of contents declares."""

from __future__ import annotations

from tests.zipbombe import MB, arkiv, docx_bombe, tekst
from tilskudd_flow.domain.arkivgrenser import Arkivgrenser, arkivbrudd

STANDARD = Arkivgrenser(maks_utpakket_mb=256, maks_filer=5000, maks_forhold=200)
DOCX = {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"}


def test_a_one_gigabyte_bomb_of_one_megabyte_is_refused_for_its_unpacked_size() -> None:
    bombe = docx_bombe()
    assert len(bombe) < 1.2 * MB
    brudd = arkivbrudd(bombe, STANDARD)
    assert brudd is not None
    assert "pakkes ut til 1024 MB" in brudd


def test_an_archive_of_more_entries_than_allowed_is_refused() -> None:
    mange = {**DOCX, **{f"word/media/{nr}.xml": b"<a/>" for nr in range(60)}}
    brudd = arkivbrudd(arkiv(mange), Arkivgrenser(256, 50, 200))
    assert brudd == "filen består av 62 deler; mer enn 50 godtas ikke"


def test_one_entry_packed_harder_than_allowed_is_refused_though_the_total_is_small() -> None:
    tett = arkiv({**DOCX, "word/media/null.bin": bytes(8 * MB)})  # deflates about 1000:1
    brudd = arkivbrudd(tett, STANDARD)
    assert brudd is not None
    assert "«word/media/null.bin») er pakket mer enn 200 ganger" in brudd


def test_an_ordinary_office_file_passes() -> None:
    dokument = b"<w:p>" + tekst(300_000) + b"</w:p>"  # about 3 MB of prose
    assert arkivbrudd(arkiv({**DOCX, "word/document.xml": dokument}), STANDARD) is None
    assert arkivbrudd(b"%PDF-1.7 not an archive", STANDARD) is None
