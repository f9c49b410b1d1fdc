"""SSU's saker and meetings as pages call them: one call, one transaction, the acting user
loaded in it (`Handling`). The functions they wrap take an open session."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TypeVar

from tilskudd_flow.dokumenter.saksfremlegg import Saksfremlegg
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.domain.tid import dato_i_oslo
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.mote import Mote
from tilskudd_flow.models.ssu import SsuSak
from tilskudd_flow.models.tenancy import Helsefellesskap
from tilskudd_flow.motor.handling import Handling
from tilskudd_flow.samarbeid.fsu import Fsuoversikt, list_fsu
from tilskudd_flow.ssu.moter import Moterad, hent_mote, moteplan
from tilskudd_flow.ssu.sak_innmelding import Innmeldingsvisning, list_innmeldinger
from tilskudd_flow.ssu.saksdokumenter import saksfremlegg_for
from tilskudd_flow.ssu.ssu_medlemmer import (
    Medlemsvisning,
    NyttMedlem,
    list_medlemmer,
    registrer_medlem,
    velg_ledelse,
)
from tilskudd_flow.ssu.ssu_saker import (
    SsuSakVisning,
    hent_ssu_sak,
    list_ssu_saker,
    ssu_saker_uten_vedtak,
    vis_ssu_sak,
)
from workflows import mote as moteflyt

T = TypeVar("T")


def innmeldingene(h: Handling) -> list[Innmeldingsvisning]:
    """The saker reported to the sekretariat: all of them for the sekretariat, else one's own."""
    with h.les() as t:
        return list_innmeldinger(t.session, t.aktor)


def ssu_sakene(h: Handling, aar: int | None) -> list[SsuSakVisning]:
    """SSU's saker in number order, of one year or of all."""
    with h.les() as t:
        return list_ssu_saker(t.session, h.miljo.register, t.aktor, aar=aar)


def ssu_medlemmene(h: Handling, dag: date | None) -> list[Medlemsvisning]:
    """SSU's members and vara on a day (today if none)."""
    with h.les() as t:
        return list_medlemmer(t.session, t.aktor, dag=dag or dato_i_oslo(h.miljo.klokke.now()))


def registrer_ssu_medlem(h: Handling, nytt: NyttMedlem) -> Medlemsvisning:
    """A member or vara for four years, as `tilskudd ssu-medlem ny` registers one."""
    return registrer_medlem(nytt, uow=h.ny_uow(), miljo=h.miljo, brukernavn=h.brukernavn)


def velg_ssu_ledelse(h: Handling, *, leder: str, nestleder: str, fra: date) -> None:
    """SSU's leder and nestleder for a two-year period, as `tilskudd ssu-medlem ledelse`."""
    velg_ledelse(leder=leder, nestleder=nestleder, fra=fra, uow=h.ny_uow(), miljo=h.miljo,
                 brukernavn=h.brukernavn)  # fmt: skip


@dataclass(frozen=True)
class SsuSakliste:
    aar: int
    ssu_saker: list[SsuSakVisning]
    innmeldinger: list[Innmeldingsvisning]


def ssu_sakliste(h: Handling, aar: int | None) -> SsuSakliste:
    """SSU's saker of a year (this year if none), and for the sekretariat the reported ones."""
    with h.les() as t:
        i_aar = aar or dato_i_oslo(h.miljo.klokke.now()).year
        ssu_saker = list_ssu_saker(t.session, h.miljo.register, t.aktor, aar=i_aar)
        sekretariat = Rolle.SEKRETARIAT in t.aktor.rollesett
        innmeldinger = list_innmeldinger(t.session, t.aktor) if sekretariat else []
    return SsuSakliste(i_aar, ssu_saker, innmeldinger)


@dataclass(frozen=True)
class SsuSaksside:
    ssu_sak: SsuSak
    visning: SsuSakVisning
    fremlegg: Saksfremlegg
    mote: WorkflowCase | None
    kan_vedtas: bool


def ssu_saksside(h: Handling, ssu_sak_id: int) -> SsuSaksside:
    """One SSU sak with its saksfremlegg, its meeting, and whether a vedtak can be recorded."""
    with h.les() as t:
        ssu_sak = hent_ssu_sak(t.session, t.aktor, ssu_sak_id)
        visning = vis_ssu_sak(t.session, h.miljo.register, ssu_sak)
        mote = t.session.get(WorkflowCase, ssu_sak.mote_id) if ssu_sak.mote_id else None
        hf = t.session.get(Helsefellesskap, t.aktor.helsefellesskap_id)
        assert hf is not None
        fremlegg = saksfremlegg_for(t.session, h.miljo, hf, ssu_sak)
        kan_vedtas = (
            mote is not None and mote.state == moteflyt.Tilstand.INNKALT and ssu_sak.vedtatt is None
        )
    return SsuSaksside(ssu_sak, visning, fremlegg, mote, kan_vedtas)


@dataclass(frozen=True)
class Moteplan:
    aar: int
    rader: list[Moterad]
    medlemmer: list[Medlemsvisning]
    fsu: list[Fsuoversikt]


def moteplanen(h: Handling, aar: int | None) -> Moteplan:
    """The year's meetings (this year if none), SSU's members today, and the open FSUs."""
    with h.les() as t:
        idag = dato_i_oslo(h.miljo.klokke.now())
        i_aar = aar or idag.year
        rader = moteplan(t.session, h.miljo, t.aktor, aar=i_aar)
        medlemmer = list_medlemmer(t.session, t.aktor, dag=idag)
        utvalg = [u for u in list_fsu(t.session, h.miljo, aktor=t.aktor) if not u.avsluttet]
    return Moteplan(i_aar, rader, medlemmer, utvalg)


@dataclass(frozen=True)
class Motebilde:
    """A meeting's case and row, the saker not yet on any saksliste, and who is looking."""

    sak: WorkflowCase
    mote: Mote
    ledige_ssu_saker: list[SsuSak]
    epost: str


def motesiden(h: Handling, mote_id: int, vis: Callable[[Motebilde], T]) -> T:
    """What `vis` makes of a meeting; it runs inside the transaction, as the page follows the
    meeting's saker and participants."""
    with h.les() as t:
        sak, mote = hent_mote(t.session, h.miljo, t.aktor, mote_id)
        ledige = ssu_saker_uten_vedtak(t.session, t.aktor.helsefellesskap_id, utenfor=mote_id)
        return vis(Motebilde(sak, mote, ledige, t.aktor.epost))
