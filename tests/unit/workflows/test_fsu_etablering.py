"""FSU-etablering (domain brief §5): the state × event matrix, every guard and the callbacks.

Driven as the engine drives it: a plain stand-in for the case row holds the state, the
`Fsu` lives in memory, and `felt` holds already-parsed field values. No database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pytest
from statemachine.exceptions import TransitionNotAllowed

from tilskudd_flow.domain.feil import Regelbrudd
from tilskudd_flow.domain.frister import Virkedag
from tilskudd_flow.domain.kodeverk import FsuRolle, FsuType, Side, Verv
from tilskudd_flow.domain.tid import OSLO
from tilskudd_flow.models.frist import Frist
from tilskudd_flow.models.fsu import Fsu, FsuMedlem
from tilskudd_flow.models.tenancy import Person
from workflows import fsu_etablering
from workflows.fsu_etablering import FsuEtablering, brutte_roller

HELSEFELLESSKAP_ID = 7
NAA = datetime(2025, 6, 23, 10, 0, tzinfo=UTC)

# Written by hand from the domain brief §5 and the workflow's docstring, never computed from
# the machine: members are appointed from oppnevnt until the FSU ends, only an active FSU
# reports, and SSU may close an FSU at any point before it is closed.
TILSTANDER: list[str] = [
    "foreslatt",
    "oppnevnt",
    "mandat_vedtatt",
    "bemannet",
    "konstituert",
    "aktiv",
    "avsluttet",
]
HENDELSER: list[str] = [
    "oppnevn",
    "vedta_mandat",
    "legg_til_medlem",
    "fjern_medlem",
    "bemann",
    "konstituer",
    "aktiver",
    "rapporter",
    "avslutt",
]
FORVENTET: dict[str, dict[str, str]] = {
    "foreslatt": {"oppnevn": "oppnevnt", "avslutt": "avsluttet"},
    "oppnevnt": {
        "vedta_mandat": "mandat_vedtatt",
        "legg_til_medlem": "oppnevnt",
        "fjern_medlem": "oppnevnt",
        "avslutt": "avsluttet",
    },
    "mandat_vedtatt": {
        "bemann": "bemannet",
        "legg_til_medlem": "mandat_vedtatt",
        "fjern_medlem": "mandat_vedtatt",
        "avslutt": "avsluttet",
    },
    "bemannet": {
        "konstituer": "konstituert",
        "legg_til_medlem": "bemannet",
        "fjern_medlem": "bemannet",
        "avslutt": "avsluttet",
    },
    "konstituert": {
        "aktiver": "aktiv",
        "legg_til_medlem": "konstituert",
        "fjern_medlem": "konstituert",
        "avslutt": "avsluttet",
    },
    "aktiv": {
        "rapporter": "aktiv",
        "legg_til_medlem": "aktiv",
        "fjern_medlem": "aktiv",
        "avslutt": "avsluttet",
    },
    "avsluttet": {},
}

MANDAT = "Utvikle felles digitale løsninger for samhandling mellom HSYK og kommunene."
BRUKER = "bruker@brukerutvalget.example"
FASTLEGE = "fastlege@kof.example"
HSYK = "radgiver@hsyk.example"
RANA = "enhetsleder@rana.example"


class Sak:
    """Stands in for the WorkflowCase row: the machine reads and writes `state`."""

    def __init__(self, state: str) -> None:
        self.state = state
        self.helsefellesskap_id = HELSEFELLESSKAP_ID
        self.id = 12
        self.versjon = 3


class Frister:
    """Stands in for the engine's deadline factory: records the deadlines a callback sets."""

    def __init__(self) -> None:
        self.satt: list[dict[str, Any]] = []

    def ny(self, type_: str, **kwargs: Any) -> dict[str, Any]:
        self.satt.append({"type": type_, **kwargs})
        return self.satt[-1]

    def relativ(self, type_: str, **kwargs: Any) -> dict[str, Any]:
        return self.ny(type_, **kwargs)


@dataclass
class Forberedt:
    fsu: Fsu
    felt: dict[str, Any] = field(default_factory=dict)


def medlem(
    epost: str,
    rolle: FsuRolle,
    *,
    navn: str = "",
    side: Side | None = None,
    verv: Verv = Verv.MEDLEM,
) -> FsuMedlem:
    person = Person(
        helsefellesskap_id=HELSEFELLESSKAP_ID, navn=navn or epost.split("@")[0], epost=epost
    )
    return FsuMedlem(person=person, rolle=rolle, side=side, verv=verv)


