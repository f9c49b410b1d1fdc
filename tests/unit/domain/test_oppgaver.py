"""The pure rules of «Mine oppgaver»: whose task a state or a deadline is, and the order."""

from __future__ import annotations

from datetime import date

import pytest
from statemachine import State, StateMachine

from tilskudd_flow.domain.arbeidsflyt import Arbeidsflyt, Fristregel, hendelse, venter
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.domain.oppgaver import (
    Oppgave,
    fristen_angaar,
    fristoppgave,
    i_rekkefolge,
    venter_paa_deg,
)
from workflows.avtale_revisjon import ARBEIDSFLYT as AVTALE
from workflows.fsu_etablering import ARBEIDSFLYT as FSU
from workflows.mote import ARBEIDSFLYT as MOTE
from workflows.rs_soknad import ARBEIDSFLYT as RS

SEKR = frozenset({Rolle.SEKRETARIAT})
SOKER = frozenset({Rolle.SOKER})
IDAG = date(2026, 3, 2)


def _rapportregel() -> Fristregel:
    return Fristregel("rapport", tilstander=("tildelt",), gjelder=lambda s, f: True,
                      paaminnelse_til=("kontaktpersoner",),
                      eskalering_om_fristen_til=("sekretariat",))  # fmt: skip


def test_a_state_waits_for_the_roles_it_names_and_no_others() -> None:
    vurder = venter(Rolle.SEKRETARIAT, oppgave="Vurder søknaden")
    assert venter_paa_deg(vurder, SEKR | SOKER)
    assert not venter_paa_deg(vurder, SOKER)
    assert not venter_paa_deg(None, SEKR)


def test_a_report_is_the_sekretariats_task_only_once_its_deadline_has_passed() -> None:
    regel = _rapportregel()
    assert not fristen_angaar(regel, SEKR, forfalt=False)
    assert fristen_angaar(regel, SEKR, forfalt=True)
    assert not fristen_angaar(regel, SOKER, forfalt=True)


def test_a_deadline_reminding_the_sekretariat_is_its_task_before_and_after() -> None:
    regel = Fristregel("motepapirer", tilstander=("planlagt",), gjelder=lambda s, f: True,
                       paaminnelse_til=("sekretariat",))  # fmt: skip
    assert fristen_angaar(regel, SEKR, forfalt=False)
    assert fristen_angaar(regel, SEKR, forfalt=True)


def test_a_passed_deadline_says_so() -> None:
    assert fristoppgave("Årsrapport", forfalt=True) == "Årsrapport: fristen er passert"
    assert fristoppgave("Årsrapport", forfalt=False) == "Årsrapport: følg opp før fristen"


def test_own_cases_come_first_then_the_earliest_deadline_and_none_last() -> None:
    uten = Oppgave("a", "RS-1", "/saker/1")
    sen = Oppgave("b", "RS-2", "/saker/2", frist=date(2026, 5, 1))
    tidlig = Oppgave("c", "RS-3", "/saker/3", frist=date(2026, 1, 1))
    min_sak = Oppgave("d", "RS-4", "/saker/4", frist=date(2026, 9, 1), din=True)
    assert i_rekkefolge([uten, sen, tidlig, min_sak]) == [min_sak, tidlig, sen, uten]


def test_a_task_is_overdue_the_day_after_its_deadline() -> None:
    assert Oppgave("a", "b", "c", frist=date(2026, 3, 1)).forfalt(IDAG)
    assert not Oppgave("a", "b", "c", frist=IDAG).forfalt(IDAG)
    assert not Oppgave("a", "b", "c").forfalt(IDAG)


class _Liten(StateMachine):
    ny = State("Ny", initial=True)
    ferdig = State("Ferdig", final=True)
    avslutt = ny.to(ferdig)


def test_a_workflow_cannot_wait_in_a_state_it_does_not_have() -> None:
    with pytest.raises(ValueError, match="venter_paa ukjente tilstander"):
        Arbeidsflyt(navn="liten", tittel="Liten", prefiks="L", maskin=_Liten,
                    hendelser={"avslutt": hendelse(Rolle.SEKRETARIAT)},
                    venter_paa={"borte": venter(Rolle.SEKRETARIAT, oppgave="x")})  # fmt: skip


def test_every_workflow_says_what_its_waiting_states_ask_and_never_in_a_final_state() -> None:
    for flyt in (RS, MOTE, FSU, AVTALE):
        for tilstand, venter_ in flyt.venter_paa.items():
            assert venter_.oppgave and venter_.hvem, (flyt.navn, tilstand)
            assert not flyt.maskin.states_map[tilstand].final, (flyt.navn, tilstand)
