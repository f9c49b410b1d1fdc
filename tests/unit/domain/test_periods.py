"""Tabelltester for tolking av milepælstidspunkter."""

from __future__ import annotations

from datetime import date

import pytest

from tilskudd_flow.domain.periods import Periode, Presisjon, UgyldigPeriode, parse_periode

D = Presisjon.DATO
M = Presisjon.MAANED
K = Presisjon.KVARTAL
H = Presisjon.HALVAAR
S = Presisjon.SESONG
A = Presisjon.AAR

GYLDIGE: list[tuple[str, date, date, Presisjon]] = [
    # months
    ("Mars 2028", date(2028, 3, 1), date(2028, 3, 31), M),
    ("mars 2028", date(2028, 3, 1), date(2028, 3, 31), M),
    ("januar 2027", date(2027, 1, 1), date(2027, 1, 31), M),
    ("februar 2027", date(2027, 2, 1), date(2027, 2, 28), M),
    ("februar 2028", date(2028, 2, 1), date(2028, 2, 29), M),
    ("april 2026", date(2026, 4, 1), date(2026, 4, 30), M),
    ("desember 2026", date(2026, 12, 1), date(2026, 12, 31), M),
    ("jan 2027", date(2027, 1, 1), date(2027, 1, 31), M),
    ("feb. 2027", date(2027, 2, 1), date(2027, 2, 28), M),
    ("mar 2027", date(2027, 3, 1), date(2027, 3, 31), M),
    ("apr. 2027", date(2027, 4, 1), date(2027, 4, 30), M),
    ("mai 2027", date(2027, 5, 1), date(2027, 5, 31), M),
    ("jun 2027", date(2027, 6, 1), date(2027, 6, 30), M),
    ("jul. 2027", date(2027, 7, 1), date(2027, 7, 31), M),
    ("aug 2027", date(2027, 8, 1), date(2027, 8, 31), M),
    ("sep. 2027", date(2027, 9, 1), date(2027, 9, 30), M),
    ("okt 2027", date(2027, 10, 1), date(2027, 10, 31), M),
    ("nov. 2027", date(2027, 11, 1), date(2027, 11, 30), M),
    ("des 2027", date(2027, 12, 1), date(2027, 12, 31), M),
    # quarters
    ("Q1 2025", date(2025, 1, 1), date(2025, 3, 31), K),
    ("Q3 2025", date(2025, 7, 1), date(2025, 9, 30), K),
    ("q4 2025", date(2025, 10, 1), date(2025, 12, 31), K),
    ("3. kvartal 2025", date(2025, 7, 1), date(2025, 9, 30), K),
    ("3.kvartal 2025", date(2025, 7, 1), date(2025, 9, 30), K),
    ("kvartal 3 2025", date(2025, 7, 1), date(2025, 9, 30), K),
    ("2. kvartal 2026", date(2026, 4, 1), date(2026, 6, 30), K),
    ("senest 4. kvartal 2026", date(2026, 10, 1), date(2026, 12, 31), K),
    # seasons
    ("høsten 2025", date(2025, 8, 1), date(2025, 12, 31), S),
    ("høst 2025", date(2025, 8, 1), date(2025, 12, 31), S),
    ("våren 2026", date(2026, 1, 1), date(2026, 6, 30), S),
    ("vår 2026", date(2026, 1, 1), date(2026, 6, 30), S),
    ("sommeren 2026", date(2026, 6, 1), date(2026, 8, 31), S),
    ("sommer 2026", date(2026, 6, 1), date(2026, 8, 31), S),
    ("vinteren 2026", date(2026, 1, 1), date(2026, 2, 28), S),
    ("vinter 2026", date(2026, 1, 1), date(2026, 2, 28), S),
    ("vinteren 2028", date(2028, 1, 1), date(2028, 2, 29), S),  # leap year
    ("vinteren 2100", date(2100, 1, 1), date(2100, 2, 28), S),  # not a leap year
    ("vinteren 2000", date(2000, 1, 1), date(2000, 2, 29), S),  # leap year
    # half years
    ("1. halvår 2026", date(2026, 1, 1), date(2026, 6, 30), H),
    ("2. halvår 2026", date(2026, 7, 1), date(2026, 12, 31), H),
    ("2.halvår 2026", date(2026, 7, 1), date(2026, 12, 31), H),
    ("halvår 1 2026", date(2026, 1, 1), date(2026, 6, 30), H),
    # years
    ("2026", date(2026, 1, 1), date(2026, 12, 31), A),
    # exact dates
    ("01.03.2028", date(2028, 3, 1), date(2028, 3, 1), D),
    ("1.3.2028", date(2028, 3, 1), date(2028, 3, 1), D),
    ("2028-03-01", date(2028, 3, 1), date(2028, 3, 1), D),
    ("29.02.2028", date(2028, 2, 29), date(2028, 2, 29), D),
    # prefixes, case and whitespace
    ("Senest mars 2028", date(2028, 3, 1), date(2028, 3, 31), M),
    ("innen 2026", date(2026, 1, 1), date(2026, 12, 31), A),
    ("ca. våren 2026", date(2026, 1, 1), date(2026, 6, 30), S),
    ("ca 1. halvår 2026", date(2026, 1, 1), date(2026, 6, 30), H),
    ("ca.mars 2028", date(2028, 3, 1), date(2028, 3, 31), M),
    ("fra 01.03.2028", date(2028, 3, 1), date(2028, 3, 1), D),
    ("i Q2 2027", date(2027, 4, 1), date(2027, 6, 30), K),
    ("senest i mai 2027", date(2027, 5, 1), date(2027, 5, 31), M),
    ("  INNEN   4. KVARTAL\u00a02026 ", date(2026, 10, 1), date(2026, 12, 31), K),
    # ranges and loose ends, as applicants write them (issue 19)
    ("Q1-2 2026", date(2026, 1, 1), date(2026, 6, 30), K),
    ("Q1–Q2 2026", date(2026, 1, 1), date(2026, 6, 30), K),
    ("q3 - q4 2025", date(2025, 7, 1), date(2025, 12, 31), K),
    ("2.–3. kvartal 2026", date(2026, 4, 1), date(2026, 9, 30), K),
    ("2.-3. kvartal 2026", date(2026, 4, 1), date(2026, 9, 30), K),
    ("1-2. kvartal 2026", date(2026, 1, 1), date(2026, 6, 30), K),
    ("2. og 3. kvartal 2026", date(2026, 4, 1), date(2026, 9, 30), K),
    ("Q1 og Q2 2026", date(2026, 1, 1), date(2026, 6, 30), K),
    ("2. kv. 2026", date(2026, 4, 1), date(2026, 6, 30), K),
    ("3. kv 2026", date(2026, 7, 1), date(2026, 9, 30), K),
    ("Q3 2025 – Q3 2026", date(2025, 7, 1), date(2026, 9, 30), K),
    ("Prosjektår 1 (Q3 2025 – Q3 2026)", date(2025, 7, 1), date(2026, 9, 30), K),
    ("1.–2. halvår 2027", date(2027, 1, 1), date(2027, 12, 31), H),
    ("2. halvår 2026 – 1. halvår 2027", date(2026, 7, 1), date(2027, 6, 30), H),
    ("mars–juni 2026", date(2026, 3, 1), date(2026, 6, 30), M),
    ("mars - juni 2026", date(2026, 3, 1), date(2026, 6, 30), M),
    ("fra mars 2026 til juni 2026", date(2026, 3, 1), date(2026, 6, 30), M),
    ("mars 2026 – juni 2027", date(2026, 3, 1), date(2027, 6, 30), M),
    ("høsten 2025 til våren 2026", date(2025, 8, 1), date(2026, 6, 30), S),
    ("2026–2027", date(2026, 1, 1), date(2027, 12, 31), A),
    ("2026-2027", date(2026, 1, 1), date(2027, 12, 31), A),
    ("01.03.2026 - 01.06.2026", date(2026, 3, 1), date(2026, 6, 1), D),
    ("01.03.2026-01.06.2026", date(2026, 3, 1), date(2026, 6, 1), D),
    ("innen utgangen av 2026", date(2026, 1, 1), date(2026, 12, 31), A),
    ("innen slutten av mars 2027", date(2027, 3, 1), date(2027, 3, 31), M),
]


