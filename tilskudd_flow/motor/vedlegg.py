"""Uploaded attachments: checked by content, stored under generated names, optionally scanned."""

from __future__ import annotations

import errno
import hashlib
import io
import os
import shlex
import subprocess
import uuid
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlmodel import Session

from tilskudd_flow.config import Innstillinger
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflytregister
from tilskudd_flow.domain.arkivgrenser import Arkivgrenser, arkivbrudd
from tilskudd_flow.domain.feil import IkkeFunnet, UgyldigFelt
from tilskudd_flow.domain.kodeverk import VedleggType
from tilskudd_flow.domain.tekst import enlinjefeil
from tilskudd_flow.models.soknad import Vedlegg
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.motor.saker import last_sak

# What a file really is, by its first bytes and its inside, and the names it may carry.
TYPER = {
    "pdf": ("application/pdf", (".pdf",)),
    "docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        (".docx",),
    ),
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", (".xlsx",)),
    "odt": ("application/vnd.oasis.opendocument.text", (".odt",)),
}
ZIP = b"PK\x03\x04"
# Where an attachment is downloaded: the web's route and every link to it take it from here.
VEDLEGGSADRESSE = "/vedlegg/{vedlegg_id}"
TILLATT = "PDF, DOCX, XLSX eller ODT"
# The storage is full (disk, quota or file-size limit): nothing is kept, the user is told.
FULL_LAGRING = frozenset({errno.ENOSPC, errno.EDQUOT, errno.EFBIG})
IKKE_PLASS = (
    "det er ikke plass til filen på tjeneren nå (lagringsplassen er full). Ingenting er "
    "lagret; prøv igjen senere, og si fra til sekretariatet om det varer"
)


@dataclass(frozen=True)
class Opplasting:
    felt: str
    filnavn: str
    innhold: bytes
    type: VedleggType


def lagre_vedlegg(opplasting: Opplasting, innstillinger: Innstillinger, naa: datetime) -> Vedlegg:
    """Check, store and (if configured) scan one upload; refusals name the field."""
    maks = int(innstillinger.vedlegg.maks_mb * 1024 * 1024)
    if not opplasting.innhold:
        raise UgyldigFelt(opplasting.felt, "filen er tom")
    if len(opplasting.innhold) > maks:
        raise UgyldigFelt(
            opplasting.felt, f"filen er større enn {innstillinger.vedlegg.maks_mb:g} MB"
        )
    if melding := enlinjefeil(opplasting.filnavn):  # a bidi override disguises the type
        raise UgyldigFelt(opplasting.felt, f"Filnavnet er ugyldig: {melding.lower()}")
    _sjekk_arkiv(opplasting, innstillinger)
    art = gjenkjenn(opplasting.innhold)
    if art is None or not opplasting.filnavn.lower().endswith(TYPER[art][1]):
        raise UgyldigFelt(
            opplasting.felt, f"«{opplasting.filnavn}» er ikke en gyldig {TILLATT}-fil"
        )
    mappe = innstillinger.data_dir / innstillinger.vedlegg.mappe
    mappe.mkdir(parents=True, exist_ok=True)
    navn = f"{uuid.uuid4().hex}.{art}"
    sti = mappe / navn
    try:
        skriv_varig(sti, opplasting.innhold)
    except OSError as feil:
        if feil.errno not in FULL_LAGRING:
            raise
        raise UgyldigFelt(opplasting.felt, IKKE_PLASS) from None
    # Dated by the app's clock, which the sweep of files without a row reads too (the same
    # as the file system's own time, except under a simulated clock).
    os.utime(sti, (naa.timestamp(), naa.timestamp()))
    _skann(sti, innstillinger.vedlegg.skanner, opplasting.felt)
    return Vedlegg(
        type=opplasting.type,
        filnavn=Path(opplasting.filnavn).name[:255],
        innholdstype=TYPER[art][0],
        storrelse=len(opplasting.innhold),
        sha256=hashlib.sha256(opplasting.innhold).hexdigest(),
        lagret_som=navn,
        lastet_opp=naa,
    )


