"""Go-live, funded projects: RS-søknader already awarded (tildelt) with their awards, contact
persons and report deadlines, as the sekretariat's papers have them (docs/oppstartsimport.md).

A project's round must exist or be in the file with the dates it ran on ([[runde]]).
Each project becomes an RS case in the state tildelt, with a row in the audit log saying so (the
history before go-live is in the papers). Its report deadlines enter the årshjul and are
planned at once: what lies ahead is reminded and escalated as for any case; what fell due
before go-live is marked done "før oppstart" and never fires — the old routine handled it —
and the report warns of each report that was overdue at go-live. A project is known again by
its round and name, a report by its kind and date.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from pydantic import BaseModel, ConfigDict, Field, model_validator
from sqlmodel import Session, col, func, select

from tilskudd_flow.domain.amounts import Belopstekst, parse_belop
from tilskudd_flow.domain.datoer import Dato
from tilskudd_flow.domain.feil import UgyldigDokument
from tilskudd_flow.domain.kodeverk import Ordning, PartRolle, RapportType, Side
from tilskudd_flow.domain.norsk import dato as kort_dato
from tilskudd_flow.domain.personer import Personopplysning
from tilskudd_flow.domain.tekst import Enlinje, Flerlinje
from tilskudd_flow.domain.tid import fristens_slutt
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.frist import Frist, PlanlagtJobb
from tilskudd_flow.models.soknad import (
    Rapportkrav,
    Soknad,
    SoknadKontakt,
    SoknadPart,
    Soknadsrunde,
    Tildeling,
)
from tilskudd_flow.models.tenancy import Bruker, Person
from tilskudd_flow.motor.aarshjul import planlegg
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.frister import Fristfabrikk
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.saker import opprett_sak, partoppslag
from tilskudd_flow.soknader.runder import Rundedatoer, finn_runde, opprett_runde
from tilskudd_flow.soknader.soknader import fyll_budsjett
from tilskudd_flow.soknader.soknadsfil import Budsjett
from workflows import rs_soknad

RS_FLYT = rs_soknad.NAVN
FOR_OPPSTART = "før oppstart: forfalt før oppstartsimporten, ikke utført"
Personvalg = Callable[[Personopplysning], Person]  # the file's line → the one merged person
_FRISTTYPE = {RapportType.AARSRAPPORT: "rapport", RapportType.SLUTTRAPPORT: "sluttrapport"}


class _Streng(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class Kontaktrad(_Streng):
    navn: Enlinje = Field(min_length=1)
    epost: Enlinje = Field(min_length=3)  # reminders go here
    tittel: Enlinje = ""
    organisasjon: Enlinje = ""
    side: Side

    def person(self) -> Personopplysning:
        return Personopplysning(self.navn, self.epost, self.tittel, self.organisasjon)


class Tildelingsrad(_Streng):
    ordning: Ordning
    aar: int = Field(ge=2000, le=2100)
    belop: Belopstekst = Field(min_length=1)  # as in the letter: «kr 2 000 000», «2 mill.»
    vedtak: Enlinje = ""
    dato: Dato


class Rapportrad(_Streng):
    type: RapportType
    frist: Dato
    beskrivelse: Flerlinje = ""
    mottatt: Dato | None = None


class Runderad(_Streng):
    """A past round as it ran (the 2025 round: 1 March, forwarded by 1 April)."""

    aar: int = Field(ge=2000, le=2100)
    soknadsfrist: Dato
    prioriteringsmote: Dato
    oversendelse: Dato


class Prosjektrad(_Streng):
    prosjektnavn: Enlinje = Field(min_length=1, max_length=300)
    runde: int = Field(ge=2000, le=2100)
    prosjekteiere: Flerlinje = Field(min_length=1)
    eiere: list[Enlinje] = Field(min_length=1)  # parties owning it: kommunenummer or name
    stotter: list[Enlinje] = Field(default_factory=list)  # parties supporting it
    kontaktpersoner: list[Kontaktrad] = Field(min_length=1)
    signert_avtale: Dato | None = None
    # The papers' wording of what was applied for, shown as written; the amounts the system
    # counts with are the awards below (each read by parse_belop).
    sokt: Enlinje = ""
    # Field 11 as in a søknad file (total cost, budget lines, contributions, plans).
    budsjett: Budsjett | None = None
    tildelinger: list[Tildelingsrad] = Field(min_length=1)
    rapporter: list[Rapportrad] = Field(min_length=1)

    @model_validator(mode="after")
    def _sokt_ett_sted(self) -> Prosjektrad:
        if self.sokt and self.budsjett is not None and self.budsjett.sokt:
            raise ValueError("oppgi søkt beløp enten som sokt eller som budsjett.sokt, ikke begge")
        return self

    @model_validator(mode="after")
    def _en_utestaende_sluttrapport(self) -> Prosjektrad:
        slutt = [r for r in self.rapporter if r.type == RapportType.SLUTTRAPPORT]
        if len(slutt) != 1:
            raise ValueError("et tildelt prosjekt har nøyaktig én sluttrapport")
        if slutt[0].mottatt is not None:
            raise ValueError(
                "sluttrapporten er mottatt: prosjektet er avsluttet og importeres ikke"
            )
        return self


def kontaktlinjer(prosjekter: list[Prosjektrad]) -> list[Personopplysning]:
    """The people the projects name, to be merged with the FSUs' members."""
    return [k.person() for p in prosjekter for k in p.kontaktpersoner]


