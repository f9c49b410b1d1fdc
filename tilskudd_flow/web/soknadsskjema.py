"""Helse Nord's form as HTML fields: to the validated søknad document and back again."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from tilskudd_flow.domain.kodeverk import PartRolle, PartType, Side
from tilskudd_flow.feilmeldinger import feltsti, norske_feilmeldinger
from tilskudd_flow.models.soknad import Soknad
from tilskudd_flow.soknader.soknadsfil import Soknadsfil

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
    "budsjett_sokt": "sokt",
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


def fra_soknad(soknad: Soknad) -> dict[str, Any]:
    """A stored søknad as form values, to continue editing."""
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
        verdier[inn] = getattr(soknad, _BUDSJETTKOLONNE[ut])
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
    "sokt": "sokt_tekst",
}


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
    return {"kommuner": "eier_kommuner"}.get(sti, sti.split("[")[0])
