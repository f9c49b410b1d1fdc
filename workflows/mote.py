"""Møte: an SSU meeting, the Dialog- og partnerskapsmøte or an FSU meeting (domain brief §3).

0. Anyone with a login may report a sak for SSU («meld inn sak»); the sekretariat is told
   by e-mail (`SAK_INNMELDT`) and takes it up as a numbered sak or turns it down.
1. The sekretariat plans the meeting (date, place or video link) and puts saker on its
   saksliste. The meeting papers must go out by the paper deadline (two weeks before the
   Dialog- og partnerskapsmøte; configurable for SSU and FSU); the sekretariat is reminded
   while they have not.
2. The innkalling goes to every member with the papers and a calendar invitation (sent from
   the meeting page; a changed meeting is sent again as an update). A member who cannot come
   reports forfall; their vara is called in by e-mail (`VARA_INNKALT`): a vara is invited
   only then. A cancelled meeting is cancelled in every invited calendar.
3. At the meeting SSU records a vedtak on each sak; then the meeting is registered as held.
4. The referat is drafted from the vedtak and attendance, reviewed by the leader and the
   deputy, and sent on høring to the participants with a deadline.
5. It is published at most one week after the høring closes (a reminder if not), then
   archived.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from statemachine import Event, State, StateMachine

from tilskudd_flow.domain import felt
from tilskudd_flow.domain.arbeidsflyt import (
    Adresse,
    Arbeidsflyt,
    Epost,
    Fristregel,
    Motelenke,
    Venter,
    hendelse,
    krav,
    varsel,
    venter,
)
from tilskudd_flow.domain.frister import Fristfabrikk
from tilskudd_flow.domain.kodeverk import Oppmote, Rolle
from tilskudd_flow.domain.moter import PAPIRFRIST, tidsrom
from tilskudd_flow.domain.tid import dato_i_oslo, norsk_dato, norsk_tidspunkt
from tilskudd_flow.domain.vilkaar import vilkaar
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.frist import Frist
from tilskudd_flow.models.mote import Mote, MoteDeltaker
from tilskudd_flow.models.tenancy import Bruker

SEKRETARIAT = Rolle.SEKRETARIAT


class Motebehandling(StateMachine):
    planlagt = State("Planlagt", initial=True)
    innkalt = State("Innkalt")
    avholdt = State("Avholdt")
    referat_utkast = State("Referat til godkjenning")
    referat_godkjent = State("Referat godkjent")
    referat_paa_horing = State("Referat på høring")
    referat_publisert = State("Referat publisert")
    arkivert = State("Arkivert", final=True)
    avlyst = State("Avlyst", final=True)

    send_innkalling = Event(
        planlagt.to(innkalt) | innkalt.to.itself(internal=True), name="Send innkalling"
    )
    hold_mote = Event(
        innkalt.to(avholdt, validators=["alle_saker_har_vedtak", "motet_har_begynt"]),
        name="Registrer møtet som avholdt",
    )
    lag_referat = Event(avholdt.to(referat_utkast), name="Lag referatutkast")
    godkjenn_referat = Event(
        referat_utkast.to(
            referat_godkjent,
            cond="blir_godkjent_av_begge",
            validators=["godkjennes_av_leder_eller_nestleder"],
        )
        | referat_utkast.to.itself(
            internal=True, validators=["godkjennes_av_leder_eller_nestleder"]
        ),
        name="Godkjenn referatet",
    )
    send_paa_horing = Event(
        referat_godkjent.to(referat_paa_horing, validators=["horingsfristen_er_fram_i_tid"]),
        name="Send referatet på høring",
    )
    publiser_referat = Event(referat_paa_horing.to(referat_publisert), name="Publiser referatet")
    arkiver = Event(referat_publisert.to(arkivert), name="Arkiver")
    avlys = Event(planlagt.to(avlyst) | innkalt.to(avlyst), name="Avlys møtet")

    @vilkaar("Hver sak på sakslisten har et vedtak")
    @krav("Hver sak på sakslisten må ha et vedtak før møtet registreres som avholdt")
    def alle_saker_har_vedtak(self, mote: Mote) -> bool:
        return all(ssu_sak.vedtatt is not None for ssu_sak in mote.ssu_saker)

    @vilkaar("Møtet har begynt")
    @krav("Møtet kan ikke registreres som avholdt før det har begynt")
    def motet_har_begynt(self, mote: Mote, naa: datetime) -> bool:
        return mote.start <= naa

    @vilkaar("Den som godkjenner, er møtets leder eller nestleder")
    @krav("Referatet godkjennes av møtets leder og nestleder")
    def godkjennes_av_leder_eller_nestleder(self, mote: Mote, aktor: Bruker) -> bool:
        return bool(_verv(mote, aktor))

    @vilkaar("Både leder og nestleder har godkjent referatet")
    def blir_godkjent_av_begge(self, mote: Mote, aktor: Bruker) -> bool:
        verv = _verv(mote, aktor)
        leder = bool(mote.referat_godkjent_av_leder) or "leder" in verv
        nestleder = bool(mote.referat_godkjent_av_nestleder) or "nestleder" in verv
        return leder and nestleder

    @vilkaar("Høringsfristen er etter i dag")
    @krav("Høringsfristen må være etter i dag (felt «horingsfrist»)")
    def horingsfristen_er_fram_i_tid(self, felt: Mapping[str, Any], naa: datetime) -> bool:
        frist: date = felt["horingsfrist"]
        return frist > dato_i_oslo(naa)

    def on_send_innkalling(self, mote: Mote, naa: datetime) -> None:
        if mote.innkalling_sendt is not None:
            mote.ics_sekvens += 1
        mote.innkalling_sendt = naa

    def on_avlys(self, mote: Mote) -> None:
        # The cancellation replaces the last invitation sent, so it needs the next SEQUENCE.
        if mote.innkalling_sendt is not None:
            mote.ics_sekvens += 1

    def on_lag_referat(self, mote: Mote, felt: Mapping[str, Any]) -> None:
        mote.referat = felt.get("merknader", "")
        mote.referat_godkjent_av_leder = mote.referat_godkjent_av_nestleder = ""

    def on_godkjenn_referat(self, mote: Mote, aktor: Bruker) -> None:
        verv = _verv(mote, aktor)
        if "leder" in verv:
            mote.referat_godkjent_av_leder = aktor.navn
        if "nestleder" in verv:
            mote.referat_godkjent_av_nestleder = aktor.navn

    def on_send_paa_horing(
        self, sak: WorkflowCase, mote: Mote, felt: Mapping[str, Any], frister: Fristfabrikk
    ) -> None:
        mote.horingsfrist = felt["horingsfrist"]
        assert sak.id is not None
        # Published at most a week after the høring closes: the deadline reminds if not.
        frist = frister.relativ(
            "referat", referanse=felt["horingsfrist"], nokkel=f"referat:{sak.id}",
            objekt=("mote", sak.id),
        )  # fmt: skip
        mote.referatfrist = frist

    def on_publiser_referat(self, mote: Mote, naa: datetime) -> None:
        mote.publisert = naa


# The names code outside this file uses for the workflow and its states, so a renamed state
# fails when the code is loaded, not when a line comparing with it happens to run.
NAVN = "mote"


class Tilstand(StrEnum):
    PLANLAGT = Motebehandling.planlagt.id
    INNKALT = Motebehandling.innkalt.id
    AVHOLDT = Motebehandling.avholdt.id
    REFERAT_UTKAST = Motebehandling.referat_utkast.id
    REFERAT_GODKJENT = Motebehandling.referat_godkjent.id
    REFERAT_PAA_HORING = Motebehandling.referat_paa_horing.id
    REFERAT_PUBLISERT = Motebehandling.referat_publisert.id
    ARKIVERT = Motebehandling.arkivert.id
    AVLYST = Motebehandling.avlyst.id


# The events, for code that fires one: a renamed event fails here, when the code is loaded.
class Hendelse(StrEnum):
    SEND_INNKALLING = Motebehandling.send_innkalling.id
    HOLD_MOTE = Motebehandling.hold_mote.id
    LAG_REFERAT = Motebehandling.lag_referat.id
    GODKJENN_REFERAT = Motebehandling.godkjenn_referat.id
    SEND_PAA_HORING = Motebehandling.send_paa_horing.id
    PUBLISER_REFERAT = Motebehandling.publiser_referat.id
    ARKIVER = Motebehandling.arkiver.id
    AVLYS = Motebehandling.avlys.id


# A meeting whose saksliste and attendance may still change.
APNE = frozenset({Tilstand.PLANLAGT, Tilstand.INNKALT})
# Called or held: the sekretariat records who came.
OPPMOTE_FORES = frozenset({Tilstand.INNKALT, Tilstand.AVHOLDT})
# Held, and its referat drafted: the referat can be downloaded.
MED_REFERAT = frozenset(
    {
        Tilstand.REFERAT_UTKAST,
        Tilstand.REFERAT_GODKJENT,
        Tilstand.REFERAT_PAA_HORING,
        Tilstand.REFERAT_PUBLISERT,
        Tilstand.ARKIVERT,
    }
)


def _verv(mote: Mote, aktor: Bruker) -> set[str]:
    """Whether the actor leads the meeting («leder») or is the deputy («nestleder»)."""
    epost = aktor.epost.lower()
    verv = set()
    if epost and epost == mote.leder_epost.lower():
        verv.add("leder")
    if epost and epost == mote.nestleder_epost.lower():
        verv.add("nestleder")
    return verv


def _deltakere(mote: Mote, _felt: Any) -> list[Adresse]:
    return [Adresse(d.person.epost, d.person.navn) for d in mote.deltakere if d.person.epost]


def er_kalt_inn(deltaker: MoteDeltaker) -> bool:
    """A member is called to every meeting; a vara only when called in for a member's forfall
    (`vara_for_id`), so a vara is never a required attendee of a meeting they are not at."""
    return not deltaker.er_vara or deltaker.vara_for_id is not None


def er_innkalt(deltaker: MoteDeltaker) -> bool:
    """Called and not reported forfall: gets the innkalling and is the invitation's ATTENDEE."""
    return er_kalt_inn(deltaker) and deltaker.oppmote != Oppmote.FORFALL