def fullt_bemannet() -> list[FsuMedlem]:
    return [
        medlem(BRUKER, FsuRolle.BRUKERREPRESENTANT, navn="Brukerrepresentant"),
        medlem(FASTLEGE, FsuRolle.FASTLEGEREPRESENTANT, navn="Fastlege", side=Side.KOMMUNE),
        medlem(HSYK, FsuRolle.HELSEFORETAK, navn="Rådgiver HSYK", side=Side.HELSEFORETAK),
        medlem(RANA, FsuRolle.KOMMUNE, navn="Enhetsleder Rana", side=Side.KOMMUNE),
    ]


def lag_fsu(*, mandat: str = MANDAT, medlemmer: list[FsuMedlem] | None = None) -> Fsu:
    return Fsu(
        navn="Pakkeforløp hjem – kreft",
        type=FsuType.FAST,
        mandat=mandat,
        medlemmer=fullt_bemannet() if medlemmer is None else medlemmer,
    )


def forbered(hendelse: str) -> Forberedt:
    """An FSU and fields with which every guard of `hendelse` passes."""
    fsu = lag_fsu()
    felt: dict[str, dict[str, Any]] = {
        "oppnevn": {"vedtak": "Sak 25-2024"},
        "vedta_mandat": {"mandat": MANDAT},
        "legg_til_medlem": {
            "navn": "Kari Nordmann",
            "epost": "kari@vefsn.example",
            "rolle": "kommune",
            "side": "kommune",
        },
        "fjern_medlem": {"epost": RANA},
        "bemann": {},
        "konstituer": {"leder": HSYK, "nestleder": RANA},
        "aktiver": {},
        "rapporter": {"rapport": "Årsrapport 2025"},
        "avslutt": {"vedtak": "Sak 40-2025"},
    }
    return Forberedt(fsu, felt[hendelse])


def send(
    sak: Sak,
    hendelse: str,
    fsu: Fsu,
    felt: dict[str, Any],
    naa: datetime = NAA,
    frister: Frister | None = None,
) -> FsuEtablering:
    maskin = FsuEtablering(model=sak, state_field="state")
    maskin.send(hendelse, fsu=fsu, sak=sak, felt=felt, naa=naa, aktor=None, kommentar="",
                frister=frister or Frister())  # fmt: skip
    return maskin


def tillatte(tilstand: str) -> set[str]:
    maskin = FsuEtablering(model=Sak(tilstand), state_field="state")
    return {str(event.id) for event in maskin.allowed_events}


# --- (a) the state × event matrix -------------------------------------------------------


def test_the_hand_written_table_covers_every_state_and_only_known_events() -> None:
    assert list(FORVENTET) == TILSTANDER
    for overganger in FORVENTET.values():
        assert set(overganger) <= set(HENDELSER)
        assert set(overganger.values()) <= set(TILSTANDER)


def test_the_machine_has_exactly_the_hand_written_states_and_events() -> None:
    maskin = FsuEtablering(model=Sak("foreslatt"), state_field="state")
    assert {str(tilstand.id) for tilstand in maskin.states} == set(TILSTANDER)
    assert {str(event.id) for event in maskin.events} == set(HENDELSER)


def test_a_new_fsu_starts_as_foreslatt_and_avsluttet_is_final() -> None:
    sak = Sak("foreslatt")
    maskin = FsuEtablering(model=sak, state_field="state")
    assert str(FsuEtablering.initial_state.id) == "foreslatt"
    assert [str(t.id) for t in maskin.final_states] == ["avsluttet"]


@pytest.mark.parametrize("tilstand", TILSTANDER)
def test_allowed_events_in_each_state_are_exactly_those_in_the_table(tilstand: str) -> None:
    assert tillatte(tilstand) == set(FORVENTET[tilstand])


