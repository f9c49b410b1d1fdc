"""Login throttling across instances: failures per account name and per client address are
counted in the database; past a limit, logins are refused for a lockout that doubles."""

from __future__ import annotations

import ipaddress
import logging
import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import or_
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, col, delete, select

from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.config import InnloggingsvernInnstillinger
from tilskudd_flow.domain.feil import IkkeFunnet, IkkeTillatt
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.domain.tekst import forste_forbudte
from tilskudd_flow.kontoer.brukere import hent_bruker
from tilskudd_flow.kontoer.innlogging import logg_inn
from tilskudd_flow.models.innloggingsforsok import Innloggingsforsok
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.tilgang import krev_rolle

logger = logging.getLogger("tilskudd_flow.innlogging")
KONTO = "konto:"
ADRESSE = "adresse:"


class ForMangeForsok(IkkeTillatt):
    """Logins are locked for this account name or address; the same for names that do not
    exist, so the answer tells nobody which accounts there are."""

    def __init__(self, vent: timedelta) -> None:
        self.sekunder = max(1, math.ceil(vent.total_seconds()))
        minutter = math.ceil(self.sekunder / 60)
        enhet = "minutt" if minutter == 1 else "minutter"
        super().__init__(
            "For mange mislykkede innloggingsforsøk. Vent "
            f"{minutter} {enhet} og prøv igjen, eller be administratoren oppheve sperren."
        )


@dataclass(frozen=True)
class Innloggingsforsoket:
    """One login attempt: who it claims to be, where it comes from, and when."""

    brukernavn: str
    passord: str
    adresse: str
    naa: datetime
    varighet: timedelta


def konto_nokkel(brukernavn: str) -> str:
    """Normalised as logg_inn looks names up, so variants of one name share a count."""
    # No account name holds a control character; PostgreSQL refuses NUL in text (a 500),
    # so such a name is counted under its printable form.
    navn = "".join("\ufffd" if forste_forbudte(t) else t for t in brukernavn.strip().lower())
    return KONTO + navn[:200]


def adresse_nokkel(adresse: str) -> str:
    """An IPv4 address as it is; IPv6 by its /64, which one client usually holds whole."""
    try:
        ip = ipaddress.ip_address(adresse)
    except ValueError:
        return ADRESSE + adresse[:200]
    if ip.version == 6:
        return ADRESSE + str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return ADRESSE + str(ip)


def logg_inn_med_vern(
    uow: UnitOfWork, forsok: Innloggingsforsoket, regler: InnloggingsvernInnstillinger
) -> str:
    """A session token for the right password unless the name or address is locked; a wrong
    password is counted (committed) before the refusal goes back to the caller."""
    konto, adresse = konto_nokkel(forsok.brukernavn), adresse_nokkel(forsok.adresse)
    with uow:
        sperret = sperret_til(uow.session, [konto, adresse], forsok.naa)
        if sperret is not None:
            raise ForMangeForsok(sperret - forsok.naa)
        try:
            token, _ = logg_inn(uow.session, brukernavn=forsok.brukernavn, passord=forsok.passord,
                                naa=forsok.naa, varighet=forsok.varighet)  # fmt: skip
        except IkkeTillatt:
            registrer_feil(uow.session, konto, regler.konto_grense, forsok.naa, regler)
            registrer_feil(uow.session, adresse, regler.adresse_grense, forsok.naa, regler)
            glem_gamle(uow.session, forsok.naa, regler)
            uow.commit()
            raise
        # The address keeps its count: else one's own account could wash an attacker's away.
        uow.session.execute(delete(Innloggingsforsok).where(col(Innloggingsforsok.nokkel) == konto))
        uow.commit()
    return token


def sperret_til(session: Session, nokler: Iterable[str], naa: datetime) -> datetime | None:
    """The end of the longest lockout among `nokler` still running at `naa`."""
    slutt = session.exec(
        select(Innloggingsforsok.sperret_til).where(
            col(Innloggingsforsok.nokkel).in_(list(nokler)),
            col(Innloggingsforsok.sperret_til) > naa,
        )
    ).all()
    return max((s for s in slutt if s is not None), default=None)


def registrer_feil(
    session: Session, nokkel: str, grense: int, naa: datetime, regler: InnloggingsvernInnstillinger
) -> None:
    """Count one failure, on a row locked against the other instances; lock at the limit."""
    rad = _laast_rad(session, nokkel)
    if rad.sist_feil is not None and naa - rad.sist_feil >= regler.glemmes_etter:
        rad.sperringer = 0
    if rad.vindu_start is None or naa - rad.vindu_start >= regler.vindu:
        rad.feil, rad.vindu_start = 0, naa
    rad.feil += 1
    rad.sist_feil = naa
    if rad.feil >= grense:
        varighet = regler.sperre(rad.sperringer)
        rad.sperret_til, rad.sperringer = naa + varighet, rad.sperringer + 1
        rad.feil, rad.vindu_start = 0, None
        logger.warning("Innlogging sperret for %s i %d s etter %d mislykkede forsøk "
                       "(sperre nr. %d)", nokkel, varighet.total_seconds(), grense,
                       rad.sperringer)  # fmt: skip
    session.add(rad)


