"""The web form's milestone row: «Navn: tid» in the name field with no time is split (#19)."""

from __future__ import annotations

from tilskudd_flow.web.soknadsskjema import tolk, valider


def _skjema(beskrivelse: str, tid: str = "") -> dict[str, str]:
    return {
        "prosjektnavn": "Ungdomshelse",
        "milepael_0_beskrivelse": beskrivelse,
        "milepael_0_tid": tid,
        "milepael_0_type": "milepael",
    }


def test_a_name_field_holding_name_and_time_is_split() -> None:
    fil, feil = valider(tolk(_skjema("Oppstart: høsten 2025"), 2026))
    assert feil == {}
    assert fil is not None
    assert [(m.beskrivelse, m.tid) for m in fil.milepaeler] == [("Oppstart", "høsten 2025")]


def test_a_time_field_that_is_filled_in_wins_and_nothing_is_split() -> None:
    fil, _ = valider(tolk(_skjema("Fase 2: opplæring", "mars 2026"), 2026))
    assert fil is not None
    assert [(m.beskrivelse, m.tid) for m in fil.milepaeler] == [("Fase 2: opplæring", "mars 2026")]


def test_a_milestone_without_a_time_names_the_time_field() -> None:
    fil, feil = valider(tolk(_skjema("Sluttrapport – mars 2028"), 2026))
    assert fil is None
    assert feil["milepael_0_tid"].startswith("tidspunktet mangler")
