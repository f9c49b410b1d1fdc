"""The Noark 5 arkivuttrekk: two cases written and valid, and each kind of damage caught."""

from __future__ import annotations

import hashlib
import re
import shutil
import uuid
import xml.etree.ElementTree as ET
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from tilskudd_flow.dokumenter.noark5 import (
    SKJEMAFILER,
    SKJEMAMAPPE,
    Dokumentfil,
    Journalpost,
    Merknad,
    Saksmappe,
    Uttrekk,
    skriv_uttrekk,
    valider_uttrekk,
)

N = "{http://www.arkivverket.no/standarder/noark5/arkivstruktur}"
A = "{http://www.arkivverket.no/standarder/addml}"
XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
LAGET = datetime(2025, 11, 3, 14, 30, tzinfo=UTC)
SAMHANDLINGSSJEF = "Siri Åsheim (samhandlingssjef)"
UTLYSNING = "Utlysning av rekrutterings- og samhandlingstilskudd 2026"
SOKNAD_TITTEL = "Søknad RS-2026-03 Ungdomshelse på øyene"


def pdf(tekst: str) -> bytes:
    """Bytes that look like a small PDF; the extraction never reads inside them."""
    return b"%PDF-1.7\n" + tekst.encode("utf-8") + b"\n%%EOF\n"


def tidspunkt(maaned: int, dag: int, time: int = 9) -> datetime:
    return datetime(2025, maaned, dag, time, 0, tzinfo=UTC)


def journalpost(
    tittel: str, type_: str, dag: date, *filer: Dokumentfil, av: str = SAMHANDLINGSSJEF
) -> Journalpost:
    opprettet = datetime(dag.year, dag.month, dag.day, 10, 14, tzinfo=UTC)
    return Journalpost(tittel, type_, dag, filer, opprettet, av)


def soknadsrunde() -> Saksmappe:
    return Saksmappe(
        tittel="Sak 23-2025 Søknadsrunde 2026",
        saksaar=2025,
        sakssekvensnummer=23,
        saksdato=date(2025, 9, 1),
        administrativ_enhet="Sekretariatet for Helsefellesskap Helgeland",
        saksansvarlig=SAMHANDLINGSSJEF,
        saksstatus="Under behandling",
        opprettet=tidspunkt(9, 1),
        opprettet_av=SAMHANDLINGSSJEF,
        journalposter=(
            journalpost(
                UTLYSNING,
                "Utgående dokument",
                date(2025, 9, 2),
                Dokumentfil("utlysning-2026.pdf", pdf("Utlysning 2026"), UTLYSNING),
                Dokumentfil("retningslinjer.pdf", pdf("Retningslinjer"), "Retningslinjer for RS"),
            ),
            journalpost(
                "Prioritert liste fra SSU – søknadsrunden 2026",
                "Organinternt dokument uten oppfølging",
                date(2025, 10, 20),
                Dokumentfil("prioritert-liste.pdf", pdf("Rangert liste"), "Prioritert liste"),
            ),
        ),
        merknader=(
            Merknad("Opprettet → Utlyst", tidspunkt(9, 2), SAMHANDLINGSSJEF),
            Merknad("Utlyst → Søknadsfrist passert", tidspunkt(10, 1, 0), "tilskudd-flow"),
        ),
    )


