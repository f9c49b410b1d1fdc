"""A case with its documents and history as a Noark 5 extraction the sekretariat files in
Elements: an SSU sak (saksfremlegg, the meeting's referat) or any workflow case (its
summary, its attachments, and for a meeting the innkalling and referat). The extraction is
validated before it is handed over; an invalid one is never offered."""

from __future__ import annotations

import io
import tempfile
import zipfile
from collections.abc import Iterable
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlmodel import Session, col, select

from tilskudd_flow.dokumenter.noark5 import (
    Dokumentfil,
    Journalpost,
    Merknad,
    Saksmappe,
    Uttrekk,
    skriv_uttrekk,
    valider_uttrekk,
)
from tilskudd_flow.dokumenter.oversendelsespakke import sammendrag_pdf, trygt_filnavn
from tilskudd_flow.dokumenter.pdf import NOARK_FORMAT
from tilskudd_flow.domain.feil import IkkeTillatt, Regelbrudd
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.domain.tid import dato_i_oslo, norsk_tidspunkt
from tilskudd_flow.models.audit import AuditEntry
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.mote import Mote
from tilskudd_flow.models.soknad import Soknad
from tilskudd_flow.models.tenancy import Bruker, Helsefellesskap
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.saker import last_sak
from tilskudd_flow.motor.saksbehandling import INTERNT_NOTAT
from tilskudd_flow.ssu.saksdokumenter import motepapirfil, saksfremleggsfil
from tilskudd_flow.ssu.ssu_saker import hent_ssu_sak

SEKRETARIATET = "Samhandlingssekretariatet"
UTGAAENDE = "Utgående dokument"
INNGAAENDE = "Inngående dokument"
INTERNT = "Organinternt dokument uten oppfølging"
INTERN_MERKNAD = "INTERNT NOTAT (sekretariatets, ikke til søker)"


def uttrekk_ssu_sak(session: Session, miljo: Saksmiljo, aktor: Bruker, ssu_sak_id: int) -> bytes:
    """The SSU sak's extraction as a ZIP: saksfremlegg, referat when there is one, history."""
    _krev_sekretariat(aktor)
    ssu_sak = hent_ssu_sak(session, aktor, ssu_sak_id)
    hf = _hf(session, aktor)
    naa = miljo.klokke.now()
    fremlegg = saksfremleggsfil(session, miljo, hf, ssu_sak, "pdf")
    poster = [Journalpost(tittel=f"Saksfremlegg {ssu_sak.saksnummer.vis()} {ssu_sak.tittel}",
                          journalposttype=INTERNT, journaldato=dato_i_oslo(ssu_sak.registrert),
                          dokumenter=(_egen_pdf(_filnavn(1, "Saksfremlegg.pdf"),
                                                fremlegg.innhold, "Saksfremlegg"),),
                          opprettet=ssu_sak.registrert,
                          opprettet_av=ssu_sak.registrert_av)]  # fmt: skip
    mote = session.get(Mote, ssu_sak.mote_id) if ssu_sak.mote_id is not None else None
    mote_sak = session.get(WorkflowCase, ssu_sak.mote_id) if ssu_sak.mote_id is not None else None
    if mote is not None and mote_sak is not None and mote.publisert is not None:
        poster.append(_referatpost(session, miljo, hf, mote_sak, mote, 2))
    mappe = Saksmappe(
        tittel=f"{ssu_sak.saksnummer.vis()} {ssu_sak.tittel}", saksaar=ssu_sak.aar,
        sakssekvensnummer=ssu_sak.nummer, saksdato=dato_i_oslo(ssu_sak.registrert),
        administrativ_enhet=SEKRETARIATET, saksansvarlig=ssu_sak.eier or ssu_sak.registrert_av,
        saksstatus="Avsluttet" if ssu_sak.vedtatt else "Under behandling",
        opprettet=ssu_sak.registrert, opprettet_av=ssu_sak.registrert_av,
        journalposter=tuple(poster),
        merknader=tuple(_historikk(session, aktor, "ssu_sak", ssu_sak_id)),
        avsluttet=ssu_sak.vedtatt, avsluttet_av=ssu_sak.vedtatt_av or None,
    )  # fmt: skip
    return _pakk(hf, miljo, mappe, naa, "SSU-saker")


