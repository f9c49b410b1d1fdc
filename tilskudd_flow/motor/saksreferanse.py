"""A case as the user writes it on the command line: its number (12) or its reference
(RS-12, FSU-3, AVT-2, MOTE-1), as printed by every list and e-mail."""

from __future__ import annotations

import re

from sqlmodel import Session

from tilskudd_flow.domain.arbeidsflyt import Arbeidsflytregister
from tilskudd_flow.domain.feil import UgyldigFelt
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.tenancy import Bruker

_REFERANSE = re.compile(r"\s*(?:(?P<prefiks>[A-Za-zÆØÅæøå]+)-)?(?P<nummer>\d+)\s*")


def er_saksreferanse(tekst: str) -> bool:
    return _REFERANSE.fullmatch(tekst) is not None


def sak_id(session: Session, register: Arbeidsflytregister, aktor: Bruker, tekst: str) -> int:
    """The case number in `tekst`; a prefix that is not the case's own is refused, so an
    event meant for AVT-12 is never applied to RS-12."""
    treff = _REFERANSE.fullmatch(tekst)
    if treff is None:
        raise UgyldigFelt("sak", f"«{tekst}» er ikke en sak: skriv nummeret (12) eller "
                                 f"referansen ({_eksempler(register)})")  # fmt: skip
    nummer, prefiks = int(treff["nummer"]), treff["prefiks"]
    if prefiks is None:
        return nummer
    if prefiks.upper() not in {flyt.prefiks.upper() for flyt in register.alle()}:
        raise UgyldigFelt("sak", f"«{prefiks}» er ikke en sakstype; kjente referanser: "
                                 f"{_eksempler(register)}")  # fmt: skip
    sak = session.get(WorkflowCase, nummer)
    # Another helsefellesskap's case is left to the service, which says it does not exist.
    if sak is not None and sak.helsefellesskap_id == aktor.helsefellesskap_id:
        egen = register.hent(sak.workflow).referanse(nummer)
        if egen.upper() != f"{prefiks.upper()}-{nummer}":
            raise UgyldigFelt("sak", f"sak {nummer} er {egen}, ikke {tekst.strip()}")
    return nummer


def _eksempler(register: Arbeidsflytregister) -> str:
    return ", ".join(f"{flyt.prefiks}-12" for flyt in register.alle())