def rs_soknad() -> Saksmappe:
    return Saksmappe(
        tittel="RS-2026-03 Ungdomshelse på øyene – Alstahaug og Herøy",
        saksaar=2025,
        sakssekvensnummer=31,
        saksdato=date(2025, 9, 9),
        administrativ_enhet="Sekretariatet for Helsefellesskap Helgeland",
        saksansvarlig=SAMHANDLINGSSJEF,
        saksstatus="Avsluttet",
        opprettet=tidspunkt(9, 9),
        opprettet_av="Eva Dønnes",
        journalposter=(
            journalpost(
                SOKNAD_TITTEL,
                "Inngående dokument",
                date(2025, 9, 9),
                Dokumentfil("rs-2026-03-soknad.pdf", pdf("Søknad"), SOKNAD_TITTEL, "fmt/276"),
                Dokumentfil("rs-2026-03-budsjett.pdf", pdf("Budsjett"), "Budsjett for tiltaket"),
                av="Eva Dønnes",
            ),
            journalpost(
                "Vedtak om tilskudd – RS-2026-03",
                "Utgående dokument",
                date(2025, 10, 28),
                Dokumentfil("rs-2026-03-vedtak.pdf", pdf("Vedtak"), "Vedtaksbrev", "fmt/95"),
            ),
        ),
        merknader=(
            Merknad(
                "Mottatt → Vurdert", datetime(2025, 9, 9, 10, 14, tzinfo=UTC), "samhandlingssjef"
            ),
            Merknad("Vurdert → Innvilget", tidspunkt(10, 28), SAMHANDLINGSSJEF),
        ),
        avsluttet=tidspunkt(10, 28, 15),
        avsluttet_av=SAMHANDLINGSSJEF,
    )


def uttrekk(*mapper: Saksmappe) -> Uttrekk:
    return Uttrekk(
        arkivskaper="Helsefellesskap Helgeland",
        system="tilskudd-flow",
        arkivtittel="Helsefellesskap Helgeland – tilskuddssaker",
        arkivdeltittel="Rekrutterings- og samhandlingstilskudd 2026",
        mapper=mapper,
        laget=LAGET,
    )


@pytest.fixture(scope="module")
def skrevet(tmp_path_factory: pytest.TempPathFactory) -> Path:
    mappe = tmp_path_factory.mktemp("uttrekk") / "uttrekk"
    return skriv_uttrekk(uttrekk(soknadsrunde(), rs_soknad()), mappe)


@pytest.fixture
def kopi(skrevet: Path, tmp_path: Path) -> Path:
    """A private copy of the written extraction for a test to damage."""
    return Path(shutil.copytree(skrevet, tmp_path / "kopi"))


def arkivstruktur(mappe: Path) -> ET.Element:
    return ET.parse(mappe / "arkivstruktur.xml").getroot()


def erstatt(fil: Path, gammel: str, ny: str) -> None:
    tekst = fil.read_text(encoding="utf-8")
    assert gammel in tekst
    fil.write_text(tekst.replace(gammel, ny, 1), encoding="utf-8")


def test_uttrekk_med_to_saksmapper_er_gyldig(skrevet: Path) -> None:
    assert valider_uttrekk(skrevet) == []


def test_uttrekket_har_filene_elements_trenger(skrevet: Path) -> None:
    for navn in ("arkivstruktur.xml", "arkivuttrekk.xml", *SKJEMAFILER):
        assert (skrevet / navn).is_file(), navn
    vedtak = (skrevet / "dokumenter" / "rs-2026-03-vedtak.pdf").read_bytes()
    assert vedtak == pdf("Vedtak")
    for navn in SKJEMAFILER:
        assert (skrevet / navn).read_bytes() == (SKJEMAMAPPE / navn).read_bytes()


def test_saksmapper_og_journalposter_har_riktige_typer_og_numre(skrevet: Path) -> None:
    rot = arkivstruktur(skrevet)
    mapper = list(rot.iter(f"{N}mappe"))
    assert [m.get(XSI_TYPE) for m in mapper] == ["saksmappe", "saksmappe"]
    assert [m.findtext(f"{N}mappeID") for m in mapper] == ["2025/23", "2025/31"]
    assert mapper[0].findtext(f"{N}tittel") == "Sak 23-2025 Søknadsrunde 2026"
    # The open case still needs avsluttetDato in v5.0; the extraction's time stands in.
    assert mapper[0].findtext(f"{N}avsluttetDato") == LAGET.isoformat()
    assert mapper[1].findtext(f"{N}avsluttetDato") == "2025-10-28T15:00:00+00:00"
    soknad = mapper[1].findall(f"{N}registrering")[0]
    assert soknad.get(XSI_TYPE) == "journalpost"
    assert soknad.findtext(f"{N}tittel") == SOKNAD_TITTEL
    assert soknad.findtext(f"{N}journalpostnummer") == "1"
    # Journal order is by date across both cases: utlysning 2 Sep, søknad 9 Sep.
    assert soknad.findtext(f"{N}journalsekvensnummer") == "2"
    roller = [d.findtext(f"{N}tilknyttetRegistreringSom") for d in soknad]
    assert [r for r in roller if r] == ["Hoveddokument", "Vedlegg"]
    merknader = [m.findtext(f"{N}merknadstekst") for m in mapper[1].iter(f"{N}merknad")]
    assert merknader == ["Mottatt → Vurdert", "Vurdert → Innvilget"]


