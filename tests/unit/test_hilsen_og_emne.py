"""Formal openings to organisations and subjects on one line (issue 21, words).

Main greeted a kommune's postmottak «Hei Sømna kommune,» and let a template's spacing
into the HTML title; the innkalling read «Du innkalles til ssu-møte: SSU-møte …».
"""

from __future__ import annotations

import io
from datetime import UTC, datetime
from email import policy
from email.generator import BytesGenerator
from email.parser import BytesParser
from email.policy import SMTP
from pathlib import Path
from typing import Any

from tests.unit.test_varselmaler import BYGGER, MALER, REGISTER, ROT, _enkel_kontekst
from tilskudd_flow.adapters.epostmelding import Avsender, bygg_epost
from tilskudd_flow.adapters.varselmaler import Varselbygger, en_linje
from tilskudd_flow.domain.arbeidsflyt import Adresse
from tilskudd_flow.domain.mottaker import hilsen
from tilskudd_flow.models.outbox import OutboxMessage
from tilskudd_flow.motor.utboks import mottakerkontekst

SOMNA = Adresse("postmottak@somna.kommune.example", "Sømna kommune", organisasjon=True)
KARIN = Adresse("karin.olsen@somna.kommune.example", "Karin Olsen")


def test_an_organisation_is_addressed_as_in_a_letter_and_a_person_by_name() -> None:
    assert hilsen("Sømna kommune", organisasjon=True) == "Til Sømna kommune"
    assert hilsen("Karin  Olsen", organisasjon=False) == "Hei Karin Olsen,"
    assert hilsen("", organisasjon=True) == "Hei,"
    assert hilsen("", organisasjon=False) == "Hei,"


def _rullert(til: Adresse) -> Any:
    kontekst = {**_enkel_kontekst(), **REGISTER.hent("avtale_revisjon").eksempelkontekst}
    return BYGGER.bygg("avtale_revisjon/rullert", {**kontekst, "mottaker": mottakerkontekst(til)})


def test_an_email_to_a_postmottak_opens_til_and_never_hei() -> None:
    innhold = _rullert(SOMNA)
    assert innhold.tekst.startswith("Til Sømna kommune\n\n")
    assert "<p>Til Sømna kommune</p>" in innhold.html
    assert "Hei" not in innhold.tekst + innhold.html


def test_an_email_to_a_person_greets_by_name() -> None:
    innhold = _rullert(KARIN)
    assert innhold.tekst.startswith("Hei Karin Olsen,\n\n")
    assert "<p>Hei Karin Olsen,</p>" in innhold.html


def test_the_package_to_helse_nord_is_addressed_to_the_committee() -> None:
    kontekst = {**_enkel_kontekst(), "aar": 2026, "vedtak": "SSU-sak 30/2025", "soknader": [],
                "lenke": "", "lenketekst": "", "utloper": "", "kopi": []}  # fmt: skip
    innhold = BYGGER.bygg("oversending/pakke", kontekst)
    assert innhold.tekst.startswith("Til Helse Nords tildelingsutvalg\n")
    assert "Hei" not in innhold.tekst


DOBBEL = """{% extends "_ramme.j2" %}
{% block emne %}
   Påminnelse:  {{ sak.tittel }}   ({{ sak.referanse }})  {% endblock %}
{% block melding %}Tekst.{% endblock %}
"""


def test_a_subject_with_stray_spaces_is_trimmed_in_the_header_and_the_html_title(
    tmp_path: Path,
) -> None:
    (tmp_path / "dobbel.j2").write_text(DOBBEL, encoding="utf-8")
    bygger = Varselbygger([tmp_path, MALER], base_url=ROT)
    kontekst = _enkel_kontekst()
    kontekst["sak"] = {**kontekst["sak"], "tittel": " Fremtidens  pasientforløp "}
    innhold = bygger.bygg("dobbel", kontekst)
    assert innhold.emne == "Påminnelse: Fremtidens pasientforløp (RS-7)"
    assert "<title>Påminnelse: Fremtidens pasientforløp (RS-7)</title>" in innhold.html


def test_en_linje_keeps_escaping_of_markup() -> None:
    from markupsafe import Markup

    assert en_linje(Markup("  A &amp;  B ")) == Markup("A &amp; B")
    assert en_linje("\tA\n B ") == "A B"


def _innkalling(tittel: str, **ekstra: Any) -> Any:
    kontekst = {**_enkel_kontekst(), **REGISTER.hent("mote").eksempelkontekst, **ekstra}
    kontekst["sak"] = {**kontekst["sak"], "tittel": tittel}
    return BYGGER.bygg("mote/innkalling", kontekst)


def test_the_innkalling_reads_as_natural_bokmal() -> None:
    innhold = _innkalling("SSU-møte 12. november 2026")
    assert innhold.emne == "Innkalling til SSU-møte 12. november 2026"
    assert "Du innkalles til SSU-møte 12. november 2026." in innhold.tekst
    assert "ssu-møte" not in innhold.tekst
    ekstra = _innkalling("Ekstraordinært SSU-møte 22. oktober 2025", oppdatering=True)
    assert ekstra.emne == "Oppdatert innkalling til ekstraordinært SSU-møte 22. oktober 2025"


def _over_smtp(emne: str) -> tuple[bytes, str]:
    """The subject as aiosmtplib puts it on the wire (email.policy.SMTP) and as read back."""
    melding = OutboxMessage(id=7, helsefellesskap_id=1, opprettet=datetime(2025, 4, 1, tzinfo=UTC),
                            mal="avtale_revisjon/innspill_apnet", til_adresse="post@somna.example",
                            emne=emne, tekst="Til Sømna kommune", html="<p>Til</p>")  # fmt: skip
    epost = bygg_epost(melding, Avsender("Sekretariatet <sekr@hf.example>"))
    ut = io.BytesIO()
    BytesGenerator(ut, policy=SMTP).flatten(epost)
    lest = BytesParser(policy=policy.default).parsebytes(ut.getvalue())
    return ut.getvalue(), str(lest["Subject"])


def test_a_long_subject_with_a_dash_keeps_single_spaces_on_the_wire() -> None:
    """Regression: Python folded before «–» and Outlook showed «forebygging  – frist»."""
    emne = (
        "Innspill til revisjon av Tjenesteavtale 10: Samarbeid om forebygging – frist 1. juni 2025"
    )
    raa, lest = _over_smtp(emne)
    assert lest == emne
    assert all(len(linje) <= 78 for linje in raa.split(b"\r\n\r\n")[0].split(b"\r\n"))


def test_an_ascii_subject_is_left_as_plain_text() -> None:
    raa, lest = _over_smtp("Referat publisert: SSU-mote 9. september 2025")
    assert lest == "Referat publisert: SSU-mote 9. september 2025"
    assert b"Subject: Referat publisert: SSU-mote 9. september 2025\r\n" in raa