def _innkalte(mote: Mote, _felt: Any) -> list[Adresse]:
    """Members and the vara called in, except those who reported forfall."""
    return [Adresse(d.person.epost, d.person.navn) for d in mote.deltakere
            if d.person.epost and er_innkalt(d)]  # fmt: skip


def _kalt_inn(mote: Mote, _felt: Any) -> list[Adresse]:
    """Everyone an invitation went to, forfall or not: a cancellation clears every calendar."""
    return [Adresse(d.person.epost, d.person.navn) for d in mote.deltakere
            if d.person.epost and er_kalt_inn(d)]  # fmt: skip


def _til_stede(mote: Mote, _felt: Any) -> list[Adresse]:
    return [
        Adresse(d.person.epost, d.person.navn)
        for d in mote.deltakere
        if d.oppmote == Oppmote.MOTER and d.person.epost
    ]


def _ledelsen(mote: Mote, _felt: Any) -> list[Adresse]:
    return [Adresse(e) for e in (mote.leder_epost, mote.nestleder_epost) if e]


def _malkontekst(mote: Mote) -> dict[str, Any]:
    return {
        "motetype": mote.type.visning,
        "tidspunkt_mote": tidsrom(mote.start, mote.slutt),
        "sted": mote.sted,
        "videolenke": mote.videolenke,
        "horingsfrist": norsk_dato(mote.horingsfrist) if mote.horingsfrist else "",
        "saker": [f"{s.saksnummer.vis()} {s.tittel}" for s in mote.ssu_saker],
        # The innkalling replaces an earlier one: sending again counts the calendar sequence up.
        "oppdatering": mote.ics_sekvens > 0,
        # A meeting is no «sak» to those called: «Se møtet», not «Se saken MOTE-7».
        "lenketekst": "Se møtet",
    }


