"""Codes as people read them: a transition in the names the workflow declares.

The stored codes («returner_som_mangelfull», «ikke_prioritert») stay in JSON and the API;
every line a person reads names the event and states as the workflow file does.
"""

from __future__ import annotations

from tilskudd_flow.domain.arbeidsflyt import Arbeidsflyt, Arbeidsflytregister
from tilskudd_flow.domain.feil import IkkeFunnet


def flyt_for_referanse(register: Arbeidsflytregister, referanse: str) -> Arbeidsflyt:
    """The workflow a case reference («RS-4», «MOTE-7») belongs to, by its prefix."""
    prefiks = referanse.rsplit("-", 1)[0]
    for flyt in register.alle():
        if flyt.prefiks == prefiks:
            return flyt
    raise IkkeFunnet(f"Ingen sakstype har referansen «{referanse}»")


def overgangstekst(flyt: Arbeidsflyt, hendelse: str, fra: str, til: str) -> str:
    """«Returner som mangelfull: Mottatt → Mangelfull – returnert for komplettering»."""
    fra_navn, til_navn = flyt.tilstandsnavn(fra), flyt.tilstandsnavn(til)
    tilstander = fra_navn if fra == til else f"{fra_navn} → {til_navn}"
    return f"{flyt.hendelsesnavn(hendelse)}: {tilstander}"


def overgangslinje(
    register: Arbeidsflytregister, referanse: str, hendelse: str, fra: str, til: str
) -> str:
    """«RS-3: Prioriter: Vurdert → Prioritert», for result lines, history and the CLI."""
    flyt = flyt_for_referanse(register, referanse)
    return f"{referanse}: {overgangstekst(flyt, hendelse, fra, til)}"