def glem_gamle(session: Session, naa: datetime, regler: InnloggingsvernInnstillinger) -> None:
    """Drop counts nobody has added to for `glemmes_etter` (guessed names pile up otherwise).
    Rows another instance holds are skipped, never waited for: no deadlock with its count."""
    grense = naa - regler.glemmes_etter
    gamle = (
        select(Innloggingsforsok.id)
        .where(
            col(Innloggingsforsok.sist_feil) < grense,
            or_(
                col(Innloggingsforsok.sperret_til).is_(None),
                col(Innloggingsforsok.sperret_til) <= naa,
            ),
        )
        .with_for_update(skip_locked=True)
    )
    ider = list(session.exec(gamle).all())
    if ider:
        session.execute(delete(Innloggingsforsok).where(col(Innloggingsforsok.id).in_(ider)))


def _laast_rad(session: Session, nokkel: str) -> Innloggingsforsok:
    # Insert-if-missing cannot race into a unique violation; FOR UPDATE then serialises the
    # instances counting the same key (SQLite has one writer anyway).
    dialekt = session.get_bind().dialect.name
    sett_inn = postgresql.insert if dialekt == "postgresql" else sqlite.insert
    session.execute(
        sett_inn(Innloggingsforsok)
        .values(nokkel=nokkel, feil=0, sperringer=0)
        .on_conflict_do_nothing(index_elements=["nokkel"])
    )
    return session.exec(
        select(Innloggingsforsok).where(Innloggingsforsok.nokkel == nokkel).with_for_update()
    ).one()


@dataclass(frozen=True)
class Sperre:
    """A running lockout as the administrator sees it."""

    gjelder: str  # "konto" or "adresse"
    navn: str  # the account name or the address
    sperret_til: datetime
    sperringer: int


def aktive_sperrer(session: Session, aktor: Bruker, naa: datetime) -> list[Sperre]:
    """Running lockouts of this helsefellesskap's accounts, and of client addresses."""
    krev_rolle(aktor, Rolle.ADMIN, Rolle.SEKRETARIAT)
    egne = set(
        session.exec(
            select(Bruker.brukernavn).where(Bruker.helsefellesskap_id == aktor.helsefellesskap_id)
        ).all()
    )
    rader = session.exec(
        select(Innloggingsforsok)
        .where(col(Innloggingsforsok.sperret_til) > naa)
        .order_by(col(Innloggingsforsok.nokkel))
    ).all()
    sperrer = [_sperre(rad) for rad in rader]
    return [s for s in sperrer if s.gjelder == "adresse" or s.navn in egne]


def _sperre(rad: Innloggingsforsok) -> Sperre:
    gjelder, _, navn = rad.nokkel.partition(":")
    assert rad.sperret_til is not None
    return Sperre(gjelder, navn, rad.sperret_til, rad.sperringer)


def opphev_sperre(
    session: Session, *, aktor: Bruker, gjelder: str, navn: str, naa: datetime
) -> None:
    """The administrator lifts a lockout (and its count): audited."""
    krev_rolle(aktor, Rolle.ADMIN)
    if gjelder == "konto":
        objekt_type, objekt_id = "bruker", _bruker_id(session, aktor, navn)
        nokkel = konto_nokkel(navn)
    elif gjelder == "adresse":
        nokkel = adresse_nokkel(navn)
        objekt_type, objekt_id = "innloggingssperre", _rad(session, nokkel).id or 0
    else:
        raise IkkeFunnet(f"Ukjent slags sperre «{gjelder}»")
    rad = _rad(session, nokkel)
    if rad.sperret_til is None or rad.sperret_til <= naa:
        raise IkkeFunnet(f"{navn} er ikke sperret")
    session.delete(rad)
    skriv_audit(session, helsefellesskap_id=aktor.helsefellesskap_id, tidspunkt=naa, bruker=aktor,
                objekt_type=objekt_type, objekt_id=objekt_id,
                hendelse="innloggingssperre_opphevet",
                detaljer={"gjelder": gjelder, "navn": navn})  # fmt: skip
    logger.warning("Innloggingssperren for %s ble opphevet av %s", nokkel, aktor.brukernavn)


def _bruker_id(session: Session, aktor: Bruker, navn: str) -> int:
    bruker = hent_bruker(session, aktor.helsefellesskap_id, navn.strip().lower())
    assert bruker.id is not None
    return bruker.id


def _rad(session: Session, nokkel: str) -> Innloggingsforsok:
    rad = session.exec(select(Innloggingsforsok).where(Innloggingsforsok.nokkel == nokkel)).first()
    if rad is None:
        raise IkkeFunnet(f"{nokkel.partition(':')[2]} er ikke sperret")
    return rad
