"""The søknad form in steps, along the sections of Helse Nord's form: one <form> whose
fieldsets are the steps (all shown without JavaScript; `statisk/skjemasteg.js` shows one
at a time), so a single submission still sends every field."""

from __future__ import annotations

from dataclasses import dataclass

STEGFELT = "steg"  # hidden field: the step the applicant was on when the form was sent


@dataclass(frozen=True)
class Steg:
    """One step of the form, as the progress indicator and the step's heading name it."""

    nummer: int
    tittel: str

    @property
    def anker(self) -> str:
        return f"steg-{self.nummer}"


SOKNADSSTEG = (
    Steg(1, "Prosjektet"),
    Steg(2, "Søkere og kontaktpersoner"),
    Steg(3, "Avtale, beskrivelse og nytte"),
    Steg(4, "Budsjett og finansiering"),
    Steg(5, "Gjennomføring"),
    Steg(6, "Vedlegg"),
    Steg(7, "Se over og send inn"),
)


def stegets_anker(sendt: object) -> str:
    """«#steg-4» to bring the applicant back to the step they saved from; "" for the first
    step or anything that is not a step number (the page then opens at the top)."""
    tekst = str(sendt or "").strip()
    if not (tekst.isdigit() and len(tekst) < 3):
        return ""
    nummer = int(tekst)
    if not 1 < nummer <= len(SOKNADSSTEG):
        return ""
    return f"#{SOKNADSSTEG[nummer - 1].anker}"