@pytest.mark.parametrize("hendelse", HENDELSER)
@pytest.mark.parametrize("tilstand", TILSTANDER)
def test_every_event_in_every_state_is_allowed_or_refused_as_the_table_says(
    tilstand: str, hendelse: str
) -> None:
    forberedt = forbered(hendelse)
    sak = Sak(tilstand)
    maskin = FsuEtablering(model=sak, state_field="state")
    lovlige = {str(event.id) for event in maskin.allowed_events}
    maal = FORVENTET[tilstand].get(hendelse)
    if maal is None:
        assert hendelse not in lovlige
        with pytest.raises(TransitionNotAllowed):
            maskin.send(
                hendelse,
                fsu=forberedt.fsu,
                sak=sak,
                felt=forberedt.felt,
                naa=NAA,
                aktor=None,
                kommentar="",
                frister=Frister(),
            )
        assert sak.state == tilstand
    else:
        assert hendelse in lovlige
        maskin.send(
            hendelse,
            fsu=forberedt.fsu,
            sak=sak,
            felt=forberedt.felt,
            naa=NAA,
            aktor=None,
            kommentar="",
            frister=Frister(),
        )
        assert sak.state == maal


def test_the_whole_routine_runs_from_proposal_to_closure() -> None:
    sak = Sak("foreslatt")
    fsu = lag_fsu(mandat="", medlemmer=[])
    send(sak, "oppnevn", fsu, {"vedtak": "Sak 25-2024"})
    send(sak, "vedta_mandat", fsu, {"mandat": MANDAT})
    for epost, rolle in [
        (BRUKER, "brukerrepresentant"),
        (FASTLEGE, "fastlegerepresentant"),
        (HSYK, "helseforetak"),
        (RANA, "kommune"),
    ]:
        send(sak, "legg_til_medlem", fsu, {"navn": epost, "epost": epost, "rolle": rolle})
    send(sak, "bemann", fsu, {})
    send(sak, "konstituer", fsu, {"leder": HSYK, "nestleder": RANA, "dato": date(2024, 10, 17)})
    send(sak, "aktiver", fsu, {})
    send(sak, "rapporter", fsu, {"rapport": "Årsrapport 2024"})
    send(sak, "avslutt", fsu, {"vedtak": "Sak 40-2025"})
    assert sak.state == "avsluttet"
    assert fsu.oppnevnt_vedtak == "Sak 25-2024"
    assert fsu.avsluttet_vedtak == "Sak 40-2025"
    assert fsu.konstituert_dato == date(2024, 10, 17)
    assert len(fsu.medlemmer) == 4


# --- (b) guards ---------------------------------------------------------------------------


def test_mandate_given_in_the_field_can_be_adopted() -> None:
    sak, fsu = Sak("oppnevnt"), lag_fsu(mandat="")
    send(sak, "vedta_mandat", fsu, {"mandat": MANDAT})
    assert sak.state == "mandat_vedtatt"
    assert fsu.mandat == MANDAT


def test_mandate_already_drafted_on_the_fsu_can_be_adopted_without_the_field() -> None:
    sak, fsu = Sak("oppnevnt"), lag_fsu(mandat=MANDAT)
    send(sak, "vedta_mandat", fsu, {})
    assert sak.state == "mandat_vedtatt"
    assert fsu.mandat == MANDAT


@pytest.mark.parametrize("mandat", ["", "   \n\t"])
def test_mandate_that_is_not_written_cannot_be_adopted(mandat: str) -> None:
    sak, fsu = Sak("oppnevnt"), lag_fsu(mandat=mandat)
    with pytest.raises(Regelbrudd, match="Mandatet må være skrevet"):
        send(sak, "vedta_mandat", fsu, {})
    assert sak.state == "oppnevnt"
    assert fsu.mandat == mandat


def test_fsu_with_brukerrepresentant_and_fastlegerepresentant_can_be_bemannet() -> None:
    sak = Sak("mandat_vedtatt")
    send(sak, "bemann", lag_fsu(), {})
    assert sak.state == "bemannet"


# (event, state it is sent from, the missing role, a fragment the message must contain)
MANGLENDE_ROLLE: list[tuple[str, str, FsuRolle, str]] = [
    ("bemann", "mandat_vedtatt", FsuRolle.BRUKERREPRESENTANT, "mangler brukerrepresentant"),
    ("bemann", "mandat_vedtatt", FsuRolle.FASTLEGEREPRESENTANT, "mangler fastlegerepresentant"),
    ("konstituer", "bemannet", FsuRolle.BRUKERREPRESENTANT, "mangler brukerrepresentant"),
    ("konstituer", "bemannet", FsuRolle.FASTLEGEREPRESENTANT, "mangler fastlegerepresentant"),
    ("aktiver", "konstituert", FsuRolle.BRUKERREPRESENTANT, "mangler brukerrepresentant"),
    ("aktiver", "konstituert", FsuRolle.FASTLEGEREPRESENTANT, "mangler fastlegerepresentant"),
]


