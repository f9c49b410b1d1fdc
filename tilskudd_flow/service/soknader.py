"""Register a søknad from the applicants' file and, unless it is a draft, send it in."""

from __future__ import annotations

import hashlib
import mimetypes
from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, select

from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.domain.feil import IkkeTillatt, UgyldigFelt
from tilskudd_flow.domain.kodeverk import PartRolle, PartType, Rolle
from tilskudd_flow.models.soknad import (
    Milepael,
    NytteRad,
    Soknad,
    SoknadBelop,
    SoknadKontakt,
    SoknadPart,
    Vedlegg,
)
from tilskudd_flow.models.tenancy import Bruker, Part, Person
from tilskudd_flow.service.miljo import Saksmiljo
from tilskudd_flow.service.overganger import Hendelseskommando, anvend_hendelse
from tilskudd_flow.service.runder import hent_runde
from tilskudd_flow.service.saker import opprett_sak, partoppslag
from tilskudd_flow.service.soknadsfil import Soknadsfil
from tilskudd_flow.service.tilgang import hent_aktor

ARBEIDSFLYT = "rs_soknad"


def send_inn_soknad(
    fil: Soknadsfil,
    *,
    vedleggsmappe: Path,
    uow: UnitOfWork,
    miljo: Saksmiljo,
    brukernavn: str,
    utkast: bool = False,
) -> int:
    """Create the søknad (and send it in) in one transaction; returns the case id."""
    with uow:
        aktor = hent_aktor(uow.session, brukernavn)
        sak_id = registrer_soknad(uow.session, miljo, aktor, fil, vedleggsmappe)
        if not utkast:
            anvend_hendelse(
                Hendelseskommando(sak_id, "send_inn"), uow=uow, miljo=miljo, aktor=aktor
            )
        uow.commit()
    return sak_id


def registrer_soknad(
    session: Session, miljo: Saksmiljo, aktor: Bruker, fil: Soknadsfil, vedleggsmappe: Path
) -> int:
    """Build the søknad and its rows as an utkast case."""
    hf_id = aktor.helsefellesskap_id
    parter = _parter(session, hf_id, fil)
    representerer = bool({p.part_id for p in parter} & aktor.part_ider)
    if not representerer and not aktor.rollesett & {Rolle.SEKRETARIAT, Rolle.ADMIN}:
        raise IkkeTillatt(f"{aktor.brukernavn} representerer ingen av partene i søknaden")
    naa = miljo.klokke.now()
    soknad = Soknad(
        runde_id=hent_runde(session, hf_id, fil.runde).id,
        prosjektnavn=fil.prosjektnavn,
        prosjekteiere=fil.prosjekteiere,
        signert_avtale_dato=fil.signert_avtale_dato,
        signert_avtale_tekst=fil.signert_avtale,
        beskrivelse=fil.beskrivelse,
        nytte=fil.nytte,
        formaal=fil.formaal,
        budsjett_bruk=fil.budsjett.hva_midlene_skal_brukes_til,
        kommune_ressurser=fil.budsjett.kommunens_ressurser,
        helseforetak_ressurser=fil.budsjett.helseforetakets_ressurser,
        finansieringsplan=fil.budsjett.finansieringsplan,
        sokt_tekst=fil.budsjett.sokt,
        pasientansvar=fil.pasientansvar,
        digitale_losninger=fil.digitale_losninger,
        prosjektplan=fil.prosjektplan,
        involvering=fil.involvering,
        parter=parter,
        kontakter=_kontakter(session, hf_id, fil),
        belop=_belop(fil),
        nytterader=[
            NytteRad(rekkefolge=i, **r.model_dump()) for i, r in enumerate(fil.nyttetabell)
        ],
        milepaeler=_milepaeler(fil),
        vedlegg=_vedlegg(fil, vedleggsmappe, naa),
    )
    flyt = miljo.register.hent(ARBEIDSFLYT)
    sak = opprett_sak(
        session, miljo, aktor=aktor, flyt=flyt, tittel=fil.prosjektnavn, subjekt=soknad
    )
    assert sak.id is not None
    return sak.id


def _parter(session: Session, hf_id: int, fil: Soknadsfil) -> list[SoknadPart]:
    finn = partoppslag(session, hf_id)
    parter: dict[int, SoknadPart] = {}
    grupper: Iterable[tuple[str, list[str], PartType, PartRolle]] = (
        ("kommuner", fil.kommuner, PartType.KOMMUNE, PartRolle.EIER),
        (
            "helseforetak",
            [fil.helseforetak] if fil.helseforetak else [],
            PartType.HELSEFORETAK,
            PartRolle.EIER,
        ),
        ("stotter", fil.stotter, PartType.KOMMUNE, PartRolle.STOTTER),
    )
    for feltnavn, navn, type_, rolle in grupper:
        for i, tekst in enumerate(navn):
            part = _part(finn, tekst, type_, f"{feltnavn}[{i}]")
            parter.setdefault(part.id or 0, SoknadPart(part_id=part.id, part=part, rolle=rolle))
    return list(parter.values())


def _part(finn: Callable[[str], Part | None], tekst: str, type_: PartType, feltnavn: str) -> Part:
    part = finn(tekst)
    if part is None or part.type != type_:
        raise UgyldigFelt(feltnavn, f"finner ingen {type_.visning.lower()} «{tekst}»")
    return part


def _kontakter(session: Session, hf_id: int, fil: Soknadsfil) -> list[SoknadKontakt]:
    kontakter = []
    for kontakt in fil.kontaktpersoner:
        person = session.exec(
            select(Person).where(Person.helsefellesskap_id == hf_id, Person.epost == kontakt.epost)
        ).first() or Person(
            helsefellesskap_id=hf_id,
            navn=kontakt.navn,
            tittel=kontakt.tittel,
            organisasjon=kontakt.organisasjon,
            epost=kontakt.epost,
        )
        kontakter.append(SoknadKontakt(person=person, side=kontakt.side))
    return kontakter


def _belop(fil: Soknadsfil) -> list[SoknadBelop]:
    return [
        SoknadBelop(aar=aar, ore=belop.ore, tekst=belop.tekst, omtrentlig=belop.omtrentlig)
        for aar, belop in sorted(fil.budsjett.belop_per_aar().items())
    ]


def _milepaeler(fil: Soknadsfil) -> list[Milepael]:
    return [
        Milepael(
            rekkefolge=i,
            beskrivelse=rad.beskrivelse,
            type=rad.type,
            tid_tekst=rad.tid,
            start=rad.periode.start,
            slutt=rad.periode.slutt,
            presisjon=rad.periode.presisjon.value,
        )
        for i, rad in enumerate(fil.milepaeler)
    ]


def _vedlegg(fil: Soknadsfil, mappe: Path, naa: datetime) -> list[Vedlegg]:
    vedlegg = []
    for i, rad in enumerate(fil.vedlegg):
        sti = (mappe / rad.fil).resolve()
        if not sti.is_file():
            raise UgyldigFelt(f"vedlegg[{i}].fil", f"finner ikke filen {rad.fil}")
        innhold = sti.read_bytes()
        vedlegg.append(
            Vedlegg(
                type=rad.type,
                filnavn=sti.name,
                innholdstype=mimetypes.guess_type(sti.name)[0] or "application/octet-stream",
                storrelse=len(innhold),
                sha256=hashlib.sha256(innhold).hexdigest(),
                lastet_opp=naa,
            )
        )
    return vedlegg
