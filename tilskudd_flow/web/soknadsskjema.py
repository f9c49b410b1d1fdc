"""Helse Nord's form as HTML fields: to the validated søknad document and back again."""

from __future__ import annotations

import copy
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from tilskudd_flow.domain.kodeverk import PartRolle, PartType, Side
from tilskudd_flow.feilmeldinger import feltsti, norske_feilmeldinger
from tilskudd_flow.models.soknad import Soknad
from tilskudd_flow.soknader.soknadsfil import Soknadsfil
from tilskudd_flow.soknader.utkast import skjemautkastet
from tilskudd_flow.web.budsjettskjema import (
    ANTALL_FELT,
    LINJEKOLONNER,
    MAKS_BUDSJETTLINJER,
    antall_linjer,
)

UTEN_NAVN = "Utkast uten navn"
_MAKS_RUNDER = 50  # each round leaves out at least one value; a form has fewer than this
KONTAKTER = {Side.KOMMUNE: 3, Side.HELSEFORETAK: 2}
BELOPSRADER = 5
MILEPAELER = 6
NYTTERADER = 3
NYTTEKOLONNER = (
    "forventet_nytte",
    "hvem_far_nytte",
    "ansvarlig",
    "maling",
    "hvordan_male",
    "forutsetninger",
    "tidshorisont",
)
TEKSTFELT = (
    "prosjektnavn",
    "prosjekteiere",
    "signert_avtale",
    "beskrivelse",
    "nytte",
    "formaal",
    "pasientansvar",
    "digitale_losninger",
    "prosjektplan",
    "involvering",
)
BUDSJETT = {
    "budsjett_hva": "hva_midlene_skal_brukes_til",
    "budsjett_kommune": "kommunens_ressurser",
    "budsjett_hf": "helseforetakets_ressurser",
    "budsjett_plan": "finansieringsplan",
    "budsjett_plan_videre": "finansieringsplan_videreforing",
    "budsjett_sokt": "sokt",
    "budsjett_total": "totalkostnad",
}
# Form field number (Helse Nord's numbering) → the HTML field that answers it.
SKJEMAFELT = {
    1: "prosjektnavn",
    2: "prosjekteiere",
    3: "eier_kommuner",
    4: "kontakt_kommune_0_navn",
    5: "helseforetak",
    6: "kontakt_helseforetak_0_navn",
    7: "signert_avtale",
    8: "beskrivelse",
    9: "nytte",
    10: "formaal",
    11: "budsjett_hva",
    12: "pasientansvar",
    13: "digitale_losninger",
    14: "prosjektplan",
    15: "involvering",
}


@dataclass
class Tolket:
    """The document for validation, and where each of its list entries came from."""

    dokument: dict[str, Any]
    kilde: dict[str, str] = field(default_factory=dict)  # "kontaktpersoner[1]" → "kontakt_…_2"


def tolk(skjema: Mapping[str, Any], runde: int) -> Tolket:
    """Form values (strings, lists for checkboxes) to the søknad document."""
    verdi = _verdi(skjema)
    tolket = Tolket({"runde": runde, **{navn: verdi(navn) for navn in TEKSTFELT}})
    tolket.dokument["kommuner"] = _liste(skjema, "eier_kommuner")
    tolket.dokument["stotter"] = _liste(skjema, "stotter")
    tolket.dokument["helseforetak"] = verdi("helseforetak")
    tolket.dokument["kontaktpersoner"] = _kontakter(verdi, tolket)
    tolket.dokument["budsjett"] = {ut: verdi(inn) for inn, ut in BUDSJETT.items()}
    tolket.dokument["budsjett"]["per_aar"] = _rader(
        verdi, tolket, "budsjett.per_aar", "belop", BELOPSRADER, {"aar": "aar", "belop": "belop"}
    )
    tolket.dokument["budsjett"]["linjer"] = _rader(
        verdi, tolket, "budsjett.linjer", "linje", antall_linjer(skjema),
        {k: k for k in LINJEKOLONNER},
    )  # fmt: skip
    tolket.dokument["milepaeler"] = _rader(
        verdi,
        tolket,
        "milepaeler",
        "milepael",
        MILEPAELER,
        {"beskrivelse": "beskrivelse", "tid": "tid", "type": "type"},
    )
    tolket.dokument["nyttetabell"] = _rader(
        verdi, tolket, "nyttetabell", "nytte", NYTTERADER, {k: k for k in NYTTEKOLONNER}
    )
    return tolket


