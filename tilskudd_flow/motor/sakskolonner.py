"""What the case list shows beside each case (its parties, the amounts applied for and
awarded, its next deadline), loaded for a whole page in a few statements: one per workflow
and column, never one per case."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlmodel import Session, col, func, select

from tilskudd_flow.domain.arbeidsflyt import Arbeidsflyt, Arbeidsflytregister, Saksutvalg
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.frist import Frist
from tilskudd_flow.models.tenancy import Bruker, Part
from tilskudd_flow.motor.sporring import Saksrad


@dataclass(frozen=True)
class Sakskolonner:
    parter: tuple[str, ...] = ()
    sokt_ore: int | None = None
    tildelt_ore: int | None = None
    neste_frist: date | None = None
    neste_fristnavn: str = ""
    dager_uendret: int = 0
    saksbehandler: str = ""


def sakskolonner(
    session: Session,
    register: Arbeidsflytregister,
    rader: Sequence[Saksrad],
    naa: datetime,
    *,
    med_saksbehandler: bool = False,
) -> dict[int, Sakskolonner]:
    """The extra columns of these rows, by case id; the saksbehandler only for the
    sekretariat's own eyes (`med_saksbehandler`)."""
    per_flyt: dict[str, list[int]] = {}
    for rad in rader:
        per_flyt.setdefault(rad.type, []).append(rad.id)
    flyter = [register.hent(navn) for navn in per_flyt]
    parter = _parter(session, flyter, per_flyt)
    sokt = _summer(session, flyter, per_flyt, lambda f: f.soktbelop)
    tildelt = _summer(session, flyter, per_flyt, lambda f: f.tildeltbelop)
    frister = _neste_frister(session, per_flyt, naa.date())
    behandlere = _saksbehandlere(session, [r.id for r in rader]) if med_saksbehandler else {}
    return {
        rad.id: Sakskolonner(
            parter=tuple(sorted(parter.get(rad.id, []))),
            sokt_ore=sokt.get(rad.id),
            tildelt_ore=tildelt.get(rad.id),
            neste_frist=frister[rad.id].effektiv_dato if rad.id in frister else None,
            neste_fristnavn=frister[rad.id].navn if rad.id in frister else "",
            dager_uendret=max(0, (naa - _med_sone(rad.endret, naa)).days),
            saksbehandler=behandlere.get(rad.id, ""),
        )
        for rad in rader
    }


def _saksbehandlere(session: Session, ider: list[int]) -> dict[int, str]:
    """Each case's saksbehandler's name, in one statement."""
    if not ider:
        return {}
    rader = session.exec(
        select(WorkflowCase.id, Bruker.navn)
        .join(Bruker, col(Bruker.id) == col(WorkflowCase.saksbehandler_id))
        .where(col(WorkflowCase.id).in_(ider))
    )
    return {int(sak_id or 0): navn for sak_id, navn in rader}


def _med_sone(tid: datetime, naa: datetime) -> datetime:
    """SQLite gives back naive times (stored as UTC); the clock's are aware."""
    return tid.replace(tzinfo=naa.tzinfo) if tid.tzinfo is None else tid


def _parter(
    session: Session, flyter: list[Arbeidsflyt], per_flyt: dict[str, list[int]]
) -> dict[int, list[str]]:
    """The parties' names, through the workflow's own party condition (`partsfilter`)."""
    navn: dict[int, list[str]] = {}
    for flyt in flyter:
        if flyt.partsfilter is None:
            continue
        utvalg = flyt.partsfilter
        sporring = _fra(utvalg, select(col(utvalg.sak), col(Part.navn)))
        sporring = sporring.join(Part, col(Part.id) == col(utvalg.verdi))
        for sak_id, partsnavn in session.exec(
            sporring.where(col(utvalg.sak).in_(per_flyt[flyt.navn]))
        ):
            navn.setdefault(int(sak_id), []).append(str(partsnavn))
    return navn


def _summer(
    session: Session,
    flyter: list[Arbeidsflyt],
    per_flyt: dict[str, list[int]],
    utvalg_for: Callable[[Arbeidsflyt], Saksutvalg | None],
) -> dict[int, int]:
    summer: dict[int, int] = {}
    for flyt in flyter:
        utvalg = utvalg_for(flyt)
        if utvalg is None:
            continue
        sporring = _fra(utvalg, select(col(utvalg.sak), func.sum(col(utvalg.verdi))))
        sporring = sporring.where(col(utvalg.sak).in_(per_flyt[flyt.navn]))
        for sak_id, sum_ in session.exec(sporring.group_by(col(utvalg.sak))):
            summer[int(sak_id)] = int(sum_)
    return summer


def _fra(utvalg: Saksutvalg, sporring: Any) -> Any:
    for kobling in utvalg.via:
        sporring = sporring.join(kobling)
    return sporring


def _neste_frister(
    session: Session, per_flyt: dict[str, list[int]], idag: date
) -> dict[int, Frist]:
    """Each case's first deadline from today (on its working day), in one statement."""
    ids = [sak_id for liste in per_flyt.values() for sak_id in liste]
    if not ids:
        return {}
    frister = session.exec(
        select(Frist).where(col(Frist.objekt_type).in_(per_flyt), col(Frist.objekt_id).in_(ids))
    )
    neste: dict[int, Frist] = {}
    for frist in frister:
        sak_id = frist.objekt_id
        if sak_id is None or frist.effektiv_dato < idag:
            continue
        if sak_id not in neste or frist.effektiv_dato < neste[sak_id].effektiv_dato:
            neste[sak_id] = frist
    return neste


def aar_med_saker(
    session: Session, register: Arbeidsflytregister, helsefellesskap_id: int
) -> set[int]:
    """Every year some case of this helsefellesskap belongs to (a round's, a revision's)."""
    aar: set[int] = set()
    for flyt in register.alle():
        utvalg = flyt.aarsfilter
        if utvalg is None:
            continue
        sporring = _fra(utvalg, select(col(utvalg.verdi)).distinct())
        sporring = sporring.join(WorkflowCase, col(WorkflowCase.id) == col(utvalg.sak))
        sporring = sporring.where(col(WorkflowCase.helsefellesskap_id) == helsefellesskap_id)
        aar.update(int(verdi) for verdi in session.exec(sporring))
    return aar
