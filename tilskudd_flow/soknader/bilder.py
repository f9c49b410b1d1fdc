"""What the pictures show: each workflow drawn from its definition, the year's deadlines on
a timeline, and the round as a funnel (how many søknader in each state, and their sums)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session, col, select

from tilskudd_flow.dokumenter.tegning import (
    Tidspunkt,
    Trinn,
    arbeidsflytdiagram,
    tidslinje,
    trakt,
)
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflyt, Arbeidsflytregister
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


def diagram(flyt: Arbeidsflyt) -> str:
    return arbeidsflytdiagram(flyt.maskin)


def overganger(flyt: Arbeidsflyt) -> list[Overgangsrad]:
    """The diagram as text, for those who do not see it: every transition in state order."""
    rader = []
    for tilstand in flyt.maskin.states:
        for overgang in tilstand.transitions:
            for hendelse in overgang.event.split():
                rader.append(Overgangsrad(flyt.tilstandsnavn(tilstand.id),
                                          flyt.hendelsesnavn(hendelse),
                                          flyt.tilstandsnavn(overgang.target.id)))  # fmt: skip
    return rader


def aarets_tidslinje(
    session: Session, register: Arbeidsflytregister, aktor: Bruker, aar: int
) -> tuple[str, list[Tidspunkt]]:
    """The year's deadlines the user may see (by the day they fall due) on a timeline, and
    the same as a list."""
    frister = synlige_frister(session, register, aktor, fra=date(aar, 1, 1),
                              til=date(aar, 12, 31))  # fmt: skip
    punkter = [Tidspunkt(f.effektiv_dato, f.navn) for f in vis_navngitt(session, register, frister)]
    return tidslinje(aar, punkter, f"Frister i {aar}"), punkter


def rundens_trakt(
    session: Session, register: Arbeidsflytregister, aktor: Bruker, aar: int
) -> tuple[str, list[Trinn]]:
    """Per state the round's søknader are in now (drafts left out): how many, applied, awarded."""
    runde = hent_runde(session, aktor.helsefellesskap_id, aar)
    flyt = register.hent(rs_soknad.NAVN)
    rader = session.exec(
        select(Soknad, WorkflowCase.state)
        .join(WorkflowCase, col(WorkflowCase.id) == col(Soknad.case_id))
        .where(Soknad.runde_id == runde.id, col(WorkflowCase.state).not_in(flyt.private_tilstander))
    )
    per_tilstand: dict[str, list[Soknad]] = {}
    for soknad, tilstand in rader:
        per_tilstand.setdefault(tilstand, []).append(soknad)
    trinn = [
        Trinn(
            flyt.tilstandsnavn(tilstand),
            len(soknader),
            sum(b.ore for s in soknader for b in s.belop),
            sum(t.ore for s in soknader for t in s.tildelinger),
        )
        for tilstand in flyt.tilstander
        if (soknader := per_tilstand.get(tilstand))
    ]
    return trakt(trinn, f"Søknadsrunden {aar}: søknader per tilstand"), trinn
