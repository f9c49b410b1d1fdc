"""User administration: roles and the parties an applicant represents. Admins only."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlmodel import Session, col, select

from tilskudd_flow.config import Innstillinger
from tilskudd_flow.domain.feil import IkkeFunnet, Regelbrudd, UgyldigeFelt, UgyldigFelt
from tilskudd_flow.domain.felt import gyldig_epost
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.domain.tekst import enlinjefeil
from tilskudd_flow.kontoer.innlogging import avslutt_alle_okter
from tilskudd_flow.models.tenancy import Bruker, BrukerPart, BrukerRolle, Part
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.saker import partoppslag
from tilskudd_flow.motor.tilgang import krev_rolle

_BRUKERNAVN = re.compile(r"^[a-z0-9][a-z0-9._@-]{1,79}$")


@dataclass(frozen=True)
class NyBruker:
    brukernavn: str
    navn: str
    epost: str
    roller: tuple[Rolle, ...]
    parter: tuple[str, ...] = field(default_factory=tuple)


def opprett_bruker(
    session: Session,
    *,
    aktor: Bruker | None,
    helsefellesskap_id: int,
    ny: NyBruker,
    naa: datetime,
    innstillinger: Innstillinger,
) -> Bruker:
    """Create a user; `aktor=None` only when installing (the first admin)."""
    if aktor is not None:
        krev_rolle(aktor, Rolle.ADMIN)
    _sjekk_ny(session, ny)
    finn_part = partoppslag(session, helsefellesskap_id, innstillinger)
    bruker = Bruker(
        helsefellesskap_id=helsefellesskap_id,
        brukernavn=ny.brukernavn,
        navn=ny.navn.strip(),
        epost=gyldig_epost(ny.epost),
        opprettet=naa,
        roller=[BrukerRolle(rolle=r) for r in sorted(set(ny.roller))],
        parter=[BrukerPart(part_id=p) for p in _part_ider(finn_part, ny.parter)],
    )
    session.add(bruker)
    session.flush()
    _audit(session, aktor, bruker, "bruker_opprettet", naa, roller=sorted(ny.roller))
    return bruker


def endre_roller(
    session: Session,
    *,
    aktor: Bruker,
    brukernavn: str,
    legg_til: Iterable[Rolle] = (),
    fjern: Iterable[Rolle] = (),
    naa: datetime,
) -> Bruker:
    krev_rolle(aktor, Rolle.ADMIN)
    bruker = hent_bruker(session, aktor.helsefellesskap_id, brukernavn)
    roller = (bruker.rollesett | set(legg_til)) - set(fjern)
    bruker.roller = [BrukerRolle(rolle=r) for r in sorted(roller)]
    if Rolle.SOKER in roller and not bruker.parter:
        raise Regelbrudd("En søker må representere minst én part (bruk --part)")
    _audit(session, aktor, bruker, "roller_endret", naa, roller=sorted(roller))
    return bruker


def endre_tilgang(
    session: Session,
    *,
    aktor: Bruker,
    brukernavn: str,
    roller: Iterable[Rolle],
    parter: Iterable[str],
    naa: datetime,
    innstillinger: Innstillinger,
) -> Bruker:
    """Set a user's roles and the parties they represent (by number or name); each change
    is audited with before and after."""
    krev_rolle(aktor, Rolle.ADMIN)
    bruker = hent_bruker(session, aktor.helsefellesskap_id, brukernavn)
    nye_roller = frozenset(roller)
    finn = partoppslag(session, aktor.helsefellesskap_id, innstillinger)
    part_ider = _part_ider(finn, parter)
    _sjekk_tilgang(bruker, aktor, nye_roller, part_ider)
    navn = {p.id: p.navn for p in session.exec(select(Part).where(
        Part.helsefellesskap_id == aktor.helsefellesskap_id))}  # fmt: skip
    for_roller, for_parter = sorted(bruker.rollesett), sorted(navn[i] for i in bruker.part_ider)
    bruker.roller = [BrukerRolle(rolle=r) for r in sorted(nye_roller)]
    bruker.parter = [BrukerPart(part_id=i) for i in part_ider]
    etter_parter = sorted(navn[i] for i in part_ider)
    if for_roller != sorted(nye_roller):
        _audit(session, aktor, bruker, "roller_endret", naa,
               roller=[for_roller, sorted(nye_roller)])  # fmt: skip
    if for_parter != etter_parter:
        _audit(session, aktor, bruker, "bruker_parter_endret", naa,
               parter=[for_parter, etter_parter])  # fmt: skip
    return bruker


def _sjekk_tilgang(
    bruker: Bruker, aktor: Bruker, roller: frozenset[Rolle], part_ider: list[int]
) -> None:
    feil: dict[str, str] = {}
    if not roller:
        feil["rolle"] = "brukeren må ha minst én rolle"
    elif bruker.id == aktor.id and Rolle.ADMIN not in roller:
        feil["rolle"] = "du kan ikke ta fra deg selv rollen som administrator"
    if Rolle.SOKER in roller and not part_ider:
        feil["part"] = "en søker må representere minst én kommune eller helseforetak"
    if feil:
        raise UgyldigeFelt(feil)


def sett_aktiv(
    session: Session, *, aktor: Bruker, brukernavn: str, aktiv: bool, naa: datetime
) -> Bruker:
    krev_rolle(aktor, Rolle.ADMIN)
    bruker = hent_bruker(session, aktor.helsefellesskap_id, brukernavn)
    if bruker.id == aktor.id and not aktiv:
        raise Regelbrudd("Du kan ikke deaktivere deg selv")
    bruker.aktiv = aktiv
    if not aktiv:
        avslutt_alle_okter(session, bruker, naa)
    _audit(session, aktor, bruker, "aktivert" if aktiv else "deaktivert", naa)
    return bruker


def fjern_pid_knytning(
    session: Session, *, aktor: Bruker, brukernavn: str, naa: datetime
) -> Bruker:
    """Unbind a user from ID-porten: the next login there must go through a new invitation."""
    krev_rolle(aktor, Rolle.ADMIN)
    bruker = hent_bruker(session, aktor.helsefellesskap_id, brukernavn)
    if bruker.pid_hash is None:
        raise Regelbrudd(f"«{brukernavn}» er ikke knyttet til ID-porten")
    bruker.pid_hash = None
    # A session may have started through the binding now removed (perhaps the wrong person).
    avslutt_alle_okter(session, bruker, naa)
    _audit(session, aktor, bruker, "knytning_til_id_porten_fjernet", naa)
    return bruker


def hent_bruker(session: Session, helsefellesskap_id: int, brukernavn: str) -> Bruker:
    bruker = (
        session.exec(
            select(Bruker).where(
                Bruker.brukernavn == brukernavn, Bruker.helsefellesskap_id == helsefellesskap_id
            )
        )
        .unique()
        .one_or_none()
    )
    if bruker is None:
        raise IkkeFunnet(f"Ukjent bruker «{brukernavn}»")
    return bruker


def list_brukere(session: Session, aktor: Bruker) -> list[Bruker]:
    krev_rolle(aktor, Rolle.ADMIN, Rolle.SEKRETARIAT)
    return list(
        session.exec(
            select(Bruker)
            .where(Bruker.helsefellesskap_id == aktor.helsefellesskap_id)
            .order_by(col(Bruker.brukernavn))
        ).unique()
    )


def _sjekk_ny(session: Session, ny: NyBruker) -> None:
    feil: dict[str, str] = {}
    if not _BRUKERNAVN.fullmatch(ny.brukernavn):  # `$` in .match lets a trailing LF through
        feil["brukernavn"] = "bruk 2–80 tegn: små bokstaver, tall, punktum, @, bindestrek"
    elif session.exec(select(Bruker.id).where(Bruker.brukernavn == ny.brukernavn)).first():
        feil["brukernavn"] = f"«{ny.brukernavn}» er allerede i bruk"
    if not ny.navn.strip():
        feil["navn"] = "må fylles ut"
    elif melding := enlinjefeil(ny.navn):
        feil["navn"] = melding
    try:
        gyldig_epost(ny.epost)
    except ValueError as problem:
        feil["epost"] = str(problem)
    if not ny.roller:
        feil["rolle"] = "brukeren må ha minst én rolle"
    if Rolle.SOKER in ny.roller and not ny.parter:
        feil["part"] = "en søker må representere minst én kommune eller helseforetak"
    if feil:
        raise UgyldigeFelt(feil)


def _part_ider(finn: Callable[[str], Part | None], parter: Iterable[str]) -> list[int]:
    ider: list[int] = []
    for tekst in parter:
        part = finn(tekst)
        if part is None or part.id is None:
            raise UgyldigFelt("part", f"finner ingen kommune eller helseforetak «{tekst}»")
        ider.append(part.id)
    return sorted(set(ider))


def _audit(
    session: Session,
    aktor: Bruker | None,
    bruker: Bruker,
    hendelse: str,
    naa: datetime,
    **detaljer: object,
) -> None:
    assert bruker.id is not None
    skriv_audit(
        session,
        helsefellesskap_id=bruker.helsefellesskap_id,
        tidspunkt=naa,
        bruker=aktor,
        objekt_type="bruker",
        objekt_id=bruker.id,
        hendelse=hendelse,
        detaljer={"brukernavn": bruker.brukernavn, **detaljer},
    )
