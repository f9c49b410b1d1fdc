"""RS-søknad: rekrutterings- og samhandlingstilskudd, from utkast to rapportert.

The routine (SSU sak 23-2025, domain brief §2):
1. The applicants (kommune(r) and helseforetak together) send the søknad in before the
   søknadsfrist (1 October). A late søknad is refused. While it is a draft, a party invites
   a person at another party to write it together (`MEDSOKER_VARSLET`; a person without an
   account is asked for through the sekretariat, `MEDSOKER_KONTO_BEDT_OM`).
2. The sekretariat receives it (mottatt) and assesses it (vurdert): complete, the signed
   agreement on the joint application and the budget attached, within the scheme. An
   incomplete søknad is returned (mangelfull) and comes back when completed, or is avvist.
3. SSU's extraordinary meeting in week 43 adopts a prioritised list by consensus: a søknad
   on it is prioritert i SSU, one left off is ikke prioritert.
4. A prioritised søknad is forwarded to Helse Nord (oversendt) by 1 November, awarded from
   the local pot by SSU (tildelt), or both. The forwarding is one package for the round:
   SSU's list and the søknader, e-mailed to Helse Nord (`OVERSENDELSESPAKKE`).
5. Helse Nord awards (tildelt) or declines (ikke tildelt, unless the local pot funds it).
6. A funded project owes yearly reports and a sluttrapport; when the sluttrapport is
   received the case is rapportert. The project hands each report in with its file; only
   the sekretariat registers one without a file, with a comment saying why.
The applicant may withdraw (trukket) until the money is awarded.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from enum import StrEnum
from typing import Any

from statemachine import Event, State, StateMachine

from tilskudd_flow.domain import felt
from tilskudd_flow.domain.amounts import Belop, UgyldigBelop, formater_kroner, formater_storrelse
from tilskudd_flow.domain.arbeidsflyt import (
    Adresse,
    Arbeidsflyt,
    Epost,
    Fristregel,
    Saksutvalg,
    Vedleggslenke,
    Venter,
    hendelse,
    krav,
    leser,
    varsel,
    venter,
)
from tilskudd_flow.domain.budsjett import (
    Budsjettall,
    andel,
    budsjettabell,
    prosjektaar,
    soktes_total,
)
from tilskudd_flow.domain.feil import Regelbrudd
from tilskudd_flow.domain.frister import Fristfabrikk, vis_frist
from tilskudd_flow.domain.kodeverk import (
    MilepaelType,
    Ordning,
    PartRolle,
    Prioritering,
    RapportType,
    Rolle,
    VedleggType,
)
from tilskudd_flow.domain.periods import Periode
from tilskudd_flow.domain.soknadsskjema import (
    budsjettall,
    etikett,
    har_vedlegg,
    innsendingsmangler,
    manglende_vedlegg,
)
from tilskudd_flow.domain.tid import dato_i_oslo, fristens_slutt, norsk_dato
from tilskudd_flow.domain.vilkaar import vilkaar
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.frist import Frist
from tilskudd_flow.models.soknad import (
    NytteRad,
    Rapportkrav,
    Soknad,
    SoknadBelop,
    SoknadPart,
    Soknadsrunde,
    Tildeling,
    Vedlegg,
)

SOKER, SEKRETARIAT, SYSTEM = Rolle.SOKER, Rolle.SEKRETARIAT, Rolle.SYSTEM

# Yearly reports fall due on this day (month, day) of the year after each funded year.
AARSRAPPORT_FRIST = (3, 1)
# A report whose ordinary date had passed when the grant was registered is due this long
# after the award: the two months a project otherwise has after its year ends.
FRIST_ETTER_SEN_TILDELING = timedelta(days=60)


class RsSoknad(StateMachine):
    utkast = State("Utkast", initial=True)
    mottatt = State("Mottatt")
    mangelfull = State("Mangelfull – returnert for komplettering")
    vurdert = State("Vurdert")
    prioritert = State("Prioritert i SSU")
    oversendt = State("Oversendt Helse Nord")
    tildelt = State("Tildelt")
    rapportert = State("Rapportert", final=True)
    trukket = State("Trukket", final=True)
    avvist = State("Avvist", final=True)
    ikke_prioritert = State("Ikke prioritert", final=True)
    ikke_tildelt = State("Ikke tildelt", final=True)

    send_inn = Event(
        utkast.to(
            mottatt,
            validators=[
                "innenfor_soknadsfristen",
                "har_utfylt_obligatoriske_felt",
                "har_pakrevde_vedlegg",
            ],
        ),
        name="Send inn",
    )
    returner_som_mangelfull = Event(mottatt.to(mangelfull), name="Returner som mangelfull")
    komplettert = Event(
        mangelfull.to(
            mottatt, validators=["har_utfylt_obligatoriske_felt", "har_pakrevde_vedlegg"]
        ),
        name="Komplettert",
    )
    vurder = Event(
        mottatt.to(
            vurdert,
            validators=[
                "har_skriftlig_vurdering",
                "har_budsjettvedlegg",
                "har_signert_avtale_om_felles_soknad",
            ],
        ),
        name="Vurder",
    )
    avvis = Event(mottatt.to(avvist) | mangelfull.to(avvist), name="Avvis")
    trekk = Event(
        utkast.to(trukket)
        | mottatt.to(trukket)
        | mangelfull.to(trukket)
        | vurdert.to(trukket)
        | prioritert.to(trukket)
        | oversendt.to(trukket),
        name="Trekk søknaden",
    )
    prioriter = Event(
        vurdert.to(prioritert, validators=["star_pa_vedtatt_prioriteringsliste"]),
        name="Prioriter i SSU",
    )
    ikke_prioriter = Event(
        vurdert.to(ikke_prioritert, validators=["star_ikke_pa_vedtatt_prioriteringsliste"]),
        name="Ikke prioriter",
    )
    oversend = Event(
        prioritert.to(oversendt, validators=["prioritert_for_regional_ordning"]),
        name="Oversend Helse Nord",
    )
    registrer_lokal_tildeling = Event(
        prioritert.to.itself(internal=True, validators=["prioritert_for_lokal_pott"])
        | oversendt.to.itself(internal=True, validators=["prioritert_for_lokal_pott"]),
        name="Registrer lokal tildeling",
    )
    tildel_lokalt = Event(
        prioritert.to(tildelt, validators=["prioritert_for_lokal_pott", "har_sluttrapportfrist"]),
        name="Tildel fra lokal pott",
    )
    registrer_tildeling_helse_nord = Event(
        oversendt.to(tildelt, validators=["har_sluttrapportfrist"]),
        name="Registrer tildeling fra Helse Nord",
    )
    registrer_avslag_helse_nord = Event(
        oversendt.to(tildelt, cond="har_lokal_tildeling", validators=["har_sluttrapportfrist"])
        | oversendt.to(ikke_tildelt, unless="har_lokal_tildeling"),
        name="Registrer avslag fra Helse Nord",
    )
    registrer_rapport = Event(
        tildelt.to.itself(internal=True, validators=["har_utestaende_aarsrapport"]),
        name="Registrer årsrapport",
    )
    motta_sluttrapport = Event(tildelt.to(rapportert), name="Motta sluttrapport")
    flagg_forfalt_rapport = Event(
        tildelt.to.itself(internal=True, validators=["har_forfalt_rapport"]),
        name="Flagg forfalt rapport",
    )

    # --- guards: each names the rule it enforces ---------------------------------------

    @vilkaar("Søknadsfristen er ikke passert")
    def innenfor_soknadsfristen(self, soknad: Soknad, naa: datetime) -> None:
        frist = soknad.runde.soknadsfrist
        if naa > fristens_slutt(frist.effektiv_dato, frist.klokkeslett):
            raise Regelbrudd(
                f"Søknadsfristen {vis_frist(frist.dato, frist.effektiv_dato)} er passert; "
                "søknaden kan ikke sendes inn"
            )

    @vilkaar("Alle obligatoriske felt er fylt ut")
    @leser(Soknad.parter, Soknad.kontakter, Soknad.belop, Soknad.budsjettlinjer)
    def har_utfylt_obligatoriske_felt(self, soknad: Soknad) -> None:
        mangler = innsendingsmangler(soknad)
        if mangler:
            raise Regelbrudd(mangler)

    @vilkaar("De påkrevde vedleggene er lastet opp")
    @leser(Soknad.vedlegg)
    def har_pakrevde_vedlegg(self, soknad: Soknad) -> None:
        mangler = manglende_vedlegg(soknad)
        if mangler:
            raise Regelbrudd("Søknaden mangler vedlegg: " + "; ".join(mangler))

    @vilkaar("Sekretariatet har skrevet en vurdering")
    @krav("Søknaden kan ikke vurderes uten en skriftlig vurdering (felt «vurdering»)")
    def har_skriftlig_vurdering(self, soknad: Soknad, felt: Mapping[str, Any]) -> bool:
        return bool(felt.get("vurdering") or soknad.vurdering.strip())

    @vilkaar("Budsjettet er lastet opp som vedlegg")
    @krav("Søknaden kan ikke vurderes uten budsjett som vedlegg")
    @leser(Soknad.vedlegg)
    def har_budsjettvedlegg(self, soknad: Soknad) -> bool:
        return har_vedlegg(soknad, VedleggType.BUDSJETT)

    @vilkaar("Avtalen om felles søknad er signert eller bekreftet")
    @krav(
        "Søknaden kan ikke vurderes uten signert avtale om felles søknad: last opp avtalen, "
        "eller registrer bekreftelsen (felt «avtale_bekreftelse»)"
    )
    @leser(Soknad.vedlegg)
    def har_signert_avtale_om_felles_soknad(self, soknad: Soknad, felt: Mapping[str, Any]) -> bool:
        bekreftet = felt.get("avtale_bekreftelse") or soknad.avtale_bekreftelse.strip()
        return har_vedlegg(soknad, VedleggType.SIGNERT_AVTALE) or bool(bekreftet)

    @vilkaar("Søknaden står på SSUs vedtatte prioriteringsliste")
    @krav("Søknaden står ikke på SSUs vedtatte prioriteringsliste")
    def star_pa_vedtatt_prioriteringsliste(self, soknad: Soknad) -> bool:
        return _vedtatt_prioritering(soknad) is not None

    @vilkaar("Søknaden står ikke på SSUs vedtatte prioriteringsliste")
    @krav("Søknaden står på SSUs vedtatte prioriteringsliste og kan ikke være ikke prioritert")
    def star_ikke_pa_vedtatt_prioriteringsliste(self, soknad: Soknad) -> bool:
        return _vedtatt_prioritering(soknad) is None

    @vilkaar("SSU har prioritert søknaden til Helse Nord")
    @krav("Søknaden kan ikke oversendes uten plass på SSUs vedtatte liste til Helse Nord")
    def prioritert_for_regional_ordning(self, soknad: Soknad) -> bool:
        return _vedtatt_prioritering(soknad) in (Prioritering.REGIONAL, Prioritering.BEGGE)

    @vilkaar("SSU har prioritert søknaden for den lokale potten")
    @krav("SSU har ikke prioritert søknaden for den lokale potten")
    def prioritert_for_lokal_pott(self, soknad: Soknad) -> bool:
        return _vedtatt_prioritering(soknad) in (Prioritering.LOKAL, Prioritering.BEGGE)

    @vilkaar("Prosjektplanen har en dato for sluttrapporten")
    @krav(
        "Prosjektplanen har ingen sluttrapportdato: oppgi den (felt «sluttrapport», "
        "f.eks. «Mars 2028»)"
    )
    def har_sluttrapportfrist(self, soknad: Soknad, felt: Mapping[str, Any]) -> bool:
        return "sluttrapport" in felt or _sluttrapport_i_planen(soknad) is not None

    @vilkaar("Prosjektet har en utestående årsrapport")
    @krav("Prosjektet har ingen utestående årsrapport")
    def har_utestaende_aarsrapport(self, soknad: Soknad) -> bool:
        return _neste_utestaende(soknad, RapportType.AARSRAPPORT) is not None

    @vilkaar("Prosjektet har en forfalt rapport")
    @krav("Prosjektet har ingen forfalt rapport")
    def har_forfalt_rapport(self, soknad: Soknad, naa: datetime) -> bool:
        return bool(_forfalte(soknad, naa))

    @vilkaar(
        "Søknaden har fått tildeling fra den lokale potten",
        ikke="Søknaden har ingen tildeling fra den lokale potten",
    )
    def har_lokal_tildeling(self, soknad: Soknad) -> bool:
        return any(t.ordning == Ordning.LOKAL for t in soknad.tildelinger)

    # --- what each transition records ----------------------------------------------------

    def on_vurder(self, soknad: Soknad, felt: Mapping[str, Any]) -> None:
        if "vurdering" in felt:
            soknad.vurdering = felt["vurdering"]
        if "avtale_bekreftelse" in felt:
            soknad.avtale_bekreftelse = felt["avtale_bekreftelse"]

    def on_registrer_lokal_tildeling(
        self, soknad: Soknad, felt: Mapping[str, Any], naa: datetime
    ) -> None:
        _registrer_tildeling(soknad, Ordning.LOKAL, felt, naa)

    def on_tildel_lokalt(self, soknad: Soknad, felt: Mapping[str, Any], naa: datetime) -> None:
        _registrer_tildeling(soknad, Ordning.LOKAL, felt, naa)

    def on_registrer_tildeling_helse_nord(
        self, soknad: Soknad, felt: Mapping[str, Any], naa: datetime
    ) -> None:
        _registrer_tildeling(soknad, Ordning.REGIONAL, felt, naa)

    def on_enter_tildelt(
        self, sak: WorkflowCase, soknad: Soknad, felt: Mapping[str, Any], frister: Fristfabrikk,
        naa: datetime,
    ) -> None:  # fmt: skip
        soknad.rapportkrav.extend(
            _rapportkrav_for(sak, soknad, felt.get("sluttrapport"), frister, dato_i_oslo(naa))
        )

    def on_registrer_rapport(self, soknad: Soknad, felt: Mapping[str, Any], naa: datetime) -> None:
        _marker_mottatt(soknad, RapportType.AARSRAPPORT, felt, naa)

    def on_motta_sluttrapport(self, soknad: Soknad, felt: Mapping[str, Any], naa: datetime) -> None:
        _marker_mottatt(soknad, RapportType.SLUTTRAPPORT, felt, naa)


# The names code outside this file uses for the workflow and its states, so a renamed state
# fails when the code is loaded, not when a line comparing with it happens to run.
NAVN = "rs_soknad"


class Tilstand(StrEnum):
    UTKAST = RsSoknad.utkast.id
    MOTTATT = RsSoknad.mottatt.id
    MANGELFULL = RsSoknad.mangelfull.id
    VURDERT = RsSoknad.vurdert.id
    PRIORITERT = RsSoknad.prioritert.id
    OVERSENDT = RsSoknad.oversendt.id
    TILDELT = RsSoknad.tildelt.id
    RAPPORTERT = RsSoknad.rapportert.id
    TRUKKET = RsSoknad.trukket.id
    AVVIST = RsSoknad.avvist.id
    IKKE_PRIORITERT = RsSoknad.ikke_prioritert.id
    IKKE_TILDELT = RsSoknad.ikke_tildelt.id


# The events, for code that fires one: a renamed event fails here, when the code is loaded.
class Hendelse(StrEnum):
    SEND_INN = RsSoknad.send_inn.id
    RETURNER_SOM_MANGELFULL = RsSoknad.returner_som_mangelfull.id
    KOMPLETTERT = RsSoknad.komplettert.id
    VURDER = RsSoknad.vurder.id
    AVVIS = RsSoknad.avvis.id
    TREKK = RsSoknad.trekk.id
    PRIORITER = RsSoknad.prioriter.id
    IKKE_PRIORITER = RsSoknad.ikke_prioriter.id
    OVERSEND = RsSoknad.oversend.id
    REGISTRER_LOKAL_TILDELING = RsSoknad.registrer_lokal_tildeling.id
    TILDEL_LOKALT = RsSoknad.tildel_lokalt.id
    REGISTRER_TILDELING_HELSE_NORD = RsSoknad.registrer_tildeling_helse_nord.id
    REGISTRER_AVSLAG_HELSE_NORD = RsSoknad.registrer_avslag_helse_nord.id
    REGISTRER_RAPPORT = RsSoknad.registrer_rapport.id
    MOTTA_SLUTTRAPPORT = RsSoknad.motta_sluttrapport.id
    FLAGG_FORFALT_RAPPORT = RsSoknad.flagg_forfalt_rapport.id


# The applicants edit the søknad itself only as a draft or when it is returned to them.
REDIGERBAR = frozenset({Tilstand.UTKAST, Tilstand.MANGELFULL})
# A funded project: it owes its reports, or has delivered them all.
MED_RAPPORTER = frozenset({Tilstand.TILDELT, Tilstand.RAPPORTERT})


def _vedtatt_prioritering(soknad: Soknad) -> Prioritering | None:
    for plass in soknad.prioriteter:
        if plass.liste.vedtatt is not None:
            return Prioritering(plass.prioritering)
    return None


def _registrer_tildeling(
    soknad: Soknad, ordning: Ordning, felt: Mapping[str, Any], naa: datetime
) -> None:
    belop: dict[int, Belop] = felt.get("belop", {})
    finnes = {(t.ordning, t.aar) for t in soknad.tildelinger}
    for aar, per_aar in sorted(belop.items()):
        if (ordning, aar) in finnes:
            raise Regelbrudd(f"Tildeling fra {ordning.visning.lower()} pott for {aar} finnes")
        soknad.tildelinger.append(
            Tildeling(
                ordning=ordning,
                aar=aar,
                ore=per_aar.ore,
                vedtak=felt.get("vedtak", ""),
                dato=dato_i_oslo(naa),
            )
        )


def _sluttrapport_i_planen(soknad: Soknad) -> date | None:
    frister = [m.slutt for m in soknad.milepaeler if m.type == MilepaelType.SLUTTRAPPORT]
    return max(frister) if frister else None


def _rapportkrav_for(
    sak: WorkflowCase,
    soknad: Soknad,
    sluttrapport: Periode | None,
    frister: Fristfabrikk,
    tildelt: date,
) -> list[Rapportkrav]:
    """A yearly report for each funded year but the last (the sluttrapport covers it), each
    due at its ordinary date, or freshly after the award if that date had already come."""
    slutt = sluttrapport.slutt if sluttrapport else _sluttrapport_i_planen(soknad)
    assert slutt is not None, "guarded by har_sluttrapportfrist"
    objekt = ("rs_soknad", sak.id or 0)
    krav_ = []
    for aar in sorted({t.aar for t in soknad.tildelinger})[:-1]:
        ordinaer = date(aar + 1, *AARSRAPPORT_FRIST)
        if ordinaer < slutt:
            dato, beskrivelse = _rapportfrist(ordinaer, tildelt, f"Årsrapport for {aar}",
                                              f"Rapporten for {aar}")  # fmt: skip
            frist = frister.ny("rapport", aar=aar, nokkel=f"rapport:{sak.id}:{aar}", dato=dato,
                               objekt=objekt)  # fmt: skip
            krav_.append(Rapportkrav(type=RapportType.AARSRAPPORT, beskrivelse=beskrivelse,
                                     frist=frist))  # fmt: skip
    dato, beskrivelse = _rapportfrist(slutt, tildelt, "Sluttrapport", "Sluttrapporten")
    frist = frister.ny("sluttrapport", aar=dato.year, nokkel=f"sluttrapport:{sak.id}", dato=dato,
                       objekt=objekt)  # fmt: skip
    krav_.append(Rapportkrav(type=RapportType.SLUTTRAPPORT, beskrivelse=beskrivelse, frist=frist))
    return krav_


def _rapportfrist(
    ordinaer: date, tildelt: date, beskrivelse: str, rapporten: str
) -> tuple[date, str]:
    """The report's deadline and how the page and e-mail name it: a report whose ordinary
    date came before the award (a grant registered in March for last year) gets a fresh
    deadline, and says so."""
    if ordinaer > tildelt:
        return ordinaer, beskrivelse
    return tildelt + FRIST_ETTER_SEN_TILDELING, (
        f"{beskrivelse}. {rapporten} ble ikke bedt om før tildelingen; ny frist"
    )


def _neste_utestaende(soknad: Soknad, type_: RapportType) -> Rapportkrav | None:
    utestaende = [r for r in soknad.rapportkrav if r.type == type_ and r.mottatt is None]
    return min(utestaende, key=lambda r: r.frist.dato) if utestaende else None


def _forfalte(soknad: Soknad, naa: datetime) -> list[Rapportkrav]:
    return [
        r
        for r in soknad.rapportkrav
        if r.mottatt is None and naa > fristens_slutt(r.frist.effektiv_dato, r.frist.klokkeslett)
    ]


def _marker_mottatt(
    soknad: Soknad, type_: RapportType, felt: Mapping[str, Any], naa: datetime
) -> None:
    rapport = _neste_utestaende(soknad, type_)
    if rapport is not None:
        rapport.mottatt = felt.get("mottatt") or dato_i_oslo(naa)


@leser(Soknad.kontakter)
def _kontaktpersoner(soknad: Soknad, _felt: Mapping[str, Any]) -> list[Adresse]:
    return [Adresse(k.epost, k.navn) for k in soknad.kontakter if k.epost]


@leser(Soknad.parter)
def _parter(soknad: Soknad) -> frozenset[int]:
    return frozenset(p.part_id for p in soknad.parter if p.part_id is not None)


# `_parter` as the database sees it: the søknader any of an applicant's parties is on.
_SOKNADER_MED_PART = Saksutvalg(sak=SoknadPart.soknad_id, verdi=SoknadPart.part_id)
# The søknader of one year's round.
_SOKNADER_I_RUNDEN = Saksutvalg(sak=Soknad.case_id, verdi=Soknadsrunde.aar, via=(Soknad.runde,))
# What the case list sums per søknad: the amounts applied for, and those awarded.
_SOKT = Saksutvalg(sak=SoknadBelop.soknad_id, verdi=SoknadBelop.ore)
_TILDELT = Saksutvalg(sak=Tildeling.soknad_id, verdi=Tildeling.ore)


@leser(Soknad.tildelinger, Soknad.rapportkrav)
def _malkontekst(soknad: Soknad) -> dict[str, Any]:
    runde = soknad.runde
    return {
        "prosjektnavn": soknad.prosjektnavn,
        "runde": runde.aar,
        "soknadsfrist": vis_frist(runde.soknadsfrist.dato, runde.soknadsfrist.effektiv_dato),
        "oversendelsesfrist": vis_frist(runde.oversendelse.dato, runde.oversendelse.effektiv_dato),
        "tildelinger": [
            f"{t.aar}: {formater_kroner(t.ore)} ({t.ordning.visning.lower()} ordning)"
            for t in sorted(soknad.tildelinger, key=lambda t: (t.aar, t.ordning))
        ],
        "rapportfrister": [
            f"{r.beskrivelse}: {vis_frist(r.frist.dato, r.frist.effektiv_dato)}"
            for r in soknad.rapportkrav
            if r.mottatt is None
        ],
    }


def _neste_steg(tilstand: str, soknad: Soknad) -> str:
    """What the applicant can expect next, with the round's own dates."""
    runde = soknad.runde
    frist = vis_frist(runde.soknadsfrist.dato, runde.soknadsfrist.effektiv_dato)
    mote = vis_frist(runde.prioriteringsmote.dato, runde.prioriteringsmote.effektiv_dato)
    oversending = vis_frist(runde.oversendelse.dato, runde.oversendelse.effektiv_dato)
    utestaende = sorted((r for r in soknad.rapportkrav if r.mottatt is None),
                        key=lambda r: r.frist.dato)  # fmt: skip
    neste_rapport = (
        f"Neste rapport: {utestaende[0].beskrivelse.lower()}, innen "
        f"{vis_frist(utestaende[0].frist.dato, utestaende[0].frist.effektiv_dato)}."
        if utestaende else ""
    )  # fmt: skip
    tekster = {
        "utkast": f"Utkastet er ikke sendt inn. Send det inn innen søknadsfristen {frist}.",
        "mottatt": "Sekretariatet vurderer om søknaden er komplett. SSU prioriterer "
        f"søknadene i et ekstraordinært møte ({mote}), og de prioriterte sendes Helse Nord "
        f"innen {oversending}.",
        "mangelfull": "Søknaden er returnert for komplettering. Rett opp det sekretariatet "
        f"ba om, og send den inn igjen før SSU-møtet ({mote}).",
        "vurdert": f"Søknaden er vurdert og komplett. SSU prioriterer den i møtet ({mote}).",
        "prioritert": "SSU har prioritert søknaden. Sekretariatet sender den til Helse Nords "
        f"tildelingsutvalg innen {oversending}.",
        "oversendt": "Søknaden er sendt til Helse Nords tildelingsutvalg, som tildeler eller "
        "avslår. Du får e-post når vedtaket er registrert.",
        "tildelt": f"Prosjektet har fått tilskudd. {neste_rapport}".strip(),
        "rapportert": "Sluttrapporten er mottatt. Saken er avsluttet.",
    }
    return tekster.get(tilstand, "Saken er avsluttet.")


