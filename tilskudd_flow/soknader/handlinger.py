"""Søknader, rounds, reports and the prioritisation meeting as pages call them: one call, one
transaction, the acting user loaded in it (`Handling`). The functions they wrap take an open
session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from tilskudd_flow.dokumenter.dokument import PDF, Dokument
from tilskudd_flow.dokumenter.oversendelsespakke import sammendrag_pdf, trygt_filnavn
from tilskudd_flow.dokumenter.tegning import Tidspunkt
from tilskudd_flow.domain.feil import IkkeFunnet, IkkeTillatt
from tilskudd_flow.domain.frister import Fristvisning
from tilskudd_flow.domain.tid import dato_i_oslo
from tilskudd_flow.kontoer.kommuner import list_parter
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.soknad import Soknad, Soknadsrunde
from tilskudd_flow.models.tenancy import Part
from tilskudd_flow.motor.frister import synlige_frister, vis, vis_navngitt
from tilskudd_flow.motor.handling import Handling, NyUow
from tilskudd_flow.motor.kalenderabonnement import kalenderadresse
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.saker import last_sak
from tilskudd_flow.motor.sporring import Saksvisning, saker_med_neste_steg
from tilskudd_flow.soknader.bilder import Rundetall, aarets_hjul, rundens_trakt
from tilskudd_flow.soknader.medsoker import Medsokerskjema, medsokerskjema
from tilskudd_flow.soknader.oversending import Pakke, pakke_fra_lenke, pakkefil, pakker
from tilskudd_flow.soknader.prioriteringsmote import (
    Moteliste,
    krev_moteleser,
    listeversjon,
    moteliste,
)
from tilskudd_flow.soknader.rapporter import Rapportoversikt, rapportoversikt
from tilskudd_flow.soknader.runder import Pottstatus, list_runder, opprett_runde, pottstatus
from tilskudd_flow.soknader.rundestatus import Rundestatus, apen_runde, rundestatus
from workflows import rs_soknad

T = TypeVar("T")


@dataclass(frozen=True)
class Forside:
    runde: Rundestatus | None
    soknader: list[Saksvisning]


def forsiden(h: Handling, antall: int) -> Forside:
    """An applicant's start: the open round and the newest søknader with their next step."""
    with h.les() as t:
        runde = rundestatus(t.session, t.aktor.helsefellesskap_id, h.miljo.klokke.now())
        soknader = saker_med_neste_steg(t.session, h.miljo.register, t.aktor,
                                        workflow=rs_soknad.NAVN, antall=antall)  # fmt: skip
    return Forside(runde, soknader)


@dataclass(frozen=True)
class Rundefrister:
    """A round's year and its three deadlines, as shown."""

    aar: int
    soknadsfrist: Fristvisning
    prioriteringsmote: Fristvisning
    oversendelse: Fristvisning


def ny_runde(h: Handling, aar: int) -> Rundefrister:
    """Open the year's round; its deadlines come from the rules in config.toml."""
    with h.skriv() as t:
        return _rundefrister(opprett_runde(t.session, aktor=t.aktor,
                                           innstillinger=h.miljo.innstillinger, aar=aar,
                                           naa=h.miljo.klokke.now()))  # fmt: skip


def rundene(h: Handling) -> list[Rundefrister]:
    """Every round of the helsefellesskap, oldest first."""
    with h.les() as t:
        return [_rundefrister(r) for r in list_runder(t.session, t.aktor.helsefellesskap_id)]


def _rundefrister(runde: Soknadsrunde) -> Rundefrister:
    return Rundefrister(runde.aar, vis(runde.soknadsfrist), vis(runde.prioriteringsmote),
                        vis(runde.oversendelse))  # fmt: skip


def pottene(h: Handling, aar: int) -> list[Pottstatus]:
    """The year's pots: frame, carried over, earmarked, awarded."""
    with h.les() as t:
        return pottstatus(t.session, t.aktor.helsefellesskap_id, aar)


@dataclass(frozen=True)
class Aarshjul:
    frister: list[Fristvisning]
    kalenderadresse: str
    hjul: str
    kommende: list[Tidspunkt]


def aarshjulet(h: Handling, *, hemmelighet: str, idag: date) -> Aarshjul:
    """The deadlines the user may see, the coming year's on a wheel, and their feed address."""
    register = h.miljo.register
    with h.les() as t:
        frister = vis_navngitt(t.session, register, synlige_frister(t.session, register, t.aktor))
        adresse = kalenderadresse(h.miljo.innstillinger, hemmelighet, t.aktor)
        hjul, kommende = aarets_hjul(t.session, register, t.aktor, idag)
    return Aarshjul(frister, adresse, hjul, kommende)


def rundens_trakt_for(h: Handling, aar: int) -> Rundetall:
    """The round in kroner per state and per party, for SSU and the sekretariat."""
    with h.les() as t:
        krev_moteleser(t.aktor)
        return rundens_trakt(t.session, h.miljo.register, t.aktor, aar)


def redigerbar_soknad(h: Handling, sak_id: int, les: Callable[[Soknad], T]) -> T:
    """What `les` reads from a søknad the applicant may still change (a draft, or returned);
    `les` runs inside the transaction, as it may follow the søknad's parties."""
    with h.les() as t:
        lastet = last_sak(t.session, h.miljo.register, t.aktor, sak_id)
        if lastet.flyt.navn != rs_soknad.NAVN or lastet.sak.state not in rs_soknad.REDIGERBAR:
            raise IkkeTillatt("Søknaden kan bare endres som utkast eller når den er returnert")
        assert isinstance(lastet.subjekt, Soknad)
        return les(lastet.subjekt)


