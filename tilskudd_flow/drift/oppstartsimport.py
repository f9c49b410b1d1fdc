"""Go-live: the parties, today's FSUs with their members, the avtaler with each party's
accession and the funded projects (oppstart_prosjekter), from one TOML file (format in
docs/oppstartsimport.md), in one transaction.

The same person named twice (two titles, two name forms) becomes one person, and the report
says what was merged. Importing the same file again changes nothing: FSUs are known by name,
avtaler by type and number, versions by number, members by person. An FSU imported without a
required representative is not refused — today's reality is what it is — and the FSU
overview warns about it for as long as it lasts.
"""

from __future__ import annotations

import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from enum import StrEnum
from functools import partial
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from sqlmodel import Session, col, func, select

from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.domain.datoer import Dato
from tilskudd_flow.domain.feil import UgyldigDokument
from tilskudd_flow.domain.kodeverk import (
    AvtaleType,
    FsuRolle,
    FsuType,
    PartType,
    Rolle,
    Side,
    Verv,
)
from tilskudd_flow.domain.personer import Personopplysning, samme_person, slaa_sammen
from tilskudd_flow.domain.tekst import Enlinje, Flerlinje
from tilskudd_flow.feilmeldinger import norske_feilmeldinger
from tilskudd_flow.models.avtale import Avtale, AvtalePart, AvtaleVersjon, Tiltredelse
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.fsu import Fsu, FsuMedlem
from tilskudd_flow.models.tenancy import Bruker, Part, Person
from tilskudd_flow.motor.aarshjul import sorg_for_saken
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.frister import Fristfabrikk
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.saker import opprett_sak, partoppslag
from tilskudd_flow.motor.tilgang import hent_aktor, krev_rolle
from tilskudd_flow.samarbeid.fsu import ARBEIDSFLYT as FSU_FLYT
from tilskudd_flow.soknader.oppstart_prosjekter import (
    Prosjektrad,
    Runderad,
    importer_prosjekt,
    importer_runde,
    kontaktlinjer,
)
from workflows import fsu_etablering
from workflows.fsu_etablering import brutte_roller, manglende_roller, paaminn_om_manglende_medlem


class FsuTilstand(StrEnum):
    """The states an FSU is imported in: appointed or later, never a mere proposal."""

    OPPNEVNT = fsu_etablering.Tilstand.OPPNEVNT
    MANDAT_VEDTATT = fsu_etablering.Tilstand.MANDAT_VEDTATT
    BEMANNET = fsu_etablering.Tilstand.BEMANNET
    KONSTITUERT = fsu_etablering.Tilstand.KONSTITUERT
    AKTIV = fsu_etablering.Tilstand.AKTIV
    AVSLUTTET = fsu_etablering.Tilstand.AVSLUTTET