EKSEMPELKONTEKST: dict[str, Any] = {
    "prosjektnavn": "Fremtidens pasientforløp",
    "runde": 2026,
    "soknadsfrist": "1. oktober 2025",
    "oversendelsesfrist": "1. november 2025 (lørdag) → fredag 31. oktober 2025",
    "tildelinger": ["2026: kr 2 000 000 (regional ordning)"],
    "rapportfrister": ["Årsrapport for 2026: 1. mars 2027", "Sluttrapport: 31. mars 2028"],
}

_MEDSOKEREKSEMPEL: dict[str, Any] = {
    "sak": {"id": 2, "referanse": "RS-2"},
    "prosjektnavn": "Fremtidens pasientforløp",
    "invitert_av": "Karin Ingebrigtsen",
    "part": "Helgelandssykehuset HF",
    "invitert": {"navn": "Merete Aufles", "epost": "merete.aufles@helgelandssykehuset.example"},
}

_PAKKEEKSEMPEL: dict[str, Any] = {
    "aar": 2026,
    "vedtak": "Sak 31-2025",
    "soknader": [
        {
            "rang": 1,
            "referanse": "RS-3",
            "prosjektnavn": "Helgelandssykepleier",
            "sokt": "kr 10 000 000",
        },
        {
            "rang": 2,
            "referanse": "RS-2",
            "prosjektnavn": "Fremtidens pasientforløp",
            "sokt": "kr 9 315 000",
        },
    ],
    "lenke": "http://127.0.0.1:8000/pakke/eksempel-paa-lenke",
    "lenketekst": "Last ned søknadspakken (ZIP)",
    "utloper": "22. november 2025 kl. 10.00",
    "kopi": ["samhandling@helgelandssykehuset.example"],
}