@dataclass(frozen=True)
class Kvittering:
    sak: WorkflowCase
    referanse: str
    oversending: str
    mote: str


def kvitteringen(h: Handling, sak_id: int) -> Kvittering:
    """What happens to a sent søknad next, and by when."""
    with h.les() as t:
        lastet = last_sak(t.session, h.miljo.register, t.aktor, sak_id)
        soknad = lastet.subjekt
        if not isinstance(soknad, Soknad):  # an FSU or avtale case has no receipt
            raise IkkeFunnet("Finner ikke søknaden")
        return Kvittering(lastet.sak, lastet.flyt.referanse(sak_id),
                          vis(soknad.runde.oversendelse).vist,
                          vis(soknad.runde.prioriteringsmote).vist)  # fmt: skip


def apen_runde_aar(h: Handling) -> int | None:
    """The year of the round open for søknader now, if any."""
    with h.les() as t:
        runde = apen_runde(t.session, t.aktor.helsefellesskap_id, h.miljo.klokke.now())
        return runde.aar if runde else None


@dataclass(frozen=True)
class Skjemagrunnlag:
    """What the søknad form offers: the parties, the round, and a saved søknad's files."""

    parter: list[Part]
    runde: Rundestatus | None
    vedlegg: list[Skjemavedlegg]
    tilstand: str
    egne: list[Part]  # the parties the user represents, ticked on a new form


@dataclass(frozen=True)
class Skjemavedlegg:
    id: int
    type: str
    filnavn: str


def soknadsskjemaet(h: Handling, sak_id: int | None) -> Skjemagrunnlag:
    with h.les() as t:
        hf = t.aktor.helsefellesskap_id
        parter = list_parter(t.session, hf)
        egne = [p for p in parter if p.id in t.aktor.part_ider]
        runde = rundestatus(t.session, hf, h.miljo.klokke.now())
        if sak_id is None:
            return Skjemagrunnlag(parter, runde, [], "", egne)
        lastet = last_sak(t.session, h.miljo.register, t.aktor, sak_id)
        vedlegg = [Skjemavedlegg(v.id or 0, v.type.visning, v.filnavn)
                   for v in sorted(lastet.subjekt.vedlegg, key=lambda v: v.lastet_opp)]  # fmt: skip
        return Skjemagrunnlag(parter, runde, vedlegg, lastet.sak.state, egne)


def soknaden_som_pdf(h: Handling, sak_id: int) -> Dokument:
    """The søknad as the workflow sums it up for Helse Nord (the forwarding package's PDF),
    for those who may see the case; never the internal assessment."""
    with h.les() as t:
        lastet = last_sak(t.session, h.miljo.register, t.aktor, sak_id)
        if not isinstance(lastet.subjekt, Soknad) or lastet.flyt.sammendrag is None:
            raise IkkeFunnet(f"Finner ingen søknad med id {sak_id}")
        referanse = lastet.flyt.referanse(sak_id)
        felt = lastet.flyt.sammendrag(lastet.subjekt, False)
        innhold = sammendrag_pdf(f"{referanse} {lastet.sak.tittel}", felt)
        return Dokument(innhold, PDF, f"Søknad {referanse} {trygt_filnavn(lastet.sak.tittel)}.pdf")


def medsokerskjemaet(h: Handling, sak_id: int) -> Medsokerskjema:
    with h.les() as t:
        return medsokerskjema(t.session, h.miljo, aktor=t.aktor, sak_id=sak_id)


def rapportoversikten(h: Handling, sak_id: int) -> Rapportoversikt:
    with h.les() as t:
        idag = dato_i_oslo(h.miljo.klokke.now())
        return rapportoversikt(t.session, h.miljo.register, t.aktor, sak_id, idag)


def prioriteringsrunden(h: Handling) -> int | None:
    """The year of the newest round, for those who may follow SSU's list."""
    with h.les() as t:
        krev_moteleser(t.aktor)
        runde = rundestatus(t.session, t.aktor.helsefellesskap_id, h.miljo.klokke.now())
        return runde.aar if runde else None


def listeversjonen(h: Handling, aar: int) -> int:
    with h.les() as t:
        return listeversjon(t.session, aktor=t.aktor, aar=aar)


@dataclass(frozen=True)
class Prioriteringsside:
    liste: Moteliste
    pakker: list[Pakke]


def prioriteringssiden(h: Handling, aar: int) -> Prioriteringsside:
    """The round's list and, once it is adopted, the packages sent to Helse Nord."""
    with h.les() as t:
        liste = moteliste(t.session, h.miljo, aktor=t.aktor, aar=aar)
        sendt = pakker(t.session, t.aktor, aar) if liste.vedtatt else []
    return Prioriteringsside(liste, sendt)


def pakkefilen(h: Handling, pakke_id: int, filnavn: str) -> Path:
    """The ranked list or the ZIP as sent, for SSU and the sekretariat."""
    with h.les() as t:
        krev_moteleser(t.aktor)
        return pakkefil(t.session, h.miljo, t.aktor, pakke_id, filnavn)


def pakke_fra_lenken(ny_uow: NyUow, miljo: Saksmiljo, token: str) -> Path:
    """The ZIP behind the link in the covering e-mail (the link is the key)."""
    with ny_uow(skriv=False) as uow:
        return pakke_fra_lenke(uow.session, miljo, token)
