"""The package for Helse Nord's tildelingsutvalg, built and sent in one action.

SSU's adopted list decides what goes: the søknader prioritert for the regional list (alone
or together with the local pot), in SSU's order. One action writes the ranked list as PDF
and XLSX and every application with its attachments as a ZIP into the data folder, moves
each søknad to oversendt Helse Nord, and queues the covering e-mail, with the package
attached or as a link that expires (config.toml [oversending]); the case moves, the audit
rows and the e-mail are one transaction, and the files are on disk before it commits.
"""

from __future__ import annotations

import hashlib
import secrets
import shutil
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlmodel import Session, col, select

from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.dokumenter.oversendelsespakke import (
    Fil,
    Listehode,
    Listerad,
    rangert_liste_pdf,
    rangert_liste_xlsx,
    sammendrag_pdf,
    trygt_filnavn,
    zip_av,
)
from tilskudd_flow.domain.amounts import formater_kroner
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflyt
from tilskudd_flow.domain.feil import IkkeFunnet, Regelbrudd
from tilskudd_flow.domain.kodeverk import PartType, Prioritering, Rolle
from tilskudd_flow.domain.tid import norsk_tidspunkt
from tilskudd_flow.kontoer.innlogging import hash_av_token
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.soknad import Oversendelsespakke, Prioriteringsliste, Soknad
from tilskudd_flow.models.tenancy import Bruker, Helsefellesskap
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.overganger import Hendelseskommando, anvend_hendelse
from tilskudd_flow.motor.tilgang import hent_aktor, krev_rolle
from tilskudd_flow.motor.utboks import koe_epost, legg_ved
from tilskudd_flow.motor.vedlegg import skriv_varig
from tilskudd_flow.soknader.prioriteringsmote import gjeldende_liste, lokale_belop
from tilskudd_flow.soknader.runder import hent_runde
from workflows import rs_soknad
from workflows.rs_soknad import OVERSENDELSESPAKKE

LISTE_PDF = "rangert-liste.pdf"
LISTE_XLSX = "rangert-liste.xlsx"
SOKNADER_ZIP = "soknader.zip"
FILER = {
    LISTE_PDF: "application/pdf",
    LISTE_XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    SOKNADER_ZIP: "application/zip",
}


@dataclass(frozen=True)
class Pakke:
    id: int
    aar: int
    laget: datetime
    laget_av: str
    antall_soknader: int
    lenke_utloper: datetime | None
    mottakere: list[str]


def send_til_helse_nord(aar: int, *, uow: UnitOfWork, miljo: Saksmiljo, brukernavn: str) -> Pakke:
    """Build the round's package from SSU's adopted list, forward the søknader, send it."""
    with uow:
        aktor = hent_aktor(uow.session, brukernavn)
        krev_rolle(aktor, Rolle.SEKRETARIAT)
        runde = hent_runde(uow.session, aktor.helsefellesskap_id, aar)
        liste = _vedtatt_liste(runde.aar, gjeldende_liste(uow.session, runde))
        flyt = miljo.register.hent(rs_soknad.NAVN)
        plasser = _til_helse_nord(uow.session, liste)
        hf = uow.session.get(Helsefellesskap, aktor.helsefellesskap_id)
        assert hf is not None and runde.id is not None
        naa = miljo.klokke.now()
        hode = Listehode(hf.navn, aar, liste.vedtak, naa)
        rader = _listerader(flyt, plasser, lokale_belop(liste))
        mappe = _mappe(miljo, hf, aar, naa)
        filer = _filer(miljo, flyt, hode, rader, [s for s, _ in plasser])
        try:
            pakke = _lagre(uow.session, miljo, aktor, runde.id, mappe, filer, naa, len(rader))
            token = _lenke(pakke, miljo, naa)
            for soknad, _ in plasser:
                assert soknad.case_id is not None
                kommando = Hendelseskommando(
                    soknad.case_id, rs_soknad.Hendelse.OVERSEND, kommentar=liste.vedtak
                )
                anvend_hendelse(kommando, uow=uow, miljo=miljo, aktor=aktor)
            mottakere = _send(uow.session, miljo, hf, pakke, rader, hode, token, naa)
            assert pakke.id is not None
            skriv_audit(uow.session, helsefellesskap_id=hf.id or 0, tidspunkt=naa, bruker=aktor,
                        objekt_type="oversendelsespakke", objekt_id=pakke.id,
                        hendelse="oversendelsespakke_sendt",
                        detaljer={"aar": aar, "soknader": [r.referanse for r in rader],
                                  "til": mottakere, "som": miljo.innstillinger.oversending.som,
                                  "zip_sha256": pakke.zip_sha256})  # fmt: skip
            uow.commit()
        except BaseException:
            shutil.rmtree(miljo.innstillinger.data_dir / mappe, ignore_errors=True)
            raise
    return Pakke(pakke.id, aar, naa, aktor.brukernavn, len(rader), pakke.lenke_utloper, mottakere)


