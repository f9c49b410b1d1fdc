"""One event for many cases at once (forward every prioritised søknad on 1 November).

Each case is its own transaction through the transition service, with its own audit entry
and e-mails: one refused case (changed meanwhile, a guard says no) stops nothing else, and
the sekretariat is told exactly which cases moved and why the others did not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from sqlmodel import Session

from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflytregister
from tilskudd_flow.domain.feil import IkkeFunnet, Saksfeil
from tilskudd_flow.models.tenancy import Bruker
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.overganger import Hendelseskommando, utfor_hendelse
from tilskudd_flow.motor.saker import last_sak
from tilskudd_flow.motor.sporring import MuligHendelse, hendelser_fra
from tilskudd_flow.motor.tilgang import hent_aktor

MAKS_SAKER = 200


@dataclass(frozen=True)
class Valgt:
    """A case ticked in the list, at the version the list showed."""

    sak_id: int
    versjon: int | None


@dataclass(frozen=True)
class Masseutfall:
    sak_id: int
    referanse: str
    tittel: str
    utfort: bool
    melding: str


def massehendelser(
    register: Arbeidsflytregister, workflow: str, tilstand: str, aktor: Bruker
) -> list[MuligHendelse]:
    """The events the actor may apply to every case of one kind in one state from the list:
    those that ask for no field beyond an optional or required comment."""
    flyt = register.hent(workflow)
    if tilstand not in flyt.maskin.states_map:
        return []
    return [
        h
        for h in hendelser_fra(flyt, tilstand, aktor)
        if h.du_kan and not any(f["pakrevd"] for f in h.felt)
    ]


def utfor_for_flere(
    valgte: Iterable[Valgt],
    hendelse: str,
    kommentar: str,
    *,
    ny_uow: Callable[[], UnitOfWork],
    miljo: Saksmiljo,
    brukernavn: str,
) -> list[Masseutfall]:
    """Apply the event to each case in turn, in its own transaction; report every outcome."""
    valgte = list(dict.fromkeys(valgte))
    if len(valgte) > MAKS_SAKER:
        raise Saksfeil(f"Velg høyst {MAKS_SAKER} saker om gangen")
    resultat: dict[int, str] = {}  # case id → why it was refused, "" when done
    for valgt in valgte:
        kommando = Hendelseskommando(
            sak_id=valgt.sak_id,
            hendelse=hendelse,
            kommentar=kommentar,
            forventet_versjon=valgt.versjon,
        )
        try:
            utfor_hendelse(kommando, uow=ny_uow(), miljo=miljo, brukernavn=brukernavn)
            resultat[valgt.sak_id] = ""
        except Saksfeil as feil:
            resultat[valgt.sak_id] = str(feil)
    with ny_uow() as uow:
        return _utfall(uow.session, miljo.register, brukernavn, resultat)


def _utfall(
    session: Session,
    register: Arbeidsflytregister,
    brukernavn: str,
    resultat: dict[int, str],
) -> list[Masseutfall]:
    aktor = hent_aktor(session, brukernavn)
    utfall = []
    for sak_id, avvist in resultat.items():
        try:
            lastet = last_sak(session, register, aktor, sak_id)
        except IkkeFunnet:  # not the actor's to see: say no more than the refusal did
            utfall.append(Masseutfall(sak_id, f"Sak {sak_id}", "", False, avvist))
            continue
        flyt, sak = lastet.flyt, lastet.sak
        melding = avvist or f"Ny tilstand: {flyt.tilstandsnavn(sak.state)}"
        utfall.append(Masseutfall(sak_id, flyt.referanse(sak_id), sak.tittel, not avvist, melding))
    return utfall
