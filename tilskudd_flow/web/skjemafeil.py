"""The søknad form's errors as the applicant reads them: every field named as the form labels
it, and the rules of sending in («8. Kort beskrivelse … mangler») tied to the field that
answers them, so the summary at the top links each one to its input."""

from __future__ import annotations

import re
from collections.abc import Mapping

from tilskudd_flow.domain.soknadsskjema import BUDSJETT, BUDSJETTSPORSMAL, etikett
from tilskudd_flow.web.soknadsskjema import SKJEMAFELT

OPPSUMMERING = "_oppsummering"  # a sentence above the list, not a field
MA_FYLLES_UT = "må fylles ut før søknaden sendes inn"

_FELT = {
    **{htmlfelt: f"{nummer}. {etikett(nummer)}" for nummer, htmlfelt in SKJEMAFELT.items()},
    "budsjett_hva": "11. Hvor mye søkes det om og hva skal midlene benyttes til?",
    "budsjett_sokt": "11. Søkt beløp totalt",
    "budsjett_total": "11. Totalkostnad for prosjektet",
    "budsjett_kommune": "11. Hvilke ressurser bidrar kommunen(e) med?",
    "budsjett_hf": "11. Hvilke ressurser bidrar helseforetaket med?",
    "budsjett_plan": "11. Finansieringsplan ved oppstart",
    "budsjett_plan_videre": "11. Finansieringsplan ved evt. videreføring",
    "vedlegg_signert_avtale": "Vedlegg: signert avtale om felles søknad",
    "vedlegg_budsjett": "Vedlegg: budsjett",
    "vedlegg_andre": "Vedlegg: andre vedlegg",
    "kontakt_kommune_0_navn": "4. Kontaktperson 1 (kommunens side), navn",
    "kontakt_helseforetak_0_navn": "6. Kontaktperson 1 (helseforetakets side), navn",
}
_RADER = (
    (r"kontakt_kommune_(\d+)_(\w+)", "4. Kontaktperson {rad} (kommunens side), {del_}"),
    (r"kontakt_helseforetak_(\d+)_(\w+)", "6. Kontaktperson {rad} (helseforetakets side), {del_}"),
    (r"belop_(\d+)_(\w+)", "11. Søkt beløp per år, rad {rad}: {del_}"),
    (r"linje_(\d+)_(\w+)", "11. Budsjettlinje {rad}: {del_}"),
    (r"milepael_(\d+)_(\w+)", "14. Milepæl {rad}: {del_}"),
    (r"nytte_(\d+)_(\w+)", "9. Nyttetabell, nytte {rad}: {del_}"),
)
_DELER = {"epost": "e-post", "aar": "år", "belop": "beløp", "prosjektaar": "prosjektår",
          "tid": "når", "hvem_far_nytte": "hvem får nytte"}  # fmt: skip
# Which form field number each HTML field answers, beyond SKJEMAFELT's one per number.
_GRUPPER = (("kontakt_kommune_", 4), ("kontakt_helseforetak_", 6), ("belop_", 11),
            ("milepael_", 14), ("nytte_", 9), ("stotter", 3))  # fmt: skip


def feltnavn(htmlfelt: str) -> str:
    """«kontakt_kommune_1_epost» → «4. Kontaktperson 2 (kommunens side), e-post»."""
    if htmlfelt in _FELT:
        return _FELT[htmlfelt]
    for monster, mal in _RADER:
        treff = re.fullmatch(monster, htmlfelt)
        if treff:
            del_ = treff.group(2)
            return mal.format(rad=int(treff.group(1)) + 1, del_=_DELER.get(del_, del_))
    return htmlfelt


def oppsummering(feil: Mapping[str, str]) -> list[tuple[str, str, str]]:
    """(field, its name, message) for the summary, in the form's order (files last)."""
    rader = [(navn, feltnavn(navn), melding) for navn, melding in feil.items()
             if navn != OPPSUMMERING]  # fmt: skip
    return sorted(rader, key=lambda rad: _plass(rad[1]))


def _plass(navn: str) -> int:
    treff = re.match(r"(\d+)\. ", navn)
    return int(treff.group(1)) if treff else len(SKJEMAFELT) + 1


def mangler_som_feil(mangler: list[str], feil: Mapping[str, str]) -> dict[str, str]:
    """The rules' «N. Etikett» (or «vedlegg: budsjett») at the field that answers them;
    left out where the field's own error already says what is wrong."""
    besvart = {_nummer(felt) for felt in feil}
    meldinger: dict[str, str] = {}
    for mangel in mangler:
        felt, melding = _mangelens_felt(mangel)
        if felt is None or felt in feil or _nummer(felt) in besvart - {None}:
            continue
        meldinger[felt] = f"{meldinger[felt]}; {melding}" if felt in meldinger else melding
    return meldinger


# Field 11's sub-answers and sums (domain/soknadsskjema) → the input that answers each.
_BUDSJETTSVAR = (
    ("Hvor mye søkes det om", "belop_0_belop"),
    ("Hva skal midlene benyttes til", "budsjett_hva"),
    ("Totalkostnad", "budsjett_total"),
    ("Hvilke ressurser bidrar kommunen", "budsjett_kommune"),
    ("Hvilke ressurser bidrar helseforetaket", "budsjett_hf"),
    ("Finansieringsplan", "budsjett_plan"),
    ("Budsjettlinjene", "linje_0_belop"),
    ("Søkt per år", "belop_0_belop"),
    ("Søkt beløp", "budsjett_total"),
)


def _mangelens_felt(mangel: str) -> tuple[str | None, str]:
    if mangel.startswith(BUDSJETT + ": "):
        svar = mangel.removeprefix(BUDSJETT + ": ")
        felt = next((f for start, f in _BUDSJETTSVAR if svar.startswith(start)), "budsjett_sokt")
        return felt, MA_FYLLES_UT if svar in BUDSJETTSPORSMAL else svar
    if mangel.startswith("vedlegg: budsjett"):
        return "vedlegg_budsjett", "Budsjettet må legges ved"
    if mangel.startswith("vedlegg: signert avtale"):
        return "vedlegg_signert_avtale", "Legg ved signert avtale, eller forklar i felt 7"
    treff = re.match(r"(\d+)\. ", mangel)
    if treff is None or int(treff.group(1)) not in SKJEMAFELT:
        return None, mangel
    nummer = int(treff.group(1))
    tekst = mangel.removeprefix(f"{nummer}. {etikett(nummer)}").strip(" :–-")
    return SKJEMAFELT[nummer], tekst or MA_FYLLES_UT


def _nummer(htmlfelt: str) -> int | None:
    for nummer, felt in SKJEMAFELT.items():
        if felt == htmlfelt:
            return nummer
    return next((nummer for prefiks, nummer in _GRUPPER if htmlfelt.startswith(prefiks)), None)