def hent_vedlegg(
    session: Session,
    register: Arbeidsflytregister,
    aktor: Bruker,
    vedlegg_id: int,
    innstillinger: Innstillinger,
) -> tuple[Vedlegg, Path]:
    """An attachment and its file, for those who may see its case (others: not found)."""
    vedlegg = session.get(Vedlegg, vedlegg_id)
    if vedlegg is None or vedlegg.soknad_id is None or not vedlegg.lagret_som:
        raise IkkeFunnet(f"Finner ikke vedlegg {vedlegg_id}")
    last_sak(session, register, aktor, vedlegg.soknad_id)
    sti = innstillinger.data_dir / innstillinger.vedlegg.mappe / vedlegg.lagret_som
    if not sti.is_file():
        raise IkkeFunnet(f"Filen til vedlegg {vedlegg_id} mangler på disken")
    return vedlegg, sti


def fjern_filer(vedlegg: Iterable[Vedlegg], innstillinger: Innstillinger) -> None:
    """Remove the files of attachments a failed request stored: no file without its case."""
    mappe = innstillinger.data_dir / innstillinger.vedlegg.mappe
    for rad in vedlegg:
        if rad.lagret_som:
            (mappe / rad.lagret_som).unlink(missing_ok=True)


def skriv_varig(sti: Path, innhold: bytes) -> None:
    """On disk before the database commit that refers to it (the commit is durable too).
    A write that fails (a full disk) leaves no half-written file behind."""
    fil = sti.open("xb")
    try:
        with fil:
            fil.write(innhold)
            fil.flush()
            os.fsync(fil.fileno())
    except OSError:
        sti.unlink(missing_ok=True)
        raise
    mappe = os.open(sti.parent, os.O_RDONLY)
    try:
        os.fsync(mappe)
    finally:
        os.close(mappe)


def _sjekk_arkiv(opplasting: Opplasting, innstillinger: Innstillinger) -> None:
    """Before anything in a ZIP-based file is read (gjenkjenn reads its `mimetype`)."""
    if not opplasting.innhold.startswith(ZIP):
        return
    valg = innstillinger.vedlegg
    grenser = Arkivgrenser(valg.maks_utpakket_mb, valg.maks_filer_i_arkiv, valg.maks_pakkeforhold)
    if (brudd := arkivbrudd(opplasting.innhold, grenser)) is not None:
        raise UgyldigFelt(opplasting.felt, f"«{opplasting.filnavn}» er avvist: {brudd}")


def gjenkjenn(innhold: bytes) -> str | None:
    """`pdf`, `docx`, `xlsx`, `odt` — or None for anything else."""
    if innhold.startswith(b"%PDF-"):
        return "pdf"
    if not innhold.startswith(ZIP):
        return None
    try:
        with zipfile.ZipFile(io.BytesIO(innhold)) as arkiv:
            navn = set(arkiv.namelist())
            if "[Content_Types].xml" in navn and "word/document.xml" in navn:
                return "docx"
            if "[Content_Types].xml" in navn and "xl/workbook.xml" in navn:
                return "xlsx"
            if "mimetype" in navn and arkiv.read("mimetype") == TYPER["odt"][0].encode():
                return "odt"
    except zipfile.BadZipFile:
        return None
    return None


def _skann(sti: Path, kommando: str, felt: str) -> None:
    if not kommando:
        return
    argumenter = [del_.replace("{fil}", str(sti)) for del_ in shlex.split(kommando)]
    resultat = subprocess.run(argumenter, capture_output=True, timeout=120, check=False)
    if resultat.returncode != 0:
        sti.unlink(missing_ok=True)
        raise UgyldigFelt(felt, "filen ble stoppet av virusskanningen og er ikke lagret")
