"""Every guard says its rule in bokmål, or the workflow does not load (issue 21: diagrams
showed «[!har_lokal_tildeling]»)."""

from __future__ import annotations

import pytest
from statemachine import Event, State, StateMachine

from tilskudd_flow.domain.arbeidsflyt import Arbeidsflyt, hendelse, krav
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.domain.vilkaar import overgangene, vilkaar
from workflows.avtale_revisjon import ARBEIDSFLYT as AVTALE
from workflows.fsu_etablering import ARBEIDSFLYT as FSU
from workflows.mote import ARBEIDSFLYT as MOTE
from workflows.rs_soknad import ARBEIDSFLYT as RS


def _flyt(maskin: type[StateMachine]) -> Arbeidsflyt:
    regler = {"videre": hendelse(Rolle.SEKRETARIAT)}
    return Arbeidsflyt(navn="prove", tittel="Prøve", prefiks="P", maskin=maskin, hendelser=regler)


def test_a_guard_without_its_rule_text_stops_the_workflow_from_loading() -> None:
    class UtenTekst(StateMachine):
        start = State("Start", initial=True)
        slutt = State("Slutt", final=True)
        videre = Event(start.to(slutt, validators=["er_klar"]), name="Videre")

        @krav("Saken er ikke klar")
        def er_klar(self) -> bool:
            return True

    with pytest.raises(ValueError, match="vakten «er_klar» mangler regeltekst"):
        _flyt(UtenTekst)


def test_a_guard_used_with_unless_must_also_say_its_opposite() -> None:
    class UtenMotsatt(StateMachine):
        start = State("Start", initial=True)
        ja = State("Ja", final=True)
        nei = State("Nei", final=True)
        videre = Event(start.to(ja, cond="er_klar") | start.to(nei, unless="er_klar"),
                       name="Videre")  # fmt: skip

        @vilkaar("Saken er klar")
        def er_klar(self) -> bool:
            return True

    with pytest.raises(ValueError, match=r"ikke=\.\.\."):
        _flyt(UtenMotsatt)


def test_the_rules_follow_their_transition_and_unless_reads_as_the_opposite() -> None:
    class Med(StateMachine):
        start = State("Start", initial=True)
        ja = State("Ja", final=True)
        nei = State("Nei", final=True)
        videre = Event(start.to(ja, cond="er_klar") | start.to(nei, unless="er_klar"),
                       name="Videre")  # fmt: skip

        @vilkaar("Saken er klar", ikke="Saken er ikke klar")
        def er_klar(self) -> bool:
            return True

    flyt = _flyt(Med)
    assert [(o.til, o.vilkaar) for o in overgangene(flyt.maskin)] == [
        ("ja", ("Saken er klar",)),
        ("nei", ("Saken er ikke klar",)),
    ]


@pytest.mark.parametrize("flyt", [RS, FSU, MOTE, AVTALE], ids=lambda f: f.navn)
def test_every_guard_of_the_shipped_workflows_has_a_sentence(flyt: Arbeidsflyt) -> None:
    for overgang in overgangene(flyt.maskin):
        for regel in overgang.vilkaar:
            assert regel[0].isupper() and "_" not in regel, regel