class _Streng(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Medlemsrad(_Streng):
    navn: Enlinje = Field(min_length=1)
    epost: Enlinje = ""
    tittel: Enlinje = ""
    organisasjon: Enlinje = ""
    rolle: FsuRolle
    side: Side | None = None
    verv: Verv = Verv.MEDLEM

    def person(self) -> Personopplysning:
        return Personopplysning(self.navn, self.epost, self.tittel, self.organisasjon)


class Fsurad(_Streng):
    navn: Enlinje = Field(min_length=1)
    type: FsuType = FsuType.FAST
    tilstand: FsuTilstand = FsuTilstand.AKTIV
    oppnevnt: Enlinje = ""
    konstituert: Dato | None = None
    sist_rapportert: Dato | None = None
    avsluttet: Enlinje = ""
    mandat: Flerlinje = ""
    medlemmer: list[Medlemsrad] = Field(default_factory=list)


class Tiltredelsesrad(_Streng):
    part: Enlinje = Field(min_length=1)  # kommunenummer or name
    godkjent: Dato


class Avtalerad(_Streng):
    type: AvtaleType
    nummer: int | None = None
    tittel: Enlinje = Field(min_length=1)
    versjon: int = Field(default=1, ge=1)
    gyldig_fra: Dato
    vedtak: Enlinje = ""
    parter: list[Enlinje] = Field(default_factory=lambda: ["alle"])
    tiltredelser: list[Tiltredelsesrad] = Field(default_factory=list)


class Partrad(_Streng):
    navn: Enlinje = Field(min_length=1)
    type: PartType = PartType.KOMMUNE
    kommunenummer: str | None = Field(default=None, pattern=r"^\d{4}$")
    postmottak: Enlinje = Field(min_length=3)
    medlem: bool = True


class Oppstartsfil(_Streng):
    part: list[Partrad] = Field(default_factory=list)
    fsu: list[Fsurad] = Field(default_factory=list)
    avtale: list[Avtalerad] = Field(default_factory=list)
    runde: list[Runderad] = Field(default_factory=list)
    prosjekt: list[Prosjektrad] = Field(default_factory=list)


@dataclass
class Importrapport:
    opprettet: list[str] = field(default_factory=list)
    uendret: list[str] = field(default_factory=list)
    sammenslatt: list[str] = field(default_factory=list)
    advarsler: list[str] = field(default_factory=list)

    @property
    def endret(self) -> bool:
        return bool(self.opprettet)


def les_oppstartsfil(sti: Path) -> Oppstartsfil:
    try:
        innhold = tomllib.loads(sti.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UgyldigDokument(f"Finner ikke filen {sti}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as feil:
        raise UgyldigDokument(f"{sti.name} kan ikke leses: {feil}") from None
    try:
        return Oppstartsfil.model_validate(innhold)
    except ValidationError as feil:
        raise UgyldigDokument(f"{sti.name}: {'; '.join(norske_feilmeldinger(feil))}") from None


def importer(
    fil: Oppstartsfil,
    *,
    uow: UnitOfWork,
    miljo: Saksmiljo,
    brukernavn: str,
    provekjor: bool = False,
) -> Importrapport:
    """Everything in one transaction; `provekjor` reports without writing."""
    rapport = Importrapport()
    with uow:
        aktor = hent_aktor(uow.session, brukernavn)
        krev_rolle(aktor, Rolle.SEKRETARIAT)
        for part in fil.part:
            _part(uow.session, miljo, aktor, part, rapport)
        uow.session.flush()
        personer = _personer(uow.session, aktor, fil, rapport)
        for fsu in fil.fsu:
            _fsu(uow.session, miljo, aktor, fsu, personer, rapport)
        for avtale in fil.avtale:
            _avtale(uow.session, miljo, aktor, avtale, rapport)
        for runde in fil.runde:
            opprettet, uendret = importer_runde(uow.session, miljo, aktor, runde)
            rapport.opprettet += opprettet
            rapport.uendret += uendret
        for prosjekt in fil.prosjekt:
            opprettet, uendret, advarsler = importer_prosjekt(
                uow.session, miljo, aktor, prosjekt, partial(_valgt, personer)
            )
            rapport.opprettet += opprettet
            rapport.uendret += uendret
            rapport.advarsler += advarsler
        if rapport.endret:
            skriv_audit(uow.session, helsefellesskap_id=aktor.helsefellesskap_id,
                        tidspunkt=miljo.klokke.now(), bruker=aktor, objekt_type="oppstart",
                        objekt_id=0, hendelse="oppstartsimport",
                        detaljer={"opprettet": rapport.opprettet,
                                  "sammenslatt": rapport.sammenslatt})  # fmt: skip
        if not provekjor:
            uow.commit()
    return rapport


def _part(
    session: Session, miljo: Saksmiljo, aktor: Bruker, rad: Partrad, rapport: Importrapport
) -> None:
    finn = partoppslag(session, aktor.helsefellesskap_id, miljo.innstillinger)
    finnes = finn(rad.kommunenummer or rad.navn)
    if finnes is not None:
        rapport.uendret.append(rad.navn)
        return
    session.add(Part(helsefellesskap_id=aktor.helsefellesskap_id, type=rad.type, navn=rad.navn,
                     kommunenummer=rad.kommunenummer, postmottak=rad.postmottak,
                     medlem=rad.medlem))  # fmt: skip
    rapport.opprettet.append(f"{rad.navn}{'' if rad.medlem else ' (ikke medlem)'}")


def _personer(
    session: Session, aktor: Bruker, fil: Oppstartsfil, rapport: Importrapport
) -> list[Person]:
    """One Person per individual in the file, reusing those the database already has."""
    linjer = [m.person() for f in fil.fsu for m in f.medlemmer] + kontaktlinjer(fil.prosjekt)
    unike, sammenslatt = slaa_sammen(linjer)
    rapport.sammenslatt += [s.beskriv() for s in sammenslatt]
    finnes = list(session.exec(
        select(Person).where(Person.helsefellesskap_id == aktor.helsefellesskap_id)
    ))  # fmt: skip
    personer = []
    for unik in unike:
        person = next((p for p in finnes if samme_person(_som_opplysning(p), unik)), None)
        if person is None:
            person = Person(helsefellesskap_id=aktor.helsefellesskap_id, navn=unik.navn,
                            epost=unik.epost, tittel=unik.tittel,
                            organisasjon=unik.organisasjon)  # fmt: skip
            session.add(person)
        personer.append(person)
    return personer


def _valgt(personer: list[Person], linje: Personopplysning) -> Person:
    """The merged person a line of the file names."""
    return next(p for p in personer if samme_person(_som_opplysning(p), linje))


def _som_opplysning(person: Person) -> Personopplysning:
    return Personopplysning(person.navn, person.epost, person.tittel, person.organisasjon)


def _fsu(
    session: Session,
    miljo: Saksmiljo,
    aktor: Bruker,
    rad: Fsurad,
    personer: list[Person],
    rapport: Importrapport,
) -> None:
    sak = session.exec(
        select(WorkflowCase)
        .where(WorkflowCase.helsefellesskap_id == aktor.helsefellesskap_id)
        .where(
            WorkflowCase.workflow == FSU_FLYT, func.lower(WorkflowCase.tittel) == rad.navn.lower()
        )
    ).first()
    flyt = miljo.register.hent(FSU_FLYT)
    ny = sak is None
    if sak is None:
        fsu = Fsu(navn=rad.navn, type=rad.type, mandat=rad.mandat, oppnevnt_vedtak=rad.oppnevnt,
                  avsluttet_vedtak=rad.avsluttet, konstituert_dato=rad.konstituert,
                  sist_rapportert=rad.sist_rapportert)  # fmt: skip
        sak = opprett_sak(session, miljo, aktor=aktor, flyt=flyt, tittel=rad.navn, subjekt=fsu,
                          kommentar="Importert ved oppstart")  # fmt: skip
        # Today's state as it is: the history before go-live is in the papers, not here.
        skriv_audit(session, helsefellesskap_id=sak.helsefellesskap_id,
                    tidspunkt=miljo.klokke.now(), bruker=aktor, objekt_type=FSU_FLYT,
                    objekt_id=sak.id or 0, hendelse="importert", fra=sak.state,
                    til=rad.tilstand, kommentar="Tilstanden ved oppstart")  # fmt: skip
        sak.state = rad.tilstand
        sorg_for_saken(session, miljo.innstillinger, flyt, sak, miljo.klokke.now())
        rapport.opprettet.append(f"{flyt.referanse(sak.id or 0)} {rad.navn} ({rad.tilstand})")
    else:
        funnet = session.get(Fsu, sak.id)
        assert funnet is not None
        fsu = funnet
        rapport.uendret.append(f"{flyt.referanse(sak.id or 0)} {rad.navn}")
    for medlem in rad.medlemmer:
        person = _valgt(personer, medlem.person())
        if any(m.person is person or m.person_id == person.id for m in fsu.medlemmer):
            continue
        fsu.medlemmer.append(FsuMedlem(person=person, rolle=medlem.rolle, side=medlem.side,
                                       verv=medlem.verv))  # fmt: skip
        if not ny:
            rapport.opprettet.append(f"{rad.navn}: nytt medlem {person.navn}")
    if rad.tilstand != FsuTilstand.AVSLUTTET:
        for rolle in manglende_roller(fsu):
            rapport.advarsler.append(f"{rad.navn} mangler {rolle.visning.lower()}")
    if ny and brutte_roller(rad.tilstand, fsu):
        # Constituted but short at go-live: reminded as if the member had left today.
        fabrikk = Fristfabrikk(miljo.innstillinger, sak.helsefellesskap_id)
        session.add(paaminn_om_manglende_medlem(sak, fabrikk, miljo.klokke.now()))


def _avtale(
    session: Session, miljo: Saksmiljo, aktor: Bruker, rad: Avtalerad, rapport: Importrapport
) -> None:
    navn = f"{rad.tittel} (versjon {rad.versjon})"
    avtale = session.exec(
        select(Avtale)
        .where(Avtale.helsefellesskap_id == aktor.helsefellesskap_id)
        .where(Avtale.type == rad.type, Avtale.nummer == rad.nummer)
    ).first()
    finn = partoppslag(session, aktor.helsefellesskap_id, miljo.innstillinger)
    if avtale is None:
        parter = [AvtalePart(part=p) for p in _parter(session, aktor, rad, finn)]
        avtale = Avtale(helsefellesskap_id=aktor.helsefellesskap_id, type=rad.type,
                        nummer=rad.nummer, tittel=rad.tittel, parter=parter)  # fmt: skip
        session.add(avtale)
    versjon = next((v for v in avtale.versjoner if v.versjon == rad.versjon), None)
    if versjon is None:
        versjon = AvtaleVersjon(versjon=rad.versjon, gyldig_fra=rad.gyldig_fra, vedtak=rad.vedtak)
        avtale.versjoner.append(versjon)
        rapport.opprettet.append(navn)
    else:
        rapport.uendret.append(navn)
    for tiltredelse in rad.tiltredelser:
        part = finn(tiltredelse.part)
        if part is None:
            raise UgyldigDokument(f"{rad.tittel}: ukjent part «{tiltredelse.part}»")
        if not any(t.part_id == part.id for t in versjon.tiltredelser):
            session.flush()
            godkjent = Tiltredelse(part_id=part.id, godkjent=tiltredelse.godkjent)
            versjon.tiltredelser.append(godkjent)
            rapport.opprettet.append(f"{rad.tittel}: {part.navn} tiltrådt {tiltredelse.godkjent}")


def _parter(
    session: Session, aktor: Bruker, rad: Avtalerad, finn: Callable[[str], Part | None]
) -> list[Part]:
    if rad.parter == ["alle"]:
        return list(session.exec(
            select(Part).where(Part.helsefellesskap_id == aktor.helsefellesskap_id)
            .where(col(Part.medlem)).order_by(col(Part.id))
        ))  # fmt: skip
    parter = []
    for navn in rad.parter:
        part = finn(navn)
        if part is None:
            raise UgyldigDokument(f"{rad.tittel}: ukjent part «{navn}»")
        parter.append(part)
    return parter
