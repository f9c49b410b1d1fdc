"""The one text rule (#17): one-line fields refuse control characters, CR/LF included;
multi-line fields keep line breaks (as LF) and TAB, and refuse every other control."""

from __future__ import annotations

import pytest

from tilskudd_flow.domain.feil import UgyldigeFelt
from tilskudd_flow.domain.tekst import (
    MELDING_ENLINJE,
    enlinje,
    flerlinje,
    forste_forbudte,
    krev_enlinje,
    krev_flerlinje,
)

# The contact name that stopped all e-mail in #17, a NUL, a right-to-left override, and
# the other characters that start a new line or reorder what a reader sees.
FARLIGE = [
    "Eve\r\nBcc: x@y.no",
    "Eve\nBcc: x@y.no",
    "Eve\rBcc: x@y.no",
    "a\x00b",
    "\u202eon.y@x",
    "a\u2066b\u2069",
    "a\u2028b",
    "a\u0085b",
    "a\x7fb",
    "a\x1bb",
    "a\ud800b",
]
RENE = ["Eva Dønnes", "«Helgeland» – 2026 …", "Sámi: Čáhcesuolu", "Ola (leder) <ola@x.no>", ""]


@pytest.mark.parametrize("tekst", FARLIGE)
def test_a_one_line_field_refuses_line_breaks_and_control_characters(tekst: str) -> None:
    with pytest.raises(ValueError, match=MELDING_ENLINJE):
        enlinje(tekst)


def test_a_one_line_field_refuses_tab() -> None:
    with pytest.raises(ValueError, match=r"U\+0009"):
        enlinje("Eva\tDønnes")


def test_the_refusal_names_the_invisible_character_by_code_point() -> None:
    with pytest.raises(ValueError, match=r"\(fant U\+202E\)"):
        enlinje("abc\u202edef")


@pytest.mark.parametrize("tekst", RENE)
def test_ordinary_text_passes_unchanged(tekst: str) -> None:
    assert enlinje(tekst) == tekst
    assert flerlinje(tekst) == tekst


def test_a_multi_line_field_keeps_line_breaks_and_makes_them_lf() -> None:
    assert flerlinje("Linje 1\r\nLinje 2\rLinje 3\nLinje 4") == "Linje 1\nLinje 2\nLinje 3\nLinje 4"


def test_a_multi_line_field_keeps_tab_from_pasted_tables() -> None:
    assert flerlinje("År\tBeløp\n2026\t100") == "År\tBeløp\n2026\t100"


@pytest.mark.parametrize("tekst", ["a\x00b", "\u202eabc", "a\u2067b", "a\x0bb", "a\u2029b"])
def test_a_multi_line_field_refuses_every_other_control_character(tekst: str) -> None:
    with pytest.raises(ValueError, match="kontrolltegn"):
        flerlinje(tekst)


def test_plain_marks_for_direction_are_allowed_only_overrides_are_not() -> None:
    assert forste_forbudte("a\u200fb") is None  # RLM: needed in mixed-direction names
    assert forste_forbudte("a\u202bb") == "\u202b"


def test_krev_enlinje_names_every_field_that_is_wrong() -> None:
    with pytest.raises(UgyldigeFelt) as feil:
        krev_enlinje(tittel="Møte\r\nBcc: x@y.no", sted="Mo i Rana", videolenke="\x00")
    assert set(feil.value.alle) == {"tittel", "videolenke"}


def test_krev_flerlinje_returns_the_normalised_text() -> None:
    assert krev_flerlinje(vedtak="Punkt 1\r\nPunkt 2") == {"vedtak": "Punkt 1\nPunkt 2"}