def valider(tolket: Tolket) -> tuple[Soknadsfil | None, dict[str, str]]:
    """The validated document, or a message per HTML field."""
    try:
        return Soknadsfil.model_validate(tolket.dokument), {}
    except ValidationError as feil:
        meldinger: dict[str, str] = {}
        for detalj, tekst in zip(feil.errors(), norske_feilmeldinger(feil), strict=True):
            meldinger.setdefault(_htmlfelt(tolket, detalj["loc"]), tekst.split(": ", 1)[-1])
        return None, meldinger


def utkast(tolket: Tolket) -> Soknadsfil:
    """What validates of the form, for a draft's columns: each value in error is left out
    (a list row as a whole), an empty or invalid name becomes «Utkast uten navn»."""
    dokument = copy.deepcopy(tolket.dokument)
    dokument["prosjektnavn"] = dokument.get("prosjektnavn") or UTEN_NAVN
    for _ in range(_MAKS_RUNDER):
        try:
            return Soknadsfil.model_validate(dokument)
        except ValidationError as feil:
            if not _utelat(dokument, [detalj["loc"] for detalj in feil.errors()]):
                break
    return Soknadsfil.model_validate({"runde": dokument["runde"], "prosjektnavn": UTEN_NAVN})


def fra_soknad(soknad: Soknad) -> dict[str, Any]:
    """A stored søknad as form values, to continue editing: a draft's values as typed, or
    else the søknad's columns."""
    return skjemautkastet(soknad) or _fra_kolonnene(soknad)


def _fra_kolonnene(soknad: Soknad) -> dict[str, Any]:
    verdier: dict[str, Any] = {
        navn: getattr(soknad, _KOLONNE.get(navn, navn)) for navn in TEKSTFELT
    }
    verdier["eier_kommuner"] = [
        p.part.kommunenummer
        for p in soknad.parter
        if p.rolle == PartRolle.EIER and p.part.type == PartType.KOMMUNE
    ]
    verdier["stotter"] = [
        p.part.kommunenummer for p in soknad.parter if p.rolle == PartRolle.STOTTER
    ]
    verdier["helseforetak"] = next(
        (p.part.navn for p in soknad.parter if p.part.type == PartType.HELSEFORETAK), ""
    )
    for side, antall in KONTAKTER.items():
        kontakter = [k for k in soknad.kontakter if k.side == side][:antall]
        for i, k in enumerate(kontakter):
            for del_ in ("navn", "tittel", "epost"):
                verdier[f"kontakt_{side.value}_{i}_{del_}"] = getattr(k, del_)
    for inn, ut in BUDSJETT.items():
        if ut in _BUDSJETTKOLONNE:
            verdier[inn] = getattr(soknad, _BUDSJETTKOLONNE[ut])
    for i, linje in enumerate(soknad.budsjettlinjer[:MAKS_BUDSJETTLINJER]):
        verdier.update({f"linje_{i}_{k}": str(getattr(linje, _LINJEKOLONNE.get(k, k)))
                        for k in LINJEKOLONNER})  # fmt: skip
    verdier[ANTALL_FELT] = str(len(soknad.budsjettlinjer))
    for i, b in enumerate(soknad.belop[:BELOPSRADER]):
        verdier[f"belop_{i}_aar"], verdier[f"belop_{i}_belop"] = str(b.aar), b.tekst
    for i, m in enumerate(soknad.milepaeler[:MILEPAELER]):
        verdier.update(
            {
                f"milepael_{i}_beskrivelse": m.beskrivelse,
                f"milepael_{i}_tid": m.tid_tekst,
                f"milepael_{i}_type": m.type.value,
            }
        )
    for i, r in enumerate(soknad.nytterader[:NYTTERADER]):
        verdier.update({f"nytte_{i}_{k}": getattr(r, k) for k in NYTTEKOLONNER})
    return verdier


def felt_for_nummer(melding: str) -> dict[str, str]:
    """Map «8. Kort beskrivelse …» in a refusal to the HTML fields it names."""
    return {
        htmlfelt: "Må fylles ut før søknaden sendes inn"
        for nummer, htmlfelt in SKJEMAFELT.items()
        if re.search(rf"(?<!\d){nummer}\. ", melding)
    }


_KOLONNE = {"signert_avtale": "signert_avtale_tekst"}
_BUDSJETTKOLONNE = {
    "hva_midlene_skal_brukes_til": "budsjett_bruk",
    "kommunens_ressurser": "kommune_ressurser",
    "helseforetakets_ressurser": "helseforetak_ressurser",
    "finansieringsplan": "finansieringsplan",
    "finansieringsplan_videreforing": "finansieringsplan_videreforing",
    "sokt": "sokt_tekst",
    "totalkostnad": "totalkostnad_tekst",
}
_LINJEKOLONNE = {"belop": "tekst"}


