"""FSU-etablering: a faglig samarbeidsutvalg from proposal to its end (domain brief §5).

1. An FSU is proposed (foreslått) and appointed (oppnevnt) by SSU in a sak.
2. The sekretariat drafts its mandate and routines; SSU adopts the mandate (mandat vedtatt).
3. Members are appointed from HSYK and the kommuner. It must include a brukerrepresentant
   (via Brukerutvalget) and a fastlegerepresentant (via KOF) before it is bemannet.
4. The konstituerende møte elects leder and nestleder among the members (konstituert).
5. An active FSU (aktiv) meets, sends minutes and reports to SSU regularly and yearly.
6. SSU closes an FSU on major change or when its work is done (avsluttet).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from enum import StrEnum
from typing import Any

from statemachine import Event, State, StateMachine

from tilskudd_flow.domain import felt
from tilskudd_flow.domain.arbeidsflyt import (
    Adresse,
    Arbeidsflyt,
    Fristregel,
    Venter,
    hendelse,
    krav,
    leser,
    varsel,
    venter,
)
from tilskudd_flow.domain.feil import Regelbrudd
from tilskudd_flow.domain.frister import Fristfabrikk
from tilskudd_flow.domain.kodeverk import FsuRolle, Rolle, Side, Verv
from tilskudd_flow.domain.tid import dato_i_oslo, norsk_dato
from tilskudd_flow.domain.vilkaar import vilkaar
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.frist import Frist
from tilskudd_flow.models.fsu import Fsu, FsuMedlem
from tilskudd_flow.models.tenancy import Person

SEKRETARIAT = Rolle.SEKRETARIAT

# Every FSU must have these (domain brief §5), and this is where each comes from. Bemann,
# konstituer and aktiver refuse an FSU without them; the FSU overview and the go-live import
# warn; once constituted, losing one is flagged until fixed (`brutte_roller` below).
PAAKREVDE_ROLLER: Mapping[FsuRolle, str] = {
    FsuRolle.BRUKERREPRESENTANT: "oppnevnes via Brukerutvalget",
    FsuRolle.FASTLEGEREPRESENTANT: "velges av KOF",
}


def manglende_roller(fsu: Fsu) -> list[FsuRolle]:
    """The required roles no member of the FSU holds, in the order declared."""
    roller = {m.rolle for m in fsu.medlemmer}
    return [rolle for rolle in PAAKREVDE_ROLLER if rolle not in roller]


def mangeltekst(roller: list[FsuRolle]) -> str:
    """«brukerrepresentant (oppnevnes via Brukerutvalget) og fastlegerepresentant (…)»."""
    deler = [f"{rolle.visning.lower()} ({PAAKREVDE_ROLLER[rolle]})" for rolle in roller]
    return " og ".join([", ".join(deler[:-1]), deler[-1]] if len(deler) > 1 else deler)


class FsuEtablering(StateMachine):
    foreslatt = State("Foreslått", initial=True)
    oppnevnt = State("Oppnevnt av SSU")
    mandat_vedtatt = State("Mandat vedtatt")
    bemannet = State("Bemannet")
    konstituert = State("Konstituert")
    aktiv = State("Aktiv")
    avsluttet = State("Avsluttet", final=True)

    oppnevn = Event(foreslatt.to(oppnevnt), name="Oppnevn (SSU-vedtak)")
    vedta_mandat = Event(
        oppnevnt.to(mandat_vedtatt, validators=["har_mandat"]), name="Vedta mandat"
    )
    legg_til_medlem = Event(
        oppnevnt.to.itself(internal=True)
        | mandat_vedtatt.to.itself(internal=True)
        | bemannet.to.itself(internal=True)
        | konstituert.to.itself(internal=True)
        | aktiv.to.itself(internal=True),
        name="Legg til medlem",
    )
    fjern_medlem = Event(
        oppnevnt.to.itself(internal=True)
        | mandat_vedtatt.to.itself(internal=True)
        | bemannet.to.itself(internal=True)
        | konstituert.to.itself(internal=True)
        | aktiv.to.itself(internal=True),
        name="Fjern medlem",
    )
    bemann = Event(
        mandat_vedtatt.to(bemannet, validators=["har_paakrevde_roller"]),
        name="Meld bemannet",
    )
    konstituer = Event(
        bemannet.to(
            konstituert,
            validators=["har_paakrevde_roller", "leder_og_nestleder_er_ulike_medlemmer"],
        ),
        name="Konstituer (leder og nestleder valgt)",
    )
    aktiver = Event(
        konstituert.to(aktiv, validators=["har_paakrevde_roller"]), name="Start ordinær drift"
    )
    rapporter = Event(aktiv.to.itself(internal=True), name="Rapporter til SSU")
    avslutt = Event(
        foreslatt.to(avsluttet)
        | oppnevnt.to(avsluttet)
        | mandat_vedtatt.to(avsluttet)
        | bemannet.to(avsluttet)
        | konstituert.to(avsluttet)
        | aktiv.to(avsluttet),
        name="Avslutt (SSU-vedtak)",
    )

    @vilkaar("Mandatet er skrevet")
    @krav("Mandatet må være skrevet før det kan vedtas (felt «mandat»)")
    def har_mandat(self, fsu: Fsu, felt: Mapping[str, Any]) -> bool:
        return bool(felt.get("mandat") or fsu.mandat.strip())

    @vilkaar(f"FSU-et har {mangeltekst(list(PAAKREVDE_ROLLER))}")
    @leser(Fsu.medlemmer)
    def har_paakrevde_roller(self, fsu: Fsu) -> None:
        # Not a @krav: the reason names every role missing and where each comes from.
        mangler = manglende_roller(fsu)
        if mangler:
            raise Regelbrudd(f"FSU-et mangler {mangeltekst(mangler)}")

    @vilkaar("Leder og nestleder er to ulike medlemmer av FSU-et")
    @krav("Leder og nestleder må være to ulike medlemmer av FSU-et (felt «leder», «nestleder»)")
    @leser(Fsu.medlemmer)
    def leder_og_nestleder_er_ulike_medlemmer(self, fsu: Fsu, felt: Mapping[str, Any]) -> bool:
        leder = _medlem_med_epost(fsu, felt.get("leder", ""))
        nestleder = _medlem_med_epost(fsu, felt.get("nestleder", ""))
        return leder is not None and nestleder is not None and leder is not nestleder

    def on_oppnevn(self, sak: WorkflowCase, fsu: Fsu, felt: Mapping[str, Any]) -> None:
        fsu.oppnevnt_vedtak = felt["vedtak"]
        if "ansvarlig_epost" in felt:
            fsu.ansvarlig = Person(
                helsefellesskap_id=sak.helsefellesskap_id,
                navn=felt.get("ansvarlig_navn", felt["ansvarlig_epost"]),
                organisasjon="Samhandlingssekretariatet",
                epost=felt["ansvarlig_epost"],
            )

    def on_vedta_mandat(self, fsu: Fsu, felt: Mapping[str, Any]) -> None:
        if "mandat" in felt:
            fsu.mandat = felt["mandat"]

    @leser(Fsu.medlemmer)
    def on_legg_til_medlem(
        self, sak: WorkflowCase, fsu: Fsu, felt: Mapping[str, Any], naa: datetime
    ) -> None:
        if _medlem_med_epost(fsu, felt["epost"]) is not None:
            raise Regelbrudd(f"{felt['epost']} er allerede medlem av FSU-et")
        person = Person(
            helsefellesskap_id=sak.helsefellesskap_id,
            navn=felt["navn"],
            tittel=felt.get("tittel", ""),
            organisasjon=felt.get("organisasjon", ""),
            epost=felt["epost"],
        )
        side = felt.get("side")
        fsu.medlemmer.append(
            FsuMedlem(
                person=person,
                rolle=FsuRolle(felt["rolle"]),
                side=Side(side) if side else None,
                fra=dato_i_oslo(naa),
            )
        )

    @leser(Fsu.medlemmer)
    def on_fjern_medlem(
        self, sak: WorkflowCase, fsu: Fsu, felt: Mapping[str, Any], naa: datetime,
        frister: Fristfabrikk,
    ) -> None:  # fmt: skip
        medlem = _medlem_med_epost(fsu, felt["epost"])
        if medlem is None:
            raise Regelbrudd(f"{felt['epost']} er ikke medlem av FSU-et")
        for_ = brutte_roller(sak.state, fsu)
        fsu.medlemmer.remove(medlem)
        if brutte_roller(sak.state, fsu) and not for_:
            paaminn_om_manglende_medlem(sak, frister, naa)

    @leser(Fsu.medlemmer)
    def on_konstituer(self, fsu: Fsu, felt: Mapping[str, Any], naa: datetime) -> None:
        for medlem in fsu.medlemmer:
            medlem.verv = Verv.MEDLEM
        _medlem(fsu, felt["leder"]).verv = Verv.LEDER
        _medlem(fsu, felt["nestleder"]).verv = Verv.NESTLEDER
        fsu.konstituert_dato = felt.get("dato") or dato_i_oslo(naa)

    def on_rapporter(self, fsu: Fsu, naa: datetime) -> None:
        fsu.sist_rapportert = dato_i_oslo(naa)

    def on_avslutt(self, fsu: Fsu, felt: Mapping[str, Any]) -> None:
        fsu.avsluttet_vedtak = felt["vedtak"]


# The names code outside this file uses for the workflow and its states, so a renamed state
# fails when the code is loaded, not when a line comparing with it happens to run.
NAVN = "fsu_etablering"


class Tilstand(StrEnum):
    FORESLATT = FsuEtablering.foreslatt.id
    OPPNEVNT = FsuEtablering.oppnevnt.id
    MANDAT_VEDTATT = FsuEtablering.mandat_vedtatt.id
    BEMANNET = FsuEtablering.bemannet.id
    KONSTITUERT = FsuEtablering.konstituert.id
    AKTIV = FsuEtablering.aktiv.id
    AVSLUTTET = FsuEtablering.avsluttet.id


# Once constituted an FSU must stay complete: a required role that is lost is flagged on the
# case page, on the FSU overview and in the sekretariat's reminders until it is filled again,
# and aktiver is refused meanwhile (its validator). The pages and reminders ask this.
MA_VAERE_FULLTALLIG = frozenset({Tilstand.KONSTITUERT, Tilstand.AKTIV})
FAST_MEDLEM_FRIST = "fsu_fast_medlem"


def brutte_roller(tilstand: str, fsu: Fsu) -> list[FsuRolle]:
    """The required roles missing from an FSU that must be complete in this state."""
    return manglende_roller(fsu) if tilstand in MA_VAERE_FULLTALLIG else []


def paaminn_om_manglende_medlem(sak: WorkflowCase, frister: Fristfabrikk, naa: datetime) -> Any:
    """The deadline that reminds the sekretariat, from `naa` until someone holds the role
    again (a member left, or the FSU came in short at go-live)."""
    return frister.relativ(
        FAST_MEDLEM_FRIST, referanse=dato_i_oslo(naa),
        nokkel=f"{FAST_MEDLEM_FRIST}:{sak.id}:{sak.versjon}", objekt=(NAVN, sak.id or 0),
    )  # fmt: skip


# The events, for code that fires one: a renamed event fails here, when the code is loaded.
class Hendelse(StrEnum):
    OPPNEVN = FsuEtablering.oppnevn.id
    VEDTA_MANDAT = FsuEtablering.vedta_mandat.id
    LEGG_TIL_MEDLEM = FsuEtablering.legg_til_medlem.id
    FJERN_MEDLEM = FsuEtablering.fjern_medlem.id
    BEMANN = FsuEtablering.bemann.id
    KONSTITUER = FsuEtablering.konstituer.id
    AKTIVER = FsuEtablering.aktiver.id
    RAPPORTER = FsuEtablering.rapporter.id
    AVSLUTT = FsuEtablering.avslutt.id


def _medlem_med_epost(fsu: Fsu, epost: str) -> FsuMedlem | None:
    for medlem in fsu.medlemmer:
        if medlem.person.epost.lower() == epost.lower():
            return medlem
    return None


def _medlem(fsu: Fsu, epost: str) -> FsuMedlem:
    medlem = _medlem_med_epost(fsu, epost)
    assert medlem is not None, "guarded by leder_og_nestleder_er_ulike_medlemmer"
    return medlem


@leser(Fsu.medlemmer)
def _medlemmer(fsu: Fsu, _felt: Mapping[str, Any]) -> list[Adresse]:
    return [Adresse(m.person.epost, m.person.navn) for m in fsu.medlemmer if m.person.epost]


def _nytt_medlem(_fsu: Fsu, felt: Mapping[str, Any]) -> list[Adresse]:
    return [Adresse(felt["epost"], felt.get("navn", ""))]


@leser(Fsu.medlemmer)
def _ledelsen(fsu: Fsu, _felt: Mapping[str, Any]) -> list[Adresse]:
    return [
        Adresse(m.person.epost, m.person.navn)
        for m in fsu.medlemmer
        if m.verv in (Verv.LEDER, Verv.NESTLEDER) and m.person.epost
    ]


def _malkontekst(fsu: Fsu) -> dict[str, Any]:
    return {"fsu_navn": fsu.navn, "fsu_type": fsu.type.visning.lower()}


def _sammendrag(fsu: Fsu, _intern: bool) -> dict[str, Any]:
    return {
        "Navn": fsu.navn,
        "Type": fsu.type.visning,
        "Oppnevnt (SSU-sak)": fsu.oppnevnt_vedtak,
        "Ansvarlig i sekretariatet": (
            f"{fsu.ansvarlig.navn} <{fsu.ansvarlig.epost}>" if fsu.ansvarlig else ""
        ),
        "Mandat": fsu.mandat,
        "Medlemmer": [
            f"{m.person.navn} – {m.rolle.visning.lower()}"
            + (f", {m.verv.visning.lower()}" if m.verv != Verv.MEDLEM else "")
            + f" <{m.person.epost}>"
            for m in fsu.medlemmer
        ],
        "Mangler": mangeltekst(manglende_roller(fsu)) if manglende_roller(fsu) else "",
        "Konstituert": norsk_dato(fsu.konstituert_dato) if fsu.konstituert_dato else "",
        "Avsluttet (SSU-sak)": fsu.avsluttet_vedtak,
    }


def _neste_steg(tilstand: str, fsu: Fsu) -> str:
    brutt = brutte_roller(tilstand, fsu)
    if not brutt:
        return ""
    return (
        f"FSU-et mangler {mangeltekst(brutt)}. Legg til et medlem med rollen; til da kan "
        "utvalget ikke settes i ordinær drift, og sekretariatet påminnes."
    )


def _mangler_fast_medlem(fsu: Fsu, frist: Frist) -> bool:
    """The deadline is this FSU's, and a required role is still missing."""
    return frist.objekt_id == fsu.case_id and bool(manglende_roller(fsu))