def pakker(session: Session, aktor: Bruker, aar: int) -> list[Pakke]:
    """The packages sent for a round, newest first (one, unless the sekretariat sent again)."""
    runde = hent_runde(session, aktor.helsefellesskap_id, aar)
    rader = session.exec(
        select(Oversendelsespakke)
        .where(Oversendelsespakke.runde_id == runde.id)
        .order_by(col(Oversendelsespakke.laget).desc())
    )
    return [Pakke(p.id or 0, aar, p.laget, p.laget_av, p.antall_soknader, p.lenke_utloper, [])
            for p in rader]  # fmt: skip


def pakkefil(session: Session, miljo: Saksmiljo, aktor: Bruker, pakke_id: int, navn: str) -> Path:
    """One file of a package, for those who may follow SSU's list."""
    pakke = session.get(Oversendelsespakke, pakke_id)
    if pakke is None or pakke.helsefellesskap_id != aktor.helsefellesskap_id or navn not in FILER:
        raise IkkeFunnet("Finner ikke filen")
    return _sti(miljo, pakke, navn)


def pakke_fra_lenke(session: Session, miljo: Saksmiljo, token: str) -> Path:
    """The ZIP behind a link in the covering e-mail, while the link lasts."""
    if not token or not token.isascii():
        raise IkkeFunnet("Lenken er ugyldig")
    pakke = session.exec(
        select(Oversendelsespakke).where(Oversendelsespakke.lenke_hash == hash_av_token(token))
    ).first()
    if pakke is None:
        raise IkkeFunnet("Lenken er ugyldig")
    if pakke.lenke_utloper is None or miljo.klokke.now() > pakke.lenke_utloper:
        raise Regelbrudd(
            "Lenken er utløpt. Be samhandlingssekretariatet om å sende søknadspakken på nytt."
        )
    return _sti(miljo, pakke, SOKNADER_ZIP)


def _mappe(miljo: Saksmiljo, hf: Helsefellesskap, aar: int, naa: datetime) -> Path:
    """Relative to the data folder; one per package, so sending again never overwrites."""
    return (
        Path(miljo.innstillinger.oversending.mappe) / hf.kode / str(aar) / f"{naa:%Y%m%dT%H%M%S%f}"
    )


def _vedtatt_liste(aar: int, liste: Prioriteringsliste | None) -> Prioriteringsliste:
    if liste is None or liste.vedtatt is None:
        raise Regelbrudd(f"SSU har ikke vedtatt prioriteringslisten for {aar} ennå")
    return liste


def _til_helse_nord(
    session: Session, liste: Prioriteringsliste
) -> list[tuple[Soknad, Prioritering]]:
    """The regional (or both) søknader still prioritert, in SSU's order."""
    plasser: list[tuple[Soknad, Prioritering]] = []
    for plass in sorted(liste.plasser, key=lambda p: p.plass):
        if plass.prioritering == Prioritering.LOKAL:
            continue
        sak = session.get(WorkflowCase, plass.soknad_id)
        if sak is not None and sak.state == rs_soknad.Tilstand.PRIORITERT:
            plasser.append((plass.soknad, plass.prioritering))
    if not plasser:
        raise Regelbrudd(
            "Ingen søknader venter på oversending: de som står på SSUs regionale liste, er "
            "allerede sendt eller trukket"
        )
    return plasser


def _listerader(
    flyt: Arbeidsflyt,
    plasser: list[tuple[Soknad, Prioritering]],
    lokalt: dict[int, dict[int, int]],
) -> list[Listerad]:
    rader = []
    for rang, (soknad, prioritering) in enumerate(plasser, start=1):
        assert soknad.case_id is not None
        kommuner = [p.part.navn for p in soknad.parter
                    if p.part.type == PartType.KOMMUNE]  # fmt: skip
        ordning = ("regional liste" if prioritering == Prioritering.REGIONAL
                   else "regional liste og lokal pott")  # fmt: skip
        rader.append(Listerad(rang=rang, referanse=flyt.referanse(soknad.case_id),
                              prosjektnavn=soknad.prosjektnavn,
                              prosjekteiere=soknad.prosjekteiere,
                              kommuner=", ".join(kommuner), ordning=ordning,
                              sokt_per_aar={b.aar: b.ore for b in soknad.belop},
                              lokalt_per_aar=lokalt.get(soknad.case_id, {}),
                              totalkostnad=soknad.totalkostnad_ore))  # fmt: skip
    return rader


