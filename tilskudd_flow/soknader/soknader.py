"""Register a søknad from the applicants' file and, unless it is a draft, send it in."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import datetime
from pathlib import Path

from sqlmodel import Session, select

from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.config import Innstillinger
from tilskudd_flow.domain.feil import IkkeTillatt, Regelbrudd, UgyldigFelt
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
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.overganger import Hendelseskommando, anvend_hendelse
from tilskudd_flow.motor.saker import last_sak, opprett_sak, partoppslag
from tilskudd_flow.motor.tilgang import hent_aktor
from tilskudd_flow.motor.vedlegg import Opplasting, fjern_filer, lagre_vedlegg
from tilskudd_flow.soknader.runder import hent_runde
from tilskudd_flow.soknader.soknadsfil import Soknadsfil
from workflows import rs_soknad

ARBEIDSFLYT = rs_soknad.NAVN


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
    vedlegg: list[Vedlegg] = []
    try:
        with uow:
            aktor = hent_aktor(uow.session, brukernavn)
            _lagre_vedlegg(fil, vedleggsmappe, miljo.innstillinger, miljo.klokke.now(), vedlegg)
            sak_id = registrer_soknad(uow.session, miljo, aktor, fil, vedlegg)
            if not utkast:
                kommando = Hendelseskommando(sak_id, rs_soknad.Hendelse.SEND_INN)
                anvend_hendelse(kommando, uow=uow, miljo=miljo, aktor=aktor)
            uow.commit()
    except BaseException:
        fjern_filer(vedlegg, miljo.innstillinger)  # no søknad refers to them
        raise
    return sak_id


def lagre_soknad(
    fil: Soknadsfil,
    *,
    sak_id: int | None,
    vedlegg: list[Vedlegg],
    send_inn: bool,
    uow: UnitOfWork,
    miljo: Saksmiljo,
    brukernavn: str,
) -> int:
    """The web form: create or update the draft, and send it in if asked — one transaction."""
    with uow:
        aktor = hent_aktor(uow.session, brukernavn)
        if sak_id is None:
            sak_id = registrer_soknad(uow.session, miljo, aktor, fil, vedlegg)
        else:
            oppdater_soknad(uow.session, miljo, aktor, sak_id, fil, vedlegg)
        if send_inn:
            tilstand = last_sak(uow.session, miljo.register, aktor, sak_id).sak.state
            mangelfull = tilstand == rs_soknad.Tilstand.MANGELFULL
            hendelse = rs_soknad.Hendelse.KOMPLETTERT if mangelfull else rs_soknad.Hendelse.SEND_INN
            anvend_hendelse(Hendelseskommando(sak_id, hendelse), uow=uow, miljo=miljo, aktor=aktor)
            _glem_skjemautkast(uow.session, sak_id)
        uow.commit()
    return sak_id


def _glem_skjemautkast(session: Session, sak_id: int) -> None:
    """Sent in: the stored columns are now the søknad, the form's draft values are spent."""
    soknad = session.get(Soknad, sak_id)
    if soknad is not None:
        soknad.skjemautkast = ""


def registrer_soknad(
    session: Session, miljo: Saksmiljo, aktor: Bruker, fil: Soknadsfil, vedlegg: list[Vedlegg]
) -> int:
    """Build the søknad and its rows as an utkast case."""
    runde = hent_runde(session, aktor.helsefellesskap_id, fil.runde)
    soknad = Soknad(runde_id=runde.id, prosjektnavn=fil.prosjektnavn, prosjekteiere="")
    _fyll(session, aktor, soknad, fil)
    soknad.vedlegg = vedlegg
    flyt = miljo.register.hent(ARBEIDSFLYT)
    sak = opprett_sak(
        session, miljo, aktor=aktor, flyt=flyt, tittel=fil.prosjektnavn, subjekt=soknad
    )
    assert sak.id is not None
    return sak.id


