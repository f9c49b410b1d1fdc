"""SSU's extraordinary meeting in week 43: one shared priority list for the round.

The meeting leaders (`moteledere` in config.toml) and the sekretariat edit it while the
other SSU members watch it update. Every edit names the version it was made on, and an edit
on an older version is refused as a conflict, so two editors never overwrite each other
silently. The list carries the amounts per year SSU gives from the local pot, held against
the pot's ledger (last year's carry-over, this year's frame, direct earmarks, awards made).
Adopting it records SSU's vedtak and moves every vurdert søknad of the round, in one
transaction (soknader/prioritering.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import update
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.domain.amounts import formater_kroner
from tilskudd_flow.domain.feil import IkkeTillatt, Konflikt, Regelbrudd
from tilskudd_flow.domain.kodeverk import Ordning, PartRolle, Prioritering, Rolle
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.soknad import (
    Prioriteringsliste,
    Prioritet,
    PrioritetBelop,
    Soknad,
    Soknadsrunde,
)
from tilskudd_flow.models.tenancy import Bruker, Helsefellesskap
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.tilgang import INTERNE_ROLLER, hent_aktor
from tilskudd_flow.soknader.runder import hent_runde, pottstatus
from workflows import rs_soknad

# Who may follow the meeting's list (SSU decides; the sekretariat and admins run the system).
MOTELESERE = INTERNE_ROLLER | {Rolle.SSU_MEDLEM}
# Local amounts per søknad and year: år → øre.
Belop = Mapping[int, int]


@dataclass(frozen=True)
class Kandidat:
    """A søknad as the meeting sees it: what was applied for, where the list puts it."""

    sak_id: int
    referanse: str
    tittel: str
    eiere: str
    tilstand: str
    tilstandsnavn: str
    vurdert: bool
    sokt: dict[int, int]
    plass: int | None
    prioritering: str | None
    lokalt: dict[int, int]

    @property
    def sokt_totalt(self) -> int:
        return sum(self.sokt.values())

    @property
    def venter_paa_oversending(self) -> bool:
        """Prioritised for Helse Nord (not the local pot alone) and not yet sent there."""
        return (
            self.tilstand == rs_soknad.Tilstand.PRIORITERT
            and self.prioritering != Prioritering.LOKAL
        )


@dataclass(frozen=True)
class Pottlinje:
    """The local pot for one year: what there is, and what the list marks against it."""

    aar: int
    ramme_ore: int | None
    overfort_ore: int
    oremerket_ore: int
    tildelt_ore: int
    merket_ore: int

    @property
    def disponibelt_ore(self) -> int | None:
        if self.ramme_ore is None:
            return None
        return self.ramme_ore + self.overfort_ore - self.oremerket_ore - self.tildelt_ore

    @property
    def over_ore(self) -> int:
        disponibelt = self.disponibelt_ore
        return max(0, self.merket_ore - disponibelt) if disponibelt is not None else 0

    @property
    def andel_prosent(self) -> int:
        """How much of what is available the list uses, for the bar (capped at 100)."""
        disponibelt = self.disponibelt_ore
        if not disponibelt or disponibelt <= 0:
            return 100 if self.merket_ore else 0
        return min(100, round(100 * self.merket_ore / disponibelt))


@dataclass(frozen=True)
class Moteliste:
    aar: int
    versjon: int
    vedtatt: datetime | None
    vedtak: str
    endret: datetime | None
    endret_av: str
    prioriterte: list[Kandidat]
    ovrige: list[Kandidat]
    potter: list[Pottlinje]
    kan_endre: bool

    @property
    def overskridelser(self) -> list[Pottlinje]:
        return [p for p in self.potter if p.over_ore > 0]


@dataclass(frozen=True)
class Rekkefolge:
    """The listed søknader in a new order (drag and drop)."""

    sak_ider: tuple[int, ...]


@dataclass(frozen=True)
class Flytting:
    """One step up (-1) or down (+1): the keyboard alternative to dragging."""

    sak_id: int
    steg: int


@dataclass(frozen=True)
class Merking:
    """Local pot, regional list, both, or neither (None); local amounts per year, or the
    amounts applied for when none are given."""

    sak_id: int
    prioritering: Prioritering | None
    lokalt: Belop | None = None


Endring = Rekkefolge | Flytting | Merking


@dataclass
class _Liste:
    """The list being edited: søknader in rank order, and local amounts."""

    plasser: list[tuple[int, Prioritering]] = field(default_factory=list)
    belop: dict[int, dict[int, int]] = field(default_factory=dict)

    def ider(self) -> list[int]:
        return [sak_id for sak_id, _ in self.plasser]


def moteliste(session: Session, miljo: Saksmiljo, *, aktor: Bruker, aar: int) -> Moteliste:
    """The round's list as it stands: the draft being edited, or the adopted list."""
    krev_moteleser(aktor)
    runde = hent_runde(session, aktor.helsefellesskap_id, aar)
    liste = gjeldende_liste(session, runde)
    kandidater = _kandidater(session, miljo, runde, liste)
    innhold = _innhold(liste)
    prioriterte = [kandidater[sak_id] for sak_id in innhold.ider() if sak_id in kandidater]
    ovrige = [k for sak_id, k in kandidater.items() if sak_id not in innhold.ider()]
    return Moteliste(
        aar=aar,
        versjon=liste.versjon if liste else 0,
        vedtatt=liste.vedtatt if liste else None,
        vedtak=liste.vedtak if liste else "",
        endret=liste.endret if liste else None,
        endret_av=liste.endret_av if liste else "",
        prioriterte=prioriterte,
        ovrige=sorted(ovrige, key=lambda k: k.sak_id),
        # Once adopted, the list's local amounts are awards, counted in the ledger already.
        potter=pottlinjer(
            session,
            aktor.helsefellesskap_id,
            {} if liste and liste.vedtatt else innhold.belop,
            {aar for k in kandidater.values() for aar in k.sokt},
        ),
        kan_endre=(liste is None or liste.vedtatt is None) and kan_lede(session, miljo, aktor),
    )


