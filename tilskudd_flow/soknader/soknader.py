"""Register a søknad from the applicants' file and, unless it is a draft, send it in."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from pathlib import Path, PurePosixPath

from sqlmodel import Session, select

from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.config import Innstillinger
from tilskudd_flow.domain.amounts import parse_belop
from tilskudd_flow.domain.feil import IkkeTillatt, Regelbrudd, UgyldigeFelt, UgyldigFelt
from tilskudd_flow.domain.kodeverk import PartRolle, PartType, Rolle
from tilskudd_flow.models.soknad import (
    BudsjettRad,
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
from tilskudd_flow.soknader.soknadsfil import Budsjett, Soknadsfil
from workflows import rs_soknad

ARBEIDSFLYT = rs_soknad.NAVN


# Where the bytes of the file a `vedlegg` row names come from: (field, name) → (name, bytes).
Filkilde = Callable[[str, str], tuple[str, bytes]]


@dataclass(frozen=True)
class Opplastet:
    """A file sent with the søknad (the API's multipart parts), named as the client sent it."""

    filnavn: str
    innhold: bytes


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
    kilde = partial(_fra_mappe, vedleggsmappe)
    return _registrer(fil, kilde, uow=uow, miljo=miljo, brukernavn=brukernavn, utkast=utkast)


def send_inn_med_opplastinger(
    fil: Soknadsfil,
    *,
    opplastinger: Sequence[Opplastet],
    uow: UnitOfWork,
    miljo: Saksmiljo,
    brukernavn: str,
    utkast: bool = False,
) -> int:
    """The same, with the files the søknad's `vedlegg` rows name uploaded beside it (by file
    name) instead of read from a folder; a file named and not sent, or sent and not named,
    is refused before anything is stored."""
    kilde = _fra_opplastinger(fil, opplastinger)
    return _registrer(fil, kilde, uow=uow, miljo=miljo, brukernavn=brukernavn, utkast=utkast)


def _registrer(
    fil: Soknadsfil,
    kilde: Filkilde,
    *,
    uow: UnitOfWork,
    miljo: Saksmiljo,
    brukernavn: str,
    utkast: bool,
) -> int:
    vedlegg: list[Vedlegg] = []
    try:
        with uow:
            aktor = hent_aktor(uow.session, brukernavn)
            _lagre_vedlegg(fil, kilde, miljo.innstillinger, miljo.klokke.now(), vedlegg)
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
            send_inn_saken(uow, miljo, aktor, sak_id)
        uow.commit()
    return sak_id


def send_inn_saken(uow: UnitOfWork, miljo: Saksmiljo, aktor: Bruker, sak_id: int) -> None:
    """Send the saved søknad in (a returned one: back in), in the caller's transaction."""
    tilstand = last_sak(uow.session, miljo.register, aktor, sak_id).sak.state
    mangelfull = tilstand == rs_soknad.Tilstand.MANGELFULL
    hendelse = rs_soknad.Hendelse.KOMPLETTERT if mangelfull else rs_soknad.Hendelse.SEND_INN
    anvend_hendelse(Hendelseskommando(sak_id, hendelse), uow=uow, miljo=miljo, aktor=aktor)
    _glem_skjemautkast(uow.session, sak_id)


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
    _fyll(session, miljo, aktor, soknad, fil)
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
                    soknad.milepaeler, soknad.budsjettlinjer):  # fmt: skip
        samling.clear()
    session.flush()
    _fyll(session, miljo, aktor, soknad, fil)
    soknad.vedlegg.extend(nye_vedlegg)
    lastet.sak.tittel = fil.prosjektnavn
    lastet.sak.endret = miljo.klokke.now()
    skriv_audit(session, helsefellesskap_id=lastet.sak.helsefellesskap_id,
                tidspunkt=miljo.klokke.now(), bruker=aktor, objekt_type=ARBEIDSFLYT,
                objekt_id=sak_id, hendelse="endret",
                detaljer={"nye_vedlegg": [v.filnavn for v in nye_vedlegg]})  # fmt: skip


def _fyll(
    session: Session, miljo: Saksmiljo, aktor: Bruker, soknad: Soknad, fil: Soknadsfil
) -> None:
    """Every field of the form, from the validated input."""
    hf_id = aktor.helsefellesskap_id
    parter = _parter(partoppslag(session, hf_id, miljo.innstillinger), fil)
    representerer = bool({p.part_id for p in parter} & aktor.part_ider)
    if not representerer and not aktor.rollesett & {Rolle.SEKRETARIAT, Rolle.ADMIN}:
        raise IkkeTillatt(f"{aktor.brukernavn} representerer ingen av partene i søknaden")
    soknad.prosjektnavn = fil.prosjektnavn
    soknad.prosjekteiere = fil.prosjekteiere
    soknad.signert_avtale_dato = fil.signert_avtale_dato
    soknad.signert_avtale_tekst = fil.signert_avtale
    soknad.beskrivelse, soknad.nytte, soknad.formaal = fil.beskrivelse, fil.nytte, fil.formaal
    fyll_budsjett(soknad, fil.budsjett)
    soknad.pasientansvar = fil.pasientansvar
    soknad.digitale_losninger = fil.digitale_losninger
    soknad.prosjektplan, soknad.involvering = fil.prosjektplan, fil.involvering
    soknad.parter = parter
    soknad.kontakter = _kontakter(session, hf_id, fil)
    soknad.nytterader = [
        NytteRad(rekkefolge=i, **r.model_dump()) for i, r in enumerate(fil.nyttetabell)
    ]
    soknad.milepaeler = _milepaeler(fil)