def _aarsrapporten_mangler(fsu: Fsu, frist: Frist) -> bool:
    """The deadline is this FSU's, and it has not reported to SSU in the deadline's year."""
    rapportert = fsu.sist_rapportert is not None and fsu.sist_rapportert.year >= frist.aar
    return frist.objekt_id == fsu.case_id and not rapportert


# Active FSUs report to SSU yearly: their leaders are reminded, the sekretariat hears of it
# when a report is late.
FRISTER = (
    Fristregel(
        "fsu_aarsrapport",
        tilstander=("aktiv",),
        gjelder=_aarsrapporten_mangler,
        paaminnelse_til=("fsu_ledelse",),
        eskalering_til=("fsu_ledelse",),
        eskalering_om_fristen_til=("sekretariat",),
        aarshjulnavn="Årsrapport til SSU",
    ),
    # Set when a constituted FSU loses a required member (on_fjern_medlem): the sekretariat
    # hears of it while the role stays empty, and no more once it is filled.
    Fristregel(
        FAST_MEDLEM_FRIST,
        tilstander=(Tilstand.KONSTITUERT, Tilstand.AKTIV),
        gjelder=_mangler_fast_medlem,
        paaminnelse_til=("sekretariat",),
        eskalering_til=("sekretariat",),
        paaminnelse_mal="frister/fsu_fast_medlem",
        eskalering_mal="frister/fsu_fast_medlem",
    ),
)

