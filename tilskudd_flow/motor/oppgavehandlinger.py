"""«Mine oppgaver», a case's saksbehandler and its internal notes as pages call them: one
call, one transaction, the acting user loaded in it (`Handling`)."""

from __future__ import annotations

from dataclasses import dataclass

from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.domain.oppgaver import Oppgave
from tilskudd_flow.domain.tid import dato_i_oslo
from tilskudd_flow.motor.handling import Handling
from tilskudd_flow.motor.oppgaver import mine_oppgaver
from tilskudd_flow.motor.saker import last_sak
from tilskudd_flow.motor.saksbehandling import (
    Notat,
    Saksbehandlervalg,
    notater,
    saksbehandler,
    saksbehandlere,
    skriv_notat,
    tildel_saksbehandler,
)


@dataclass(frozen=True)
class Saksbehandlingsbilde:
    """What the case page shows the sekretariat only: who handles it, who could, the notes."""

    saksbehandler: Saksbehandlervalg | None
    valg: list[Saksbehandlervalg]
    notater: list[Notat]


def oppgavene(h: Handling) -> list[Oppgave]:
    """What waits for the user today."""
    idag = dato_i_oslo(h.miljo.klokke.now())
    with h.les() as t:
        return mine_oppgaver(t.session, h.miljo.register, t.aktor, idag)


def saksbehandlingen(h: Handling, sak_id: int) -> Saksbehandlingsbilde | None:
    """The case's saksbehandler and notes; None for users outside sekretariat and admin."""
    with h.les() as t:
        if not t.aktor.rollesett & {Rolle.SEKRETARIAT, Rolle.ADMIN}:
            return None
        sak = last_sak(t.session, h.miljo.register, t.aktor, sak_id).sak
        return Saksbehandlingsbilde(
            saksbehandler(t.session, sak.saksbehandler_id),
            saksbehandlere(t.session, t.aktor),
            notater(t.session, h.miljo.register, t.aktor, sak_id),
        )


def tildel(h: Handling, sak_id: int, brukernavn: str) -> Saksbehandlervalg | None:
    """Assign the case to a sekretariat user, or to nobody (an empty name)."""
    with h.skriv() as t:
        return tildel_saksbehandler(t.session, h.miljo.register, h.miljo.klokke, t.aktor,
                                    sak_id=sak_id, brukernavn=brukernavn)  # fmt: skip


def nytt_notat(h: Handling, sak_id: int, tekst: str) -> None:
    """Add an internal note to the case."""
    with h.skriv() as t:
        skriv_notat(t.session, h.miljo.register, h.miljo.klokke, t.aktor, sak_id=sak_id,
                    tekst=tekst)  # fmt: skip