@pytest.mark.parametrize(("hendelse", "tilstand", "rolle", "fragment"), MANGLENDE_ROLLE)
def test_fsu_missing_a_required_representative_is_refused(
    hendelse: str, tilstand: str, rolle: FsuRolle, fragment: str
) -> None:
    sak = Sak(tilstand)
    fsu = lag_fsu(medlemmer=[m for m in fullt_bemannet() if m.rolle != rolle])
    with pytest.raises(Regelbrudd, match=fragment):
        send(sak, hendelse, fsu, forbered(hendelse).felt)
    assert sak.state == tilstand
    assert fsu.konstituert_dato is None
    assert all(m.verv == Verv.MEDLEM for m in fsu.medlemmer)


def test_fsu_without_any_members_cannot_be_bemannet() -> None:
    sak = Sak("mandat_vedtatt")
    with pytest.raises(Regelbrudd, match="brukerrepresentant"):
        send(sak, "bemann", lag_fsu(medlemmer=[]), {})
    assert sak.state == "mandat_vedtatt"


def test_brukerrepresentant_message_says_where_the_representative_comes_from() -> None:
    fsu = lag_fsu(medlemmer=[m for m in fullt_bemannet() if m.person.epost != BRUKER])
    with pytest.raises(Regelbrudd) as feil:
        send(Sak("mandat_vedtatt"), "bemann", fsu, {})
    assert "Brukerutvalget" in str(feil.value)


def test_fastlegerepresentant_message_says_where_the_representative_comes_from() -> None:
    fsu = lag_fsu(medlemmer=[m for m in fullt_bemannet() if m.person.epost != FASTLEGE])
    with pytest.raises(Regelbrudd) as feil:
        send(Sak("mandat_vedtatt"), "bemann", fsu, {})
    assert "KOF" in str(feil.value)


def test_fsu_digitale_helsetjenester_without_brukerrepresentant_cannot_be_konstituert() -> None:
    # The real case (domain brief §5): in June 2025 this FSU still lacked a brukerrepresentant.
    fsu = Fsu(
        navn="Digitale helsetjenester og e-helseløsninger",
        type=FsuType.FAST,
        mandat=MANDAT,
        medlemmer=[
            medlem(HSYK, FsuRolle.HELSEFORETAK, side=Side.HELSEFORETAK),
            medlem("ikt@vefsn.example", FsuRolle.KOMMUNE, side=Side.KOMMUNE),
            medlem(RANA, FsuRolle.KOMMUNE, side=Side.KOMMUNE),
            medlem(FASTLEGE, FsuRolle.FASTLEGEREPRESENTANT, side=Side.KOMMUNE),
        ],
    )
    juni_2025 = datetime(2025, 6, 23, 10, 0, tzinfo=OSLO)

    mandat_vedtatt = Sak("mandat_vedtatt")
    with pytest.raises(Regelbrudd) as ved_bemanning:
        send(mandat_vedtatt, "bemann", fsu, {}, naa=juni_2025)
    assert mandat_vedtatt.state == "mandat_vedtatt"

    bemannet = Sak("bemannet")
    with pytest.raises(Regelbrudd) as ved_konstituering:
        send(bemannet, "konstituer", fsu, {"leder": HSYK, "nestleder": RANA}, naa=juni_2025)
    assert bemannet.state == "bemannet"
    assert fsu.konstituert_dato is None
    assert all(m.verv == Verv.MEDLEM for m in fsu.medlemmer)
    for feil in (ved_bemanning, ved_konstituering):
        assert str(feil.value) == (
            "FSU-et mangler brukerrepresentant (oppnevnes via Brukerutvalget)"
        )


def test_removing_the_brukerrepresentant_after_bemanning_blocks_konstituering() -> None:
    sak, fsu = Sak("bemannet"), lag_fsu()
    send(sak, "fjern_medlem", fsu, {"epost": BRUKER})
    with pytest.raises(Regelbrudd, match="brukerrepresentant"):
        send(sak, "konstituer", fsu, {"leder": HSYK, "nestleder": RANA})
    assert sak.state == "bemannet"