def _nytterad(rad: NytteRad) -> str:
    deler = [("hvem", rad.hvem_far_nytte), ("ansvarlig", rad.ansvarlig), ("måling", rad.maling),
             ("slik måles det", rad.hvordan_male), ("forutsetninger", rad.forutsetninger),
             ("tidshorisont", rad.tidshorisont)]  # fmt: skip
    return f"{rad.forventet_nytte}: " + "; ".join(f"{n} {v}" for n, v in deler if v)


def _sammendrag(soknad: Soknad, intern: bool) -> dict[str, Any]:
    """The søknad in the form's order, with what has happened to it since."""
    eiere = [p.part.navn for p in soknad.parter if p.rolle == PartRolle.EIER]
    vis: dict[str, Any] = {
        "Runde": soknad.runde.aar,
        etikett(1): soknad.prosjektnavn,
        etikett(2): soknad.prosjekteiere,
        "Parter (eiere)": eiere,
        "Støtter søknaden": [p.part.navn for p in soknad.parter if p.rolle == PartRolle.STOTTER],
        "Kontaktpersoner": [
            f"{k.navn}, {k.tittel} ({k.side.visning.lower()}) <{k.epost}>" for k in soknad.kontakter
        ],
        etikett(7): soknad.signert_avtale_tekst,
        etikett(8): soknad.beskrivelse,
        etikett(9): soknad.nytte,
        "Nyttetabell": [_nytterad(r) for r in soknad.nytterader],
        etikett(10): soknad.formaal,
        **_budsjett(soknad),
        etikett(12): soknad.pasientansvar,
        etikett(13): soknad.digitale_losninger,
        etikett(14): soknad.prosjektplan,
        "Milepæler": [
            f"{m.tid_tekst}: {m.beskrivelse} ({m.type.visning})" for m in soknad.milepaeler
        ],
        etikett(15): soknad.involvering,
        "Vedlegg": [_vedleggslenke(v) for v in sorted(soknad.vedlegg, key=lambda v: v.lastet_opp)],
        "Tildelinger": _malkontekst(soknad)["tildelinger"],
        "Rapportkrav": [
            f"{r.beskrivelse}: frist {vis_frist(r.frist.dato, r.frist.effektiv_dato)}"
            + (f", mottatt {norsk_dato(r.mottatt)}" if r.mottatt else ", ikke mottatt")
            for r in soknad.rapportkrav
        ],
    }
    if intern:
        vis["Vurdering (intern)"] = soknad.vurdering
        vis["Bekreftelse av felles søknad"] = soknad.avtale_bekreftelse
    return vis


