"""A workflow whose events read a relationship the one-statement load cannot rebuild stops
the start, naming it (`motor/samlet_lasting.sjekk_lasteplaner`)."""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import pytest

from tests.conftest import KONFIG
from tilskudd_flow.bootstrap import last_register
from tilskudd_flow.config import last_innstillinger
from tilskudd_flow.models.soknad import Soknad
from tilskudd_flow.motor.samlet_lasting import sjekk_lasteplaner


class EttRegister:
    def __init__(self, *relasjoner: Any) -> None:
        self.flyt = SimpleNamespace(navn="prove", hendelser={"vurder": None},
                                    laster_for=lambda _h, soker=False: relasjoner)  # fmt: skip

    def alle(self) -> list[Any]:
        return [self.flyt]


def test_the_shipped_workflows_read_only_what_the_one_statement_loads() -> None:
    sjekk_lasteplaner(last_register(last_innstillinger(KONFIG)))


def test_a_relationship_through_a_link_table_stops_the_start_by_name() -> None:
    gjennom_kobling = SimpleNamespace(property=SimpleNamespace(secondary=object(), mapper=1,
                                                               parent=2))  # fmt: skip
    with pytest.raises(ValueError, match="prove, hendelse vurder"):
        sjekk_lasteplaner(EttRegister(Soknad.kontakter, gjennom_kobling))  # type: ignore[arg-type]
    sjekk_lasteplaner(EttRegister(Soknad.kontakter))  # type: ignore[arg-type]