# --- (b2) the rule holds after constitution (issue 19, point 7) ----------------------------


def test_a_konstituert_fsu_that_lost_its_brukerrepresentant_cannot_be_activated() -> None:
    # Domain brief §5: Digitale helsetjenester still lacked a brukerrepresentant in June 2025.
    sak, fsu = Sak("konstituert"), lag_fsu()
    send(sak, "fjern_medlem", fsu, {"epost": BRUKER})
    with pytest.raises(Regelbrudd) as feil:
        send(sak, "aktiver", fsu, {})
    assert str(feil.value) == "FSU-et mangler brukerrepresentant (oppnevnes via Brukerutvalget)"
    assert sak.state == "konstituert"


def test_the_refusal_names_every_missing_role_and_where_each_comes_from() -> None:
    roller = (BRUKER, FASTLEGE)
    fsu = lag_fsu(medlemmer=[m for m in fullt_bemannet() if m.person.epost not in roller])
    with pytest.raises(Regelbrudd) as feil:
        send(Sak("konstituert"), "aktiver", fsu, {})
    assert str(feil.value) == (
        "FSU-et mangler brukerrepresentant (oppnevnes via Brukerutvalget) og "
        "fastlegerepresentant (velges av KOF)"
    )


def test_a_new_brukerrepresentant_lets_the_fsu_be_activated_again() -> None:
    sak, fsu = Sak("konstituert"), lag_fsu()
    send(sak, "fjern_medlem", fsu, {"epost": BRUKER})
    send(sak, "legg_til_medlem", fsu, {"navn": "Ny", "epost": "ny@bu.example",
                                       "rolle": "brukerrepresentant"})  # fmt: skip
    send(sak, "aktiver", fsu, {})
    assert sak.state == "aktiv"


@pytest.mark.parametrize("tilstand", ["konstituert", "aktiv"])
def test_losing_a_required_member_once_constituted_sets_the_sekretariats_reminder(
    tilstand: str,
) -> None:
    frister = Frister()
    send(Sak(tilstand), "fjern_medlem", lag_fsu(), {"epost": FASTLEGE}, frister=frister)
    assert frister.satt == [{
        "type": "fsu_fast_medlem", "referanse": date(2025, 6, 23),
        "nokkel": "fsu_fast_medlem:12:3", "objekt": ("fsu_etablering", 12),
    }]  # fmt: skip


@pytest.mark.parametrize(
    ("tilstand", "epost", "for_brutt"),
    [
        ("bemannet", BRUKER, False),  # not yet constituted: bemann/konstituer guard it
        ("aktiv", RANA, False),  # not a required role
        ("aktiv", BRUKER, True),  # already missing a role: its reminder is running
    ],
)
def test_no_new_reminder_unless_the_removal_breaks_a_complete_constituted_fsu(
    tilstand: str, epost: str, for_brutt: bool
) -> None:
    medlemmer = fullt_bemannet()
    if for_brutt:
        medlemmer = [m for m in medlemmer if m.person.epost != FASTLEGE]
    frister = Frister()
    send(Sak(tilstand), "fjern_medlem", lag_fsu(medlemmer=medlemmer), {"epost": epost},
         frister=frister)  # fmt: skip
    assert frister.satt == []


def test_brutte_roller_are_the_missing_roles_only_where_the_fsu_must_be_complete() -> None:
    fsu = lag_fsu(medlemmer=[m for m in fullt_bemannet() if m.person.epost != BRUKER])
    assert brutte_roller("aktiv", fsu) == [FsuRolle.BRUKERREPRESENTANT]
    assert brutte_roller("konstituert", fsu) == [FsuRolle.BRUKERREPRESENTANT]
    assert brutte_roller("bemannet", fsu) == []
    assert brutte_roller("avsluttet", fsu) == []
    assert brutte_roller("aktiv", lag_fsu()) == []