def listeversjon(session: Session, *, aktor: Bruker, aar: int) -> int:
    """The version members' pages poll to know when to fetch the list again."""
    krev_moteleser(aktor)
    liste = gjeldende_liste(session, hent_runde(session, aktor.helsefellesskap_id, aar))
    return liste.versjon if liste else 0


def endre_moteliste(
    aar: int,
    endring: Endring,
    *,
    forventet_versjon: int,
    uow: UnitOfWork,
    miljo: Saksmiljo,
    brukernavn: str,
) -> int:
    """Apply one edit made on `forventet_versjon`; the new version, or Konflikt."""
    with uow:
        aktor = hent_aktor(uow.session, brukernavn)
        krev_moteleder(uow.session, miljo, aktor)
        runde = hent_runde(uow.session, aktor.helsefellesskap_id, aar)
        liste = _utkast(uow.session, aktor, runde, forventet_versjon)
        ny_versjon = ta_versjon(uow.session, liste, forventet_versjon, aktor, miljo.klokke.now())
        vurderte = vurderte_soknader(uow.session, runde)
        innhold = _anvend(endring, _innhold(liste), vurderte)
        _skriv(uow.session, liste, innhold)
        assert liste.id is not None
        skriv_audit(uow.session, helsefellesskap_id=aktor.helsefellesskap_id,
                    tidspunkt=miljo.klokke.now(), bruker=aktor, objekt_type="prioriteringsliste",
                    objekt_id=liste.id, hendelse="prioriteringsliste_endret",
                    detaljer={"versjon": ny_versjon, "endring": _beskriv(endring)})  # fmt: skip
        uow.commit()
    return ny_versjon


def krev_moteleser(aktor: Bruker) -> None:
    if not aktor.rollesett & MOTELESERE:
        raise IkkeTillatt("Bare SSU-medlemmer og sekretariatet kan se prioriteringslisten")


