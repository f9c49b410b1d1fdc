"""A complete søknad as the web form posts it, with two valid attachments.

Shared by the form tests, the browser tests and the web benchmark.
"""

from __future__ import annotations

import io
import zipfile
from typing import Any

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as arkiv:
        arkiv.writestr("[Content_Types].xml", "<Types/>")
        arkiv.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def komplett(csrf: str) -> dict[str, Any]:
    """Every field of Helse Nord's form, as an applicant would fill it in."""
    return {
        "csrf_token": csrf,
        "prosjektnavn": "Felles legevaktsamarbeid Vefsn og Grane",
        "prosjekteiere": "Vefsn kommune og Helgelandssykehuset",
        "eier_kommuner": ["1824"],
        "stotter": ["1825"],
        "helseforetak": "Helgelandssykehuset HF",
        "kontakt_kommune_0_navn": "Karin Ingebrigtsen",
        "kontakt_kommune_0_tittel": "Kommunalsjef",
        "kontakt_kommune_0_epost": "karin.ingebrigtsen@vefsn.kommune.example",
        "kontakt_helseforetak_0_navn": "Merete Aufles",
        "kontakt_helseforetak_0_epost": "merete.aufles@helgelandssykehuset.example",
        "signert_avtale": "15.09.2025",
        "beskrivelse": "Mål og målgruppe …",
        "nytte": "Nytte …",
        "formaal": "Spredning …",
        "budsjett_hva": "Koordinator",
        "budsjett_kommune": "Legevaktlokaler og sykepleiere i Vefsn og Grane.",
        "budsjett_hf": "Legevaktlege i bakvakt og opplæring fra akuttmottaket.",
        "budsjett_plan": "Tilskudd i tre år; kommunene dekker egen drift.",
        "budsjett_sokt": "kr. 9 315 000,-",
        # Field 11's total cost (#19); the form reads it once it has the input.
        "budsjett_total": "kr 14 500 000",
        "belop_0_aar": "2026",
        "belop_0_belop": "ca. kr 1,5 mill",
        "belop_1_aar": "2027",
        "belop_1_belop": "kr 3 905 000",
        "belop_2_aar": "2028",
        "belop_2_belop": "kr 3 910 000",
        "pasientansvar": "Ikke relevant",
        "digitale_losninger": "Ikke relevant",
        "prosjektplan": "Plan …",
        "milepael_0_beskrivelse": "Sluttrapport",
        "milepael_0_tid": "Q4 2027",
        "milepael_0_type": "sluttrapport",
        "involvering": "Brukerrepresentant …",
    }


def vedlegg() -> list[tuple[str, tuple[str, bytes, str]]]:
    return [
        ("vedlegg_signert_avtale", ("avtale.pdf", PDF, "application/pdf")),
        ("vedlegg_budsjett", ("budsjett.docx", docx(), "application/octet-stream")),
    ]
