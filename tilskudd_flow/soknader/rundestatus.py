"""Where the year's søknadsrunde stands today: open or closed, and its deadlines."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlmodel import Session

from tilskudd_flow.domain.tid import dato_i_oslo, fristens_slutt
from tilskudd_flow.models.frist import Frist
from tilskudd_flow.models.soknad import Soknadsrunde
from tilskudd_flow.motor.frister import vis
from tilskudd_flow.soknader.runder import list_runder


@dataclass(frozen=True)
class Rundefrist:
    navn: str
    vist: str
    passert: bool
    foreslatt: bool  # a proposed date (SSU's meeting) the sekretariat has not confirmed


@dataclass(frozen=True)
class Rundestatus:
    aar: int
    apen: bool
    soknadsfrist: str
    dager_igjen: int | None
    frister: list[Rundefrist]


def apen_runde(session: Session, helsefellesskap_id: int, naa: datetime) -> Soknadsrunde | None:
    """The newest round whose søknadsfrist has not passed (to the last second of its day)."""
    return _apen(list_runder(session, helsefellesskap_id), naa)


def rundestatus(session: Session, helsefellesskap_id: int, naa: datetime) -> Rundestatus | None:
    """The open round, or else the newest one (closed); None before any round exists."""
    runder = list_runder(session, helsefellesskap_id)
    if not runder:
        return None
    runde = _apen(runder, naa) or runder[-1]
    apen = naa <= _slutt(runde.soknadsfrist)
    frist = runde.soknadsfrist.effektiv_dato
    return Rundestatus(
        aar=runde.aar,
        apen=apen,
        soknadsfrist=vis(runde.soknadsfrist).vist,
        dager_igjen=(frist - dato_i_oslo(naa)).days if apen else None,
        frister=[
            _rundefrist(f, naa)
            for f in (runde.soknadsfrist, runde.prioriteringsmote, runde.oversendelse)
        ],
    )


def _apen(runder: list[Soknadsrunde], naa: datetime) -> Soknadsrunde | None:
    return next((r for r in reversed(runder) if naa <= _slutt(r.soknadsfrist)), None)


def _rundefrist(frist: Frist, naa: datetime) -> Rundefrist:
    return Rundefrist(frist.navn, vis(frist).vist, naa > _slutt(frist), not frist.bekreftet)


def _slutt(frist: Frist) -> datetime:
    return fristens_slutt(frist.effektiv_dato, frist.klokkeslett)
