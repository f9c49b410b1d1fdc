"""An e-mail's template context is frozen at the transition and rendered at delivery (issue
22): what `tin` gives back must render exactly as the live context did."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal
from enum import StrEnum
from pathlib import Path

import pytest
from markupsafe import Markup

from tilskudd_flow.adapters.varselmaler import frys, tin
from tilskudd_flow.bootstrap import bygg_varsler, last_register
from tilskudd_flow.config import last_innstillinger
from tilskudd_flow.domain.arbeidsflyt import Adresse
from tilskudd_flow.motor.maleksempler import eksempelkontekst
from tilskudd_flow.motor.utboks import mottakerkontekst, utboksrad

REPO = Path(__file__).resolve().parents[2]
INNSTILLINGER = last_innstillinger(REPO / "config.toml")
REGISTER = last_register(INNSTILLINGER)
BYGGER = bygg_varsler(INNSTILLINGER, REGISTER)


class Farge(StrEnum):
    RED = "red"


def test_dates_amounts_markup_and_nesting_come_back_as_they_were() -> None:
    kontekst = {"dato": date(2025, 10, 1), "tid": datetime(2025, 9, 15, 9, 0, tzinfo=UTC),
                "belop": Decimal("1250.50"), "trygg": Markup("<b>fet</b>"), "tall": 3,
                "andel": 0.25, "ja": True, "ingen": None,
                "saker": [{"referanse": "RS-2", "linjer": ("a", "b")}]}  # fmt: skip
    tint = tin(frys(kontekst))
    assert tint == {**kontekst, "saker": [{"referanse": "RS-2", "linjer": ["a", "b"]}]}
    assert type(tint["trygg"]) is Markup and type(tint["belop"]) is Decimal
    assert type(tint["tid"]) is datetime and type(tint["dato"]) is date


@pytest.mark.parametrize(
    ("kontekst", "ord"),
    [
        ({"farge": Farge.RED}, "Farge"),
        ({"rad": object()}, "object"),
        ({1: "x"}, "nøkkelen"),
        ({"$dato": "x"}, "nøkkelen"),
    ],
)
def test_a_value_that_cannot_be_frozen_fails_at_the_transition_in_bokmaal(
    kontekst: dict[object, object], ord: str
) -> None:
    with pytest.raises(TypeError, match="kan ikke fryses") as feil:
        frys(kontekst)  # type: ignore[arg-type]
    assert ord in str(feil.value)


def test_every_template_renders_the_same_from_its_frozen_context() -> None:
    for mal in BYGGER.alle_maler():
        kontekst = eksempelkontekst(REGISTER, mal)
        assert BYGGER.bygg(mal, tin(frys(kontekst))) == BYGGER.bygg(mal, kontekst), mal


def test_a_row_holds_the_recipient_and_template_and_nothing_rendered() -> None:
    til = Adresse("kari@vefsn.example", "Kari", organisasjon=False)
    rad = utboksrad(til, mal="x/y", kontekst={"lenke": "http://x"}, naa=datetime(2025, 1, 1),
                    helsefellesskap_id=1, case_id=None, audit_id=None, jobb_id=None)  # fmt: skip
    assert (rad["emne"], rad["tekst"], rad["html"], rad["mal"]) == ("", "", "", "x/y")
    assert tin(rad["kontekst"]) == {"lenke": "http://x", "mottaker": mottakerkontekst(til)}