def importer_runde(
    session: Session, miljo: Saksmiljo, aktor: Bruker, rad: Runderad
) -> tuple[list[str], list[str]]:
    """A round on its own dates, its jobs planned from go-live: (created, unchanged)."""
    navn = f"Søknadsrunde {rad.aar}"
    if finn_runde(session, aktor.helsefellesskap_id, rad.aar) is not None:
        return [], [navn]
    datoer = Rundedatoer(rad.soknadsfrist, rad.prioriteringsmote, rad.oversendelse)
    runde = opprett_runde(session, aktor=aktor, innstillinger=miljo.innstillinger, aar=rad.aar,
                          naa=miljo.klokke.now(), datoer=datoer)  # fmt: skip
    for frist in (runde.soknadsfrist, runde.prioriteringsmote, runde.oversendelse):
        _planlegg_fra_oppstart(session, miljo, frist)
    return [f"{navn} (søknadsfrist {kort_dato(rad.soknadsfrist)})"], []


def importer_prosjekt(
    session: Session,
    miljo: Saksmiljo,
    aktor: Bruker,
    rad: Prosjektrad,
    finn_person: Personvalg,
) -> tuple[list[str], list[str], list[str]]:
    """One project: (created, unchanged, warnings) for the import report."""
    flyt = miljo.register.hent(RS_FLYT)
    sak = _finn(session, aktor.helsefellesskap_id, rad)
    if sak is not None:
        ref = f"{flyt.referanse(sak.id or 0)} {rad.prosjektnavn}"
        nye = _nye_rapporter(session, miljo, sak, rad)
        return [f"{ref}: ny frist, {_vis(r)}" for r in nye], [ref], _forfalte(ref, nye, miljo)
    soknad = _soknad(session, miljo, aktor, rad, finn_person)
    sak = opprett_sak(session, miljo, aktor=aktor, flyt=flyt, tittel=rad.prosjektnavn,
                      subjekt=soknad, kommentar="Importert ved oppstart")  # fmt: skip
    skriv_audit(session, helsefellesskap_id=sak.helsefellesskap_id,
                tidspunkt=miljo.klokke.now(), bruker=aktor, objekt_type=RS_FLYT,
                objekt_id=sak.id or 0, hendelse="importert", fra=sak.state,
                til=rs_soknad.Tilstand.TILDELT, kommentar="Tildelt før oppstart")  # fmt: skip
    sak.state = rs_soknad.Tilstand.TILDELT
    ref = f"{flyt.referanse(sak.id or 0)} {rad.prosjektnavn}"
    nye = _nye_rapporter(session, miljo, sak, rad)
    return [f"{ref} (tildelt, {len(nye)} rapportfrister)"], [], _forfalte(ref, nye, miljo)


def _finn(session: Session, helsefellesskap_id: int, rad: Prosjektrad) -> WorkflowCase | None:
    return session.exec(
        select(WorkflowCase)
        .join(Soknad, col(Soknad.case_id) == WorkflowCase.id)
        .join(Soknadsrunde, col(Soknadsrunde.id) == Soknad.runde_id)
        .where(WorkflowCase.helsefellesskap_id == helsefellesskap_id)
        .where(WorkflowCase.workflow == RS_FLYT, Soknadsrunde.aar == rad.runde)
        .where(func.lower(Soknad.prosjektnavn) == rad.prosjektnavn.lower())
    ).first()


