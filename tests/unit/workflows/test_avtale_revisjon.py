"""Avtalerevisjon (domain brief §6): the state × event matrix, every guard, the callbacks and
which version of an avtale holds for a party on a given day.

Driven as the engine drives it: a plain stand-in for the case row holds the state, the
`AvtaleRevisjon` lives in memory, and `felt` holds already-parsed field values. No database.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import pytest
from statemachine.exceptions import TransitionNotAllowed

from tilskudd_flow.domain.avtaler import gjeldende_versjon, i_kraft_fra
from tilskudd_flow.domain.feil import Regelbrudd
from tilskudd_flow.domain.kodeverk import AvtaleType, InnspillOmfang, PartType
from tilskudd_flow.domain.tid import OSLO
from tilskudd_flow.models.avtale import (
    Avtale,
    AvtalePart,
    AvtaleRevisjon,
    AvtaleVersjon,
    Innspill,
    Tiltredelse,
)
from tilskudd_flow.models.tenancy import Part
from workflows.avtale_revisjon import AvtaleRevisjonsflyt

AAR = 2025
# Innspill are sent in spring; the new version may take effect from 1 January 2026 (Oslo).
VAAREN = datetime(2025, 5, 20, 9, 0, tzinfo=OSLO)
NYTTAAR = datetime(2026, 1, 1, 0, 0, tzinfo=OSLO)

# Written by hand from the domain brief §6 and the workflow's docstring, never computed from
# the machine: innspill → triage → rolled over, administrative or negotiated → SSU → every
# party approves → vedtatt → in force; a rolled-over avtale goes straight back into force.
TILSTANDER: list[str] = [
    "i_kraft",
    "innspill_apen",
    "triage",
    "rullert",
    "administrativt_behandlet",
    "forhandling",
    "ssu_behandlet",
    "til_godkjenning",
    "vedtatt",
]
HENDELSER: list[str] = [
    "apne_innspill",
    "registrer_innspill",
    "lukk_innspill",
    "rull_over",
    "behandle_administrativt",
    "send_til_forhandling",
    "ssu_behandle",
    "send_til_godkjenning",
    "registrer_godkjenning",
    "vedta",
    "tre_i_kraft",
]
FORVENTET: dict[str, dict[str, str]] = {
    "i_kraft": {"apne_innspill": "innspill_apen"},
    "innspill_apen": {"registrer_innspill": "innspill_apen", "lukk_innspill": "triage"},
    "triage": {
        "rull_over": "rullert",
        "behandle_administrativt": "administrativt_behandlet",
        "send_til_forhandling": "forhandling",
    },
    "rullert": {"tre_i_kraft": "i_kraft"},
    "administrativt_behandlet": {"ssu_behandle": "ssu_behandlet"},
    "forhandling": {"ssu_behandle": "ssu_behandlet"},
    "ssu_behandlet": {"send_til_godkjenning": "til_godkjenning"},
    "til_godkjenning": {"registrer_godkjenning": "til_godkjenning", "vedta": "vedtatt"},
    "vedtatt": {"tre_i_kraft": "i_kraft"},
}

HSYK = Part(
    id=1,
    helsefellesskap_id=1,
    type=PartType.HELSEFORETAK,
    navn="Helgelandssykehuset HF",
    postmottak="postmottak@hsyk.example",
)
RANA = Part(
    id=2,
    helsefellesskap_id=1,
    type=PartType.KOMMUNE,
    navn="Rana kommune",
    kommunenummer="1833",
    postmottak="postmottak@rana.example",
)
VEFSN = Part(
    id=3,
    helsefellesskap_id=1,
    type=PartType.KOMMUNE,
    navn="Vefsn kommune",
    kommunenummer="1824",
    postmottak="postmottak@vefsn.example",
)
# A kommune of the helsefellesskap that is not a party to this avtale.
BINDAL = Part(
    id=4,
    helsefellesskap_id=1,
    type=PartType.KOMMUNE,
    navn="Bindal kommune",
    kommunenummer="1811",
    postmottak="postmottak@bindal.example",
    medlem=False,
)
PARTER = [HSYK, RANA, VEFSN]


class Sak:
    """Stands in for the WorkflowCase row: the machine reads and writes `state`."""

    def __init__(self, state: str) -> None:
        self.state = state
        self.helsefellesskap_id = 1


@dataclass
class Forberedt:
    revisjon: AvtaleRevisjon
    felt: dict[str, Any] = field(default_factory=dict)
    naa: datetime = VAAREN


def part_id(part: Part) -> int:
    assert part.id is not None
    return part.id


def versjon(
    nummer: int, gyldig_fra: date, godkjent: dict[int, date] | None = None
) -> AvtaleVersjon:
    return AvtaleVersjon(
        versjon=nummer,
        gyldig_fra=gyldig_fra,
        vedtak=f"Sak {nummer}-{gyldig_fra.year - 1}",
        tiltredelser=[
            Tiltredelse(part_id=pid, godkjent=dag) for pid, dag in (godkjent or {}).items()
        ],
    )


def godkjent_av_alle(dag: date) -> dict[int, date]:
    return {part_id(p): dag for p in PARTER}


def innspill(part: Part, omfang: InnspillOmfang, tekst: str = "Presiser ansvaret") -> Innspill:
    return Innspill(
        part_id=part.id, part=part, omfang=omfang, tekst=tekst, mottatt=date(2025, 5, 20)
    )


def lag_revisjon(
    *,
    innspill_apnet: bool = False,
    innspill: list[Innspill] | None = None,
    ny_versjon: AvtaleVersjon | None = None,
) -> AvtaleRevisjon:
    versjoner = [versjon(1, date(2024, 1, 1), godkjent_av_alle(date(2023, 11, 1)))]
    if ny_versjon is not None:
        versjoner.append(ny_versjon)
    avtale = Avtale(
        id=5,
        helsefellesskap_id=1,
        type=AvtaleType.TJENESTEAVTALE,
        nummer=5,
        tittel="Tjenesteavtale 5: Utskrivningsklare pasienter",
        parter=[AvtalePart(avtale_id=5, part_id=p.id, part=p) for p in PARTER],
        versjoner=versjoner,
    )
    return AvtaleRevisjon(
        avtale_id=5,
        avtale=avtale,
        aar=AAR,
        innspill_apnet=innspill_apnet,
        innspill=innspill or [],
        ny_versjon=ny_versjon,
    )


def forbered(hendelse: str) -> Forberedt:
    """A revision, fields and an instant with which every guard of `hendelse` passes."""
    mindre = [innspill(RANA, InnspillOmfang.MINDRE)]
    vesentlig = [innspill(VEFSN, InnspillOmfang.VESENTLIG)]
    ny = date(2026, 1, 1)
    if hendelse == "apne_innspill":
        return Forberedt(lag_revisjon())
    if hendelse == "registrer_innspill":
        felt = {"part": RANA, "omfang": "mindre", "tekst": "Oppdater kontaktpunkt"}
        return Forberedt(lag_revisjon(innspill_apnet=True), felt)
    if hendelse == "lukk_innspill":
        return Forberedt(lag_revisjon(innspill_apnet=True, innspill=mindre))
    if hendelse == "rull_over":
        return Forberedt(lag_revisjon(innspill_apnet=True))
    if hendelse == "behandle_administrativt":
        return Forberedt(lag_revisjon(innspill_apnet=True, innspill=mindre))
    if hendelse in ("send_til_forhandling", "ssu_behandle"):
        felt = {"vedtak": "Sak 30-2025"} if hendelse == "ssu_behandle" else {}
        return Forberedt(lag_revisjon(innspill_apnet=True, innspill=vesentlig), felt)
    if hendelse in ("send_til_godkjenning", "registrer_godkjenning"):
        felt = {"part": HSYK} if hendelse == "registrer_godkjenning" else {}
        revisjon = lag_revisjon(innspill_apnet=True, innspill=vesentlig, ny_versjon=versjon(2, ny))
        return Forberedt(revisjon, felt, datetime(2025, 10, 15, 12, 0, tzinfo=OSLO))
    if hendelse in ("vedta", "tre_i_kraft"):
        revisjon = lag_revisjon(
            innspill_apnet=True,
            innspill=vesentlig,
            ny_versjon=versjon(2, ny, godkjent_av_alle(date(2025, 11, 20))),
        )
        return Forberedt(revisjon, {}, NYTTAAR)
    raise AssertionError(f"ukjent hendelse {hendelse}")


def send(
    sak: Sak,
    hendelse: str,
    revisjon: AvtaleRevisjon,
    felt: dict[str, Any] | None = None,
    naa: datetime = VAAREN,
) -> None:
    maskin = AvtaleRevisjonsflyt(model=sak, state_field="state")
    maskin.send(
        hendelse,
        revisjon=revisjon,
        sak=sak,
        felt=felt or {},
        naa=naa,
        aktor=None,
        kommentar="",
    )


# --- (a) the state × event matrix -------------------------------------------------------


def test_the_hand_written_table_covers_every_state_and_only_known_events() -> None:
    assert list(FORVENTET) == TILSTANDER
    for overganger in FORVENTET.values():
        assert set(overganger) <= set(HENDELSER)
        assert set(overganger.values()) <= set(TILSTANDER)


def test_the_machine_has_exactly_the_hand_written_states_and_events() -> None:
    maskin = AvtaleRevisjonsflyt(model=Sak("i_kraft"), state_field="state")
    assert {str(tilstand.id) for tilstand in maskin.states} == set(TILSTANDER)
    assert {str(event.id) for event in maskin.events} == set(HENDELSER)


def test_a_revision_starts_from_the_avtale_in_force() -> None:
    assert str(AvtaleRevisjonsflyt.initial_state.id) == "i_kraft"


@pytest.mark.parametrize("tilstand", TILSTANDER)
def test_allowed_events_in_each_state_are_exactly_those_in_the_table(tilstand: str) -> None:
    maskin = AvtaleRevisjonsflyt(model=Sak(tilstand), state_field="state")
    assert {str(event.id) for event in maskin.allowed_events} == set(FORVENTET[tilstand])


@pytest.mark.parametrize("hendelse", HENDELSER)
@pytest.mark.parametrize("tilstand", TILSTANDER)
def test_every_event_in_every_state_is_allowed_or_refused_as_the_table_says(
    tilstand: str, hendelse: str
) -> None:
    forberedt = forbered(hendelse)
    sak = Sak(tilstand)
    maskin = AvtaleRevisjonsflyt(model=sak, state_field="state")
    lovlige = {str(event.id) for event in maskin.allowed_events}
    maal = FORVENTET[tilstand].get(hendelse)
    if maal is None:
        assert hendelse not in lovlige
        with pytest.raises(TransitionNotAllowed):
            maskin.send(
                hendelse,
                revisjon=forberedt.revisjon,
                sak=sak,
                felt=forberedt.felt,
                naa=forberedt.naa,
                aktor=None,
                kommentar="",
            )
        assert sak.state == tilstand
    else:
        assert hendelse in lovlige
        maskin.send(
            hendelse,
            revisjon=forberedt.revisjon,
            sak=sak,
            felt=forberedt.felt,
            naa=forberedt.naa,
            aktor=None,
            kommentar="",
        )
        assert sak.state == maal


# --- (b) guards ---------------------------------------------------------------------------


def test_innspill_can_be_opened_once_for_the_year() -> None:
    sak, revisjon = Sak("i_kraft"), lag_revisjon()
    send(sak, "apne_innspill", revisjon)
    assert sak.state == "innspill_apen"
    assert revisjon.innspill_apnet is True


def test_revision_already_held_this_year_cannot_be_opened_again() -> None:
    sak = Sak("i_kraft")
    with pytest.raises(Regelbrudd) as feil:
        send(sak, "apne_innspill", lag_revisjon(innspill_apnet=True))
    assert "Årets revisjon av avtalen er allerede holdt" in str(feil.value)
    assert sak.state == "i_kraft"


def test_after_rolling_over_the_same_revision_cannot_be_reopened() -> None:
    sak, revisjon = Sak("i_kraft"), lag_revisjon()
    send(sak, "apne_innspill", revisjon)
    send(sak, "lukk_innspill", revisjon)
    send(sak, "rull_over", revisjon)
    send(sak, "tre_i_kraft", revisjon, naa=NYTTAAR)
    assert sak.state == "i_kraft"
    with pytest.raises(Regelbrudd, match="allerede holdt"):
        send(sak, "apne_innspill", revisjon)
    assert sak.state == "i_kraft"


@pytest.mark.parametrize("part", PARTER, ids=lambda p: p.navn)
def test_innspill_from_a_party_is_registered(part: Part) -> None:
    sak, revisjon = Sak("innspill_apen"), lag_revisjon(innspill_apnet=True)
    send(sak, "registrer_innspill", revisjon, {"part": part, "omfang": "mindre", "tekst": "x"})
    assert sak.state == "innspill_apen"
    assert [i.part_id for i in revisjon.innspill] == [part.id]


def test_innspill_only_from_the_parties_of_the_avtale() -> None:
    sak, revisjon = Sak("innspill_apen"), lag_revisjon(innspill_apnet=True)
    felt = {"part": BINDAL, "omfang": "vesentlig", "tekst": "Vi vil være med"}
    with pytest.raises(Regelbrudd) as feil:
        send(sak, "registrer_innspill", revisjon, felt)
    assert str(feil.value) == "Innspill kan bare komme fra avtalens parter"
    assert revisjon.innspill == []
    assert sak.state == "innspill_apen"


def test_avtale_without_innspill_rolls_over_unchanged() -> None:
    sak, revisjon = Sak("triage"), lag_revisjon(innspill_apnet=True)
    send(sak, "rull_over", revisjon)
    assert sak.state == "rullert"
    assert [v.versjon for v in revisjon.avtale.versjoner] == [1]
    assert revisjon.ny_versjon is None


@pytest.mark.parametrize("omfang", list(InnspillOmfang))
def test_rollover_only_without_innspill(omfang: InnspillOmfang) -> None:
    sak = Sak("triage")
    revisjon = lag_revisjon(innspill_apnet=True, innspill=[innspill(RANA, omfang)])
    with pytest.raises(Regelbrudd) as feil:
        send(sak, "rull_over", revisjon)
    assert "har fått innspill og kan ikke rulles over" in str(feil.value)
    assert sak.state == "triage"


M, V = InnspillOmfang.MINDRE, InnspillOmfang.VESENTLIG

# (the scope of each innspill, administrativ allowed, forhandling allowed)
TRIAGE: list[tuple[list[InnspillOmfang], bool, bool]] = [
    ([], False, False),
    ([M], True, False),
    ([M, M], True, False),
    ([V], False, True),
    ([M, V], False, True),
    ([V, M, V], False, True),
]


@pytest.mark.parametrize(("omfang", "administrativ", "forhandling"), TRIAGE)
def test_administrativ_only_with_only_minor_innspill(
    omfang: list[InnspillOmfang], administrativ: bool, forhandling: bool
) -> None:
    sak = Sak("triage")
    revisjon = lag_revisjon(innspill_apnet=True, innspill=[innspill(RANA, o) for o in omfang])
    if administrativ:
        send(sak, "behandle_administrativt", revisjon)
        assert sak.state == "administrativt_behandlet"
    else:
        with pytest.raises(Regelbrudd) as feil:
            send(sak, "behandle_administrativt", revisjon)
        assert str(feil.value) == (
            "Administrativ behandling krever innspill, og bare mindre innspill"
        )
        assert sak.state == "triage"


@pytest.mark.parametrize(("omfang", "administrativ", "forhandling"), TRIAGE)
def test_forhandling_needs_a_substantive_innspill(
    omfang: list[InnspillOmfang], administrativ: bool, forhandling: bool
) -> None:
    sak = Sak("triage")
    revisjon = lag_revisjon(innspill_apnet=True, innspill=[innspill(VEFSN, o) for o in omfang])
    if forhandling:
        send(sak, "send_til_forhandling", revisjon, {"forhandlingsutvalg": "FSU Tjenesteavtaler"})
        assert sak.state == "forhandling"
    else:
        with pytest.raises(Regelbrudd) as feil:
            send(sak, "send_til_forhandling", revisjon)
        assert str(feil.value) == "Forhandling krever minst ett vesentlig innspill"
        assert sak.state == "triage"


@pytest.mark.parametrize("part", PARTER, ids=lambda p: p.navn)
def test_approval_from_a_party_is_registered(part: Part) -> None:
    forberedt = forbered("registrer_godkjenning")
    sak = Sak("til_godkjenning")
    send(sak, "registrer_godkjenning", forberedt.revisjon, {"part": part})
    assert sak.state == "til_godkjenning"
    ny = forberedt.revisjon.ny_versjon
    assert ny is not None
    assert [t.part_id for t in ny.tiltredelser] == [part.id]


def test_approval_only_from_the_parties_of_the_avtale() -> None:
    forberedt = forbered("registrer_godkjenning")
    sak = Sak("til_godkjenning")
    with pytest.raises(Regelbrudd) as feil:
        send(sak, "registrer_godkjenning", forberedt.revisjon, {"part": BINDAL})
    assert str(feil.value) == "Godkjenning kan bare registreres for avtalens parter"
    ny = forberedt.revisjon.ny_versjon
    assert ny is not None
    assert ny.tiltredelser == []


def test_vedtatt_when_all_parties_have_approved() -> None:
    sak = Sak("til_godkjenning")
    send(sak, "vedta", forbered("vedta").revisjon)
    assert sak.state == "vedtatt"


# (the parties that approved, the message)
MANGLER: list[tuple[list[Part], str]] = [
    ([], "Avtalen mangler godkjenning fra: Helgelandssykehuset HF, Rana kommune, Vefsn kommune"),
    ([RANA], "Avtalen mangler godkjenning fra: Helgelandssykehuset HF, Vefsn kommune"),
    ([HSYK, VEFSN], "Avtalen mangler godkjenning fra: Rana kommune"),
]


@pytest.mark.parametrize(("godkjent", "melding"), MANGLER)
def test_vedtatt_only_when_all_parties_approved_and_message_lists_the_missing_by_name(
    godkjent: list[Part], melding: str
) -> None:
    ny = versjon(2, date(2026, 1, 1), {part_id(p): date(2025, 11, 20) for p in godkjent})
    revisjon = lag_revisjon(innspill_apnet=True, ny_versjon=ny)
    sak = Sak("til_godkjenning")
    with pytest.raises(Regelbrudd) as feil:
        send(sak, "vedta", revisjon)
    assert str(feil.value) == melding
    assert sak.state == "til_godkjenning"


def test_a_non_party_approval_does_not_count_towards_vedtak() -> None:
    godkjent = {part_id(p): date(2025, 11, 20) for p in (HSYK, RANA, BINDAL)}
    revisjon = lag_revisjon(innspill_apnet=True, ny_versjon=versjon(2, date(2026, 1, 1), godkjent))
    with pytest.raises(Regelbrudd) as feil:
        send(Sak("til_godkjenning"), "vedta", revisjon)
    assert str(feil.value) == "Avtalen mangler godkjenning fra: Vefsn kommune"


# (the instant, whether the 2025 revision may come into force then)
IKRAFTTREDELSE: list[tuple[datetime, bool]] = [
    (datetime(2025, 11, 20, 12, 0, tzinfo=OSLO), False),
    (datetime(2025, 12, 31, 23, 30, tzinfo=OSLO), False),
    (datetime(2025, 12, 31, 23, 59, 59, tzinfo=OSLO), False),
    (datetime(2026, 1, 1, 0, 0, tzinfo=OSLO), True),
    # Midnight in Oslo is 23:00 UTC on New Year's Eve (winter time, UTC+1).
    (datetime(2025, 12, 31, 22, 59, 59, tzinfo=UTC), False),
    (datetime(2025, 12, 31, 23, 0, tzinfo=UTC), True),
    (datetime(2026, 3, 1, 8, 0, tzinfo=OSLO), True),
]


@pytest.mark.parametrize(("naa", "tillatt"), IKRAFTTREDELSE)
def test_in_force_only_from_1_january_the_year_after_in_oslo(naa: datetime, tillatt: bool) -> None:
    sak, revisjon = Sak("vedtatt"), forbered("tre_i_kraft").revisjon
    if tillatt:
        send(sak, "tre_i_kraft", revisjon, naa=naa)
        assert sak.state == "i_kraft"
    else:
        with pytest.raises(Regelbrudd) as feil:
            send(sak, "tre_i_kraft", revisjon, naa=naa)
        assert "trer i kraft tidligst 1. januar året etter revisjonen" in str(feil.value)
        assert sak.state == "vedtatt"


# --- (c) callbacks ------------------------------------------------------------------------


def test_registrer_innspill_stores_the_innspill() -> None:
    revisjon = lag_revisjon(innspill_apnet=True)
    felt = {
        "part": VEFSN,
        "omfang": "vesentlig",
        "tekst": "Ny frist for varsling om utskrivningsklar pasient",
        "mottatt": date(2025, 5, 28),
    }
    send(Sak("innspill_apen"), "registrer_innspill", revisjon, felt)
    assert len(revisjon.innspill) == 1
    nytt = revisjon.innspill[0]
    assert nytt.part is VEFSN
    assert nytt.part_id == VEFSN.id
    assert nytt.omfang == InnspillOmfang.VESENTLIG
    assert nytt.tekst == "Ny frist for varsling om utskrivningsklar pasient"
    assert nytt.mottatt == date(2025, 5, 28)


def test_registrer_innspill_without_a_date_is_received_today_in_oslo() -> None:
    revisjon = lag_revisjon(innspill_apnet=True, innspill=[innspill(RANA, M)])
    # 22:30 UTC on 31 May 2025 is 00:30 on 1 June in Oslo (summer time).
    naa = datetime(2025, 5, 31, 22, 30, tzinfo=UTC)
    felt = {"part": HSYK, "omfang": "mindre", "tekst": "Rettskriving"}
    send(Sak("innspill_apen"), "registrer_innspill", revisjon, felt, naa=naa)
    assert [i.part_id for i in revisjon.innspill] == [RANA.id, HSYK.id]
    assert revisjon.innspill[1].mottatt == date(2025, 6, 1)
    assert revisjon.innspill[1].omfang == InnspillOmfang.MINDRE


@pytest.mark.parametrize("fra", ["administrativt_behandlet", "forhandling"])
def test_ssu_behandle_creates_the_next_version_valid_from_1_january_next_year(fra: str) -> None:
    revisjon = lag_revisjon(innspill_apnet=True, innspill=[innspill(RANA, V)])
    revisjon.avtale.versjoner.append(versjon(2, date(2025, 1, 1)))
    sak = Sak(fra)
    send(sak, "ssu_behandle", revisjon, {"vedtak": "Sak 30-2025"})
    assert sak.state == "ssu_behandlet"
    ny = revisjon.ny_versjon
    assert ny is not None
    assert ny.versjon == 3
    assert ny.gyldig_fra == date(2026, 1, 1)
    assert ny.vedtak == "Sak 30-2025"
    assert ny.tiltredelser == []
    assert [v.versjon for v in revisjon.avtale.versjoner] == [1, 2, 3]
    assert revisjon.avtale.versjoner[-1] is ny


def test_registrer_godkjenning_records_a_tiltredelse() -> None:
    revisjon = forbered("registrer_godkjenning").revisjon
    sak = Sak("til_godkjenning")
    send(sak, "registrer_godkjenning", revisjon, {"part": RANA, "dato": date(2025, 12, 3)})
    # 23:30 UTC on 15 December is 00:30 on 16 December in Oslo.
    naa = datetime(2025, 12, 15, 23, 30, tzinfo=UTC)
    send(sak, "registrer_godkjenning", revisjon, {"part": HSYK}, naa=naa)
    ny = revisjon.ny_versjon
    assert ny is not None
    assert [(t.part_id, t.godkjent) for t in ny.tiltredelser] == [
        (RANA.id, date(2025, 12, 3)),
        (HSYK.id, date(2025, 12, 16)),
    ]


def test_registrer_godkjenning_refuses_a_second_approval_by_the_same_party() -> None:
    revisjon = forbered("registrer_godkjenning").revisjon
    sak = Sak("til_godkjenning")
    send(sak, "registrer_godkjenning", revisjon, {"part": RANA, "dato": date(2025, 12, 3)})
    with pytest.raises(Regelbrudd) as feil:
        send(sak, "registrer_godkjenning", revisjon, {"part": RANA, "dato": date(2025, 12, 9)})
    assert str(feil.value) == "Rana kommune har allerede godkjent versjon 2"
    ny = revisjon.ny_versjon
    assert ny is not None
    assert [(t.part_id, t.godkjent) for t in ny.tiltredelser] == [(RANA.id, date(2025, 12, 3))]
    assert sak.state == "til_godkjenning"


def test_a_negotiated_revision_runs_to_force_and_each_party_gets_it_from_its_own_date() -> None:
    sak, revisjon = Sak("i_kraft"), lag_revisjon()
    send(sak, "apne_innspill", revisjon)
    send(sak, "registrer_innspill", revisjon, {"part": RANA, "omfang": "mindre", "tekst": "a"})
    send(sak, "registrer_innspill", revisjon, {"part": VEFSN, "omfang": "vesentlig", "tekst": "b"})
    send(sak, "lukk_innspill", revisjon)
    send(sak, "send_til_forhandling", revisjon, {"forhandlingsutvalg": "FSU Tjenesteavtaler"})
    send(sak, "ssu_behandle", revisjon, {"vedtak": "Sak 30-2025"})
    send(sak, "send_til_godkjenning", revisjon)
    send(sak, "registrer_godkjenning", revisjon, {"part": HSYK, "dato": date(2025, 11, 5)})
    send(sak, "registrer_godkjenning", revisjon, {"part": RANA, "dato": date(2025, 12, 1)})
    with pytest.raises(Regelbrudd, match="mangler godkjenning fra: Vefsn kommune"):
        send(sak, "vedta", revisjon)
    send(sak, "registrer_godkjenning", revisjon, {"part": VEFSN, "dato": date(2026, 2, 10)})
    send(sak, "vedta", revisjon)
    send(sak, "tre_i_kraft", revisjon, naa=datetime(2026, 2, 11, 8, 0, tzinfo=OSLO))
    assert sak.state == "i_kraft"

    versjoner = revisjon.avtale.versjoner
    assert gjeldende_versjon(versjoner, HSYK.id, date(2026, 1, 1)) is revisjon.ny_versjon
    assert gjeldende_versjon(versjoner, VEFSN.id, date(2026, 1, 1)) is versjoner[0]
    assert gjeldende_versjon(versjoner, VEFSN.id, date(2026, 2, 10)) is revisjon.ny_versjon


# --- (d) which version holds for a party ---------------------------------------------------

# v1 from 2024, approved by all three; v2 from 1 January 2026: HSYK approved in November
# (before the start), Rana on 10 February 2026 (after the start), Vefsn never.
V1 = versjon(1, date(2024, 1, 1), godkjent_av_alle(date(2023, 11, 1)))
V2 = versjon(
    2,
    date(2026, 1, 1),
    {part_id(HSYK): date(2025, 11, 20), part_id(RANA): date(2026, 2, 10)},
)


@pytest.mark.parametrize(
    ("part", "forventet"),
    [(HSYK, date(2026, 1, 1)), (RANA, date(2026, 2, 10)), (VEFSN, None), (BINDAL, None)],
    ids=lambda x: x.navn if isinstance(x, Part) else str(x),
)
def test_a_version_is_in_force_from_the_later_of_1_january_and_the_approval(
    part: Part, forventet: date | None
) -> None:
    assert i_kraft_fra(V2, part.id) == forventet


# (party, day, the version number in force, or None)
GJELDENDE: list[tuple[Part, date, int | None]] = [
    (HSYK, date(2023, 12, 31), None),
    (HSYK, date(2024, 1, 1), 1),
    (HSYK, date(2025, 12, 31), 1),
    (HSYK, date(2026, 1, 1), 2),
    (RANA, date(2026, 1, 1), 1),
    (RANA, date(2026, 2, 9), 1),
    (RANA, date(2026, 2, 10), 2),
    (VEFSN, date(2026, 1, 1), 1),
    (VEFSN, date(2030, 6, 1), 1),
    (BINDAL, date(2026, 6, 1), None),
]


@pytest.mark.parametrize(("part", "dag", "forventet"), GJELDENDE)
def test_the_old_version_holds_until_the_new_one_is_in_force_for_the_party(
    part: Part, dag: date, forventet: int | None
) -> None:
    gjeldende = gjeldende_versjon([V1, V2], part.id, dag)
    assert (gjeldende.versjon if gjeldende else None) == forventet


def test_the_newest_version_in_force_wins_whatever_the_order_given() -> None:
    v3 = versjon(3, date(2027, 1, 1), {part_id(HSYK): date(2026, 12, 1)})
    assert gjeldende_versjon([v3, V2, V1], HSYK.id, date(2027, 1, 1)) is v3
    assert gjeldende_versjon([v3, V1, V2], HSYK.id, date(2026, 12, 31)) is V2


def test_a_party_that_skipped_a_version_goes_straight_to_the_next_one_it_approved() -> None:
    v3 = versjon(3, date(2027, 1, 1), {part_id(VEFSN): date(2026, 11, 1)})
    assert gjeldende_versjon([V1, V2, v3], VEFSN.id, date(2026, 12, 31)) is V1
    assert gjeldende_versjon([V1, V2, v3], VEFSN.id, date(2027, 1, 1)) is v3
