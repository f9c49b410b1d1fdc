"""The sekretariat's round and pot pages: open the next round, move or confirm a round's
deadlines, keep the year's pots. The same services as `tilskudd runde …` and `tilskudd
frist …`, one transaction per call (`Handling`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_
from sqlmodel import col, select

from tilskudd_flow.domain.feil import IkkeFunnet
from tilskudd_flow.domain.frister import Fristvisning, Virkedag
from tilskudd_flow.domain.fristforklaring import forklar_dato, virkedagsregel
from tilskudd_flow.domain.kodeverk import Ordning, Rolle
from tilskudd_flow.domain.runder import neste_rundeaar
from tilskudd_flow.domain.tid import dato_i_oslo
from tilskudd_flow.models.frist import Frist
from tilskudd_flow.models.soknad import Soknadsrunde
from tilskudd_flow.motor.frister import endre_frist, vis
from tilskudd_flow.motor.handling import Handling
from tilskudd_flow.motor.tilgang import krev_rolle
from tilskudd_flow.soknader.potter import Oremerkingsrad, aarets_potter, endre_pott
from tilskudd_flow.soknader.runder import (
    Pottstatus,
    hent_runde,
    list_runder,
    opprett_pott,
    pottstatus,
)

LESERE = (Rolle.SEKRETARIAT, Rolle.ADMIN)


@dataclass(frozen=True)
class Rundefrist:
    """One of a round's deadlines with its working-day rule in words."""

    frist: Fristvisning
    regel: str
    forklaring: str


@dataclass(frozen=True)
class Runde:
    aar: int
    frister: list[Rundefrist]


@dataclass(frozen=True)
class Rundeoversikt:
    runder: list[Runde]
    neste_aar: int


def rundeoversikten(h: Handling) -> Rundeoversikt:
    """Every round with its deadlines, and the year «Åpne neste søknadsrunde» would open."""
    with h.les() as t:
        krev_rolle(t.aktor, *LESERE)
        runder = [_runde(r) for r in list_runder(t.session, t.aktor.helsefellesskap_id)]
    neste = neste_rundeaar((r.aar for r in runder), dato_i_oslo(h.miljo.klokke.now()))
    return Rundeoversikt(runder, neste)


def rundens_frister(h: Handling, aar: int) -> Runde:
    """One round's three deadlines, for the page that moves and confirms them."""
    with h.les() as t:
        krev_rolle(t.aktor, *LESERE)
        return _runde(hent_runde(t.session, t.aktor.helsefellesskap_id, aar))


def flytt_rundefrist(h: Handling, aar: int, frist_id: int, dato: date) -> Fristvisning:
    """Move one of the round's deadlines (`tilskudd frist endre`): re-planned and audited."""
    with h.skriv() as t:
        _krev_rundens_frist(hent_runde(t.session, t.aktor.helsefellesskap_id, aar), frist_id)
        frist = endre_frist(t.session, aktor=t.aktor, frist_id=frist_id, dato=dato,
                            naa=h.miljo.klokke.now())  # fmt: skip
        return vis(frist)


def bekreft_rundefrist(h: Handling, aar: int, frist_id: int) -> Fristvisning:
    """Confirm a proposed date, e.g. SSU's prioritisation meeting (`tilskudd frist bekreft`)."""
    with h.skriv() as t:
        _krev_rundens_frist(hent_runde(t.session, t.aktor.helsefellesskap_id, aar), frist_id)
        frist = endre_frist(t.session, aktor=t.aktor, frist_id=frist_id, bekreft=True,
                            naa=h.miljo.klokke.now())  # fmt: skip
        return vis(frist)