def _budsjett(soknad: Soknad) -> dict[str, Any]:
    """Field 11 whole: what is applied for, the total cost and the share, the budget table
    with its sums, each side's contribution and both financing plans."""
    try:
        tall = budsjettall(soknad)
    except UgyldigBelop:  # stored before amounts were checked: shown as written, not summed
        tall = Budsjettall({b.aar: b.ore for b in soknad.belop})
    totalt, kostnad = soktes_total(tall), soknad.totalkostnad_ore
    vis: dict[str, Any] = {
        "Hvor mye søkes det om og hva skal midlene benyttes til?": soknad.budsjett_bruk,
        "Søkt beløp": soknad.sokt_tekst,
        # The text as written only where it says more than the amount (not the total again).
        "Søkt per år": [f"{b.aar}: {_som_skrevet(b.ore, b.tekst, soknad.sokt_tekst)}"
                        for b in soknad.belop],
        "Søkt totalt": "" if totalt is None else formater_kroner(totalt),
        "Totalkostnad": "" if kostnad is None
        else _som_skrevet(kostnad, soknad.totalkostnad_tekst),
        "Søkt andel av totalkostnaden": "" if totalt is None or kostnad is None
        else andel(totalt, kostnad),
        "Budsjettabell": budsjettabell(tall.linjer, tall.sokt_per_aar) if tall.linjer else "",
    }  # fmt: skip
    if aarene := prosjektaar(tall.linjer):
        vis["Prosjektår i budsjettet"] = aarene
    return vis | {
        "Hvilke ressurser bidrar kommunen(e) med?": soknad.kommune_ressurser,
        "Hvilke ressurser bidrar helseforetaket med?": soknad.helseforetak_ressurser,
        "Finansieringsplan ved oppstart": soknad.finansieringsplan,
        "Finansieringsplan ved evt. videreføring": soknad.finansieringsplan_videreforing,
    }


