"""A Noark 5 v5.0 arkivuttrekk of whole cases, for the sekretariat to file in Elements:
arkivstruktur.xml, the document files, the ADDML description (arkivuttrekk.xml) and the official
schemas. Writing touches only the given folder; `valider_uttrekk` checks a written extraction."""

from __future__ import annotations

import functools
import hashlib
import shutil
import uuid
import xml.etree.ElementTree as ET
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from xmlschema import XMLSchema

SKJEMAMAPPE = Path(__file__).resolve().parent.parent / "data" / "noark5"
SKJEMAFILER = (
    "arkivstruktur.xsd",
    "metadatakatalog.xsd",
    "addml.xsd",
    "endringslogg.xsd",
    "loependeJournal.xsd",
    "offentligJournal.xsd",
)
ARKIVSTRUKTUR = "arkivstruktur.xml"
ARKIVUTTREKK = "arkivuttrekk.xml"
DOKUMENTMAPPE = "dokumenter"
TELLINGER = ("mappe", "registrering", "dokumentbeskrivelse", "dokumentobjekt")

_NS_ARKIV = "http://www.arkivverket.no/standarder/noark5/arkivstruktur"
_NS_ADDML = "http://www.arkivverket.no/standarder/addml"
_NS_XSI = "http://www.w3.org/2001/XMLSchema-instance"
_N = f"{{{_NS_ARKIV}}}"
_A = f"{{{_NS_ADDML}}}"
_MAKS_SKJEMAFEIL = 20

_Verdi: TypeAlias = str | int | date | datetime


@dataclass(frozen=True)
class Dokumentfil:
    """One file in a journalpost; the first in a journalpost is its hoveddokument."""

    filnavn: str
    innhold: bytes
    tittel: str
    format: str = "PDF"
    dokumenttype: str = "Brev"
    variantformat: str = "Produksjonsformat"


@dataclass(frozen=True)
class Journalpost:
    tittel: str
    journalposttype: str  # «Inngående dokument», «Utgående dokument», «Organinternt …»
    journaldato: date
    dokumenter: tuple[Dokumentfil, ...]
    opprettet: datetime
    opprettet_av: str


@dataclass(frozen=True)
class Merknad:
    """One line of the case's history; Noark demands its own date and author per merknad."""

    tekst: str
    dato: datetime
    registrert_av: str


@dataclass(frozen=True)
class Saksmappe:
    tittel: str
    saksaar: int
    sakssekvensnummer: int
    saksdato: date
    administrativ_enhet: str
    saksansvarlig: str
    saksstatus: str  # «Under behandling» or «Avsluttet»
    opprettet: datetime
    opprettet_av: str
    journalposter: tuple[Journalpost, ...]
    merknader: tuple[Merknad, ...] = ()
    # None for an open case: the v5.0 schema demands avsluttetDato on every mappe regardless,
    # so the extraction's own time and system stand in.
    avsluttet: datetime | None = None
    avsluttet_av: str | None = None

    @property
    def mappe_id(self) -> str:
        return f"{self.saksaar}/{self.sakssekvensnummer}"


@dataclass(frozen=True)
class Uttrekk:
    arkivskaper: str
    system: str
    arkivtittel: str
    arkivdeltittel: str
    mapper: tuple[Saksmappe, ...]
    laget: datetime
    arkivskaper_id: str | None = None  # e.g. the organisasjonsnummer; the name if unknown


def skriv_uttrekk(uttrekk: Uttrekk, mappe: Path) -> Path:
    """Writes the extraction into an empty or new folder and returns that folder."""
    _sjekk_filnavn(uttrekk)
    if mappe.exists() and any(mappe.iterdir()):
        raise FileExistsError(f"{mappe} er ikke tom; et uttrekk skrives i en tom mappe.")
    (mappe / DOKUMENTMAPPE).mkdir(parents=True, exist_ok=True)
    for saksmappe in uttrekk.mapper:
        for journalpost in saksmappe.journalposter:
            for fil in journalpost.dokumenter:
                (mappe / DOKUMENTMAPPE / fil.filnavn).write_bytes(fil.innhold)
    arkiv = _arkiv(uttrekk)
    struktur = _xml(arkiv)
    (mappe / ARKIVSTRUKTUR).write_bytes(struktur)
    for navn in SKJEMAFILER:
        shutil.copyfile(SKJEMAMAPPE / navn, mappe / navn)
    (mappe / ARKIVUTTREKK).write_bytes(_xml(_addml(uttrekk, arkiv, struktur)))
    return mappe


