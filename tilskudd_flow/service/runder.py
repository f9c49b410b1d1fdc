"""Søknadsrunder: dates generated from the rules in config.toml, edits audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, func, select

from tilskudd_flow.config import Innstillinger, UgyldigKonfigurasjon
from tilskudd_flow.domain.feil import IkkeFunnet, Regelbrudd, UgyldigFelt
from tilskudd_flow.domain.kodeverk import Ordning, Rolle
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.soknad import Oremerking, Pott, Soknadsrunde, Tildeling
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.service.audit import skriv_audit
from tilskudd_flow.service.tilgang import krev_rolle

# Which rule in config.toml generates which date of a round.
RUNDEFRISTER = {"soknadsfrist": "soknadsfrist", "oversendelsesfrist": "oversendelse_helse_nord"}
ENDRBARE = (*RUNDEFRISTER, "prioriteringsmote")


def datoer_fra_regler(innstillinger: Innstillinger, aar: int) -> dict[str, date]:
    """The round's dates as the rules give them (the 2026 round: 1 Oct and 1 Nov 2025)."""
    datoer: dict[str, date] = {}
    for felt, regelnavn in RUNDEFRISTER.items():
        regel = innstillinger.frister.get(regelnavn)
        if regel is None:
            raise UgyldigKonfigurasjon(f"frister.{regelnavn}: mangler i konfigurasjonen")
        datoer[felt] = date(aar + regel.aar, regel.maaned, regel.dag)
    return datoer


def opprett_runde(
    session: Session, *, aktor: Bruker, innstillinger: Innstillinger, aar: int, naa: datetime
) -> Soknadsrunde:
    krev_rolle(aktor, Rolle.SEKRETARIAT, Rolle.ADMIN)
    if _finn(session, aktor.helsefellesskap_id, aar) is not None:
        raise Regelbrudd(f"Søknadsrunden for {aar} finnes allerede")
    datoer = datoer_fra_regler(innstillinger, aar)
    runde = Soknadsrunde(
        helsefellesskap_id=aktor.helsefellesskap_id,
        aar=aar,
        soknadsfrist=datoer["soknadsfrist"],
        oversendelsesfrist=datoer["oversendelsesfrist"],
    )
    session.add(runde)
    session.flush()
    _audit(session, aktor, runde, "runde_opprettet", naa, {k: str(v) for k, v in datoer.items()})
    return runde


def endre_frist(
    session: Session, *, aktor: Bruker, aar: int, frist: str, dato: date, naa: datetime
) -> Soknadsrunde:
    """Move one of a round's dates; the audit row keeps the old and the new date."""
    krev_rolle(aktor, Rolle.SEKRETARIAT)
    if frist not in ENDRBARE:
        raise UgyldigFelt("frist", f"må være en av: {', '.join(ENDRBARE)}")
    runde = hent_runde(session, aktor.helsefellesskap_id, aar)
    gammel = getattr(runde, frist)
    setattr(runde, frist, dato)
    if frist == "prioriteringsmote":
        runde.prioriteringsmote_bekreftet = True
    _audit(session, aktor, runde, "frist_endret", naa, {frist: [str(gammel), str(dato)]})
    return runde


def hent_runde(session: Session, helsefellesskap_id: int, aar: int) -> Soknadsrunde:
    runde = _finn(session, helsefellesskap_id, aar)
    if runde is None:
        raise IkkeFunnet(f"Finner ingen søknadsrunde for {aar}")
    return runde


def list_runder(session: Session, helsefellesskap_id: int) -> list[Soknadsrunde]:
    return list(
        session.exec(
            select(Soknadsrunde)
            .where(Soknadsrunde.helsefellesskap_id == helsefellesskap_id)
            .order_by(col(Soknadsrunde.aar))
        )
    )


def opprett_pott(
    session: Session,
    *,
    aktor: Bruker,
    ordning: Ordning,
    aar: int,
    ramme_ore: int | None,
    overfort_ore: int = 0,
    oremerkinger: tuple[tuple[str, int, str], ...] = (),
    naa: datetime,
) -> Pott:
    """A year's pot, with carry-over and direct earmarks (formål, øre, vedtak)."""
    krev_rolle(aktor, Rolle.SEKRETARIAT)
    pott = Pott(
        helsefellesskap_id=aktor.helsefellesskap_id,
        ordning=ordning,
        aar=aar,
        ramme_ore=ramme_ore,
        overfort_ore=overfort_ore,
        oremerkinger=[Oremerking(formaal=f, ore=o, vedtak=v) for f, o, v in oremerkinger],
    )
    session.add(pott)
    session.flush()
    assert pott.id is not None
    skriv_audit(
        session,
        helsefellesskap_id=pott.helsefellesskap_id,
        tidspunkt=naa,
        bruker=aktor,
        objekt_type="pott",
        objekt_id=pott.id,
        hendelse="pott_opprettet",
        detaljer={"ordning": ordning.value, "aar": aar, "ramme_ore": ramme_ore},
    )
    return pott


@dataclass(frozen=True)
class Pottstatus:
    """A pot's ledger for one year: what there is, what is bound, what remains (øre)."""

    ordning: str
    aar: int
    ramme_ore: int | None
    overfort_ore: int
    oremerket_ore: int
    tildelt_ore: int

    @property
    def gjenstaar_ore(self) -> int | None:
        if self.ramme_ore is None:
            return None
        return self.ramme_ore + self.overfort_ore - self.oremerket_ore - self.tildelt_ore


def pottstatus(session: Session, helsefellesskap_id: int, aar: int) -> list[Pottstatus]:
    """Every pot of the year with earmarks and the awards recorded against it."""
    potter = session.exec(
        select(Pott)
        .where(Pott.helsefellesskap_id == helsefellesskap_id, Pott.aar == aar)
        .order_by(col(Pott.ordning))
    )
    return [
        Pottstatus(
            ordning=pott.ordning.value,
            aar=aar,
            ramme_ore=pott.ramme_ore,
            overfort_ore=pott.overfort_ore,
            oremerket_ore=sum(o.ore for o in pott.oremerkinger),
            tildelt_ore=_tildelt(session, helsefellesskap_id, pott.ordning, aar),
        )
        for pott in potter
    ]


def _tildelt(session: Session, helsefellesskap_id: int, ordning: Ordning, aar: int) -> int:
    sum_ = session.exec(
        select(func.coalesce(func.sum(Tildeling.ore), 0))
        .join(WorkflowCase, col(WorkflowCase.id) == col(Tildeling.soknad_id))
        .where(WorkflowCase.helsefellesskap_id == helsefellesskap_id)
        .where(Tildeling.ordning == ordning, Tildeling.aar == aar)
    ).one()
    return int(sum_)


def _finn(session: Session, helsefellesskap_id: int, aar: int) -> Soknadsrunde | None:
    return session.exec(
        select(Soknadsrunde).where(
            Soknadsrunde.helsefellesskap_id == helsefellesskap_id, Soknadsrunde.aar == aar
        )
    ).one_or_none()


def _audit(
    session: Session,
    aktor: Bruker,
    runde: Soknadsrunde,
    hendelse: str,
    naa: datetime,
    detaljer: dict[str, object],
) -> None:
    assert runde.id is not None
    skriv_audit(
        session,
        helsefellesskap_id=runde.helsefellesskap_id,
        tidspunkt=naa,
        bruker=aktor,
        objekt_type="soknadsrunde",
        objekt_id=runde.id,
        hendelse=hendelse,
        detaljer={"aar": runde.aar, **detaljer},
    )