def _soknad(
    session: Session, miljo: Saksmiljo, aktor: Bruker, rad: Prosjektrad, finn_person: Personvalg
) -> Soknad:
    finn_part = partoppslag(session, aktor.helsefellesskap_id, miljo.innstillinger)
    parter = []
    for rolle, navn in [(PartRolle.EIER, n) for n in rad.eiere] + [
        (PartRolle.STOTTER, n) for n in rad.stotter
    ]:
        part = finn_part(navn)
        if part is None:
            raise UgyldigDokument(f"{rad.prosjektnavn}: ukjent part «{navn}»")
        parter.append(SoknadPart(part=part, rolle=rolle))
    kontakter = [
        SoknadKontakt(
            person=finn_person(k.person()),
            side=k.side,
            navn=k.navn,
            tittel=k.tittel,
            organisasjon=k.organisasjon,
        )
        for k in rad.kontaktpersoner
    ]
    tildelinger = [
        Tildeling(ordning=t.ordning, aar=t.aar, ore=parse_belop(t.belop).ore, vedtak=t.vedtak,
                  dato=t.dato)
        for t in rad.tildelinger
    ]  # fmt: skip
    soknad = Soknad(runde=_runde(session, aktor, rad), prosjektnavn=rad.prosjektnavn,
                    prosjekteiere=rad.prosjekteiere, signert_avtale_dato=rad.signert_avtale,
                    signert_avtale_tekst=_som_skrevet(rad.signert_avtale),
                    parter=parter, kontakter=kontakter, tildelinger=tildelinger)  # fmt: skip
    if rad.budsjett is not None:
        fyll_budsjett(soknad, rad.budsjett)
    soknad.sokt_tekst = soknad.sokt_tekst or rad.sokt
    return soknad


def _runde(session: Session, aktor: Bruker, rad: Prosjektrad) -> Soknadsrunde:
    runde = finn_runde(session, aktor.helsefellesskap_id, rad.runde)
    if runde is None:
        raise UgyldigDokument(
            f"{rad.prosjektnavn}: søknadsrunden {rad.runde} finnes ikke; "
            "legg den inn med datoene sine under [[runde]]"
        )
    return runde


def _nye_rapporter(
    session: Session, miljo: Saksmiljo, sak: WorkflowCase, rad: Prosjektrad
) -> list[Rapportkrav]:
    """The report deadlines the case does not have yet, planned from go-live."""
    soknad = session.get(Soknad, sak.id)
    assert soknad is not None
    fabrikk = Fristfabrikk(miljo.innstillinger, sak.helsefellesskap_id)
    finnes = {(r.type, r.frist.dato) for r in soknad.rapportkrav}
    nye: list[Rapportkrav] = []
    for rapport in rad.rapporter:
        if (rapport.type, rapport.frist) in finnes:
            continue
        beskrivelse = rapport.beskrivelse or rapport.type.visning
        frist = fabrikk.ny(_FRISTTYPE[rapport.type], aar=rapport.frist.year, dato=rapport.frist,
                           nokkel=f"{_FRISTTYPE[rapport.type]}:{sak.id}:{rapport.frist}",
                           objekt=(RS_FLYT, sak.id or 0))  # fmt: skip
        krav = Rapportkrav(type=rapport.type, beskrivelse=beskrivelse, frist=frist,
                           mottatt=rapport.mottatt)  # fmt: skip
        soknad.rapportkrav.append(krav)
        _planlegg_fra_oppstart(session, miljo, frist)
        nye.append(krav)
    return nye


def _vis(krav: Rapportkrav) -> str:
    return f"{krav.beskrivelse} {kort_dato(krav.frist.dato)}"


def _forfalte(ref: str, krav: list[Rapportkrav], miljo: Saksmiljo) -> list[str]:
    """Reports overdue at go-live and not received: the sekretariat follows them up."""
    naa = miljo.klokke.now()
    return [
        f"{ref}: {_vis(k)} forfalt før oppstart og er ikke mottatt"
        for k in krav
        if k.mottatt is None and naa > fristens_slutt(k.frist.effektiv_dato, k.frist.klokkeslett)
    ]


def _planlegg_fra_oppstart(session: Session, miljo: Saksmiljo, frist: Frist) -> None:
    """Plan the deadline's jobs now; those already due are done "før oppstart"."""
    naa = miljo.klokke.now()
    session.flush()
    planlegg(session, miljo.innstillinger, miljo.register, frist, naa)
    session.flush()
    for jobb in session.exec(
        select(PlanlagtJobb)
        .where(PlanlagtJobb.frist_id == frist.id)
        .where(col(PlanlagtJobb.utfort).is_(None))
        .where(col(PlanlagtJobb.forfaller) <= naa)
    ):
        jobb.utfort, jobb.resultat = naa, FOR_OPPSTART


def _som_skrevet(dato: date | None) -> str:
    """Field 7 as the form shows it (the applicant's own words; here the papers' date)."""
    return kort_dato(dato) if dato else ""