def _sjekk_filnavn(uttrekk: Uttrekk) -> None:
    navn = [f.filnavn for m in uttrekk.mapper for j in m.journalposter for f in j.dokumenter]
    for filnavn in navn:
        if filnavn in ("", ".", "..") or "/" in filnavn or "\\" in filnavn:
            raise ValueError(f"Filnavnet «{filnavn}» kan ikke ligge i {DOKUMENTMAPPE}/.")
    dubletter = sorted(n for n, antall in Counter(navn).items() if antall > 1)
    if dubletter:
        raise ValueError(f"Filnavn brukt mer enn én gang i uttrekket: {', '.join(dubletter)}.")


def _xml(rot: ET.Element) -> bytes:
    ET.indent(rot, space="  ")
    # ElementTree's own declaration uses single quotes, which some archive tools balk at.
    innhold: bytes = ET.tostring(rot, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + innhold


def _tekst(verdi: _Verdi) -> str:
    if isinstance(verdi, datetime):
        return verdi.isoformat(timespec="seconds")
    if isinstance(verdi, date):
        return verdi.isoformat()
    return str(verdi)


def _felter(forelder: ET.Element, **verdier: _Verdi) -> ET.Element:
    # Keyword order is the order of the XSD sequence, so each builder reads like the schema.
    for navn, verdi in verdier.items():
        ET.SubElement(forelder, navn).text = _tekst(verdi)
    return forelder


def _ny_id() -> str:
    return str(uuid.uuid4())


def _arkiv(uttrekk: Uttrekk) -> ET.Element:
    # ElementTree refuses unqualified attributes next to a default namespace, so the namespace
    # declarations are written as plain attributes and every tag stays unprefixed.
    arkiv = ET.Element(
        "arkiv",
        {
            "xmlns": _NS_ARKIV,
            "xmlns:xsi": _NS_XSI,
            "xsi:schemaLocation": f"{_NS_ARKIV} arkivstruktur.xsd",
        },
    )
    laget, system = uttrekk.laget, uttrekk.system
    _felter(arkiv, systemID=_ny_id(), tittel=uttrekk.arkivtittel, arkivstatus="Avsluttet")
    _felter(arkiv, opprettetDato=laget, opprettetAv=system)
    _felter(arkiv, avsluttetDato=laget, avsluttetAv=system)
    arkivskaper = ET.SubElement(arkiv, "arkivskaper")
    _felter(arkivskaper, arkivskaperID=uttrekk.arkivskaper_id or uttrekk.arkivskaper)
    _felter(arkivskaper, arkivskaperNavn=uttrekk.arkivskaper)
    arkivdel = _felter(ET.SubElement(arkiv, "arkivdel"), systemID=_ny_id())
    _felter(arkivdel, tittel=uttrekk.arkivdeltittel, arkivdelstatus="Avsluttet periode")
    _felter(arkivdel, opprettetDato=laget, opprettetAv=system)
    _felter(arkivdel, avsluttetDato=laget, avsluttetAv=system)
    sekvens = _journalsekvens(uttrekk.mapper)
    for m, saksmappe in enumerate(uttrekk.mapper):
        numre = [sekvens[m, j] for j, _ in enumerate(saksmappe.journalposter)]
        arkivdel.append(_saksmappe(saksmappe, uttrekk, numre))
    return arkiv


def _journalsekvens(mapper: tuple[Saksmappe, ...]) -> dict[tuple[int, int], int]:
    # tilskudd-flow keeps no journal of its own, so each journalpost is numbered within its
    # journalår in date order across the whole extraction.
    rekkefolge = sorted(
        (journalpost.journaldato, journalpost.opprettet, m, j)
        for m, saksmappe in enumerate(mapper)
        for j, journalpost in enumerate(saksmappe.journalposter)
    )
    neste: Counter[int] = Counter()
    nummer: dict[tuple[int, int], int] = {}
    for journaldato, _, m, j in rekkefolge:
        neste[journaldato.year] += 1
        nummer[m, j] = neste[journaldato.year]
    return nummer


def _saksmappe(saksmappe: Saksmappe, uttrekk: Uttrekk, sekvens: list[int]) -> ET.Element:
    mappe = ET.Element("mappe", {"xsi:type": "saksmappe"})
    _felter(mappe, systemID=_ny_id(), mappeID=saksmappe.mappe_id, tittel=saksmappe.tittel)
    _felter(mappe, opprettetDato=saksmappe.opprettet, opprettetAv=saksmappe.opprettet_av)
    _felter(
        mappe,
        avsluttetDato=saksmappe.avsluttet or uttrekk.laget,
        avsluttetAv=saksmappe.avsluttet_av or uttrekk.system,
    )
    for merknad in saksmappe.merknader:
        _felter(
            ET.SubElement(mappe, "merknad"),
            merknadstekst=merknad.tekst,
            merknadsdato=merknad.dato,
            merknadRegistrertAv=merknad.registrert_av,
        )
    for nummer, (journalpost, sekvensnummer) in enumerate(
        zip(saksmappe.journalposter, sekvens, strict=True), start=1
    ):
        mappe.append(_journalpost(journalpost, saksmappe, uttrekk, nummer, sekvensnummer))
    # The saksmappe extension follows the whole base sequence, registreringer included.
    return _felter(
        mappe,
        saksaar=saksmappe.saksaar,
        sakssekvensnummer=saksmappe.sakssekvensnummer,
        saksdato=saksmappe.saksdato,
        administrativEnhet=saksmappe.administrativ_enhet,
        saksansvarlig=saksmappe.saksansvarlig,
        saksstatus=saksmappe.saksstatus,
    )


def _journalpost(
    journalpost: Journalpost, saksmappe: Saksmappe, uttrekk: Uttrekk, nummer: int, sekvens: int
) -> ET.Element:
    registrering = ET.Element("registrering", {"xsi:type": "journalpost"})
    _felter(registrering, systemID=_ny_id())
    _felter(registrering, opprettetDato=journalpost.opprettet, opprettetAv=journalpost.opprettet_av)
    _felter(registrering, arkivertDato=uttrekk.laget, arkivertAv=uttrekk.system)
    for dokumentnummer, fil in enumerate(journalpost.dokumenter, start=1):
        registrering.append(_dokumentbeskrivelse(fil, journalpost, dokumentnummer))
    # In v5.0 the dokumentbeskrivelser sit between arkivertAv and tittel.
    return _felter(
        registrering,
        registreringsID=f"{saksmappe.mappe_id}-{nummer}",
        tittel=journalpost.tittel,
        journalaar=journalpost.journaldato.year,
        journalsekvensnummer=sekvens,
        journalpostnummer=nummer,
        journalposttype=journalpost.journalposttype,
        journalstatus="Journalført",
        journaldato=journalpost.journaldato,
    )


def _dokumentbeskrivelse(fil: Dokumentfil, journalpost: Journalpost, nummer: int) -> ET.Element:
    beskrivelse = _felter(
        ET.Element("dokumentbeskrivelse"),
        systemID=_ny_id(),
        dokumenttype=fil.dokumenttype,
        dokumentstatus="Dokumentet er ferdigstilt",
        tittel=fil.tittel,
        opprettetDato=journalpost.opprettet,
        opprettetAv=journalpost.opprettet_av,
        tilknyttetRegistreringSom="Hoveddokument" if nummer == 1 else "Vedlegg",
        dokumentnummer=nummer,
        tilknyttetDato=journalpost.opprettet,
        tilknyttetAv=journalpost.opprettet_av,
    )
    _felter(
        ET.SubElement(beskrivelse, "dokumentobjekt"),
        systemID=_ny_id(),
        versjonsnummer=1,
        variantformat=fil.variantformat,
        format=fil.format,
        opprettetDato=journalpost.opprettet,
        opprettetAv=journalpost.opprettet_av,
        referanseDokumentfil=f"{DOKUMENTMAPPE}/{fil.filnavn}",
        sjekksum=hashlib.sha256(fil.innhold).hexdigest(),
        sjekksumAlgoritme="SHA256",
        filstoerrelse=len(fil.innhold),
    )
    return beskrivelse


def _egenskap(forelder: ET.Element, navn: str, verdi: _Verdi | None = None) -> ET.Element:
    """An ADDML <property>, nested under the parent's <properties> (created on first use)."""
    egenskaper = forelder.find("properties")
    if egenskaper is None:
        egenskaper = ET.SubElement(forelder, "properties")
    egenskap = ET.SubElement(egenskaper, "property", {"name": navn})
    if verdi is not None:
        _felter(egenskap, value=verdi)
    if isinstance(verdi, int):
        egenskap.set("dataType", "integer")
    return egenskap


def _tillegg(forelder: ET.Element, navn: str, verdi: str | None = None) -> ET.Element:
    """An ADDML <additionalElement>, under the parent's <additionalElements>."""
    elementer = forelder.find("additionalElements")
    if elementer is None:
        elementer = ET.SubElement(forelder, "additionalElements")
    element = ET.SubElement(elementer, "additionalElement", {"name": navn})
    if verdi is not None:
        _felter(element, value=verdi)
    return element


def _filbeskrivelse(forelder: ET.Element, navn: str, innhold: bytes) -> None:
    fil = _egenskap(forelder, "file")
    _egenskap(fil, "name", navn)
    _egenskap(_egenskap(fil, "format", "XML"), "version", "1.0")
    sjekksum = _egenskap(fil, "checksum")
    _egenskap(sjekksum, "algorithm", "SHA-256")
    _egenskap(sjekksum, "value", hashlib.sha256(innhold).hexdigest())


def _addml(uttrekk: Uttrekk, arkiv: ET.Element, struktur: bytes) -> ET.Element:
    # Shaped after Arkivverket's template for Noark 5 arkivuttrekk (as read by Arkade 5).
    addml = ET.Element(
        "addml",
        {
            "xmlns": _NS_ADDML,
            "xmlns:xsi": _NS_XSI,
            "name": "Noark 5-arkivuttrekk",
            "xsi:schemaLocation": f"{_NS_ADDML} addml.xsd",
        },
    )
    datasett = _felter(ET.SubElement(addml, "dataset"), description="Noark 5-arkivuttrekk")
    _referanse(ET.SubElement(datasett, "reference"), uttrekk)
    uttrekksobjekt = ET.SubElement(
        ET.SubElement(datasett, "dataObjects"), "dataObject", {"name": "Noark 5-arkivuttrekk"}
    )
    info = _egenskap(uttrekksobjekt, "info")
    _egenskap(_egenskap(info, "type", "Noark 5"), "version", "5.0")
    antall_filer = sum(1 for _ in arkiv.iter("dokumentobjekt"))
    _egenskap(_egenskap(info, "additionalInfo"), "antallDokumentfiler", antall_filer)
    struktur_objekt = ET.SubElement(
        ET.SubElement(uttrekksobjekt, "dataObjects"), "dataObject", {"name": "arkivstruktur"}
    )
    _filbeskrivelse(struktur_objekt, ARKIVSTRUKTUR, struktur)
    for skjema, rolle in (("arkivstruktur.xsd", "main"), ("metadatakatalog.xsd", None)):
        _skjemabeskrivelse(struktur_objekt, skjema, rolle)
    tellinger = _egenskap(struktur_objekt, "info")
    for navn in TELLINGER:
        telling = _egenskap(tellinger, "numberOfOccurrences", navn)
        _egenskap(telling, "elementPath", f"//{navn}")
        _egenskap(telling, "value", sum(1 for _ in arkiv.iter(navn)))
    return addml


def _referanse(referanse: ET.Element, uttrekk: Uttrekk) -> None:
    kontekst = ET.SubElement(referanse, "context")
    _tillegg(_tillegg(kontekst, "recordCreators"), "recordCreator", uttrekk.arkivskaper)
    _tillegg(kontekst, "systemType", "Fagsystem med Noark 5-uttrekk")
    _tillegg(kontekst, "systemName", uttrekk.system)
    _tillegg(kontekst, "archive", uttrekk.arkivtittel)
    periode = _tillegg(ET.SubElement(referanse, "content"), "archivalPeriod")
    start = min((m.saksdato for m in uttrekk.mapper), default=uttrekk.laget.date())
    _egenskap(periode, "startDate", start)
    _egenskap(periode, "endDate", uttrekk.laget.date())


def _skjemabeskrivelse(forelder: ET.Element, navn: str, rolle: str | None) -> None:
    skjema = _egenskap(forelder, "schema", rolle)
    _filbeskrivelse(skjema, navn, (SKJEMAMAPPE / navn).read_bytes())
    _egenskap(_egenskap(skjema, "type", "XML Schema"), "version", "1.0")


@functools.cache
def _skjema(navn: str) -> XMLSchema:
    # Always the repo's copies, never the extraction's; "sandbox" keeps xmlschema from fetching
    # anything outside that folder (no network), and it wants the source as a str for that.
    # Loaded on first validation: xmlschema costs every process 0.4 s and 30 MB at start.
    from xmlschema import XMLSchema

    return XMLSchema(str(SKJEMAMAPPE / navn), allow="sandbox")


def valider_uttrekk(mappe: Path) -> list[str]:
    """Checks a written extraction; returns Norwegian error messages, none when it holds."""
    feil = _skjemakopifeil(mappe)
    struktur = _les(mappe / ARKIVSTRUKTUR, "arkivstruktur.xsd", feil)
    addml = _les(mappe / ARKIVUTTREKK, "addml.xsd", feil)
    if struktur is not None:
        feil += _dokumentfeil(mappe, struktur) + _systemidfeil(struktur)
        if addml is not None:
            feil += _addmlfeil(mappe, struktur, addml)
    return feil


def _sha256(fil: Path) -> str:
    return hashlib.sha256(fil.read_bytes()).hexdigest()


def _skjemakopifeil(mappe: Path) -> list[str]:
    feil = []
    for navn in SKJEMAFILER:
        kopi = mappe / navn
        if not kopi.is_file():
            feil.append(f"Skjemakopien {navn} mangler i uttrekket.")
        elif _sha256(kopi) != _sha256(SKJEMAMAPPE / navn):
            feil.append(f"Skjemakopien {navn} er endret: SHA256 avviker fra originalen.")
    return feil


def _les(fil: Path, skjemanavn: str, feil: list[str]) -> ET.Element | None:
    """Parses and schema-validates one XML file, appending what is wrong to `feil`."""
    if not fil.is_file():
        feil.append(f"Uttrekket mangler {fil.name}.")
        return None
    try:
        rot = ET.parse(fil).getroot()
    except ET.ParseError as brudd:
        feil.append(f"{fil.name} er ikke gyldig XML: {brudd}.")
        return None
    skjemafeil = list(_skjema(skjemanavn).iter_errors(str(fil)))
    for avvik in skjemafeil[:_MAKS_SKJEMAFEIL]:
        grunn = (avvik.reason or "").replace(_N, "").replace(_A, "")
        feil.append(f"{fil.name} følger ikke {skjemanavn} ved {avvik.path}: {grunn}")
    if len(skjemafeil) > _MAKS_SKJEMAFEIL:
        feil.append(f"{fil.name}: {len(skjemafeil) - _MAKS_SKJEMAFEIL} skjemafeil til.")
    return rot


def _innenfor(mappe: Path, referanse: str) -> Path | None:
    fil = (mappe / referanse).resolve()
    return fil if fil.is_relative_to(mappe.resolve()) else None


def _dokumentfeil(mappe: Path, struktur: ET.Element) -> list[str]:
    feil = []
    for objekt in struktur.iter(f"{_N}dokumentobjekt"):
        referanse = (objekt.findtext(f"{_N}referanseDokumentfil") or "").strip()
        fil = _innenfor(mappe, referanse)
        if fil is None:
            feil.append(f"Dokumentfilen «{referanse}» peker ut av uttrekket.")
        elif not fil.is_file():
            feil.append(f"Dokumentfilen «{referanse}» finnes ikke i uttrekket.")
        else:
            feil += _filavvik(fil, referanse, objekt)
    return feil


def _filavvik(fil: Path, referanse: str, objekt: ET.Element) -> list[str]:
    feil = []
    oppgitt = (objekt.findtext(f"{_N}sjekksum") or "").strip().lower()
    if _sha256(fil) != oppgitt:
        feil.append(f"Sjekksummen for «{referanse}» stemmer ikke: filen er endret.")
    storrelse = (objekt.findtext(f"{_N}filstoerrelse") or "").strip()
    if storrelse != str(fil.stat().st_size):
        feil.append(
            f"Filstørrelsen for «{referanse}» stemmer ikke: oppgitt {storrelse or 'ingen'}, "
            f"faktisk {fil.stat().st_size} byte."
        )
    return feil


def _systemidfeil(struktur: ET.Element) -> list[str]:
    antall = Counter((e.text or "").strip() for e in struktur.iter(f"{_N}systemID"))
    return [
        f"systemID {system_id} er brukt {n} ganger; den skal være unik."
        for system_id, n in sorted(antall.items())
        if n > 1
    ]


def _addmlverdi(egenskap: ET.Element, *sti: str) -> str:
    """The <value> of the property reached by following the names in `sti`."""
    for navn in sti:
        funnet = egenskap.find(f"{_A}properties/{_A}property[@name='{navn}']")
        if funnet is None:
            return ""
        egenskap = funnet
    return (egenskap.findtext(f"{_A}value") or "").strip()


def _addmlfeil(mappe: Path, struktur: ET.Element, addml: ET.Element) -> list[str]:
    objekt = addml.find(f".//{_A}dataObject[@name='arkivstruktur']")
    if objekt is None:
        return [f"{ARKIVUTTREKK} beskriver ikke arkivstruktur (dataObject mangler)."]
    return _tellingsfeil(struktur, objekt) + _sjekksumfeil(mappe, addml)


def _tellingsfeil(struktur: ET.Element, objekt: ET.Element) -> list[str]:
    sti = f"{_A}properties/{_A}property[@name='info']/{_A}properties/{_A}property"
    oppgitt = {
        (telling.findtext(f"{_A}value") or "").strip(): _addmlverdi(telling, "value")
        for telling in objekt.iterfind(f"{sti}[@name='numberOfOccurrences']")
    }
    feil = []
    for navn in TELLINGER:
        faktisk = str(sum(1 for _ in struktur.iter(f"{_N}{navn}")))
        if navn not in oppgitt:
            feil.append(f"{ARKIVUTTREKK} oppgir ikke antall {navn}.")
        elif oppgitt[navn] != faktisk:
            feil.append(
                f"{ARKIVUTTREKK} oppgir {oppgitt[navn]} {navn}, men {ARKIVSTRUKTUR} har {faktisk}."
            )
    return feil


def _sjekksumfeil(mappe: Path, addml: ET.Element) -> list[str]:
    feil = []
    for fil in addml.iter(f"{_A}property"):
        if fil.get("name") != "file":
            continue
        navn, oppgitt = _addmlverdi(fil, "name"), _addmlverdi(fil, "checksum", "value")
        sti = _innenfor(mappe, navn)
        if not navn or sti is None or not sti.is_file():
            feil.append(f"{ARKIVUTTREKK} beskriver «{navn}», som ikke finnes i uttrekket.")
        elif _sha256(sti) != oppgitt.lower():
            feil.append(f"Sjekksummen for {navn} stemmer ikke med {ARKIVUTTREKK}.")
    return feil
