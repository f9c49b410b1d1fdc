"""Table tests: a milestone written on one line «Navn: tid» is split (#19)."""

from __future__ import annotations

import pytest

from tilskudd_flow.domain.milepaeler import Milepaeltekst, del_milepael

TABELL: list[tuple[str, Milepaeltekst]] = [
    ("Oppstart: høsten 2025", Milepaeltekst("Oppstart", "høsten 2025")),
    ("Oppstart:høsten 2025", Milepaeltekst("Oppstart", "høsten 2025")),
    ("  Evaluering :  Q2 2027 ", Milepaeltekst("Evaluering", "Q2 2027")),
    ("Sluttrapport: mars 2028", Milepaeltekst("Sluttrapport", "mars 2028")),
    ("Pilot i drift: Q1-2 2026", Milepaeltekst("Pilot i drift", "Q1-2 2026")),
    ("Opplæring: 2.–3. kvartal 2026", Milepaeltekst("Opplæring", "2.–3. kvartal 2026")),
    ("Kick-off: 01.09.2025", Milepaeltekst("Kick-off", "01.09.2025")),
    ("Fase 2: opplæring: januar 2027", Milepaeltekst("Fase 2: opplæring", "januar 2027")),
    (
        "Prosjektår 1: Prosjektår 1 (Q3 2025 – Q3 2026)",
        Milepaeltekst("Prosjektår 1", "Prosjektår 1 (Q3 2025 – Q3 2026)"),
    ),
    ("Ferdig: innen utgangen av 2026", Milepaeltekst("Ferdig", "innen utgangen av 2026")),
    # an impossible date is still meant as the time: the time field says what is wrong
    ("Oppstart: 31.02.2026", Milepaeltekst("Oppstart", "31.02.2026")),
    # not split: no colon, or what follows the colon is no period
    ("Sluttrapport – mars 2028", Milepaeltekst("Sluttrapport – mars 2028", "")),
    ("Sluttrapport mars 2028", Milepaeltekst("Sluttrapport mars 2028", "")),
    ("Fase 2: opplæring av ansatte", Milepaeltekst("Fase 2: opplæring av ansatte", "")),
    ("Møte kl. 12:00", Milepaeltekst("Møte kl. 12:00", "")),
    (": mars 2028", Milepaeltekst(": mars 2028", "")),
    ("Oppstart:", Milepaeltekst("Oppstart:", "")),
    ("Oppstart", Milepaeltekst("Oppstart", "")),
]


@pytest.mark.parametrize(("tekst", "forventet"), TABELL)
def test_a_milestone_line_is_split_only_on_a_colon_before_a_period(
    tekst: str, forventet: Milepaeltekst
) -> None:
    assert del_milepael(tekst) == forventet
