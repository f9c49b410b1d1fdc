"""The ranked list as XLSX (#17): user text is text, numbers are numbers, and a title stored
before the input rule with a control character does not fail the package."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from openpyxl import load_workbook

from tilskudd_flow.dokumenter.oversendelsespakke import Listehode, Listerad, rangert_liste_xlsx

HODE = Listehode(
    "Helsefellesskap Helgeland", 2026, "=Sak 31-2025", datetime(2025, 10, 28, tzinfo=UTC)
)


def rad(prosjektnavn: str, prosjekteiere: str) -> Listerad:
    return Listerad(1, "RS-3", prosjektnavn, prosjekteiere, "@Vefsn", "-regional",
                    {2026: 200_000_000}, {})  # fmt: skip


def les(xlsx: bytes) -> list[tuple[object, ...]]:
    ark = load_workbook(io.BytesIO(xlsx)).active
    assert ark is not None
    assert [c.coordinate for r in ark.iter_rows() for c in r if c.data_type == "f"] == []
    return [tuple(c.value for c in r) for r in ark.iter_rows()]


def test_every_user_text_cell_is_text_even_when_it_starts_like_a_formula_17() -> None:
    rader = les(rangert_liste_xlsx(HODE, [rad("=1+1", "+cmd")]))
    assert rader[4][:8] == (1, "RS-3", "=1+1", "+cmd", "@Vefsn", "-regional", 2_000_000, 2_000_000)


def test_a_control_character_stored_before_the_rule_becomes_a_replacement_mark() -> None:
    rader = les(rangert_liste_xlsx(HODE, [rad("Ungdom\x1bhelse", "Vefsn\x00")]))
    assert rader[4][2:4] == ("Ungdom\ufffdhelse", "Vefsn\ufffd")