def test_dokumentobjekt_har_sjekksum_og_storrelse_for_filen(skrevet: Path) -> None:
    objekter = {
        o.findtext(f"{N}referanseDokumentfil"): o
        for o in arkivstruktur(skrevet).iter(f"{N}dokumentobjekt")
    }
    vedtak = objekter["dokumenter/rs-2026-03-vedtak.pdf"]
    assert vedtak.findtext(f"{N}sjekksum") == hashlib.sha256(pdf("Vedtak")).hexdigest()
    assert vedtak.findtext(f"{N}sjekksumAlgoritme") == "SHA256"
    assert vedtak.findtext(f"{N}filstoerrelse") == str(len(pdf("Vedtak")))
    assert vedtak.findtext(f"{N}format") == "fmt/95"
    assert len(objekter) == 6


def test_alle_systemid_er_unike_uuid(skrevet: Path) -> None:
    ider = [e.text or "" for e in arkivstruktur(skrevet).iter(f"{N}systemID")]
    # arkiv, arkivdel, 2 mapper, 4 journalposter, 6 dokumentbeskrivelser, 6 dokumentobjekter
    assert len(ider) == len(set(ider)) == 20
    assert all(uuid.UUID(i).version == 4 for i in ider)


def test_addml_oppgir_tellinger_og_sjekksum_for_arkivstruktur(skrevet: Path) -> None:
    addml = ET.parse(skrevet / "arkivuttrekk.xml").getroot()
    objekt = addml.find(f".//{A}dataObject[@name='arkivstruktur']")
    assert objekt is not None
    tellinger = {
        telling.findtext(f"{A}value"): telling.findtext(f"{A}properties/{A}property/{A}value")
        for telling in objekt.iter(f"{A}property")
        if telling.get("name") == "numberOfOccurrences"
    }
    assert tellinger == {
        "mappe": "//mappe",
        "registrering": "//registrering",
        "dokumentbeskrivelse": "//dokumentbeskrivelse",
        "dokumentobjekt": "//dokumentobjekt",
    }
    verdier = [
        v.findtext(f"{A}value") for v in objekt.iter(f"{A}property") if v.get("name") == "value"
    ]
    sjekksum = hashlib.sha256((skrevet / "arkivstruktur.xml").read_bytes()).hexdigest()
    assert verdier[0] == sjekksum
    assert verdier[-4:] == ["2", "4", "6", "6"]


def test_endret_byte_i_dokument_gir_sjekksumfeil_som_nevner_filen(kopi: Path) -> None:
    fil = kopi / "dokumenter" / "rs-2026-03-budsjett.pdf"
    innhold = bytearray(fil.read_bytes())
    innhold[10] ^= 0xFF
    fil.write_bytes(bytes(innhold))
    assert valider_uttrekk(kopi) == [
        "Sjekksummen for «dokumenter/rs-2026-03-budsjett.pdf» stemmer ikke: filen er endret."
    ]


def test_manglende_dokumentfil_nevnes(kopi: Path) -> None:
    (kopi / "dokumenter" / "retningslinjer.pdf").unlink()
    assert valider_uttrekk(kopi) == [
        "Dokumentfilen «dokumenter/retningslinjer.pdf» finnes ikke i uttrekket."
    ]


