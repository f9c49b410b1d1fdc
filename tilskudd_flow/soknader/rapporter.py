"""Reports from funded projects: the yearly reports and the sluttrapport, handed in as files."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflytregister
from tilskudd_flow.domain.feil import IkkeFunnet, IkkeTillatt, Regelbrudd
from tilskudd_flow.domain.frister import vis_frist
from tilskudd_flow.domain.kodeverk import RapportType, VedleggType
from tilskudd_flow.models.soknad import Rapportkrav, Soknad, Vedlegg
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.overganger import Hendelseskommando, Overgang, anvend_hendelse
from tilskudd_flow.motor.saker import LastetSak, last_sak
from tilskudd_flow.motor.tilgang import hent_aktor, sjekk_hendelse
from workflows import rs_soknad

ARBEIDSFLYT = rs_soknad.NAVN
HENDELSE = {RapportType.AARSRAPPORT: rs_soknad.Hendelse.REGISTRER_RAPPORT,
            RapportType.SLUTTRAPPORT: rs_soknad.Hendelse.MOTTA_SLUTTRAPPORT}  # fmt: skip
VEDLEGGSTYPE = {RapportType.AARSRAPPORT: VedleggType.RAPPORT,
                RapportType.SLUTTRAPPORT: VedleggType.SLUTTRAPPORT}  # fmt: skip


@dataclass(frozen=True)
class Rapportstatus:
    """One report a project owes, as the report page lists it."""

    beskrivelse: str
    type: RapportType
    frist: str
    fristdato: date
    mottatt: date | None
    forfalt: bool


@dataclass(frozen=True)
class Rapportoversikt:
    prosjektnavn: str
    tilstand: str
    krav: list[Rapportstatus]
    filer: list[Vedlegg]
    du_kan_levere: bool

    @property
    def utestaende(self) -> list[RapportType]:
        return sorted({k.type for k in self.krav if k.mottatt is None})

    @property
    def kan_leveres(self) -> bool:
        return (
            self.du_kan_levere
            and self.tilstand == rs_soknad.Tilstand.TILDELT
            and bool(self.utestaende)
        )


def rapportoversikt(
    session: Session, register: Arbeidsflytregister, aktor: Bruker, sak_id: int, idag: date
) -> Rapportoversikt:
    """The søknad's report obligations in deadline order, for those who may see the case."""
    lastet = _lastet(session, register, aktor, sak_id)
    soknad: Soknad = lastet.subjekt
    krav = [_status(r, idag) for r in sorted(soknad.rapportkrav, key=lambda r: r.frist.dato)]
    filer = [v for v in soknad.vedlegg if v.type in VEDLEGGSTYPE.values()]
    return Rapportoversikt(soknad.prosjektnavn, lastet.sak.state, krav, filer,
                           _kan_levere(aktor, lastet))  # fmt: skip


def _kan_levere(aktor: Bruker, lastet: LastetSak) -> bool:
    try:
        for hendelse in HENDELSE.values():
            sjekk_hendelse(aktor, lastet.flyt, lastet.flyt.regel(hendelse), hendelse,
                           lastet.subjekt, med_fil=True)  # fmt: skip
    except IkkeTillatt:
        return False
    return True


def lever_rapport(
    sak_id: int,
    type_: RapportType,
    fil: Vedlegg,
    *,
    uow: UnitOfWork,
    miljo: Saksmiljo,
    brukernavn: str,
) -> Overgang:
    """Hand in a report: the file and the event recording it commit together, so a report
    is never registered without its file, nor a file kept for a report that was refused."""
    with uow:
        aktor = hent_aktor(uow.session, brukernavn)
        soknad: Soknad = _lastet(uow.session, miljo.register, aktor, sak_id).subjekt
        if not any(r.type == type_ and r.mottatt is None for r in soknad.rapportkrav):
            raise Regelbrudd(f"Prosjektet skylder ingen {type_.visning.lower()}")
        fil.type = VEDLEGGSTYPE[type_]
        soknad.vedlegg.append(fil)
        kommando = Hendelseskommando(sak_id, HENDELSE[type_], kommentar=f"Fil: {fil.filnavn}",
                                     med_fil=True)  # fmt: skip
        overgang = anvend_hendelse(kommando, uow=uow, miljo=miljo, aktor=aktor)
        uow.commit()
    return overgang


def _status(krav: Rapportkrav, idag: date) -> Rapportstatus:
    frist = krav.frist
    forfalt = krav.mottatt is None and frist.effektiv_dato < idag
    return Rapportstatus(krav.beskrivelse, krav.type, vis_frist(frist.dato, frist.effektiv_dato),
                         frist.effektiv_dato, krav.mottatt, forfalt)  # fmt: skip


def _lastet(
    session: Session, register: Arbeidsflytregister, aktor: Bruker, sak_id: int
) -> LastetSak:
    lastet = last_sak(session, register, aktor, sak_id)
    if lastet.flyt.navn != ARBEIDSFLYT:
        raise IkkeFunnet(f"Sak {sak_id} er ingen søknad om tilskudd, og har ingen rapporter")
    return lastet