_VEDTAK = felt.ssu_sak("vedtak", "SSU-sak (f.eks. «Sak 25-2024»)", pakrevd=True)
_EPOST = felt.epost("epost", "Medlemmets e-post", pakrevd=True)

# Who each state waits for; a constituted FSU short of a required member is a task through
# its deadline above (the sekretariat is reminded until the role is filled).
VENTER_PAA: dict[str, Venter] = {
    Tilstand.FORESLATT: venter(SEKRETARIAT, oppgave="Legg forslaget fram for SSU"),
    Tilstand.OPPNEVNT: venter(SEKRETARIAT, oppgave="Få mandatet vedtatt"),
    Tilstand.MANDAT_VEDTATT: venter(SEKRETARIAT, oppgave="Bemann utvalget med representanter"),
    Tilstand.BEMANNET: venter(SEKRETARIAT, oppgave="Konstituer utvalget"),
    Tilstand.KONSTITUERT: venter(SEKRETARIAT, oppgave="Sett utvalget i ordinær drift"),
}

ARBEIDSFLYT = Arbeidsflyt(
    navn=NAVN,
    tittel="FSU-etablering",
    prefiks="FSU",
    maskin=FsuEtablering,
    subjekt="fsu",
    detaljmodell=Fsu,
    mottakere={"fsu_medlemmer": _medlemmer, "nytt_medlem": _nytt_medlem, "fsu_ledelse": _ledelsen},
    malkontekst=_malkontekst,
    sammendrag=_sammendrag,
    neste_steg=_neste_steg,
    frister=FRISTER,
    venter_paa=VENTER_PAA,
    eksempelkontekst={"fsu_navn": "FSU Digitale helsetjenester", "fsu_type": "fast"},
    hendelser={
        "oppnevn": hendelse(
            SEKRETARIAT,
            felt=[
                _VEDTAK,
                felt.tekst("ansvarlig_navn", "Ansvarlig i sekretariatet (navn)"),
                felt.epost("ansvarlig_epost", "Ansvarlig i sekretariatet (e-post)"),
            ],
            varsler=[varsel("fsu_etablering/oppnevnt", "sekretariat", "ssu_medlemmer")],
        ),
        "vedta_mandat": hendelse(
            SEKRETARIAT, felt=[felt.tekst("mandat", "Mandat", flerlinje=True)]
        ),
        "legg_til_medlem": hendelse(
            SEKRETARIAT,
            felt=[
                felt.tekst("navn", "Navn", pakrevd=True),
                _EPOST,
                felt.valg("rolle", "Representerer", FsuRolle, pakrevd=True),
                felt.valg("side", "Side", Side),
                felt.tekst("tittel", "Tittel"),
                felt.tekst("organisasjon", "Organisasjon"),
            ],
            varsler=[varsel("fsu_etablering/medlem_oppnevnt", "nytt_medlem")],
        ),
        "fjern_medlem": hendelse(SEKRETARIAT, felt=[_EPOST], kommentar_pakrevd=True),
        "bemann": hendelse(SEKRETARIAT),
        "konstituer": hendelse(
            SEKRETARIAT,
            felt=[
                felt.epost("leder", "Leder (e-post)", pakrevd=True),
                felt.epost("nestleder", "Nestleder (e-post)", pakrevd=True),
                felt.dato("dato", "Dato for konstituerende møte"),
            ],
            varsler=[varsel("fsu_etablering/konstituert", "fsu_medlemmer", "sekretariat")],
        ),
        "aktiver": hendelse(SEKRETARIAT),
        "rapporter": hendelse(
            SEKRETARIAT,
            felt=[felt.tekst("rapport", "Hva ble rapportert (årsrapport, orientering …)")],
            varsler=[varsel("fsu_etablering/rapport_mottatt", "fsu_ledelse")],
        ),
        "avslutt": hendelse(
            SEKRETARIAT,
            felt=[_VEDTAK],
            varsler=[varsel("fsu_etablering/avsluttet", "fsu_medlemmer", "sekretariat")],
        ),
    },
)