def kan_lede(session: Session, miljo: Saksmiljo, aktor: Bruker) -> bool:
    """The sekretariat, and the meeting leaders named for the helsefellesskap in config.toml."""
    if Rolle.SEKRETARIAT in aktor.rollesett:
        return True
    hf = session.get(Helsefellesskap, aktor.helsefellesskap_id)
    assert hf is not None
    valg = miljo.innstillinger.helsefellesskap_innstillinger(hf.kode)
    return Rolle.SSU_MEDLEM in aktor.rollesett and aktor.brukernavn in valg.moteledere


def krev_moteleder(session: Session, miljo: Saksmiljo, aktor: Bruker) -> None:
    if not kan_lede(session, miljo, aktor):
        raise IkkeTillatt("Bare møteleder i SSU og sekretariatet kan endre prioriteringslisten")


def gjeldende_liste(session: Session, runde: Soknadsrunde) -> Prioriteringsliste | None:
    """The adopted list if SSU has adopted one, else the draft, else None."""
    lister = session.exec(
        select(Prioriteringsliste).where(Prioriteringsliste.runde_id == runde.id)
    ).all()
    vedtatt = [liste for liste in lister if liste.vedtatt is not None]
    return vedtatt[0] if vedtatt else next(iter(lister), None)


def vurderte_soknader(session: Session, runde: Soknadsrunde) -> dict[int, Soknad]:
    rader = session.exec(
        select(Soknad)
        .join(WorkflowCase, col(WorkflowCase.id) == col(Soknad.case_id))
        .where(Soknad.runde_id == runde.id, WorkflowCase.state == rs_soknad.Tilstand.VURDERT)
    )
    return {s.case_id: s for s in rader if s.case_id is not None}


def lokale_belop(liste: Prioriteringsliste) -> dict[int, dict[int, int]]:
    """Per søknad on the list, the local amounts per year it carries."""
    belop: dict[int, dict[int, int]] = {}
    for rad in liste.belop:
        if rad.soknad_id is not None:
            belop.setdefault(rad.soknad_id, {})[rad.aar] = rad.ore
    return belop


def pottlinjer(
    session: Session,
    helsefellesskap_id: int,
    belop: Mapping[int, Mapping[int, int]],
    andre_aar: Iterable[int] = (),
) -> list[Pottlinje]:
    """The local pot per year, with what the list's amounts (per søknad, per year) take of it;
    `andre_aar` adds years with a pot that the list does not touch yet."""
    merket: dict[int, int] = {}
    for per_aar in belop.values():
        for aar, ore in per_aar.items():
            merket[aar] = merket.get(aar, 0) + ore
    linjer = []
    for aar in sorted(set(merket) | set(andre_aar)):
        lokal = next((p for p in pottstatus(session, helsefellesskap_id, aar)
                      if p.ordning == Ordning.LOKAL.value), None)  # fmt: skip
        if lokal is None and aar not in merket:
            continue
        linjer.append(
            Pottlinje(
                aar=aar,
                ramme_ore=lokal.ramme_ore if lokal else None,
                overfort_ore=lokal.overfort_ore if lokal else 0,
                oremerket_ore=lokal.oremerket_ore if lokal else 0,
                tildelt_ore=lokal.tildelt_ore if lokal else 0,
                merket_ore=merket.get(aar, 0),
            )
        )
    return linjer


def overskridelse_tekst(linjer: list[Pottlinje]) -> str:
    """«2026 med kr 300 000 (…)», one clause per year the list goes over the pot."""
    return "; ".join(
        f"{p.aar} med {formater_kroner(p.over_ore)} (merket {formater_kroner(p.merket_ore)}, "
        f"disponibelt {formater_kroner(p.disponibelt_ore or 0)})"
        for p in linjer
        if p.over_ore > 0
    )