def _som_skrevet(ore: int, tekst: str, *gjentatt: str) -> str:
    kroner = formater_kroner(ore)
    return kroner if tekst in (kroner, *gjentatt) else f"{kroner} («{tekst}»)"


def _vedleggslenke(vedlegg: Vedlegg) -> Vedleggslenke:
    tekst = f"{vedlegg.type.visning}: {vedlegg.filnavn} ({formater_storrelse(vedlegg.storrelse)})"
    return Vedleggslenke(vedlegg.id or 0, tekst)


def _i_runden(soknad: Soknad, frist: Frist) -> bool:
    return soknad.runde.aar == frist.aar


def _rapporten_er_utestaende(soknad: Soknad, frist: Frist) -> bool:
    return any(r.frist_id == frist.id and r.mottatt is None for r in soknad.rapportkrav)


# What the årshjul's deadlines mean for RS-søknader (dates and reminder days: config.toml).
FRISTER = (
    # Every member kommune is reminded of the søknadsfrist, and applicants whose søknad is
    # still a draft of theirs; after it, `innenfor_soknadsfristen` refuses to send them in.
    Fristregel(
        "soknadsfrist", tilstander=("utkast",), gjelder=_i_runden,
        paaminnelse_til=("kontaktpersoner",), paaminnelse_om_fristen_til=("alle_kommuner",),
        paaminnelse_mal="frister/soknadsfrist_paaminnelse",
        aarshjulnavn="Søknadsfrist RS-tilskudd {aar}",
    ),
    # As SSU's prioritisation meeting nears, the sekretariat hears of cases still waiting.
    Fristregel(
        "prioriteringsmote", tilstander=("mottatt", "vurdert"), gjelder=_i_runden,
        paaminnelse_til=("sekretariat",),
        aarshjulnavn="SSUs prioriteringsmøte, RS-tilskudd {aar}",
    ),
    # Prioritised søknader not yet forwarded to Helse Nord.
    Fristregel(
        "oversendelse_helse_nord", tilstander=("prioritert",), gjelder=_i_runden,
        paaminnelse_til=("sekretariat",), eskalering_til=("sekretariat",),
        aarshjulnavn="Oversending til Helse Nord, RS-tilskudd {aar}",
    ),
    # Reports: reminded before, flagged when overdue, escalated after (to the sekretariat too).
    Fristregel(
        "rapport", tilstander=("tildelt",), gjelder=_rapporten_er_utestaende,
        paaminnelse_til=("kontaktpersoner",), eskalering_til=("kontaktpersoner",),
        eskalering_om_fristen_til=("sekretariat",), virkning=("flagg_forfalt_rapport",),
        aarshjulnavn="Årsrapport",
    ),
    Fristregel(
        "sluttrapport", tilstander=("tildelt",), gjelder=_rapporten_er_utestaende,
        paaminnelse_til=("kontaktpersoner",), eskalering_til=("kontaktpersoner",),
        eskalering_om_fristen_til=("sekretariat",), virkning=("flagg_forfalt_rapport",),
        aarshjulnavn="Sluttrapport",
    ),
)  # fmt: skip