def _parter(finn: Callable[[str], Part | None], fil: Soknadsfil) -> list[SoknadPart]:
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
        kontakter.append(
            SoknadKontakt(
                person=person,
                side=kontakt.side,
                navn=kontakt.navn,
                tittel=kontakt.tittel,
                organisasjon=kontakt.organisasjon,
            )
        )
    return kontakter


def fyll_budsjett(soknad: Soknad, budsjett: Budsjett) -> None:
    """Field 11 (from a søknad file, the web form, the API or the start-up import): every
    sub-answer, the total cost in øre beside its text, the years and the budget lines."""
    soknad.budsjett_bruk = budsjett.hva_midlene_skal_brukes_til
    soknad.kommune_ressurser = budsjett.kommunens_ressurser
    soknad.helseforetak_ressurser = budsjett.helseforetakets_ressurser
    soknad.finansieringsplan = budsjett.finansieringsplan
    soknad.finansieringsplan_videreforing = budsjett.finansieringsplan_videreforing
    soknad.sokt_tekst = budsjett.sokt
    soknad.totalkostnad_tekst = budsjett.totalkostnad
    soknad.totalkostnad_ore = (
        parse_belop(budsjett.totalkostnad).total_ore if budsjett.totalkostnad else None
    )
    soknad.belop = _belop(budsjett)
    soknad.budsjettlinjer = [
        BudsjettRad(rekkefolge=i, kostnadspost=linje.kostnadspost, aar=linje.aar,
                    ore=linje.tolket.ore, tekst=linje.belop, prosjektaar=linje.prosjektaar)
        for i, linje in enumerate(budsjett.linjer)
    ]  # fmt: skip


def _belop(budsjett: Budsjett) -> list[SoknadBelop]:
    return [
        SoknadBelop(aar=aar, ore=belop.ore, tekst=belop.tekst, omtrentlig=belop.omtrentlig)
        for aar, belop in sorted(budsjett.belop_per_aar().items())
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
    fil: Soknadsfil,
    kilde: Filkilde,
    innstillinger: Innstillinger,
    naa: datetime,
    lagret: list[Vedlegg],
) -> None:
    """The files a søknad file names, checked and stored like uploads from the web form,
    each added to `lagret` as soon as it is on disk (so a failure can remove them)."""
    for i, rad in enumerate(fil.vedlegg):
        felt = f"vedlegg[{i}].fil"
        filnavn, innhold = kilde(felt, rad.fil)
        opplasting = Opplasting(felt, filnavn, innhold, rad.type)
        lagret.append(lagre_vedlegg(opplasting, innstillinger, naa))


def _fra_mappe(mappe: Path, felt: str, navn: str) -> tuple[str, bytes]:
    """A søknad file's attachments: paths relative to the folder it lies in."""
    sti = (mappe / navn).resolve()
    if not sti.is_file():
        raise UgyldigFelt(felt, f"finner ikke filen {navn}")
    return sti.name, sti.read_bytes()


def _fra_opplastinger(fil: Soknadsfil, opplastinger: Sequence[Opplastet]) -> Filkilde:
    """Uploaded files by name; a row's `fil` matches a file of the same name (a folder in
    it, as the søknad files have, is left out: clients send the bare name)."""
    if feil := opplastingsfeil(fil, opplastinger):
        raise UgyldigeFelt(feil)
    filer = {_filnavn(o.filnavn): o for o in opplastinger}

    def hent(_felt: str, navn: str) -> tuple[str, bytes]:
        opplastet = filer[_filnavn(navn)]
        return opplastet.filnavn, opplastet.innhold

    return hent


def opplastingsfeil(fil: Soknadsfil, opplastinger: Sequence[Opplastet]) -> dict[str, str]:
    """Every mismatch between the `vedlegg` rows and the uploaded files at once, each under
    its field: a row whose file was not sent, a file sent twice or sent and not named."""
    feil: dict[str, str] = {}
    navn = [_filnavn(o.filnavn) for o in opplastinger]
    navngitt = {_filnavn(rad.fil) for rad in fil.vedlegg}
    for i, rad in enumerate(fil.vedlegg):
        if _filnavn(rad.fil) not in navn:
            feil[f"vedlegg[{i}].fil"] = (
                f"filen «{rad.fil}» er ikke lastet opp; send den som en fildel «vedlegg» "
                "med samme filnavn"
            )
    for filnavn in sorted({n for n in navn if navn.count(n) > 1}):
        feil[f"vedlegg «{filnavn}»"] = "filen er lastet opp flere ganger; gi filene ulike navn"
    for filnavn in sorted(set(navn) - navngitt):
        feil[f"vedlegg «{filnavn}»"] = (
            "filen er lastet opp, men ikke nevnt i søknadens vedlegg "
            f'(legg til {{"type": …, "fil": "{filnavn}"}})'
        )
    return feil


def _filnavn(navn: str) -> str:
    return PurePosixPath(navn.replace("\\", "/")).name
