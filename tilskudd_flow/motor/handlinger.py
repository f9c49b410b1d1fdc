"""The engine's use cases as pages and the API call them: one call, one transaction, the
acting user loaded in it (`Handling`). The functions they wrap take an open session."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from tilskudd_flow.adapters.varselmaler import Epostinnhold
from tilskudd_flow.config import Innstillinger
from tilskudd_flow.domain.feil import IkkeFunnet
from tilskudd_flow.domain.frister import Fristvisning
from tilskudd_flow.domain.kodeverk import OutboxStatus
from tilskudd_flow.models.soknad import Vedlegg
from tilskudd_flow.motor.frister import endre_frist, synlige_frister, vis_navngitt
from tilskudd_flow.motor.handling import Handling, NyUow
from tilskudd_flow.motor.kalenderabonnement import (
    aarshjul_kalender,
    bruker_for_kalender,
    ny_kalenderadresse,
)
from tilskudd_flow.motor.maleksempler import fylt_med_eksempel, maler_med_eksempel
from tilskudd_flow.motor.massehendelser import massehendelser
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.saker import opprett_enkel_sak
from tilskudd_flow.motor.saksbehandling import Saksbehandlervalg, saksbehandlere
from tilskudd_flow.motor.sakskolonner import Sakskolonner, aar_med_saker, sakskolonner
from tilskudd_flow.motor.saksreferanse import sak_id as referansens_sak
from tilskudd_flow.motor.sortering import INTERNE_KOLONNER, STANDARD, rekkefolge
from tilskudd_flow.motor.sporring import (
    MuligHendelse,
    Sakside,
    Saksrad,
    Saksvisning,
    historikk,
    list_saker,
    list_utboks,
    side_med_saker,
    vis_sak,
    vis_utboksmelding,
)
from tilskudd_flow.motor.tilgang import INTERNE_ROLLER
from tilskudd_flow.motor.utboks import forkast, innhold_som_vist, rett_mottaker, send_igjen
from tilskudd_flow.motor.utboksoversikt import (
    Utboksside,
    som_mottakeren_ser_den,
    utboksoversikt,
)
from tilskudd_flow.motor.vedlegg import hent_vedlegg


@dataclass(frozen=True)
class Saksfilter:
    """What the case list is narrowed to; empty means every value."""

    workflow: str = ""
    tilstand: str = ""
    aar: int | None = None
    sok: str = ""
    sorter: str = ""
    saksbehandler: str = ""  # «mine», «ingen» or a sekretariat user's brukernavn


@dataclass(frozen=True)
class Saksoversikt:
    sakside: Sakside
    massehendelser: list[MuligHendelse]
    kolonner: dict[int, Sakskolonner]
    aar: set[int]
    saksbehandlere: list[Saksbehandlervalg] = field(default_factory=list)


@dataclass(frozen=True)
class Saksbilde:
    visning: Saksvisning
    historikk: list[dict[str, Any]]


def saksoversikt(h: Handling, filter: Saksfilter, *, side: int, per_side: int = 50) -> Saksoversikt:
    """One page of the cases the user may see; with one kind and one state chosen, the
    events an internal user may apply to many of them at once."""
    register = h.miljo.register
    with h.les() as t:
        intern = bool(t.aktor.rollesett & INTERNE_ROLLER)
        sorter = filter.sorter
        if not intern and sorter.removeprefix("-") in INTERNE_KOLONNER:
            sorter = STANDARD
        sakside = side_med_saker(t.session, register, t.aktor, workflow=filter.workflow or None,
                                 tilstand=filter.tilstand or None, aar=filter.aar,
                                 sok=filter.sok, side=side, per_side=per_side,
                                 rekkefolge=rekkefolge(register, sorter,
                                                       h.miljo.klokke.now().date()),
                                 saksbehandler=filter.saksbehandler)  # fmt: skip
        kolonner = sakskolonner(t.session, register, sakside.rader, h.miljo.klokke.now(),
                                med_saksbehandler=intern)  # fmt: skip
        aar = aar_med_saker(t.session, register, t.aktor.helsefellesskap_id)
        behandlere = saksbehandlere(t.session, t.aktor) if intern else []
        valgbare = (
            massehendelser(register, filter.workflow, filter.tilstand, t.aktor)
            if intern and filter.workflow and filter.tilstand
            else []
        )
    return Saksoversikt(sakside, valgbare, kolonner, aar, behandlere)


def saksbilde(h: Handling, sak_id: int) -> Saksbilde:
    """One case as the user may see it, and what has happened to it."""
    with h.les() as t:
        visning = vis_sak(t.session, h.miljo.register, t.aktor, sak_id)
        return Saksbilde(visning, historikk(t.session, h.miljo.register, t.aktor, sak_id))


def sakene(h: Handling, filter: Saksfilter) -> list[Saksrad]:
    """Every case the user may see, newest change first (the command line's list: no pages)."""
    with h.les() as t:
        return list_saker(t.session, h.miljo.register, t.aktor, workflow=filter.workflow or None,
                          tilstand=filter.tilstand or None, aar=filter.aar)  # fmt: skip


def sak_ved_referanse(h: Handling, tekst: str) -> int:
    """The case number the user wrote (12, or its reference RS-12); a reference whose prefix
    is not the case's own is refused."""
    with h.les() as t:
        return referansens_sak(t.session, h.miljo.register, t.aktor, tekst)


def opprett_sak(h: Handling, *, workflow: str, tittel: str) -> int:
    """A case of a workflow that keeps no detail row; its number."""
    with h.skriv() as t:
        return opprett_enkel_sak(t.session, h.miljo, aktor=t.aktor, workflow=workflow,
                                 tittel=tittel)  # fmt: skip


def utboksen(
    h: Handling, *, sak_id: int | None = None, status: OutboxStatus | None = None
) -> list[dict[str, Any]]:
    """The e-mails of the user's helsefellesskap (of one case, in one status), without text."""
    with h.les() as t:
        meldinger = list_utboks(t.session, t.aktor, sak_id=sak_id, status=status)
        return [
            m.model_dump(exclude={"tekst", "html", "kontekst"})
            | {"emne": innhold_som_vist(h.miljo.varsler, m).emne}
            for m in meldinger
        ]


def utbokssiden(h: Handling, *, sok: str, status: OutboxStatus | None, side: int) -> Utboksside:
    """One page of the outbox's sendings, searched and filtered as the URL says."""
    with h.les() as t:
        return utboksoversikt(t.session, h.miljo.register, t.aktor, sok=sok, status=status,
                              side=side, varsler=h.miljo.varsler)  # fmt: skip


def utboksmeldingen(h: Handling, melding_id: int) -> dict[str, Any]:
    """One e-mail as its recipient sees it (secret links hidden), with its case and files."""
    with h.les() as t:
        melding = vis_utboksmelding(t.session, h.miljo.register, t.aktor, melding_id,
                                    varsler=h.miljo.varsler)  # fmt: skip
        return som_mottakeren_ser_den(t.session, h.miljo.register, melding)


def epostmalene(h: Handling) -> list[tuple[str, str]]:
    """The e-mail templates (file name, display name), for the preview page."""
    with h.les() as t:
        return maler_med_eksempel(h.miljo.varsler, h.miljo.register, t.aktor)


def epostmal_med_eksempel(h: Handling, mal: str) -> Epostinnhold:
    """One template filled with sample data (subject, text and HTML)."""
    with h.les() as t:
        return fylt_med_eksempel(h.miljo.varsler, h.miljo.register, t.aktor, mal)


def send_utboksmelding_igjen(h: Handling, melding_id: int) -> str:
    """Queue a stopped e-mail again; the address it goes to."""
    with h.skriv() as t:
        melding = send_igjen(t.session, aktor=t.aktor, melding_id=melding_id,
                             naa=h.miljo.klokke.now())  # fmt: skip
        return melding.til_adresse


def rett_utboksmottaker(h: Handling, melding_id: int, *, adresse: str, navn: str) -> str:
    """Correct a stopped e-mail's recipient and queue it again; the address it goes to."""
    with h.skriv() as t:
        melding = rett_mottaker(t.session, aktor=t.aktor, melding_id=melding_id, adresse=adresse,
                                navn=navn, naa=h.miljo.klokke.now())  # fmt: skip
        return melding.til_adresse


def forkast_utboksmelding(h: Handling, melding_id: int) -> None:
    with h.skriv() as t:
        forkast(t.session, aktor=t.aktor, melding_id=melding_id, naa=h.miljo.klokke.now())


def fristene(h: Handling, *, fra: date | None, til: date | None) -> list[Fristvisning]:
    """The deadlines the user may see between two dates (either open), as shown."""
    with h.les() as t:
        synlige = synlige_frister(t.session, h.miljo.register, t.aktor, fra=fra, til=til)
        return vis_navngitt(t.session, h.miljo.register, synlige)


def flytt_frist(h: Handling, frist_id: int, dato: date | None) -> Fristvisning:
    """Move a deadline; its reminders are planned again and the change is audited."""
    with h.skriv() as t:
        frist = endre_frist(t.session, aktor=t.aktor, frist_id=frist_id, dato=dato,
                            naa=h.miljo.klokke.now())  # fmt: skip
        return vis_navngitt(t.session, h.miljo.register, [frist])[0]


def bekreft_frist(h: Handling, frist_id: int) -> Fristvisning:
    """Confirm a proposed date (SSU's prioritisation meeting, for one)."""
    with h.skriv() as t:
        frist = endre_frist(t.session, aktor=t.aktor, frist_id=frist_id, bekreft=True,
                            naa=h.miljo.klokke.now())  # fmt: skip
        return vis_navngitt(t.session, h.miljo.register, [frist])[0]


def aarshjul_som_kalender(h: Handling, *, fra: date | None, til: date | None) -> tuple[bytes, int]:
    """The deadlines the user may see as iCalendar bytes, and how many there are."""
    with h.les() as t:
        return aarshjul_kalender(t.session, h.miljo.innstillinger, h.miljo.register, t.aktor,
                                 h.miljo.klokke.now(), fra=fra, til=til)  # fmt: skip


def bytt_kalenderadresse(h: Handling) -> None:
    """A new secret feed address for the user; the old one stops working."""
    with h.skriv() as t:
        ny_kalenderadresse(t.session, t.aktor, h.miljo.klokke.now())


def kalenderfeed(
    ny_uow: NyUow,
    miljo: Saksmiljo,
    innstillinger: Innstillinger,
    *,
    hemmelighet: str,
    bruker_id: int,
    token: str,
) -> bytes:
    """The årshjul of the user whose secret address this is (calendar programs log in by it)."""
    with ny_uow(skriv=False) as uow:
        bruker = bruker_for_kalender(uow.session, hemmelighet, bruker_id, token)
        if bruker is None:
            raise IkkeFunnet("Ukjent eller utgått kalenderadresse")
        innhold, _ = aarshjul_kalender(uow.session, innstillinger, miljo.register, bruker,
                                       miljo.klokke.now())  # fmt: skip
    return innhold


def vedleggsfil(h: Handling, vedlegg_id: int, innstillinger: Innstillinger) -> tuple[Vedlegg, Path]:
    """An attachment's row and stored file, for those who may see its case."""
    with h.les() as t:
        return hent_vedlegg(t.session, h.miljo.register, t.aktor, vedlegg_id, innstillinger)


def database_svarer(ny_uow: NyUow) -> None:
    """Liveness: a connection can be had (raises when the database is gone)."""
    with ny_uow(skriv=False) as uow:
        uow.session.connection()
