"""Avtalerevisjon: the yearly revision of one avtale (domain brief §6).

1. Each year the parties may send innspill until 1 June; the interkommunal
   samhandlingsleder reminds every kommune through its postmottak.
2. After the deadline the sekretariat triages: an avtale with no innspill rolls over
   unchanged (rullert); minor innspill is handled administratively; substantive innspill
   goes to negotiation (an FSU acts as forhandlingsutvalg).
3. The revised avtale goes to SSU in the autumn (SSU-behandlet), then to approval by each
   party, kommune and HSYK (til godkjenning). When every party has approved, it is vedtatt.
4. It takes effect 1 January the following year (i kraft). For each party the new version
   holds from the later of 1 January and that party's approval; until then the old one.
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
    Fristregel,
    Saksutvalg,
    Venter,
    hendelse,
    krav,
    leser,
    varsel,
    venter,
)
from tilskudd_flow.domain.feil import Regelbrudd
from tilskudd_flow.domain.kodeverk import InnspillOmfang, Rolle
from tilskudd_flow.domain.tid import OSLO, dato_i_oslo, norsk_dato
from tilskudd_flow.domain.vilkaar import vilkaar
from tilskudd_flow.models.avtale import AvtaleRevisjon, AvtaleVersjon, Innspill, Tiltredelse
from tilskudd_flow.models.frist import Frist
from tilskudd_flow.models.tenancy import Part

SEKRETARIAT, SYSTEM = Rolle.SEKRETARIAT, Rolle.SYSTEM


class AvtaleRevisjonsflyt(StateMachine):
    i_kraft = State("I kraft", initial=True)
    innspill_apen = State("Innspill åpen")
    triage = State("Triage")
    rullert = State("Rullert uendret")
    administrativt_behandlet = State("Administrativt behandlet")
    forhandling = State("Forhandling")
    ssu_behandlet = State("SSU-behandlet")
    til_godkjenning = State("Til godkjenning hos partene")
    vedtatt = State("Vedtatt")

    apne_innspill = Event(
        i_kraft.to(innspill_apen, validators=["revisjonen_er_ikke_holdt_for_aaret"]),
        name="Åpne for innspill",
    )
    registrer_innspill = Event(
        innspill_apen.to.itself(internal=True, validators=["innspillet_er_fra_en_part"]),
        name="Registrer innspill",
    )
    lukk_innspill = Event(innspill_apen.to(triage), name="Lukk for innspill")
    rull_over = Event(triage.to(rullert, validators=["ingen_innspill"]), name="Rull over uendret")
    behandle_administrativt = Event(
        triage.to(administrativt_behandlet, validators=["bare_mindre_innspill"]),
        name="Behandle administrativt",
    )
    send_til_forhandling = Event(
        triage.to(forhandling, validators=["har_vesentlige_innspill"]),
        name="Send til forhandling",
    )
    ssu_behandle = Event(
        administrativt_behandlet.to(ssu_behandlet) | forhandling.to(ssu_behandlet),
        name="SSU-behandling",
    )
    send_til_godkjenning = Event(
        ssu_behandlet.to(til_godkjenning), name="Send til godkjenning hos partene"
    )
    registrer_godkjenning = Event(
        til_godkjenning.to.itself(internal=True, validators=["godkjenningen_er_fra_en_part"]),
        name="Registrer godkjenning",
    )
    vedta = Event(
        til_godkjenning.to(vedtatt, validators=["alle_parter_har_godkjent"]),
        name="Vedtatt av alle parter",
    )
    tre_i_kraft = Event(
        vedtatt.to(i_kraft, validators=["ikrafttredelsen_er_naadd"]) | rullert.to(i_kraft),
        name="Tre i kraft",
    )

    @vilkaar("Årets revisjon av avtalen er ikke holdt ennå")
    @krav("Årets revisjon av avtalen er allerede holdt; neste år får en ny revisjonssak")
    def revisjonen_er_ikke_holdt_for_aaret(self, revisjon: AvtaleRevisjon) -> bool:
        return not revisjon.innspill_apnet

    @vilkaar("Innspillet kommer fra en av avtalens parter")
    @krav("Innspill kan bare komme fra avtalens parter")
    @leser(AvtaleRevisjon.avtale)
    def innspillet_er_fra_en_part(self, revisjon: AvtaleRevisjon, felt: Mapping[str, Any]) -> bool:
        return _er_part(revisjon, felt["part"])

    @vilkaar("Godkjenningen gjelder en av avtalens parter")
    @krav("Godkjenning kan bare registreres for avtalens parter")
    @leser(AvtaleRevisjon.avtale)
    def godkjenningen_er_fra_en_part(
        self, revisjon: AvtaleRevisjon, felt: Mapping[str, Any]
    ) -> bool:
        return _er_part(revisjon, felt["part"])

    @vilkaar("Avtalen har ikke fått innspill")
    @krav("Avtalen har fått innspill og kan ikke rulles over uendret")
    @leser(AvtaleRevisjon.innspill)
    def ingen_innspill(self, revisjon: AvtaleRevisjon) -> bool:
        return not revisjon.innspill

    @vilkaar("Avtalen har fått innspill, og bare mindre innspill")
    @krav("Administrativ behandling krever innspill, og bare mindre innspill")
    @leser(AvtaleRevisjon.innspill)
    def bare_mindre_innspill(self, revisjon: AvtaleRevisjon) -> bool:
        omfang = {i.omfang for i in revisjon.innspill}
        return omfang == {InnspillOmfang.MINDRE}

    @vilkaar("Avtalen har fått minst ett vesentlig innspill")
    @krav("Forhandling krever minst ett vesentlig innspill")
    @leser(AvtaleRevisjon.innspill)
    def har_vesentlige_innspill(self, revisjon: AvtaleRevisjon) -> bool:
        return any(i.omfang == InnspillOmfang.VESENTLIG for i in revisjon.innspill)

    @vilkaar("Alle avtalens parter har godkjent")
    @leser(AvtaleRevisjon.avtale, AvtaleRevisjon.ny_versjon)
    def alle_parter_har_godkjent(self, revisjon: AvtaleRevisjon) -> None:
        mangler = _mangler_godkjenning(revisjon)
        if mangler:
            raise Regelbrudd("Avtalen mangler godkjenning fra: " + ", ".join(mangler))

    @vilkaar("Det er 1. januar året etter revisjonen eller senere")
    @krav("Ny versjon trer i kraft tidligst 1. januar året etter revisjonen")
    def ikrafttredelsen_er_naadd(self, revisjon: AvtaleRevisjon, naa: datetime) -> bool:
        return naa >= datetime(revisjon.aar + 1, 1, 1, tzinfo=OSLO)

    def on_apne_innspill(self, revisjon: AvtaleRevisjon) -> None:
        revisjon.innspill_apnet = True

    @leser(AvtaleRevisjon.innspill)
    def on_registrer_innspill(
        self, revisjon: AvtaleRevisjon, felt: Mapping[str, Any], naa: datetime
    ) -> None:
        part: Part = felt["part"]
        revisjon.innspill.append(
            Innspill(
                part_id=part.id,
                part=part,
                omfang=InnspillOmfang(felt["omfang"]),
                tekst=felt["tekst"],
                mottatt=felt.get("mottatt") or dato_i_oslo(naa),
            )
        )

    @leser(AvtaleRevisjon.avtale)
    def on_ssu_behandle(self, revisjon: AvtaleRevisjon, felt: Mapping[str, Any]) -> None:
        avtale = revisjon.avtale
        versjon = AvtaleVersjon(
            versjon=max((v.versjon for v in avtale.versjoner), default=0) + 1,
            gyldig_fra=date(revisjon.aar + 1, 1, 1),
            vedtak=felt["vedtak"],
        )
        avtale.versjoner.append(versjon)
        revisjon.ny_versjon = versjon

    @leser(AvtaleRevisjon.ny_versjon)
    def on_registrer_godkjenning(
        self, revisjon: AvtaleRevisjon, felt: Mapping[str, Any], naa: datetime
    ) -> None:
        versjon = revisjon.ny_versjon
        assert versjon is not None, "created by ssu_behandle"
        part: Part = felt["part"]
        if any(t.part_id == part.id for t in versjon.tiltredelser):
            raise Regelbrudd(f"{part.navn} har allerede godkjent versjon {versjon.versjon}")
        versjon.tiltredelser.append(
            Tiltredelse(part_id=part.id, godkjent=felt.get("dato") or dato_i_oslo(naa))
        )


# The names code outside this file uses for the workflow and its states, so a renamed state
# fails when the code is loaded, not when a line comparing with it happens to run.
NAVN = "avtale_revisjon"


class Tilstand(StrEnum):
    I_KRAFT = AvtaleRevisjonsflyt.i_kraft.id
    INNSPILL_APEN = AvtaleRevisjonsflyt.innspill_apen.id
    TRIAGE = AvtaleRevisjonsflyt.triage.id
    RULLERT = AvtaleRevisjonsflyt.rullert.id
    ADMINISTRATIVT_BEHANDLET = AvtaleRevisjonsflyt.administrativt_behandlet.id
    FORHANDLING = AvtaleRevisjonsflyt.forhandling.id
    SSU_BEHANDLET = AvtaleRevisjonsflyt.ssu_behandlet.id
    TIL_GODKJENNING = AvtaleRevisjonsflyt.til_godkjenning.id
    VEDTATT = AvtaleRevisjonsflyt.vedtatt.id


# The events, for code that fires one: a renamed event fails here, when the code is loaded.
class Hendelse(StrEnum):
    APNE_INNSPILL = AvtaleRevisjonsflyt.apne_innspill.id
    REGISTRER_INNSPILL = AvtaleRevisjonsflyt.registrer_innspill.id
    LUKK_INNSPILL = AvtaleRevisjonsflyt.lukk_innspill.id
    RULL_OVER = AvtaleRevisjonsflyt.rull_over.id
    BEHANDLE_ADMINISTRATIVT = AvtaleRevisjonsflyt.behandle_administrativt.id
    SEND_TIL_FORHANDLING = AvtaleRevisjonsflyt.send_til_forhandling.id
    SSU_BEHANDLE = AvtaleRevisjonsflyt.ssu_behandle.id
    SEND_TIL_GODKJENNING = AvtaleRevisjonsflyt.send_til_godkjenning.id
    REGISTRER_GODKJENNING = AvtaleRevisjonsflyt.registrer_godkjenning.id
    VEDTA = AvtaleRevisjonsflyt.vedta.id
    TRE_I_KRAFT = AvtaleRevisjonsflyt.tre_i_kraft.id


def _er_part(revisjon: AvtaleRevisjon, part: Part) -> bool:
    return any(p.part_id == part.id for p in revisjon.avtale.parter)


def _mangler_godkjenning(revisjon: AvtaleRevisjon) -> list[str]:
    versjon = revisjon.ny_versjon
    godkjent = {t.part_id for t in versjon.tiltredelser} if versjon else set()
    return [p.part.navn for p in revisjon.avtale.parter if p.part_id not in godkjent]


@leser(AvtaleRevisjon.avtale)
def _parter(revisjon: AvtaleRevisjon, _felt: Mapping[str, Any]) -> list[Adresse]:
    return [
        Adresse(p.part.postmottak, p.part.navn, organisasjon=True) for p in revisjon.avtale.parter
    ]


def _innsender(_revisjon: AvtaleRevisjon, felt: Mapping[str, Any]) -> list[Adresse]:
    part: Part = felt["part"]
    return [Adresse(part.postmottak, part.navn, organisasjon=True)]


@leser(AvtaleRevisjon.avtale)
def _malkontekst(revisjon: AvtaleRevisjon) -> dict[str, Any]:
    return {
        "avtale": revisjon.avtale.tittel,
        "revisjonsaar": revisjon.aar,
        "innspillsfrist": norsk_dato(date(revisjon.aar, 6, 1)),
        "ikrafttredelse": norsk_dato(date(revisjon.aar + 1, 1, 1)),
    }


def _sammendrag(revisjon: AvtaleRevisjon, _intern: bool) -> dict[str, Any]:
    versjon = revisjon.ny_versjon
    return {
        "Avtale": revisjon.avtale.tittel,
        "Revisjonsår": revisjon.aar,
        "Innspill": [
            f"{i.part.navn} ({i.omfang.visning.lower()}, {norsk_dato(i.mottatt)}): {i.tekst}"
            for i in revisjon.innspill
        ],
        "Ny versjon": versjon.versjon if versjon else "",
        "Godkjent av": sorted(
            f"{p.part.navn} ({norsk_dato(t.godkjent)})"
            for p in revisjon.avtale.parter
            for t in (versjon.tiltredelser if versjon else [])
            if t.part_id == p.part_id
        ),
        "Mangler godkjenning fra": _mangler_godkjenning(revisjon) if versjon else [],
    }


def _revisjonsaaret(revisjon: AvtaleRevisjon, frist: Frist) -> bool:
    return revisjon.aar == frist.aar


# Every member kommune is reminded of the 1 June deadline for innspill. At the deadline the
# revision leaves innspill åpen; an avtale with no innspill rolls over unchanged (rull_over
# refuses when there is innspill: that avtale waits in triage).
FRISTER = (
    Fristregel(
        "avtale_innspill",
        tilstander=("innspill_apen",),
        gjelder=_revisjonsaaret,
        paaminnelse_om_fristen_til=("alle_kommuner",),
        paaminnelse_mal="frister/avtale_innspill_paaminnelse",
        virkning=("lukk_innspill", "rull_over"),
        aarshjulnavn="Innspill til avtalerevisjon {aar}",
    ),
)


# The revisions held in one year.
_REVISJONENE_FOR_AARET = Saksutvalg(sak=AvtaleRevisjon.case_id, verdi=AvtaleRevisjon.aar)

_PART = felt.part("part", "Part (kommunenummer eller navn)", pakrevd=True)
_VEDTAK = felt.ssu_sak("vedtak", "SSU-sak (f.eks. «Sak 30-2025»)", pakrevd=True)

# Who each state waits for: the inputs sorted, the outcome taken further.
VENTER_PAA: dict[str, Venter] = {
    Tilstand.TRIAGE: venter(
        SEKRETARIAT, oppgave="Gå gjennom innspillene og velg videre behandling"
    ),
    Tilstand.FORHANDLING: venter(SEKRETARIAT, oppgave="Legg forhandlingsresultatet fram for SSU"),
    Tilstand.SSU_BEHANDLET: venter(SEKRETARIAT, oppgave="Send avtalen til godkjenning hos partene"),
    Tilstand.TIL_GODKJENNING: venter(SEKRETARIAT, oppgave="Registrer partenes godkjenning"),
}

ARBEIDSFLYT = Arbeidsflyt(
    navn=NAVN,
    tittel="Avtalerevisjon",
    prefiks="AVT",
    maskin=AvtaleRevisjonsflyt,
    subjekt="revisjon",
    oppretter=frozenset({SEKRETARIAT, SYSTEM}),
    detaljmodell=AvtaleRevisjon,
    aarsfilter=_REVISJONENE_FOR_AARET,
    mottakere={"avtalens_parter": _parter, "innsender": _innsender},
    malkontekst=_malkontekst,
    sammendrag=_sammendrag,
    frister=FRISTER,
    venter_paa=VENTER_PAA,
    eksempelkontekst={
        "avtale": "Tjenesteavtale 5: Utskrivningsklare pasienter",
        "revisjonsaar": 2025,
        "innspillsfrist": "1. juni 2025",
        "ikrafttredelse": "1. januar 2026",
    },
    hendelser={
        "apne_innspill": hendelse(
            SEKRETARIAT,
            SYSTEM,
            varsler=[varsel("avtale_revisjon/innspill_apnet", "avtalens_parter")],
        ),
        "registrer_innspill": hendelse(
            SEKRETARIAT,
            felt=[
                _PART,
                felt.valg("omfang", "Omfang", InnspillOmfang, pakrevd=True),
                felt.tekst("tekst", "Innspillet", pakrevd=True, flerlinje=True),
                felt.dato("mottatt", "Mottatt dato"),
            ],
            varsler=[varsel("avtale_revisjon/innspill_mottatt", "innsender")],
        ),
        "lukk_innspill": hendelse(SEKRETARIAT, SYSTEM),
        "rull_over": hendelse(
            SEKRETARIAT, SYSTEM, varsler=[varsel("avtale_revisjon/rullert", "sekretariat")]
        ),
        "behandle_administrativt": hendelse(SEKRETARIAT, kommentar_pakrevd=True),
        "send_til_forhandling": hendelse(
            SEKRETARIAT,
            felt=[felt.tekst("forhandlingsutvalg", "Forhandlingsutvalg (FSU)")],
            varsler=[varsel("avtale_revisjon/forhandling", "avtalens_parter")],
        ),
        "ssu_behandle": hendelse(SEKRETARIAT, felt=[_VEDTAK]),
        "send_til_godkjenning": hendelse(
            SEKRETARIAT, varsler=[varsel("avtale_revisjon/til_godkjenning", "avtalens_parter")]
        ),
        "registrer_godkjenning": hendelse(
            SEKRETARIAT, felt=[_PART, felt.dato("dato", "Godkjent dato")]
        ),
        "vedta": hendelse(
            SEKRETARIAT,
            varsler=[varsel("avtale_revisjon/vedtatt", "avtalens_parter", "sekretariat")],
        ),
        "tre_i_kraft": hendelse(
            SEKRETARIAT,
            SYSTEM,
            varsler=[varsel("avtale_revisjon/i_kraft", "avtalens_parter")],
        ),
    },
)
