"""The søknad form in steps, along the sections of Helse Nord's form: one <form> whose
fieldsets are the steps (all shown without JavaScript; `statisk/skjemasteg.js` shows one
at a time), so a single submission still sends every field."""

from __future__ import annotations

from dataclasses import dataclass

# Hidden field: the step the applicant was on when the form was sent. «Lagre utkast» sends
# them back with ?steg=N (not #steg-N: a fragment would have the browser take the focus the
# script gives the step's heading, and scroll the «Utkastet er lagret» note out of view).
STEGFELT = "steg"


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


def sendt_steg(sendt: object) -> int | None:
    """The step the applicant was on when they sent the form, to bring them back to it; None
    for the first step or anything that is not a step number (the form then opens at 1)."""
    tekst = str(sendt or "").strip()
    if not (tekst.isdigit() and len(tekst) < 3):
        return None
    nummer = int(tekst)
    return nummer if 1 < nummer <= len(SOKNADSSTEG) else None