def test_the_case_page_says_what_a_broken_fsu_lacks() -> None:
    fsu = lag_fsu(medlemmer=[m for m in fullt_bemannet() if m.person.epost != BRUKER])
    flyt = fsu_etablering.ARBEIDSFLYT
    assert flyt.neste_steg is not None and flyt.sammendrag is not None
    assert "mangler brukerrepresentant (oppnevnes via Brukerutvalget)" in flyt.neste_steg(
        "aktiv", fsu
    )
    assert flyt.neste_steg("aktiv", lag_fsu()) == ""
    assert flyt.sammendrag(fsu, True)["Mangler"] == (
        "brukerrepresentant (oppnevnes via Brukerutvalget)"
    )


def frist(objekt_id: int) -> Frist:
    return Frist(helsefellesskap_id=HELSEFELLESSKAP_ID, nokkel="n", type="fsu_fast_medlem",
                 navn="FSU mangler fast medlem", aar=2025, dato=date(2025, 12, 29),
                 virkedag=Virkedag.FREMOVER, objekt_type="fsu_etablering",
                 objekt_id=objekt_id)  # fmt: skip


def test_the_reminder_concerns_its_own_fsu_only_while_the_role_is_missing() -> None:
    regel = next(r for r in fsu_etablering.FRISTER if r.frist == "fsu_fast_medlem")
    fsu = lag_fsu(medlemmer=[m for m in fullt_bemannet() if m.person.epost != BRUKER])
    fsu.case_id = 12
    assert regel.gjelder(fsu, frist(12))
    assert not regel.gjelder(fsu, frist(13))
    fsu.medlemmer = fullt_bemannet()
    assert not regel.gjelder(fsu, frist(12))
    assert regel.paaminnelse_til == ("sekretariat",) == regel.eskalering_til


def test_leder_and_nestleder_who_are_two_different_members_konstituerer_the_fsu() -> None:
    sak = Sak("bemannet")
    send(sak, "konstituer", lag_fsu(), {"leder": HSYK, "nestleder": RANA})
    assert sak.state == "konstituert"


# (leder, nestleder) that must be refused
ULIKE_MEDLEMMER_BRUTT: list[tuple[str, str]] = [
    (HSYK, HSYK),
    (HSYK, HSYK.upper()),
    ("ukjent@annet.example", RANA),
    (HSYK, "ukjent@annet.example"),
    ("ukjent@annet.example", "ukjent@annet.example"),
]


@pytest.mark.parametrize(("leder", "nestleder"), ULIKE_MEDLEMMER_BRUTT)
def test_leder_and_nestleder_must_be_two_different_members(leder: str, nestleder: str) -> None:
    sak, fsu = Sak("bemannet"), lag_fsu()
    with pytest.raises(Regelbrudd) as feil:
        send(sak, "konstituer", fsu, {"leder": leder, "nestleder": nestleder})
    assert "Leder og nestleder må være to ulike medlemmer" in str(feil.value)
    assert sak.state == "bemannet"
    assert fsu.konstituert_dato is None
    assert all(m.verv == Verv.MEDLEM for m in fsu.medlemmer)


def test_leder_and_nestleder_are_found_whatever_the_case_of_their_e_mail() -> None:
    sak, fsu = Sak("bemannet"), lag_fsu()
    send(sak, "konstituer", fsu, {"leder": HSYK.upper(), "nestleder": RANA.title()})
    assert sak.state == "konstituert"
    verv = {m.person.epost: m.verv for m in fsu.medlemmer}
    assert verv[HSYK] == Verv.LEDER
    assert verv[RANA] == Verv.NESTLEDER


# --- (c) callbacks ------------------------------------------------------------------------


def test_oppnevn_records_the_ssu_sak() -> None:
    fsu = lag_fsu()
    send(Sak("foreslatt"), "oppnevn", fsu, {"vedtak": "Sak 25-2024"})
    assert fsu.oppnevnt_vedtak == "Sak 25-2024"


def test_avslutt_records_the_ssu_sak() -> None:
    fsu = lag_fsu()
    send(Sak("aktiv"), "avslutt", fsu, {"vedtak": "Sak 12-2024"})
    assert fsu.avsluttet_vedtak == "Sak 12-2024"