def _sammendrag(mote: Mote, _intern: bool) -> dict[str, Any]:
    return {
        "Møtesiden": Motelenke(mote.case_id or 0, "Saksliste, innkalling, forfall og oppmøte"),
        "Møte": mote.type.visning,
        "Tid": tidsrom(mote.start, mote.slutt),
        "Sted": mote.sted,
        "Videolenke": mote.videolenke,
        "Leder": mote.leder_epost,
        "Nestleder": mote.nestleder_epost,
        "Saksliste": [f"{s.saksnummer.vis()} {s.tittel}" for s in mote.ssu_saker],
        "Innkalling sendt": norsk_tidspunkt(mote.innkalling_sendt) if mote.innkalling_sendt else "",
        "Høringsfrist for referatet": norsk_dato(mote.horingsfrist) if mote.horingsfrist else "",
        "Merknader i referatet": mote.referat,
    }


def _neste_steg(tilstand: str, mote: Mote) -> str:
    papirfrist = mote.papirfrist.effektiv_dato if mote.papirfrist else None
    if tilstand == "planlagt" and papirfrist:
        return f"Innkallingen med sakspapirene sendes innen {norsk_dato(papirfrist)}."
    if tilstand == "innkalt":
        return "Vedtak føres per sak i møtet; deretter registreres møtet som avholdt."
    if tilstand == "referat_utkast":
        return "Leder og nestleder godkjenner referatet før det sendes på høring."
    if tilstand == "referat_paa_horing" and mote.referatfrist:
        return f"Referatet publiseres senest {norsk_dato(mote.referatfrist.effektiv_dato)}."
    return ""


def _dette_motet(mote: Mote, frist: Frist) -> bool:
    return frist.objekt_type == "mote" and frist.objekt_id == mote.case_id