_BELOP = felt.belop_per_aar(
    "belop", "Beløp per år (f.eks. «2026: kr 500 000; 2027: kr 500 000»)", pakrevd=True
)
_VEDTAK = felt.vedtak("vedtak", "Vedtak (saksnummer eller brev)")
_SLUTTRAPPORT = felt.periode("sluttrapport", "Sluttrapport senest (f.eks. «Mars 2028»)")
_MOTTATT = felt.dato("mottatt", "Mottatt dato")

# E-mails outside a transition. The package goes once per round to Helse Nord (with the
# list and the søknader attached, or a link); each søknad's own «oversend» event tells its
# contact persons.
MEDSOKER_VARSLET = Epost(
    "Medsøker invitert", "medsoker/varslet", til=("invitert",), eksempel=_MEDSOKEREKSEMPEL
)
MEDSOKER_KONTO_BEDT_OM = Epost(
    "Sekretariatet bes om konto til en medsøker", "medsoker/konto_bedt_om",
    til=("sekretariat",), eksempel=_MEDSOKEREKSEMPEL,
)  # fmt: skip
OVERSENDELSESPAKKE = Epost(
    "Søknadspakken til Helse Nord", "oversending/pakke", til=("helse_nord",),
    eksempel=_PAKKEEKSEMPEL,
)  # fmt: skip