def uttrekk_sak(session: Session, miljo: Saksmiljo, aktor: Bruker, case_id: int) -> bytes:
    """A workflow case's extraction as a ZIP: its summary, its files and its history."""
    _krev_sekretariat(aktor)
    lastet = last_sak(session, miljo.register, aktor, case_id)
    sak, flyt = lastet.sak, lastet.flyt
    hf = _hf(session, aktor)
    referanse = flyt.referanse(case_id)
    felt = flyt.sammendrag(lastet.subjekt, True) if flyt.sammendrag else {}
    oversikt = sammendrag_pdf(f"{referanse} {sak.tittel}", felt)
    poster = [Journalpost(tittel=f"{flyt.tittel} {referanse} {sak.tittel}",
                          journalposttype=INNGAAENDE if isinstance(lastet.subjekt, Soknad)
                          else INTERNT, journaldato=dato_i_oslo(sak.opprettet),
                          dokumenter=(_egen_pdf(_filnavn(1, "Saksoversikt.pdf"), oversikt,
                                                f"{flyt.tittel} {referanse}"),),
                          opprettet=sak.opprettet, opprettet_av=_oppretter(session, flyt.navn,
                                                                          case_id))]  # fmt: skip
    poster += _vedleggsposter(miljo, lastet.subjekt, start=2)
    poster += _notatpost(session, aktor, flyt.navn, case_id, f"{referanse} {sak.tittel}",
                         len(poster) + 1)  # fmt: skip
    if isinstance(lastet.subjekt, Mote) and lastet.subjekt.publisert is not None:
        poster.append(_referatpost(session, miljo, hf, sak, lastet.subjekt, len(poster) + 1))
    avsluttet = flyt.er_avsluttet(sak.state)
    mappe = Saksmappe(
        tittel=f"{referanse} {sak.tittel}", saksaar=dato_i_oslo(sak.opprettet).year,
        sakssekvensnummer=case_id, saksdato=dato_i_oslo(sak.opprettet),
        administrativ_enhet=SEKRETARIATET, saksansvarlig=SEKRETARIATET,
        saksstatus="Avsluttet" if avsluttet else "Under behandling",
        opprettet=sak.opprettet, opprettet_av=poster[0].opprettet_av,
        journalposter=tuple(poster),
        merknader=tuple(_historikk(session, aktor, flyt.navn, case_id, flyt.tilstandsnavn)),
        avsluttet=sak.endret if avsluttet else None,
    )  # fmt: skip
    return _pakk(hf, miljo, mappe, miljo.klokke.now(), flyt.tittel)


def _notatpost(
    session: Session, aktor: Bruker, objekt_type: str, case_id: int, tittel: str, nummer: int
) -> list[Journalpost]:
    """The sekretariat's internal notes as one organ-internal document of their own, marked
    INTERNT: never a document an applicant is sent or shown."""
    notater = list(session.exec(_revisjonsrader(aktor, objekt_type, case_id)
                                .where(AuditEntry.hendelse == INTERNT_NOTAT)))  # fmt: skip
    if not notater:
        return []
    innhold = {f"{norsk_tidspunkt(n.tidspunkt)}, {n.brukernavn}": n.kommentar for n in notater}
    pdf = sammendrag_pdf(f"INTERNT – interne notater, ikke til søker: {tittel}", innhold)
    return [Journalpost(tittel=f"INTERNT: Interne notater {tittel}", journalposttype=INTERNT,
                        journaldato=dato_i_oslo(notater[-1].tidspunkt),
                        dokumenter=(_egen_pdf(_filnavn(nummer, "INTERNT Interne notater.pdf"),
                                              pdf, "INTERNT: Interne notater"),),
                        opprettet=notater[0].tidspunkt,
                        opprettet_av=notater[0].brukernavn)]  # fmt: skip


def _vedleggsposter(miljo: Saksmiljo, subjekt: object, *, start: int) -> list[Journalpost]:
    if not isinstance(subjekt, Soknad):
        return []
    mappe = miljo.innstillinger.data_dir / miljo.innstillinger.vedlegg.mappe
    poster = []
    lagret = sorted((v for v in subjekt.vedlegg if v.lagret_som), key=lambda v: v.lastet_opp)
    for nummer, vedlegg in enumerate(lagret, start):
        try:
            innhold = (mappe / vedlegg.lagret_som).read_bytes()
        except OSError:
            raise Regelbrudd(f"Vedlegget «{vedlegg.filnavn}» mangler på disken; uttrekket er "
                             "ikke laget. Hent filen fra sikkerhetskopien.") from None  # fmt: skip
        poster.append(Journalpost(
            tittel=vedlegg.filnavn, journalposttype=INNGAAENDE,
            journaldato=dato_i_oslo(vedlegg.lastet_opp),
            dokumenter=(Dokumentfil(_filnavn(nummer, vedlegg.filnavn), innhold, vedlegg.filnavn,
                                    format=Path(vedlegg.filnavn).suffix.lstrip(".").upper()
                                    or "PDF"),),
            opprettet=vedlegg.lastet_opp, opprettet_av=SEKRETARIATET,
        ))  # fmt: skip
    return poster