def oppdater_soknad(
    session: Session,
    miljo: Saksmiljo,
    aktor: Bruker,
    sak_id: int,
    fil: Soknadsfil,
    nye_vedlegg: list[Vedlegg],
) -> None:
    """Replace a draft's (or a returned søknad's) content; the audit row says who."""
    lastet = last_sak(session, miljo.register, aktor, sak_id)
    if lastet.flyt.navn != ARBEIDSFLYT or lastet.sak.state not in rs_soknad.REDIGERBAR:
        raise Regelbrudd("Søknaden kan bare endres som utkast eller når den er returnert")
    soknad: Soknad = lastet.subjekt
    # Old rows go first: the unit of work would otherwise insert the new ones before it
    # deletes the old, and (søknad, year) is unique.
    for samling in (soknad.parter, soknad.kontakter, soknad.belop, soknad.nytterader,
                    soknad.milepaeler):  # fmt: skip
        samling.clear()
    session.flush()
    _fyll(session, aktor, soknad, fil)
    soknad.vedlegg.extend(nye_vedlegg)
    lastet.sak.tittel = fil.prosjektnavn
    lastet.sak.endret = miljo.klokke.now()
    skriv_audit(session, helsefellesskap_id=lastet.sak.helsefellesskap_id,
                tidspunkt=miljo.klokke.now(), bruker=aktor, objekt_type=ARBEIDSFLYT,
                objekt_id=sak_id, hendelse="endret",
                detaljer={"nye_vedlegg": [v.filnavn for v in nye_vedlegg]})  # fmt: skip


def _fyll(session: Session, aktor: Bruker, soknad: Soknad, fil: Soknadsfil) -> None:
    """Every field of the form, from the validated input."""
    hf_id = aktor.helsefellesskap_id
    parter = _parter(session, hf_id, fil)
    representerer = bool({p.part_id for p in parter} & aktor.part_ider)
    if not representerer and not aktor.rollesett & {Rolle.SEKRETARIAT, Rolle.ADMIN}:
        raise IkkeTillatt(f"{aktor.brukernavn} representerer ingen av partene i søknaden")
    soknad.prosjektnavn = fil.prosjektnavn
    soknad.prosjekteiere = fil.prosjekteiere
    soknad.signert_avtale_dato = fil.signert_avtale_dato
    soknad.signert_avtale_tekst = fil.signert_avtale
    soknad.beskrivelse, soknad.nytte, soknad.formaal = fil.beskrivelse, fil.nytte, fil.formaal
    soknad.budsjett_bruk = fil.budsjett.hva_midlene_skal_brukes_til
    soknad.kommune_ressurser = fil.budsjett.kommunens_ressurser
    soknad.helseforetak_ressurser = fil.budsjett.helseforetakets_ressurser
    soknad.finansieringsplan = fil.budsjett.finansieringsplan
    soknad.sokt_tekst = fil.budsjett.sokt
    soknad.pasientansvar = fil.pasientansvar
    soknad.digitale_losninger = fil.digitale_losninger
    soknad.prosjektplan, soknad.involvering = fil.prosjektplan, fil.involvering
    soknad.parter = parter
    soknad.kontakter = _kontakter(session, hf_id, fil)
    soknad.belop = _belop(fil)
    soknad.nytterader = [
        NytteRad(rekkefolge=i, **r.model_dump()) for i, r in enumerate(fil.nyttetabell)
    ]
    soknad.milepaeler = _milepaeler(fil)


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


def _lagre_vedlegg(
    fil: Soknadsfil, mappe: Path, innstillinger: Innstillinger, naa: datetime, lagret: list[Vedlegg]
) -> None:
    """The files a søknad file names, checked and stored like uploads from the web form,
    each added to `lagret` as soon as it is on disk (so a failure can remove them)."""
    for i, rad in enumerate(fil.vedlegg):
        felt = f"vedlegg[{i}].fil"
        sti = (mappe / rad.fil).resolve()
        if not sti.is_file():
            raise UgyldigFelt(felt, f"finner ikke filen {rad.fil}")
        opplasting = Opplasting(felt, sti.name, sti.read_bytes(), rad.type)
        lagret.append(lagre_vedlegg(opplasting, innstillinger, naa))