def _verdi(skjema: Mapping[str, Any]) -> Any:
    def les(navn: str) -> str:
        funnet = skjema.get(navn, "")
        return str(funnet[0] if isinstance(funnet, list) and funnet else funnet or "").strip()

    return les


def _liste(skjema: Mapping[str, Any], navn: str) -> list[str]:
    funnet = skjema.get(navn, [])
    return [str(v) for v in (funnet if isinstance(funnet, list) else [funnet]) if str(v).strip()]


def _kontakter(verdi: Any, tolket: Tolket) -> list[dict[str, str]]:
    kontakter: list[dict[str, str]] = []
    for side, antall in KONTAKTER.items():
        for i in range(antall):
            prefiks = f"kontakt_{side.value}_{i}"
            rad = {k: verdi(f"{prefiks}_{k}") for k in ("navn", "tittel", "epost")}
            if any(rad.values()):
                tolket.kilde[f"kontaktpersoner[{len(kontakter)}]"] = prefiks
                kontakter.append({**rad, "side": side.value})
    return kontakter


def _rader(
    verdi: Any, tolket: Tolket, sti: str, prefiks: str, antall: int, kolonner: dict[str, str]
) -> list[dict[str, str]]:
    rader: list[dict[str, str]] = []
    for i in range(antall):
        rad = {ut: verdi(f"{prefiks}_{i}_{inn}") for inn, ut in kolonner.items()}
        innhold = {k: v for k, v in rad.items() if v and not (k == "type" and v == "milepael")}
        if innhold:
            tolket.kilde[f"{sti}[{len(rader)}]"] = f"{prefiks}_{i}"
            rader.append({k: v for k, v in rad.items() if v})
    return rader


def _htmlfelt(tolket: Tolket, loc: tuple[int | str, ...]) -> str:
    """The HTML field a validation error belongs to (`kontaktpersoner[1].epost` → …)."""
    sti = feltsti(loc)
    for kilde, prefiks in tolket.kilde.items():
        if sti.startswith(kilde + "."):
            return f"{prefiks}_{sti.removeprefix(kilde + '.')}"
    omvendt = {ut: inn for inn, ut in BUDSJETT.items()}
    if sti.startswith("budsjett.") and sti.removeprefix("budsjett.") in omvendt:
        return omvendt[sti.removeprefix("budsjett.")]
    if sti == "budsjett" or sti.startswith("budsjett."):  # a rule of field 11 as a whole
        return "budsjett_sokt"
    return {"kommuner": "eier_kommuner"}.get(sti, sti.split("[")[0])


def _utelat(dokument: dict[str, Any], steder: list[tuple[int | str, ...]]) -> bool:
    """Leave out each place in error: a list row as a whole, else the value itself.
    False when nothing could be left out (an error about the whole document)."""
    rader: dict[int, tuple[list[Any], set[int]]] = {}
    verdier: list[tuple[dict[str, Any], str]] = []
    for loc in steder:
        beholder, nokkel = _beholder(dokument, loc)
        if isinstance(beholder, list) and isinstance(nokkel, int):
            rader.setdefault(id(beholder), (beholder, set()))[1].add(nokkel)
        elif isinstance(beholder, dict) and isinstance(nokkel, str) and nokkel in beholder:
            verdier.append((beholder, nokkel))
    for liste, indekser in rader.values():
        for i in sorted(indekser, reverse=True):
            del liste[i]
    for beholder, nokkel in verdier:
        beholder.pop(nokkel, None)
    dokument["prosjektnavn"] = dokument.get("prosjektnavn") or UTEN_NAVN
    return bool(rader or verdier)


def _beholder(dokument: dict[str, Any], loc: tuple[int | str, ...]) -> tuple[Any, int | str | None]:
    """The list holding the deepest row in `loc`, or the dict holding the value."""
    if not loc:
        return None, None
    siste_rad = max((n for n, del_ in enumerate(loc) if isinstance(del_, int)), default=None)
    slutt = siste_rad if siste_rad is not None else len(loc) - 1
    beholder: Any = dokument
    for del_ in loc[:slutt]:
        if isinstance(beholder, dict):
            beholder = beholder.get(del_)
        elif isinstance(beholder, list) and isinstance(del_, int) and del_ < len(beholder):
            beholder = beholder[del_]
        else:
            return None, None
    return beholder, loc[slutt]
