"""Søknadsrunder: dates generated from the rules in config.toml, edits audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from sqlmodel import Session, col, func, select

from tilskudd_flow.config import Innstillinger
from tilskudd_flow.domain.feil import IkkeFunnet, Regelbrudd, UgyldigFelt
from tilskudd_flow.domain.kodeverk import Ordning, Rolle
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.soknad import Oremerking, Pott, Soknadsrunde, Tildeling
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.motor.audit import skriv_audit
from tilskudd_flow.motor.frister import Fristfabrikk
from tilskudd_flow.motor.tilgang import krev_rolle
from tilskudd_flow.soknader.potter import aarets_potter, sjekk_pott


@dataclass(frozen=True)
class Rundedatoer:
    """A round's own dates; None: the configured rule's date for the year."""

    soknadsfrist: date | None = None
    prioriteringsmote: date | None = None
    oversendelse: date | None = None


def opprett_runde(
    session: Session,
    *,
    aktor: Bruker,
    innstillinger: Innstillinger,
    aar: int,
    naa: datetime,
    datoer: Rundedatoer | None = None,
) -> Soknadsrunde:
    """A new round with its three deadlines made from the rules (dates can be adjusted), or
    on the dates given (a past round entered at go-live)."""
    datoer = datoer or Rundedatoer()
    krev_rolle(aktor, Rolle.SEKRETARIAT, Rolle.ADMIN)
    if finn_runde(session, aktor.helsefellesskap_id, aar) is not None:
        raise Regelbrudd(f"Søknadsrunden for {aar} finnes allerede")
    frister = Fristfabrikk(innstillinger, aktor.helsefellesskap_id)
    runde = Soknadsrunde(
        helsefellesskap_id=aktor.helsefellesskap_id,
        aar=aar,
        soknadsfrist=frister.ny(
            "soknadsfrist", aar=aar, nokkel=f"soknadsfrist:{aar}", dato=datoer.soknadsfrist
        ),
        prioriteringsmote=frister.ny(
            "prioriteringsmote",
            aar=aar,
            nokkel=f"prioriteringsmote:{aar}",
            dato=datoer.prioriteringsmote,
        ),
        oversendelse=frister.ny(
            "oversendelse_helse_nord",
            aar=aar,
            nokkel=f"oversendelse:{aar}",
            dato=datoer.oversendelse,
        ),
    )
    session.add(runde)
    session.flush()
    assert runde.id is not None
    for frist in (runde.soknadsfrist, runde.prioriteringsmote, runde.oversendelse):
        frist.objekt_type, frist.objekt_id = "soknadsrunde", runde.id
    _audit(
        session,
        aktor,
        runde,
        "runde_opprettet",
        naa,
        {
            "soknadsfrist": str(runde.soknadsfrist.dato),
            "prioriteringsmote": str(runde.prioriteringsmote.dato),
            "oversendelse": str(runde.oversendelse.dato),
        },
    )
    return runde


def hent_runde(session: Session, helsefellesskap_id: int, aar: int) -> Soknadsrunde:
    runde = finn_runde(session, helsefellesskap_id, aar)
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
    # A vedtak «SSU 09.09.2025» cites no sak; «Sak 12-2025» must be one of the SSU saker.
    sjekk_pott(session, aktor.helsefellesskap_id, ramme_ore=ramme_ore,
               overfort_ore=overfort_ore, oremerkinger=oremerkinger)  # fmt: skip
    if any(p.ordning == ordning for p in aarets_potter(session, aktor.helsefellesskap_id, aar)):
        raise UgyldigFelt("ordning", f"Det finnes allerede en {ordning.visning.lower()} pott "
                                     f"for {aar}; endre den i stedet")  # fmt: skip
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


def finn_runde(session: Session, helsefellesskap_id: int, aar: int) -> Soknadsrunde | None:
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