def _kandidater(
    session: Session, miljo: Saksmiljo, runde: Soknadsrunde, liste: Prioriteringsliste | None
) -> dict[int, Kandidat]:
    """The round's vurdert søknader, and (once adopted) those the list moved on."""
    vurderte = vurderte_soknader(session, runde)
    soknader = dict(vurderte)
    for rad in liste.plasser if liste else []:
        if rad.soknad_id is not None and rad.soknad_id not in soknader:
            soknader[rad.soknad_id] = rad.soknad
    innhold = _innhold(liste)
    plasser = {sak_id: (nr, p) for nr, (sak_id, p) in enumerate(innhold.plasser, start=1)}
    flyt = miljo.register.hent(rs_soknad.NAVN)
    tilstander = dict(
        session.exec(
            select(WorkflowCase.id, WorkflowCase.state).where(col(WorkflowCase.id).in_(soknader))
        ).all()
    )
    kandidater = {}
    for sak_id, soknad in soknader.items():
        plass = plasser.get(sak_id)
        kandidater[sak_id] = Kandidat(
            sak_id=sak_id,
            referanse=flyt.referanse(sak_id),
            tittel=soknad.prosjektnavn,
            eiere=", ".join(p.part.navn for p in soknad.parter if p.rolle == PartRolle.EIER),
            tilstand=tilstander[sak_id],
            tilstandsnavn=flyt.tilstandsnavn(tilstander[sak_id]),
            vurdert=sak_id in vurderte,
            sokt={b.aar: b.ore for b in soknad.belop},
            plass=plass[0] if plass else None,
            prioritering=plass[1].value if plass else None,
            lokalt=innhold.belop.get(sak_id, {}),
        )
    return kandidater


def _innhold(liste: Prioriteringsliste | None) -> _Liste:
    if liste is None:
        return _Liste()
    plasser = [(p.soknad_id, p.prioritering) for p in sorted(liste.plasser, key=lambda p: p.plass)
               if p.soknad_id is not None]  # fmt: skip
    return _Liste(plasser, lokale_belop(liste))


def _utkast(
    session: Session, aktor: Bruker, runde: Soknadsrunde, forventet_versjon: int
) -> Prioriteringsliste:
    """The draft to edit; the first edit (on version 0) makes it."""
    liste = gjeldende_liste(session, runde)
    if liste is not None and liste.vedtatt is not None:
        raise Regelbrudd(
            f"SSU har allerede vedtatt prioriteringslisten for {runde.aar} ({liste.vedtak})"
        )
    if liste is not None:
        return liste
    if forventet_versjon != 0:
        raise Konflikt("Prioriteringslisten finnes ikke lenger. Last siden på nytt.")
    liste = Prioriteringsliste(
        helsefellesskap_id=aktor.helsefellesskap_id, runde_id=runde.id, vedtak="", versjon=0
    )
    try:
        with session.begin_nested():  # rolled back alone, taking `liste` out again
            session.add(liste)
            session.flush()
    except IntegrityError:  # another editor made the draft at the same moment
        raise Konflikt(_konflikt(0, "en annen møteleder")) from None
    return liste


def ta_versjon(
    session: Session,
    liste: Prioriteringsliste,
    forventet: int,
    aktor: Bruker,
    naa: datetime,
) -> int:
    """Compare-and-set on the version row: the database decides who was first."""
    resultat = session.execute(
        update(Prioriteringsliste)
        .where(col(Prioriteringsliste.id) == liste.id, col(Prioriteringsliste.versjon) == forventet)
        .values(versjon=forventet + 1, endret=naa, endret_av=aktor.brukernavn)
    )
    if resultat.rowcount != 1:  # type: ignore[attr-defined]
        session.refresh(liste)
        raise Konflikt(_konflikt(forventet, liste.endret_av or "en annen", liste.versjon))
    session.refresh(liste)
    return forventet + 1


def _konflikt(forventet: int, hvem: str, naa: int | None = None) -> str:
    versjon = f" (du så versjon {forventet}, nå er den {naa})" if naa is not None else ""
    return (
        f"Listen er endret av {hvem} mens du så på den{versjon}. Endringen din er ikke lagret; "
        "se den oppdaterte listen og gjør endringen på nytt."
    )