@pytest.mark.parametrize(("tekst", "start", "slutt", "presisjon"), GYLDIGE)
def test_parse_periode(tekst: str, start: date, slutt: date, presisjon: Presisjon) -> None:
    assert parse_periode(tekst) == Periode(
        start=start, slutt=slutt, presisjon=presisjon, tekst=tekst
    )


# (text, a fragment the message must contain)
UGYLDIGE: list[tuple[str, str]] = [
    ("Q5 2025", "kvartal må være fra 1 til 4, ikke 5"),
    ("Q0 2025", "kvartal må være fra 1 til 4, ikke 0"),
    ("5. kvartal 2025", "kvartal må være fra 1 til 4"),
    ("3. halvår 2026", "halvår må være fra 1 til 2, ikke 3"),
    ("31.02.2026", "datoen 31.02.2026 finnes ikke"),
    ("29.02.2027", "datoen 29.02.2027 finnes ikke"),
    ("2026-13-01", "finnes ikke"),
    ("0000", "finnes ikke"),
    ("snart", "forstår ikke"),
    ("mars", "forstår ikke"),
    ("senest", "forstår ikke"),
    ("sept 2026", "forstår ikke"),
    ("mars-juni", "forstår ikke"),
    ("juni–mars 2026", "slutten av perioden kommer før starten"),
    ("Q3 2026 - Q1 2026", "slutten av perioden kommer før starten"),
    ("Q1-5 2026", "kvartal må være fra 1 til 4, ikke 5"),
    ("", "tom"),
    ("   ", "tom"),
]


@pytest.mark.parametrize(("tekst", "fragment"), UGYLDIGE)
def test_parse_periode_avviser(tekst: str, fragment: str) -> None:
    with pytest.raises(UgyldigPeriode) as feil:
        parse_periode(tekst)
    assert f"«{tekst}»" in str(feil.value)
    assert fragment in str(feil.value)


def test_presisjon_er_tekst() -> None:
    assert [str(presisjon) for presisjon in Presisjon] == [
        "dato",
        "måned",
        "kvartal",
        "halvår",
        "sesong",
        "år",
    ]
