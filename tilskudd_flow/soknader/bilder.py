"""What the pictures show: each workflow drawn from its definition, the coming year's
deadlines on a wheel, and the round in kroner (applied and awarded in each state)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from sqlmodel import Session, col, select

from tilskudd_flow.dokumenter.hjul import aarshjul
from tilskudd_flow.dokumenter.tegning import (
    Boks,
    Fellespil,
    Pil,
    Tidspunkt,
    Trinn,
    arbeidsflytdiagram,
    rundebilde,
)
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflyt, Arbeidsflytregister
from tilskudd_flow.domain.kodeverk import PartRolle
from tilskudd_flow.domain.tid import norsk_dato
from tilskudd_flow.domain.vilkaar import overgangene
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.soknad import Soknad
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.motor.frister import synlige_frister, vis_navngitt
from tilskudd_flow.soknader.runder import hent_runde
from workflows import rs_soknad


@dataclass(frozen=True)
class Overgangsrad:
    fra: str
    hendelse: str
    til: str
    vilkaar: tuple[str, ...]


def overganger(flyt: Arbeidsflyt) -> list[Overgangsrad]:
    """The diagram as text, for those who do not see it: every transition in state order,
    named as the case page names states and events, with its rules."""
    return [Overgangsrad(flyt.tilstandsnavn(o.fra), flyt.hendelsesnavn(o.hendelse),
                         flyt.tilstandsnavn(o.til), o.vilkaar)
            for o in overgangene(flyt.maskin)]  # fmt: skip


def diagram(flyt: Arbeidsflyt) -> str:
    """The workflow drawn with the sekretariat's words: no method, callback or class names."""
    piler = [Pil(r.fra, r.til, r.hendelse, r.vilkaar) for r in overganger(flyt)]
    bokser = [Boks(navn, start=tilstand.initial, slutt=tilstand.final,
                   her=tuple(p for p in piler if p.fra == navn == p.til))
              for tilstand in flyt.maskin.states
              if (navn := flyt.tilstandsnavn(tilstand.id))]  # fmt: skip
    felles = _fellespiler([p for p in piler if p.fra != p.til])
    samlet = {(fra, f.til, f.hendelse) for f in felles for fra in f.fra}
    enkle = [p for p in piler if p.fra != p.til and (p.fra, p.til, p.hendelse) not in samlet]
    return arbeidsflytdiagram(flyt.tittel, bokser, enkle, felles)


def _fellespiler(piler: list[Pil]) -> list[Fellespil]:
    """An event leading from three or more states to the same one, with the same rules."""
    grupper: dict[tuple[str, str, tuple[str, ...]], list[str]] = {}
    for pil in piler:
        grupper.setdefault((pil.hendelse, pil.til, pil.vilkaar), []).append(pil.fra)
    return [Fellespil(tuple(fra), til, hendelse, vilkaar)
            for (hendelse, til, vilkaar), fra in grupper.items() if len(fra) >= 3]  # fmt: skip


def aarets_hjul(
    session: Session, register: Arbeidsflytregister, aktor: Bruker, idag: date
) -> tuple[str, list[Tidspunkt]]:
    """The coming year's deadlines the user may see (by the day they fall due) on a wheel,
    and the same as a list in date order, numbered as the wheel's marks."""
    slutt = date(idag.year + 1, idag.month, idag.day) - timedelta(days=1) \
        if (idag.month, idag.day) != (2, 29) else date(idag.year + 1, 2, 28)  # fmt: skip
    frister = synlige_frister(session, register, aktor, fra=idag - timedelta(days=10), til=slutt)
    punkter = sorted((Tidspunkt(f.effektiv_dato, f.navn)
                      for f in vis_navngitt(session, register, frister)
                      if idag <= f.effektiv_dato <= slutt), key=lambda p: p.dato)  # fmt: skip
    return aarshjul(
        idag, punkter, f"Årshjul fra {norsk_dato(idag)}: frister og dager igjen"
    ), punkter


@dataclass(frozen=True)
class Rundetall:
    """The round in kroner, as pictures and as the tables beside them."""

    per_tilstand_bilde: str
    per_tilstand: list[Trinn]
    per_part_bilde: str
    per_part: list[Trinn]


def rundens_trakt(
    session: Session, register: Arbeidsflytregister, aktor: Bruker, aar: int
) -> Rundetall:
    """The round's søknader now (drafts left out), per state and per applicant party: how
    many, and the kroner applied for and awarded."""
    runde = hent_runde(session, aktor.helsefellesskap_id, aar)
    flyt = register.hent(rs_soknad.NAVN)
    rader = list(session.exec(
        select(Soknad, WorkflowCase.state)
        .join(WorkflowCase, col(WorkflowCase.id) == col(Soknad.case_id))
        .where(Soknad.runde_id == runde.id, col(WorkflowCase.state).not_in(flyt.private_tilstander))
    ))  # fmt: skip
    per_tilstand: dict[str, list[Soknad]] = {}
    per_part: dict[str, list[Soknad]] = {}
    for soknad, tilstand in rader:
        per_tilstand.setdefault(tilstand, []).append(soknad)
        for eier in (p.part.navn for p in soknad.parter if p.rolle == PartRolle.EIER):
            per_part.setdefault(eier, []).append(soknad)
    tilstander = [_trinn(flyt.tilstandsnavn(t), per_tilstand[t])
                  for t in flyt.tilstander if t in per_tilstand]  # fmt: skip
    parter = [_trinn(navn, per_part[navn]) for navn in sorted(per_part)]
    return Rundetall(
        rundebilde(tilstander, f"Søknadsrunden {aar}: søkt og tildelt i kroner per tilstand"),
        tilstander,
        rundebilde(parter, f"Søknadsrunden {aar}: søkt og tildelt i kroner per søkerpart"),
        parter,
    )


def _trinn(navn: str, soknader: list[Soknad]) -> Trinn:
    return Trinn(navn, len(soknader), sum(b.ore for s in soknader for b in s.belop),
                 sum(t.ore for s in soknader for t in s.tildelinger))  # fmt: skip