def rundeaar_for_frist(h: Handling, frist_id: int) -> int | None:
    """The year of the round a deadline belongs to, or None when it is not a round's."""
    with h.les() as t:
        krev_rolle(t.aktor, *LESERE)
        sporring = select(Soknadsrunde.aar).where(
            col(Soknadsrunde.helsefellesskap_id) == t.aktor.helsefellesskap_id,
            or_(
                col(Soknadsrunde.soknadsfrist_id) == frist_id,
                col(Soknadsrunde.prioriteringsmote_id) == frist_id,
                col(Soknadsrunde.oversendelse_id) == frist_id,
            ),
        )
        return t.session.exec(sporring).first()


def _krev_rundens_frist(runde: Soknadsrunde, frist_id: int) -> None:
    # The page moves only the round's own deadlines; the årshjul's others are not its to move.
    if frist_id not in (runde.soknadsfrist_id, runde.prioriteringsmote_id, runde.oversendelse_id):
        raise IkkeFunnet(f"Søknadsrunden {runde.aar} har ingen frist med id {frist_id}")


def _runde(runde: Soknadsrunde) -> Runde:
    frister = (runde.soknadsfrist, runde.prioriteringsmote, runde.oversendelse)
    return Runde(runde.aar, [_rundefrist(f) for f in frister])


def _rundefrist(frist: Frist) -> Rundefrist:
    regel = Virkedag(frist.virkedag)
    return Rundefrist(vis(frist), virkedagsregel(regel), forklar_dato(frist.dato, regel))


@dataclass(frozen=True)
class Pottvisning:
    """A registered pot as its form shows it, and its ledger."""

    id: int
    ordning: Ordning
    ramme_ore: int | None
    overfort_ore: int
    oremerkinger: list[Oremerkingsrad]
    status: Pottstatus


@dataclass(frozen=True)
class Pottside:
    aar: int
    potter: list[Pottvisning]
    mangler: list[Ordning]  # the schemes with no pot this year yet


def pottsiden(h: Handling, aar: int) -> Pottside:
    """The year's pots with what is earmarked, awarded and left, and the schemes without."""
    with h.les() as t:
        krev_rolle(t.aktor, *LESERE)
        hf = t.aktor.helsefellesskap_id
        status = {s.ordning: s for s in pottstatus(t.session, hf, aar)}
        potter = [
            Pottvisning(p.id or 0, p.ordning, p.ramme_ore, p.overfort_ore,
                        [(o.formaal, o.ore, o.vedtak) for o in p.oremerkinger],
                        status[p.ordning.value])
            for p in aarets_potter(t.session, hf, aar)
        ]  # fmt: skip
    registrert = {p.ordning for p in potter}
    return Pottside(aar, potter, [o for o in Ordning if o not in registrert])


@dataclass(frozen=True)
class Pottskjema:
    """What the pot form sends: amounts in øre (the frame may be unknown)."""

    ramme_ore: int | None
    overfort_ore: int
    oremerkinger: tuple[Oremerkingsrad, ...]


def registrer_pott(h: Handling, aar: int, ordning: Ordning, skjema: Pottskjema) -> None:
    """A new pot for the year and scheme (sekretariat)."""
    with h.skriv() as t:
        opprett_pott(t.session, aktor=t.aktor, ordning=ordning, aar=aar,
                     ramme_ore=skjema.ramme_ore, overfort_ore=skjema.overfort_ore,
                     oremerkinger=skjema.oremerkinger, naa=h.miljo.klokke.now())  # fmt: skip


def endre_potten(h: Handling, aar: int, pott_id: int, skjema: Pottskjema) -> None:
    """New figures for one of the year's pots (sekretariat); audited with before and after."""
    with h.skriv() as t:
        potter = aarets_potter(t.session, t.aktor.helsefellesskap_id, aar)
        if pott_id not in {p.id for p in potter}:
            raise IkkeFunnet(f"Finner ingen pott med id {pott_id} for {aar}")
        endre_pott(t.session, aktor=t.aktor, pott_id=pott_id, ramme_ore=skjema.ramme_ore,
                   overfort_ore=skjema.overfort_ore, oremerkinger=skjema.oremerkinger,
                   naa=h.miljo.klokke.now())  # fmt: skip
