"""Field 11's budget table in the web form: how many line rows to show, and the sums per
year and in total, worked out from the values as typed on every render (no JavaScript
needed; `statisk/soknad.js` only updates the same sums while typing)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from tilskudd_flow.domain.amounts import UgyldigBelop, formater_kroner, parse_belop

BUDSJETTLINJER = 6  # empty rows on a new form; «Legg til linje» adds one more
MAKS_BUDSJETTLINJER = 60
LINJEKOLONNER = ("kostnadspost", "aar", "belop", "prosjektaar")
ANTALL_FELT = "budsjettlinjer"  # hidden field: how many rows the form shows


@dataclass(frozen=True)
class Budsjettsummer:
    """What the budget table adds up to, as shown under it."""

    per_aar: list[tuple[str, str]] = field(default_factory=list)  # ("2026", "kr 500 000")
    total: str = formater_kroner(0)
    uleselige: list[str] = field(default_factory=list)  # fields whose amount did not count
    sokt: str = ""
    differanse: str = ""
    andel: str = ""


def antall_linjer(verdier: Mapping[str, Any]) -> int:
    """Rows to show: at least the default, every row with content, and those added."""
    onsket = _heltall(verdier.get(ANTALL_FELT)) or BUDSJETTLINJER
    brukt = [i + 1 for i in range(MAKS_BUDSJETTLINJER) if _har_innhold(verdier, i)]
    return min(max(onsket, BUDSJETTLINJER, *brukt), MAKS_BUDSJETTLINJER)


def med_en_linje_til(verdier: dict[str, Any]) -> str:
    """Count one more row (up to the limit); returns the id of its first input."""
    ny = antall_linjer(verdier)
    verdier[ANTALL_FELT] = str(min(ny + 1, MAKS_BUDSJETTLINJER))
    return f"linje_{min(ny, MAKS_BUDSJETTLINJER - 1)}_kostnadspost"


def budsjettsummer(verdier: Mapping[str, Any]) -> Budsjettsummer:
    """Sums per year and in total of the lines that can be read; the rest are named."""
    per_aar: dict[str, int] = {}
    uleselige: list[str] = []
    for i in range(antall_linjer(verdier)):
        tekst = _tekst(verdier, f"linje_{i}_belop")
        if not tekst:
            continue
        ore = _ore(tekst)
        if ore is None:
            uleselige.append(f"linje_{i}_belop")
            continue
        aar = _tekst(verdier, f"linje_{i}_aar") or "Uten år"
        per_aar[aar] = per_aar.get(aar, 0) + ore
    total = sum(per_aar.values())
    return Budsjettsummer(
        per_aar=[(aar, formater_kroner(ore)) for aar, ore in sorted(per_aar.items())],
        total=formater_kroner(total),
        uleselige=uleselige,
        **_mot_sokt(verdier, total if per_aar else None),
    )


def _mot_sokt(verdier: Mapping[str, Any], linjesum: int | None) -> dict[str, str]:
    """The applied amount, how far the lines are from it, and its share of the total cost."""
    sokt = _ore(_tekst(verdier, "budsjett_sokt"), total=True)
    totalkostnad = _ore(_tekst(verdier, "budsjett_total"), total=True)
    svar = {"sokt": formater_kroner(sokt) if sokt is not None else ""}
    if sokt is not None and linjesum is not None and linjesum != sokt:
        retning = "mer" if linjesum > sokt else "mindre"
        svar["differanse"] = (
            f"Linjene er {formater_kroner(abs(linjesum - sokt))} {retning} enn søkt beløp"
        )
    if sokt is not None and totalkostnad:
        svar["andel"] = f"{round(100 * sokt / totalkostnad)} % av totalkostnaden"
    return svar


def _ore(tekst: str, *, total: bool = False) -> int | None:
    if not tekst:
        return None
    try:
        belop = parse_belop(tekst)
    except UgyldigBelop:
        return None
    return belop.total_ore if total else belop.ore


def _tekst(verdier: Mapping[str, Any], navn: str) -> str:
    return str(verdier.get(navn) or "").strip()


def _har_innhold(verdier: Mapping[str, Any], i: int) -> bool:
    return any(_tekst(verdier, f"linje_{i}_{k}") for k in LINJEKOLONNER)


def _heltall(verdi: Any) -> int:
    tekst = str(verdi or "").strip()
    return int(tekst) if tekst.isdigit() and len(tekst) < 4 else 0