def _referatpost(
    session: Session,
    miljo: Saksmiljo,
    hf: Helsefellesskap,
    sak: WorkflowCase,
    mote: Mote,
    nummer: int,
) -> Journalpost:
    assert mote.publisert is not None
    referat = motepapirfil(session, miljo, hf, sak, mote, "referat", "pdf").innhold
    return Journalpost(tittel=f"Referat {sak.tittel}", journalposttype=UTGAAENDE,
                       journaldato=dato_i_oslo(mote.publisert),
                       dokumenter=(_egen_pdf(_filnavn(nummer, "Referat.pdf"), referat,
                                             f"Referat {sak.tittel}"),),
                       opprettet=mote.publisert, opprettet_av=SEKRETARIATET)  # fmt: skip


def _historikk(
    session: Session,
    aktor: Bruker,
    objekt_type: str,
    objekt_id: int,
    tilstandsnavn: object = None,
) -> Iterable[Merknad]:
    """The audit trail as merknader: when, who, what; an internal note marked as one."""
    for rad in session.exec(_revisjonsrader(aktor, objekt_type, objekt_id)):
        tekst = rad.hendelse.replace("_", " ")
        if rad.hendelse == INTERNT_NOTAT:
            tekst = INTERN_MERKNAD
        if rad.fra_tilstand or rad.til_tilstand:
            tekst += f": {rad.fra_tilstand or '–'} → {rad.til_tilstand or '–'}"
        if rad.kommentar:
            tekst += f". {rad.kommentar}"
        yield Merknad(tekst=tekst, dato=rad.tidspunkt, registrert_av=rad.brukernavn)


def _revisjonsrader(aktor: Bruker, objekt_type: str, objekt_id: int) -> Any:
    return (
        select(AuditEntry)
        .where(AuditEntry.helsefellesskap_id == aktor.helsefellesskap_id)
        .where(AuditEntry.objekt_type == objekt_type, AuditEntry.objekt_id == objekt_id)
        .order_by(col(AuditEntry.id))
    )


def _oppretter(session: Session, objekt_type: str, objekt_id: int) -> str:
    forste = session.exec(
        select(AuditEntry.brukernavn)
        .where(AuditEntry.objekt_type == objekt_type, AuditEntry.objekt_id == objekt_id)
        .order_by(col(AuditEntry.id))
    ).first()
    return forste or SEKRETARIATET


def _pakk(
    hf: Helsefellesskap, miljo: Saksmiljo, mappe: Saksmappe, naa: datetime, arkivdel: str
) -> bytes:
    uttrekk = Uttrekk(arkivskaper=hf.navn, system="tilskudd-flow",
                      arkivtittel=f"{hf.navn} – saksarkiv", arkivdeltittel=arkivdel,
                      mapper=(mappe,), laget=naa)  # fmt: skip
    with tempfile.TemporaryDirectory(dir=miljo.innstillinger.data_dir) as midlertidig:
        rot = skriv_uttrekk(uttrekk, Path(midlertidig) / "uttrekk")
        feil = valider_uttrekk(rot)
        if feil:  # a defect of ours, never the user's: say what is wrong rather than ship it
            raise RuntimeError("Arkivuttrekket er ugyldig: " + "; ".join(feil[:5]))
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as arkiv:
            for fil in sorted(rot.rglob("*")):
                if fil.is_file():
                    arkiv.write(fil, fil.relative_to(rot).as_posix())
        return buffer.getvalue()


def _filnavn(nummer: int, navn: str) -> str:
    return f"{nummer:03d} {trygt_filnavn(navn)}"


def _krev_sekretariat(aktor: Bruker) -> None:
    if not aktor.rollesett & {Rolle.SEKRETARIAT, Rolle.ADMIN}:
        raise IkkeTillatt("Bare sekretariatet kan ta arkivuttrekk")


def _hf(session: Session, aktor: Bruker) -> Helsefellesskap:
    hf = session.get(Helsefellesskap, aktor.helsefellesskap_id)
    assert hf is not None
    return hf


def _egen_pdf(filnavn: str, innhold: bytes, tittel: str) -> Dokumentfil:
    """A PDF the app made itself: PDF/A-2u, and declared so to the archive."""
    return Dokumentfil(filnavn, innhold, tittel, format=NOARK_FORMAT)