def test_duplisert_systemid_nevnes(kopi: Path) -> None:
    fil = kopi / "arkivstruktur.xml"
    ider = re.findall(r"<systemID>([^<]+)</systemID>", fil.read_text(encoding="utf-8"))
    erstatt(fil, f"<systemID>{ider[5]}</systemID>", f"<systemID>{ider[4]}</systemID>")
    feil = valider_uttrekk(kopi)
    assert f"systemID {ider[4]} er brukt 2 ganger; den skal være unik." in feil
    assert not any(ider[5] in f for f in feil)


def test_endret_antall_i_addml_nevnes(kopi: Path) -> None:
    fil = kopi / "arkivuttrekk.xml"
    tekst = fil.read_text(encoding="utf-8")
    endret = re.sub(
        r"(<value>registrering</value>.*?<value>)4(</value>)",
        r"\g<1>5\g<2>",
        tekst,
        count=1,
        flags=re.S,
    )
    assert endret != tekst
    fil.write_text(endret, encoding="utf-8")
    assert valider_uttrekk(kopi) == [
        "arkivuttrekk.xml oppgir 5 registrering, men arkivstruktur.xml har 4."
    ]


def test_manglende_tittel_gir_skjemafeil(kopi: Path) -> None:
    erstatt(kopi / "arkivstruktur.xml", f"<tittel>{SOKNAD_TITTEL}</tittel>", "")
    feil = valider_uttrekk(kopi)
    skjemafeil = [f for f in feil if f.startswith("arkivstruktur.xml følger ikke")]
    assert len(skjemafeil) == 1
    # The hoveddokument shares the journalpost's title, so its dokumentbeskrivelse lost it.
    assert "registrering[1]/dokumentbeskrivelse[1]" in skjemafeil[0]
    assert "Tag 'tittel' expected" in skjemafeil[0]
    # arkivstruktur.xml itself changed, so its checksum in the ADDML no longer holds either.
    assert "Sjekksummen for arkivstruktur.xml stemmer ikke med arkivuttrekk.xml." in feil


def test_endret_skjemakopi_nevnes(kopi: Path) -> None:
    fil = kopi / "metadatakatalog.xsd"
    fil.write_bytes(fil.read_bytes().replace(b'<xs:minLength value="1"/>', b"", 1))
    feil = valider_uttrekk(kopi)
    assert "Skjemakopien metadatakatalog.xsd er endret: SHA256 avviker fra originalen." in feil
    assert "Sjekksummen for metadatakatalog.xsd stemmer ikke med arkivuttrekk.xml." in feil


def test_manglende_skjemakopi_nevnes(kopi: Path) -> None:
    (kopi / "addml.xsd").unlink()
    assert valider_uttrekk(kopi) == ["Skjemakopien addml.xsd mangler i uttrekket."]


def test_referanse_ut_av_uttrekket_avvises(kopi: Path) -> None:
    erstatt(kopi / "arkivstruktur.xml", "dokumenter/retningslinjer.pdf", "../retningslinjer.pdf")
    feil = valider_uttrekk(kopi)
    assert "Dokumentfilen «../retningslinjer.pdf» peker ut av uttrekket." in feil


def test_like_filnavn_i_uttrekket_avvises(tmp_path: Path) -> None:
    dobbel = rs_soknad()
    med_samme_navn = uttrekk(dobbel, dobbel)
    with pytest.raises(ValueError, match=re.escape("rs-2026-03-vedtak.pdf")):
        skriv_uttrekk(med_samme_navn, tmp_path / "uttrekk")


def test_filnavn_med_mappe_avvises(tmp_path: Path) -> None:
    fil = Dokumentfil("../utenfor.pdf", pdf("x"), "Utenfor")
    post = journalpost("Utenfor", "Inngående dokument", date(2025, 9, 9), fil)
    mappe = replace(rs_soknad(), journalposter=(post,))
    with pytest.raises(ValueError, match=re.escape("../utenfor.pdf")):
        skriv_uttrekk(uttrekk(mappe), tmp_path / "uttrekk")
    assert not (tmp_path / "utenfor.pdf").exists()


def test_uttrekk_skrives_ikke_over_en_mappe_med_innhold(skrevet: Path) -> None:
    with pytest.raises(FileExistsError):
        skriv_uttrekk(uttrekk(soknadsrunde()), skrevet)