def _filer(
    miljo: Saksmiljo,
    flyt: Arbeidsflyt,
    hode: Listehode,
    rader: list[Listerad],
    soknader: list[Soknad],
) -> dict[str, bytes]:
    pdf, xlsx = rangert_liste_pdf(hode, rader), rangert_liste_xlsx(hode, rader)
    innhold = [Fil(LISTE_PDF, pdf), Fil(LISTE_XLSX, xlsx)]
    vedleggsmappe = miljo.innstillinger.data_dir / miljo.innstillinger.vedlegg.mappe
    for rad, soknad in zip(rader, soknader, strict=True):
        katalog = f"{rad.rang:02d} {rad.referanse} {trygt_filnavn(rad.prosjektnavn)}"
        felt = flyt.sammendrag(soknad, False) if flyt.sammendrag else {}
        skjema = sammendrag_pdf(f"{rad.referanse} {rad.prosjektnavn}", felt)
        innhold.append(Fil(f"{katalog}/søknad.pdf", skjema))
        for nr, vedlegg in enumerate(sorted(soknad.vedlegg, key=lambda v: v.lastet_opp), start=1):
            try:
                fil = (vedleggsmappe / vedlegg.lagret_som).read_bytes()
            except OSError:
                raise Regelbrudd(
                    f"Vedlegget «{vedlegg.filnavn}» til {rad.referanse} mangler på disken; "
                    "pakken er ikke laget. Last opp vedlegget på nytt, eller hent det fra "
                    "sikkerhetskopien."
                ) from None
            innhold.append(Fil(f"{katalog}/vedlegg/{nr:02d} {trygt_filnavn(vedlegg.filnavn)}", fil))
    return {LISTE_PDF: pdf, LISTE_XLSX: xlsx, SOKNADER_ZIP: zip_av(innhold)}


def _lagre(
    session: Session,
    miljo: Saksmiljo,
    aktor: Bruker,
    runde_id: int,
    mappe: Path,
    filer: dict[str, bytes],
    naa: datetime,
    antall: int,
) -> Oversendelsespakke:
    (miljo.innstillinger.data_dir / mappe).mkdir(parents=True)
    for navn, innhold in filer.items():
        skriv_varig(miljo.innstillinger.data_dir / mappe / navn, innhold)
    pakke = Oversendelsespakke(helsefellesskap_id=aktor.helsefellesskap_id, runde_id=runde_id,
                               laget=naa, laget_av=aktor.brukernavn, mappe=str(mappe),
                               zip_sha256=hashlib.sha256(filer[SOKNADER_ZIP]).hexdigest(),
                               antall_soknader=antall)  # fmt: skip
    session.add(pakke)
    session.flush()
    return pakke


def _lenke(pakke: Oversendelsespakke, miljo: Saksmiljo, naa: datetime) -> str:
    if miljo.innstillinger.oversending.som != "lenke":
        return ""
    token = secrets.token_urlsafe(32)
    pakke.lenke_hash = hash_av_token(token)
    pakke.lenke_utloper = naa + timedelta(days=miljo.innstillinger.oversending.lenke_dager)
    return token


def _send(
    session: Session,
    miljo: Saksmiljo,
    hf: Helsefellesskap,
    pakke: Oversendelsespakke,
    rader: list[Listerad],
    hode: Listehode,
    token: str,
    naa: datetime,
) -> list[str]:
    valg = miljo.innstillinger.helsefellesskap_innstillinger(hf.kode)
    base = miljo.innstillinger.base_url.rstrip("/")
    kontekst = {
        "helsefellesskap": hf.navn,
        "aar": hode.aar,
        "vedtak": hode.vedtak,
        "soknader": [
            {
                "rang": r.rang,
                "referanse": r.referanse,
                "prosjektnavn": r.prosjektnavn,
                "sokt": formater_kroner(r.sokt_totalt),
            }
            for r in rader
        ],
        "lenke": f"{base}/pakke/{token}" if token else "",
        "lenketekst": "Last ned søknadspakken (ZIP)",
        "utloper": norsk_tidspunkt(pakke.lenke_utloper) if pakke.lenke_utloper else "",
        "kopi": valg.mottakere.get("sekretariat", []),
    }
    meldinger = koe_epost(session, miljo, OVERSENDELSESPAKKE, helsefellesskap_id=hf.id or 0,
                          kontekst=kontekst, naa=naa)  # fmt: skip
    if not meldinger:
        raise Regelbrudd(
            "Ingen mottaker hos Helse Nord er satt opp (mottakere.helse_nord i config.toml)"
        )
    if not token:
        legg_ved(meldinger, [(navn, mime, str(Path(pakke.mappe) / navn))
                             for navn, mime in FILER.items()])  # fmt: skip
    return [m.til_adresse for m in meldinger]


def _sti(miljo: Saksmiljo, pakke: Oversendelsespakke, navn: str) -> Path:
    sti = miljo.innstillinger.data_dir / pakke.mappe / navn
    if not sti.is_file():
        raise IkkeFunnet(f"Filen {navn} mangler på disken")
    return sti
