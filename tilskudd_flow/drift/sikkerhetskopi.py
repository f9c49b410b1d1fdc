"""Backups: the database as of one instant plus every stored file (attachments, forwarding
packages, meeting papers), with a manifest of checksums; and the restore that checks the
manifest, puts both back, brings the schema up to date and verifies the audit chains.

The database is copied first: files are written (and fsync'ed) before the transaction that
refers to them commits and are never changed afterwards, so every file the copied database
names is already on disk when the files are copied after it.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from sqlalchemy import Engine, inspect
from sqlmodel import Session

from tilskudd_flow.adapters.database import lag_engine
from tilskudd_flow.adapters.databasekopi import (
    Databasekopifeil,
    er_sqlite,
    kopier_database,
    les_inn_database,
    sqlite_sti,
)
from tilskudd_flow.adapters.migrering import gjeldende_revisjon, migrer
from tilskudd_flow.config import Innstillinger
from tilskudd_flow.domain.feil import Regelbrudd
from tilskudd_flow.domain.tid import OSLO
from tilskudd_flow.motor.audit import verifiser_alle

MANIFEST = "manifest.json"
FILMAPPE = "filer"
# The local mail sink holds copies of sent test mail, not data the engine needs.
HOPP_OVER = frozenset({"epost"})


@dataclass(frozen=True)
class Sikkerhetskopi:
    mappe: Path
    database: str
    filer: int
    skjemaversjon: str | None


@dataclass(frozen=True)
class Gjenoppretting:
    database: str
    filer: int
    skjemaversjon: str | None
    revisjonslogg: dict[str, str]  # helsefellesskap → «hel» or the first broken row


def lag_sikkerhetskopi(
    innstillinger: Innstillinger, engine: Engine, mal: Path, naa: datetime
) -> Sikkerhetskopi:
    """A new folder under `mal` named by the time, with the database, the files, a manifest."""
    mappe = mal / f"tilskudd-{naa.astimezone(OSLO):%Y%m%d-%H%M%S}"
    try:
        mappe.mkdir(parents=True)
    except FileExistsError:
        raise Regelbrudd(
            f"{mappe} finnes allerede; vent et sekund eller velg en annen mappe"
        ) from None
    url = innstillinger.database_url()
    versjon = gjeldende_revisjon(engine)
    try:
        databasefil = kopier_database(url, mappe)
    except Databasekopifeil as feil:
        shutil.rmtree(mappe)
        raise Regelbrudd(str(feil)) from None
    filer = _kopier_filer(innstillinger.data_dir, mappe / FILMAPPE, _unntatt(innstillinger, mal))
    sjekksummer = {str(f.relative_to(mappe)): _sha256(f) for f in [databasefil, *filer]}
    slag = _slag(url)
    manifest = {"laget": naa.isoformat(), "database": slag,
                "databasefil": databasefil.name, "skjemaversjon": versjon,
                "sjekksummer": sjekksummer}  # fmt: skip
    _skriv_varig(mappe / MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2).encode())
    return Sikkerhetskopi(mappe, slag, len(filer), versjon)


def kontroller(mappe: Path) -> list[str]:
    """What is wrong with a backup folder: a missing manifest or file, a changed file."""
    try:
        manifest = json.loads((mappe / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return [f"{mappe} har ingen lesbar {MANIFEST}: er det en sikkerhetskopi?"]
    feil = []
    for navn, sjekksum in manifest["sjekksummer"].items():
        fil = mappe / navn
        if not fil.is_file():
            feil.append(f"{navn} mangler")
        elif _sha256(fil) != sjekksum:
            feil.append(
                f"{navn} er endret etter at sikkerhetskopien ble tatt (sjekksummen stemmer ikke)"
            )
    return feil


def gjenopprett(innstillinger: Innstillinger, kilde: Path, *, overskriv: bool) -> Gjenoppretting:
    """Restore into the configured database and data folder; refuses a damaged backup, a
    backup of the other database kind, and a database in use unless `overskriv`."""
    feil = kontroller(kilde)
    if feil:
        raise Regelbrudd("Sikkerhetskopien kan ikke brukes: " + "; ".join(feil))
    manifest = json.loads((kilde / MANIFEST).read_text(encoding="utf-8"))
    url = innstillinger.database_url()
    slag = _slag(url)
    if manifest["database"] != slag:
        raise Regelbrudd(f"Sikkerhetskopien er av en {manifest['database']}-database; "
                         f"den konfigurerte databasen er {slag}")  # fmt: skip
    engine = lag_engine(url, innstillinger.database)
    try:
        if _har_tabeller(engine) and not overskriv:
            raise Regelbrudd(
                "Databasen er i bruk (den har tabeller). Gjenopprett til en tom database, "
                "eller bruk --overskriv når tjenesten er stoppet."
            )
        engine.dispose()
        try:
            les_inn_database(url, kilde / manifest["databasefil"])
        except Databasekopifeil as problem:
            raise Regelbrudd(str(problem)) from None
        filer = _kopier_filer(kilde / FILMAPPE, innstillinger.data_dir, frozenset())
        migrer(engine)
        return Gjenoppretting(slag, len(filer), gjeldende_revisjon(engine), _verifiser(engine))
    finally:
        engine.dispose()


def _slag(url: str) -> str:
    return "sqlite" if er_sqlite(url) else "postgresql"


def _verifiser(engine: Engine) -> dict[str, str]:
    with Session(engine) as session:
        return verifiser_alle(session)


def _har_tabeller(engine: Engine) -> bool:
    return bool(inspect(engine).get_table_names())


def _unntatt(innstillinger: Innstillinger, mal: Path) -> frozenset[Path]:
    unntatt = {mal.resolve()}
    url = innstillinger.database_url()
    if er_sqlite(url):
        database = sqlite_sti(url).resolve()
        unntatt |= {database, Path(f"{database}-wal"), Path(f"{database}-shm")}
    unntatt |= {(innstillinger.data_dir / navn).resolve() for navn in HOPP_OVER}
    return frozenset(unntatt)


def _kopier_filer(fra: Path, til: Path, unntatt: frozenset[Path]) -> list[Path]:
    """Copy every file under `fra` to `til`, keeping the tree; fsync'ed. Returns the copies."""
    kopier: list[Path] = []
    if not fra.is_dir():
        return kopier
    for rot, mapper, filnavn in os.walk(fra):
        mapper[:] = [m for m in mapper if (Path(rot) / m).resolve() not in unntatt]
        for navn in filnavn:
            kilde = Path(rot) / navn
            if kilde.resolve() in unntatt:
                continue
            mal = til / kilde.relative_to(fra)
            mal.parent.mkdir(parents=True, exist_ok=True)
            _skriv_varig(mal, kilde.read_bytes())
            kopier.append(mal)
    return kopier


def _skriv_varig(sti: Path, innhold: bytes) -> None:
    with sti.open("wb") as fil:
        fil.write(innhold)
        fil.flush()
        os.fsync(fil.fileno())


def _sha256(fil: Path) -> str:
    sjekksum = hashlib.sha256()
    with fil.open("rb") as innhold:
        for bit in iter(lambda: innhold.read(1 << 20), b""):
            sjekksum.update(bit)
    return sjekksum.hexdigest()
