"""One date parser for every date field (#19): no module reads a date from text on its own.

Before #19 the CLI, the event fields and field 7 each read dates their own way: one took
«28.02.2025», another only «2025-02-28», and field 7 took «31.02.2025» as free text.
"""

from __future__ import annotations

import re
from pathlib import Path

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