# Who each state waits for, and what they are to do: «Mine oppgaver» lists these, each by
# the first deadline of its state (the prioriteringsmøte, the oversending). A granted
# søknad waits for its reports; the deadlines above say when a missing one becomes a task.
VENTER_PAA: dict[str, Venter] = {
    Tilstand.UTKAST: venter(SOKER, oppgave="Send inn søknaden"),
    Tilstand.MANGELFULL: venter(SOKER, oppgave="Komplettér søknaden og send den inn igjen"),
    Tilstand.MOTTATT: venter(SEKRETARIAT, oppgave="Vurder søknaden"),
    Tilstand.VURDERT: venter(SEKRETARIAT, oppgave="Legg søknaden fram for SSUs prioriteringsmøte"),
    Tilstand.PRIORITERT: venter(SEKRETARIAT, oppgave="Send søknaden til Helse Nord"),
    Tilstand.OVERSENDT: venter(SEKRETARIAT, oppgave="Registrer Helse Nords vedtak"),
}

ARBEIDSFLYT = Arbeidsflyt(
    navn=NAVN,
    tittel="RS-søknad",
    prefiks="RS",
    maskin=RsSoknad,
    subjekt="soknad",
    oppretter=frozenset({SOKER, SEKRETARIAT}),
    detaljmodell=Soknad,
    mottakere={"kontaktpersoner": _kontaktpersoner},
    parter=_parter,
    partsfilter=_SOKNADER_MED_PART,
    aarsfilter=_SOKNADER_I_RUNDEN,
    soktbelop=_SOKT,
    tildeltbelop=_TILDELT,
    malkontekst=_malkontekst,
    eksempelkontekst=EKSEMPELKONTEKST,
    sammendrag=_sammendrag,
    frister=FRISTER,
    venter_paa=VENTER_PAA,
    eposter=(MEDSOKER_VARSLET, MEDSOKER_KONTO_BEDT_OM, OVERSENDELSESPAKKE),
    private_tilstander=frozenset({"utkast"}),
    neste_steg=_neste_steg,
    hendelser={
        "send_inn": hendelse(
            SOKER,
            SEKRETARIAT,
            varsler=[
                varsel("rs_soknad/kvittering", "kontaktpersoner"),
                varsel("rs_soknad/ny_soknad", "sekretariat"),
            ],
        ),
        "returner_som_mangelfull": hendelse(
            SEKRETARIAT,
            kommentar_pakrevd=True,
            varsler=[varsel("rs_soknad/mangelfull", "kontaktpersoner")],
        ),
        "komplettert": hendelse(
            SOKER, SEKRETARIAT, varsler=[varsel("rs_soknad/komplettert", "sekretariat")]
        ),
        "vurder": hendelse(
            SEKRETARIAT,
            felt=[
                felt.tekst("vurdering", "Skriftlig vurdering", flerlinje=True),
                felt.tekst(
                    "avtale_bekreftelse",
                    "Bekreftelse av felles søknad (når avtalen ikke er lastet opp)",
                ),
            ],
            varsler=[varsel("rs_soknad/vurdert", "kontaktpersoner")],
        ),
        "avvis": hendelse(
            SEKRETARIAT,
            SYSTEM,
            kommentar_pakrevd=True,
            varsler=[varsel("rs_soknad/avvist", "kontaktpersoner")],
        ),
        "trekk": hendelse(
            SOKER,
            SEKRETARIAT,
            varsler=[
                varsel("rs_soknad/trukket", "kontaktpersoner"),
                varsel("rs_soknad/trukket_sekretariat", "sekretariat"),
            ],
        ),
        # SSU's meeting leader (an SSU member, config.toml's moteledere) moves these only by
        # adopting the whole priority list in the meeting (soknader/prioritering.py); the
        # transitions are then SSU's, recorded as the system user.
        "prioriter": hendelse(
            SEKRETARIAT,
            gjennom_vedtak=[Rolle.SSU_MEDLEM],
            varsler=[varsel("rs_soknad/prioritert", "kontaktpersoner")],
        ),
        "ikke_prioriter": hendelse(
            SEKRETARIAT,
            gjennom_vedtak=[Rolle.SSU_MEDLEM],
            varsler=[varsel("rs_soknad/ikke_prioritert", "kontaktpersoner")],
        ),
        "oversend": hendelse(
            SEKRETARIAT, varsler=[varsel("rs_soknad/oversendt", "kontaktpersoner")]
        ),
        "registrer_lokal_tildeling": hendelse(
            SEKRETARIAT,
            gjennom_vedtak=[Rolle.SSU_MEDLEM],
            felt=[_BELOP, _VEDTAK],
            varsler=[varsel("rs_soknad/lokal_tildeling", "kontaktpersoner")],
        ),
        "tildel_lokalt": hendelse(
            SEKRETARIAT,
            gjennom_vedtak=[Rolle.SSU_MEDLEM],
            felt=[_BELOP, _VEDTAK, _SLUTTRAPPORT],
            varsler=[varsel("rs_soknad/tildelt", "kontaktpersoner", "sekretariat")],
        ),
        "registrer_tildeling_helse_nord": hendelse(
            SEKRETARIAT,
            felt=[_BELOP, _VEDTAK, _SLUTTRAPPORT],
            varsler=[varsel("rs_soknad/tildelt", "kontaktpersoner", "sekretariat")],
        ),
        "registrer_avslag_helse_nord": hendelse(
            SEKRETARIAT,
            felt=[_VEDTAK, _SLUTTRAPPORT],
            varsler=[varsel("rs_soknad/avslag_helse_nord", "kontaktpersoner")],
        ),
        # A project delivers its reports with the file, on the case's report page; only
        # the sekretariat registers a report without one, and says why in the comment.
        "registrer_rapport": hendelse(
            SEKRETARIAT,
            med_fil=[SOKER],
            kommentar_pakrevd=True,
            felt=[_MOTTATT],
            varsler=[varsel("rs_soknad/rapport_mottatt", "kontaktpersoner", "sekretariat")],
        ),
        "flagg_forfalt_rapport": hendelse(
            SYSTEM, varsler=[varsel("rs_soknad/rapport_forfalt", "sekretariat")]
        ),
        "motta_sluttrapport": hendelse(
            SEKRETARIAT,
            med_fil=[SOKER],
            kommentar_pakrevd=True,
            felt=[_MOTTATT],
            varsler=[varsel("rs_soknad/rapportert", "kontaktpersoner", "sekretariat")],
        ),
    },
)
