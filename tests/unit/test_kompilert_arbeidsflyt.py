"""Each workflow is compiled once into plain tables that agree with its machine, and a built
machine is reused across transitions (issue 22: the transition path no longer builds one per
event or asks the library what is allowed)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from statemachine import StateMachine

from tilskudd_flow.domain.arbeidsflyt import Arbeidsflyt, Arbeidsflytregister
from tilskudd_flow.domain.feil import Regelbrudd
from tilskudd_flow.models.soknad import Soknad
from tilskudd_flow.motor.maskiner import Tilstand, maskin_i


def _flyter() -> list[Arbeidsflyt]:
    register = Arbeidsflytregister()
    register.last_pakker(["workflows"])
    return register.alle()


@pytest.mark.parametrize("flyt", _flyter(), ids=lambda f: f.navn)
def test_compiled_tables_agree_with_the_machine_in_every_state(flyt: Arbeidsflyt) -> None:
    for tilstand in flyt.maskin.states:
        maskin: StateMachine = flyt.maskin(model=Tilstand(str(tilstand.id)), state_field="state")
        assert set(flyt.lovlige_hendelser(str(tilstand.id))) == {
            str(e.id) for e in maskin.allowed_events
        }
        assert flyt.tilstandsnavn(str(tilstand.id)) == tilstand.name
        assert flyt.er_avsluttet(str(tilstand.id)) == tilstand.final


def test_an_event_loads_what_its_guards_recipients_and_emails_say_they_read() -> None:
    flyt = next(f for f in _flyter() if f.navn == "rs_soknad")
    komplettert = set(map(str, flyt.laster_for("komplettert")))
    returner = set(map(str, flyt.laster_for("returner_som_mangelfull")))
    assert {str(Soknad.vedlegg), str(Soknad.budsjettlinjer)} <= komplettert
    # No guard: what its recipients (kontaktpersoner) and the e-mails' context read.
    assert returner == {str(Soknad.kontakter), str(Soknad.tildelinger), str(Soknad.rapportkrav)}
    soker = set(map(str, flyt.laster_for("returner_som_mangelfull", soker=True)))
    assert soker == returner | {str(Soknad.parter)}  # an applicant's party check


def test_a_machine_is_reused_and_a_refused_event_leaves_it_fit_for_the_next_case() -> None:
    flyt = next(f for f in _flyter() if f.navn == "rs_soknad")
    uten_vurdering = SimpleNamespace(vurdering="")
    with maskin_i(flyt.maskin, "mottatt") as (forste, _):
        pass
    with maskin_i(flyt.maskin, "mottatt") as (maskin, tilstand):
        assert maskin is forste
        with pytest.raises(Regelbrudd, match="skriftlig vurdering"):
            maskin.send("vurder", soknad=uten_vurdering, felt={})
        assert tilstand.state == "mottatt"
    with maskin_i(flyt.maskin, "mottatt") as (maskin, tilstand):
        maskin.send("returner_som_mangelfull", soknad=uten_vurdering)
        assert tilstand.state == "mangelfull"


def test_a_machine_in_use_is_never_handed_out_twice() -> None:
    flyt = next(f for f in _flyter() if f.navn == "rs_soknad")
    with (
        maskin_i(flyt.maskin, "mottatt") as (ytre, _),
        maskin_i(flyt.maskin, "mottatt") as (
            indre,
            _,
        ),
    ):
        assert ytre is not indre


def test_a_machine_that_reached_a_final_state_is_not_reused() -> None:
    flyt = next(f for f in _flyter() if f.navn == "rs_soknad")
    with maskin_i(flyt.maskin, "mottatt") as (avsluttet, tilstand):
        avsluttet.send("avvis", soknad=SimpleNamespace())
        assert tilstand.state == "avvist"
    with maskin_i(flyt.maskin, "mottatt") as (maskin, tilstand):
        assert maskin is not avsluttet
        maskin.send("returner_som_mangelfull", soknad=SimpleNamespace())
        assert tilstand.state == "mangelfull"