def _anvend(endring: Endring, liste: _Liste, vurderte: Mapping[int, Soknad]) -> _Liste:
    if isinstance(endring, Rekkefolge):
        return _ny_rekkefolge(liste, endring.sak_ider)
    if isinstance(endring, Flytting):
        return _flytt(liste, endring)
    return _merk(liste, endring, vurderte)


def _ny_rekkefolge(liste: _Liste, sak_ider: tuple[int, ...]) -> _Liste:
    if sorted(sak_ider) != sorted(liste.ider()) or len(set(sak_ider)) != len(sak_ider):
        raise Konflikt(
            "Rekkefølgen passer ikke med søknadene på listen. Last siden på nytt og prøv igjen."
        )
    merking = dict(liste.plasser)
    return _Liste([(sak_id, merking[sak_id]) for sak_id in sak_ider], liste.belop)


def _flytt(liste: _Liste, flytting: Flytting) -> _Liste:
    ider = liste.ider()
    if flytting.sak_id not in ider:
        raise Regelbrudd(f"Sak {flytting.sak_id} står ikke på listen")
    fra = ider.index(flytting.sak_id)
    til = min(max(fra + flytting.steg, 0), len(ider) - 1)
    plasser = list(liste.plasser)
    plasser.insert(til, plasser.pop(fra))
    return _Liste(plasser, liste.belop)


def _merk(liste: _Liste, merking: Merking, vurderte: Mapping[int, Soknad]) -> _Liste:
    soknad = vurderte.get(merking.sak_id)
    if soknad is None:
        raise Regelbrudd(f"Sak {merking.sak_id} er ikke en vurdert søknad i runden")
    plasser = [(s, p) for s, p in liste.plasser if s != merking.sak_id]
    belop = {s: b for s, b in liste.belop.items() if s != merking.sak_id}
    if merking.prioritering is None:
        return _Liste(plasser, belop)
    gammel = liste.ider().index(merking.sak_id) if merking.sak_id in liste.ider() else None
    plasser.insert(len(plasser) if gammel is None else gammel,
                   (merking.sak_id, merking.prioritering))  # fmt: skip
    if merking.prioritering in (Prioritering.LOKAL, Prioritering.BEGGE):
        lokalt = merking.lokalt if merking.lokalt is not None else _sokt(soknad)
        if any(ore < 0 for ore in lokalt.values()):
            raise Regelbrudd("Beløp fra den lokale potten kan ikke være negative")
        belop[merking.sak_id] = {aar: ore for aar, ore in sorted(lokalt.items()) if ore > 0}
    return _Liste(plasser, belop)


def _sokt(soknad: Soknad) -> dict[int, int]:
    return {b.aar: b.ore for b in soknad.belop}


def _skriv(session: Session, liste: Prioriteringsliste, innhold: _Liste) -> None:
    """Replace the list's rows (ranks are unique, so rows are rewritten, not shifted)."""
    liste.plasser.clear()
    liste.belop.clear()
    session.flush()
    for plass, (sak_id, prioritering) in enumerate(innhold.plasser, start=1):
        liste.plasser.append(Prioritet(soknad_id=sak_id, plass=plass, prioritering=prioritering))
    for sak_id, belop in innhold.belop.items():
        for aar, ore in belop.items():
            liste.belop.append(PrioritetBelop(soknad_id=sak_id, aar=aar, ore=ore))
    session.flush()


def _beskriv(endring: Endring) -> dict[str, object]:
    if isinstance(endring, Rekkefolge):
        return {"rekkefolge": list(endring.sak_ider)}
    if isinstance(endring, Flytting):
        return {"flytt": endring.sak_id, "steg": endring.steg}
    return {
        "merk": endring.sak_id,
        "prioritering": endring.prioritering.value if endring.prioritering else None,
        "lokalt": dict(endring.lokalt) if endring.lokalt is not None else None,
    }
