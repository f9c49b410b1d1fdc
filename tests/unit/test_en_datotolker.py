"""One date parser for every date field (#19): no module reads a date from text on its own.

Before #19 the CLI, the event fields and field 7 each read dates their own way: one took
«28.02.2025», another only «2025-02-28», and field 7 took «31.02.2025» as free text.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from pydantic import ValidationError

from tilskudd_flow.domain import felt
from tilskudd_flow.soknader.oppstart_prosjekter import Tildelingsrad

REPO = Path(__file__).resolve().parents[2]
EGNE_TOLKERE = re.compile(r"\bdate\.fromisoformat\(|\bstrptime\(|_DATOFORMATER")


def test_dates_are_read_only_by_the_domains_date_parser() -> None:
    filer = [*(REPO / "tilskudd_flow").rglob("*.py"), *(REPO / "workflows").rglob("*.py")]
    egne = [
        f"{fil.relative_to(REPO)}:{nr}"
        for fil in filer
        if "migrations" not in fil.parts
        for nr, linje in enumerate(fil.read_text(encoding="utf-8").splitlines(), start=1)
        if EGNE_TOLKERE.search(linje)
    ]
    assert egne == [], "les datoer med tilskudd_flow.domain.datoer.parse_dato"


def test_a_date_in_an_import_file_is_read_as_norwegians_write_it() -> None:
    rad = {"ordning": "regional", "aar": 2026, "belop": "kr 1,5 mill", "dato": "28.2.2026"}
    assert Tildelingsrad.model_validate(rad).dato == date(2026, 2, 28)
    with pytest.raises(ValidationError, match=r"datoen 31\.02\.2026 finnes ikke"):
        Tildelingsrad.model_validate({**rad, "dato": "31.02.2026"})


def test_an_event_date_field_takes_the_same_forms() -> None:
    deklarert = (felt.dato("mottatt", "Mottatt dato"),)
    for tekst in ("28.02.25", "28.02.2025", "2025-02-28", "28.2.2025"):
        assert felt.les_felt(deklarert, {"mottatt": tekst}, lambda _t: None) == {
            "mottatt": date(2025, 2, 28)
        }
