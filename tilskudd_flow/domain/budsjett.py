"""Field 11's arithmetic over plain values (øre): the budget table's sums per year and in
all, whether they match what is applied for, and the share of the total cost.

Every message names both amounts and the difference, so an applicant sees what to change
without doing the sums again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from tilskudd_flow.domain.amounts import formater_kroner
from tilskudd_flow.domain.arbeidsflyt import Tabell

PROSENT = 100


@dataclass(frozen=True)
class Kostnadslinje:
    """One line of the budget table: a cost item in one year, in øre."""

    kostnadspost: str
    aar: int
    ore: int
    prosjektaar: str = ""


def sum_per_aar(linjer: Iterable[Kostnadslinje]) -> dict[int, int]:
    """The table's column sums: øre per year, years in order."""
    summer: dict[int, int] = {}
    for linje in linjer:
        summer[linje.aar] = summer.get(linje.aar, 0) + linje.ore
    return dict(sorted(summer.items()))


def sum_per_post(linjer: Iterable[Kostnadslinje]) -> dict[str, dict[int, int]]:
    """The table's rows: øre per year for each cost item, in the order first written."""
    poster: dict[str, dict[int, int]] = {}
    for linje in linjer:
        rad = poster.setdefault(linje.kostnadspost, {})
        rad[linje.aar] = rad.get(linje.aar, 0) + linje.ore
    return poster


def linjeavvik(linjer_per_aar: Mapping[int, int], sokt_per_aar: Mapping[int, int]) -> list[str]:
    """Each year where the budget lines do not sum to what is applied for that year."""
    avvik = []
    for aar in sorted(set(linjer_per_aar) | set(sokt_per_aar)):
        linjer, sokt = linjer_per_aar.get(aar, 0), sokt_per_aar.get(aar)
        if sokt is None:
            avvik.append(f"Budsjettlinjene for {aar} summerer til {formater_kroner(linjer)}, "
                         f"men det er ikke søkt om midler for {aar}")  # fmt: skip
        elif linjer != sokt:
            avvik.append(f"Budsjettlinjene for {aar} summerer til {formater_kroner(linjer)}, "
                         f"{_forskjell(linjer, sokt)} enn søkt for {aar}")  # fmt: skip
    return avvik


def totalavvik(sokt_per_aar: Mapping[int, int], sokt_totalt: int) -> str | None:
    """The per-year amounts against the stated total («totalt 10 millioner»)."""
    summen = sum(sokt_per_aar.values())
    if not sokt_per_aar or summen == sokt_totalt:
        return None
    return (f"Søkt per år summerer til {formater_kroner(summen)}, {_forskjell(summen, sokt_totalt)}"
            f" enn søkt totalt ({formater_kroner(sokt_totalt)})")  # fmt: skip


def over_totalkostnad(sokt_totalt: int, totalkostnad: int) -> str | None:
    """Applying for more than the whole project costs is refused."""
    if sokt_totalt <= totalkostnad:
        return None
    return (f"Søkt beløp ({formater_kroner(sokt_totalt)}) er større enn totalkostnaden "
            f"({formater_kroner(totalkostnad)}), {formater_kroner(sokt_totalt - totalkostnad)} "
            "for mye")  # fmt: skip


def andel(sokt_totalt: int, totalkostnad: int) -> str:
    """The applied amount as a share of the total cost, as Norwegians write it: «31 %»."""
    if totalkostnad <= 0:
        return ""
    hundredeler = sokt_totalt * PROSENT
    prosent = (2 * hundredeler + totalkostnad) // (2 * totalkostnad)  # rounded half up
    if prosent == 0 and sokt_totalt > 0:
        return "under 1 %"
    return f"{prosent} %"


@dataclass(frozen=True)
class Budsjettall:
    """What field 11 says in numbers; None where the applicant has not said it."""

    sokt_per_aar: Mapping[int, int]
    sokt_totalt: int | None = None
    totalkostnad: int | None = None
    linjer: tuple[Kostnadslinje, ...] = ()


def budsjettavvik(tall: Budsjettall) -> list[str]:
    """Every way the numbers of field 11 disagree, each with the difference named."""
    avvik = linjeavvik(sum_per_aar(tall.linjer), tall.sokt_per_aar) if tall.linjer else []
    if tall.sokt_totalt is not None:
        avvik += filter(None, [totalavvik(tall.sokt_per_aar, tall.sokt_totalt)])
    totalt = soktes_total(tall)
    if tall.totalkostnad is not None and totalt is not None:
        avvik += filter(None, [over_totalkostnad(totalt, tall.totalkostnad)])
    return avvik


def soktes_total(tall: Budsjettall) -> int | None:
    """The amount applied for in all: as stated, else the sum of the years."""
    if tall.sokt_totalt is not None:
        return tall.sokt_totalt
    return sum(tall.sokt_per_aar.values()) if tall.sokt_per_aar else None


def budsjettabell(linjer: Sequence[Kostnadslinje], sokt_per_aar: Mapping[int, int]) -> Tabell:
    """The budget as the applicant typed it: one row per cost item, one column per year,
    with the sums per year and in all, and what is applied for beneath to compare."""
    summer = sum_per_aar(linjer)
    aar = sorted(set(summer) | set(sokt_per_aar))
    rader = tuple(
        (post, *(_kroner(belop.get(a)) for a in aar), _kroner(sum(belop.values())))
        for post, belop in sum_per_post(linjer).items()
    )
    sumrader = [("Sum", *(_kroner(summer.get(a, 0)) for a in aar), _kroner(sum(summer.values())))]
    if sokt_per_aar:
        sokt = sum(sokt_per_aar.values())
        sumrader.append(("Søkt", *(_kroner(sokt_per_aar.get(a)) for a in aar), _kroner(sokt)))
    kolonner = ("Kostnadspost", *(str(a) for a in aar), "Sum")
    return Tabell("Budsjett per kostnadspost og år (kr)", kolonner, rader, tuple(sumrader))


def prosjektaar(linjer: Iterable[Kostnadslinje]) -> list[str]:
    """The project years as written beside the calendar years they were entered under."""
    sett = {(linje.aar, linje.prosjektaar) for linje in linjer if linje.prosjektaar}
    return [f"{aar}: {tekst}" for aar, tekst in sorted(sett)]


def _kroner(ore: int | None) -> str:
    """A table cell: «1 200 000» (the caption says kr), «–» where nothing was entered."""
    return "–" if ore is None else formater_kroner(ore).removeprefix("kr ")


def _forskjell(faktisk: int, forventet: int) -> str:
    retning = "mindre" if faktisk < forventet else "mer"
    return f"{formater_kroner(abs(forventet - faktisk))} {retning}"