# The papers are late while the meeting is not yet called; the referat while it is on høring.
FRISTER = (
    *(Fristregel(type_, tilstander=("planlagt",), gjelder=_dette_motet,
                 paaminnelse_til=("sekretariat",), eskalering_til=("sekretariat",))
      for type_ in PAPIRFRIST.values()),
    Fristregel("referat", tilstander=("referat_paa_horing",), gjelder=_dette_motet,
               paaminnelse_til=("sekretariat", "motets_ledelse"),
               eskalering_til=("sekretariat",)),
)  # fmt: skip

# E-mails outside a transition: the vara called in when a member reports forfall (with the
# papers and the calendar invitation), and a sak reported for SSU.
VARA_INNKALT = Epost("Vara kalt inn", "mote/vara_innkalt", til=("vara",))
SAK_INNMELDT = Epost(
    "Sak meldt inn til SSU", "ssu/sak_innmeldt", til=("sekretariat",),
    eksempel={"tittel": "Felles rutine for utskrivningsklare pasienter",
              "innmeldt_av": "Karin Ingebrigtsen"},
)  # fmt: skip

# Who each state waits for: the meeting to be called (by the papers' deadlines above), the
# referat to be written, approved by the meeting's leader, and published after høring.
VENTER_PAA: dict[str, Venter] = {
    Tilstand.PLANLAGT: venter(SEKRETARIAT, oppgave="Kall inn til møtet og send møtepapirene"),
    Tilstand.AVHOLDT: venter(SEKRETARIAT, oppgave="Skriv referatutkastet"),
    Tilstand.REFERAT_UTKAST: venter(Rolle.SSU_MEDLEM, SEKRETARIAT, oppgave="Gå gjennom referatet"),
    Tilstand.REFERAT_GODKJENT: venter(SEKRETARIAT, oppgave="Send referatet på høring"),
    Tilstand.REFERAT_PAA_HORING: venter(SEKRETARIAT, oppgave="Publiser referatet etter høringen"),
}

ARBEIDSFLYT = Arbeidsflyt(
    navn=NAVN,
    tittel="Møte",
    prefiks="MOTE",
    maskin=Motebehandling,
    subjekt="mote",
    detaljmodell=Mote,
    mottakere={"deltakere": _deltakere, "innkalte": _innkalte, "kalt_inn": _kalt_inn,
               "til_stede": _til_stede, "motets_ledelse": _ledelsen},
    malkontekst=_malkontekst,
    sammendrag=_sammendrag,
    neste_steg=_neste_steg,
    frister=FRISTER,
    venter_paa=VENTER_PAA,
    eposter=(VARA_INNKALT, SAK_INNMELDT),
    eksempelkontekst={
        "motetype": "SSU-møte",
        "tidspunkt_mote": "9. september 2025 kl. 09.00–15.00",
        "sted": "Sandnessjøen, Helgelandssykehuset",
        "videolenke": "https://teams.microsoft.example/l/meetup-join/ssu",
        "horingsfrist": "18. september 2025",
        "saker": ["Sak 23-2025 Søknadsrunde for RS-midler 2026"],
        "vara_for": "Karin Ingebrigtsen",
        "oppdatering": False,
        "lenketekst": "Se møtet",
    },
    hendelser={
        # The sekretariat sends it from the meeting page, which writes the papers and the
        # calendar invitation and attaches them in the same transaction; never a bare event.
        "send_innkalling": hendelse(
            med_fil=[SEKRETARIAT],
            med_fil_hvor="fra møtesiden, som lager møtepapirene og legger dem ved innkallingen",
            varsler=[varsel("mote/innkalling", "innkalte", side=Motelenke)],
        ),
        "hold_mote": hendelse(SEKRETARIAT),
        "lag_referat": hendelse(
            SEKRETARIAT, felt=[felt.tekst("merknader", "Merknader i referatet")],
            varsler=[varsel("mote/referat_til_godkjenning", "motets_ledelse")],
        ),
        "godkjenn_referat": hendelse(Rolle.SSU_MEDLEM, SEKRETARIAT),
        "send_paa_horing": hendelse(
            SEKRETARIAT, felt=[felt.dato("horingsfrist", "Høringsfrist", pakrevd=True)],
            varsler=[varsel("mote/referat_paa_horing", "til_stede", "motets_ledelse")],
        ),
        "publiser_referat": hendelse(
            SEKRETARIAT, varsler=[varsel("mote/referat_publisert", "deltakere")]
        ),
        "arkiver": hendelse(SEKRETARIAT),
        # Cancelled from the meeting page, which attaches the calendar's METHOD:CANCEL (same
        # UID, next SEQUENCE) once an invitation has gone out; never a bare event.
        "avlys": hendelse(
            med_fil=[SEKRETARIAT], kommentar_pakrevd=True,
            med_fil_hvor="fra møtesiden, som sender avlysningen til deltakernes kalendere",
            varsler=[varsel("mote/avlyst", "kalt_inn")],
        ),
    },
)  # fmt: skip