def test_legg_til_medlem_adds_a_member_with_person_role_side_and_start_date() -> None:
    sak, fsu = Sak("oppnevnt"), lag_fsu(medlemmer=[])
    # 22:30 UTC on 31 March 2025 is 00:30 on 1 April in Oslo (summer time).
    naa = datetime(2025, 3, 31, 22, 30, tzinfo=UTC)
    felt = {
        "navn": "Kari Nordmann",
        "epost": "kari@vefsn.example",
        "rolle": "kommune",
        "side": "kommune",
        "tittel": "Kommuneoverlege",
        "organisasjon": "Vefsn kommune",
    }
    send(sak, "legg_til_medlem", fsu, felt, naa=naa)
    assert sak.state == "oppnevnt"
    assert len(fsu.medlemmer) == 1
    nytt = fsu.medlemmer[0]
    assert nytt.person.navn == "Kari Nordmann"
    assert nytt.person.epost == "kari@vefsn.example"
    assert nytt.person.tittel == "Kommuneoverlege"
    assert nytt.person.organisasjon == "Vefsn kommune"
    assert nytt.person.helsefellesskap_id == HELSEFELLESSKAP_ID
    assert nytt.rolle == FsuRolle.KOMMUNE
    assert nytt.side == Side.KOMMUNE
    assert nytt.verv == Verv.MEDLEM
    assert nytt.fra == date(2025, 4, 1)


def test_legg_til_medlem_without_side_or_title_leaves_them_empty() -> None:
    fsu = lag_fsu(medlemmer=[])
    felt = {"navn": "Bruker", "epost": BRUKER, "rolle": "brukerrepresentant"}
    send(Sak("mandat_vedtatt"), "legg_til_medlem", fsu, felt)
    nytt = fsu.medlemmer[0]
    assert nytt.rolle == FsuRolle.BRUKERREPRESENTANT
    assert nytt.side is None
    assert nytt.person.tittel == ""
    assert nytt.person.organisasjon == ""


@pytest.mark.parametrize("epost", [RANA, RANA.upper()])
def test_legg_til_medlem_refuses_an_e_mail_that_is_already_a_member(epost: str) -> None:
    sak, fsu = Sak("aktiv"), lag_fsu()
    for_ = list(fsu.medlemmer)
    with pytest.raises(Regelbrudd) as feil:
        send(sak, "legg_til_medlem", fsu, {"navn": "Dobbel", "epost": epost, "rolle": "kommune"})
    assert str(feil.value) == f"{epost} er allerede medlem av FSU-et"
    assert fsu.medlemmer == for_
    assert sak.state == "aktiv"


def test_fjern_medlem_removes_the_member() -> None:
    sak, fsu = Sak("konstituert"), lag_fsu()
    send(sak, "fjern_medlem", fsu, {"epost": RANA.upper()})
    assert sak.state == "konstituert"
    assert [m.person.epost for m in fsu.medlemmer] == [BRUKER, FASTLEGE, HSYK]


def test_fjern_medlem_refuses_an_e_mail_that_is_not_a_member() -> None:
    sak, fsu = Sak("bemannet"), lag_fsu()
    with pytest.raises(Regelbrudd) as feil:
        send(sak, "fjern_medlem", fsu, {"epost": "ukjent@annet.example"})
    assert str(feil.value) == "ukjent@annet.example er ikke medlem av FSU-et"
    assert len(fsu.medlemmer) == 4
    assert sak.state == "bemannet"


def test_konstituer_sets_leder_nestleder_and_the_date_of_the_meeting() -> None:
    sak, fsu = Sak("bemannet"), lag_fsu()
    # A verv left over from before is reset: only the two elected hold one.
    fsu.medlemmer[0].verv = Verv.LEDER
    felt = {"leder": HSYK, "nestleder": RANA, "dato": date(2025, 1, 21)}
    send(sak, "konstituer", fsu, felt)
    assert sak.state == "konstituert"
    assert {m.person.epost: m.verv for m in fsu.medlemmer} == {
        BRUKER: Verv.MEDLEM,
        FASTLEGE: Verv.MEDLEM,
        HSYK: Verv.LEDER,
        RANA: Verv.NESTLEDER,
    }
    assert fsu.konstituert_dato == date(2025, 1, 21)


def test_konstituer_without_a_date_uses_todays_date_in_oslo() -> None:
    fsu = lag_fsu()
    # 23:15 UTC on 17 October 2024 is 01:15 on 18 October in Oslo.
    naa = datetime(2024, 10, 17, 23, 15, tzinfo=UTC)
    send(Sak("bemannet"), "konstituer", fsu, {"leder": RANA, "nestleder": HSYK}, naa=naa)
    assert fsu.konstituert_dato == date(2024, 10, 18)
