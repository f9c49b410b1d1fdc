"""RS-søknad: the full state × event matrix against a hand-written table, and every guard."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime
from typing import Any, cast

import pytest
from statemachine import Event
from statemachine.exceptions import TransitionNotAllowed

from tests.conftest import KONFIG
from tilskudd_flow.config import last_innstillinger
from tilskudd_flow.domain.amounts import parse_belop
from tilskudd_flow.domain.feil import Regelbrudd
from tilskudd_flow.domain.kodeverk import (
    MilepaelType,
    Ordning,
    PartRolle,
    PartType,
    Prioritering,
    RapportType,
    Rolle,
    Side,
    VedleggType,
)
from tilskudd_flow.domain.periods import parse_periode
from tilskudd_flow.models.frist import Frist
from tilskudd_flow.models.soknad import (
    BudsjettRad,
    Milepael,
    Prioriteringsliste,
    Prioritet,
    Rapportkrav,
    Soknad,
    SoknadBelop,
    SoknadKontakt,
    SoknadPart,
    Soknadsrunde,
    Tildeling,
    Vedlegg,
)
from tilskudd_flow.models.tenancy import Part, Person
from tilskudd_flow.motor.frister import Fristfabrikk
from workflows.rs_soknad import ARBEIDSFLYT, RsSoknad

NAA = datetime(2025, 9, 20, 12, 0, tzinfo=UTC)

TILSTANDER = {
    "utkast",
    "mottatt",
    "mangelfull",
    "vurdert",
    "prioritert",
    "oversendt",
    "tildelt",
    "rapportert",
    "trukket",
    "avvist",
    "ikke_prioritert",
    "ikke_tildelt",
}
HENDELSER = {
    "flagg_forfalt_rapport",
    "send_inn",
    "returner_som_mangelfull",
    "komplettert",
    "vurder",
    "avvis",
    "trekk",
    "prioriter",
    "ikke_prioriter",
    "oversend",
    "registrer_lokal_tildeling",
    "tildel_lokalt",
    "registrer_tildeling_helse_nord",
    "registrer_avslag_helse_nord",
    "registrer_rapport",
    "motta_sluttrapport",
}

# The routine, state by state: which events are possible and where each leads.
FORVENTET: dict[str, dict[str, str]] = {
    "utkast": {"send_inn": "mottatt", "trekk": "trukket"},
    "mottatt": {
        "returner_som_mangelfull": "mangelfull",
        "vurder": "vurdert",
        "avvis": "avvist",
        "trekk": "trukket",
    },
    "mangelfull": {"komplettert": "mottatt", "avvis": "avvist", "trekk": "trukket"},
    "vurdert": {"prioriter": "prioritert", "ikke_prioriter": "ikke_prioritert", "trekk": "trukket"},
    "prioritert": {
        "oversend": "oversendt",
        "tildel_lokalt": "tildelt",
        "registrer_lokal_tildeling": "prioritert",
        "trekk": "trukket",
    },
    "oversendt": {
        "registrer_tildeling_helse_nord": "tildelt",
        "registrer_avslag_helse_nord": "ikke_tildelt",  # without a local award
        "registrer_lokal_tildeling": "oversendt",
        "trekk": "trukket",
    },
    "tildelt": {
        "registrer_rapport": "tildelt",
        "motta_sluttrapport": "rapportert",
        "flagg_forfalt_rapport": "tildelt",
    },
    "rapportert": {},
    "trukket": {},
    "avvist": {},
    "ikke_prioritert": {},
    "ikke_tildelt": {},
}


class Sak:
    def __init__(self, state: str) -> None:
        self.id = 7
        self.state = state
        self.helsefellesskap_id = 1


FRISTER = Fristfabrikk(last_innstillinger(KONFIG), helsefellesskap_id=1)


def frist(type_: str, dato: date) -> Frist:
    return FRISTER.ny(type_, aar=dato.year, nokkel=f"{type_}:{dato}", dato=dato)


def komplett_soknad(
    *, prioritering: Prioritering | None = Prioritering.BEGGE, soknadsfrist: date | None = None
) -> Soknad:
    """A søknad that satisfies every rule (the tests then take one thing away)."""
    vefsn = Part(
        id=1,
        helsefellesskap_id=1,
        type=PartType.KOMMUNE,
        navn="Vefsn kommune",
        kommunenummer="1824",
        postmottak="postmottak@vefsn.kommune.example",
    )
    hsyk = Part(
        id=2,
        helsefellesskap_id=1,
        type=PartType.HELSEFORETAK,
        navn="Helgelandssykehuset HF",
        postmottak="post@hsyk.example",
    )
    soknad = Soknad(
        runde=Soknadsrunde(
            helsefellesskap_id=1,
            aar=2026,
            soknadsfrist=frist("soknadsfrist", soknadsfrist or date(2025, 10, 1)),
            oversendelse=frist("oversendelse_helse_nord", date(2025, 11, 1)),
        ),
        prosjektnavn="Fremtidens pasientforløp",
        prosjekteiere="Vefsn kommune og Helgelandssykehuset",
        signert_avtale_tekst="28.02.25",
        beskrivelse="b",
        nytte="n",
        formaal="f",
        budsjett_bruk="bruk",
        kommune_ressurser="Lokaler og fagpersonell",
        helseforetak_ressurser="Spesialsykepleiere",
        finansieringsplan="Tilskudd i prosjektperioden, deretter drift",
        totalkostnad_ore=300_000_00,
        totalkostnad_tekst="kr 300 000",
        pasientansvar="Ikke relevant",
        digitale_losninger="Ikke relevant",
        prosjektplan="plan",
        involvering="i",
        parter=[
            SoknadPart(part_id=1, part=vefsn, rolle=PartRolle.EIER),
            SoknadPart(part_id=2, part=hsyk, rolle=PartRolle.EIER),
        ],
        kontakter=[
            SoknadKontakt(
                person=Person(helsefellesskap_id=1, navn="K", epost="k@v.example"),
                side=Side.KOMMUNE,
                navn="K",
            ),
            SoknadKontakt(
                person=Person(helsefellesskap_id=1, navn="H", epost="h@h.example"),
                side=Side.HELSEFORETAK,
                navn="H",
            ),
        ],
        belop=[SoknadBelop(aar=2026, ore=100_000_00, tekst="kr 100 000")],
        milepaeler=[_milepael("Sluttrapport", "Mars 2028", MilepaelType.SLUTTRAPPORT)],
        vedlegg=[_vedlegg(VedleggType.SIGNERT_AVTALE), _vedlegg(VedleggType.BUDSJETT)],
        vurdering="Komplett.",
    )
    if prioritering is not None:
        liste = Prioriteringsliste(
            helsefellesskap_id=1, runde_id=1, vedtak="Sak 30-2025", vedtatt=NAA
        )
        Prioritet(liste=liste, soknad=soknad, plass=1, prioritering=prioritering)
    return soknad


def _milepael(beskrivelse: str, tid: str, type_: MilepaelType) -> Milepael:
    periode = parse_periode(tid)
    return Milepael(
        rekkefolge=0,
        beskrivelse=beskrivelse,
        type=type_,
        tid_tekst=tid,
        start=periode.start,
        slutt=periode.slutt,
        presisjon=periode.presisjon,
    )


def _vedlegg(type_: VedleggType) -> Vedlegg:
    return Vedlegg(type=type_, filnavn=f"{type_.value}.pdf", lastet_opp=NAA)


TILDELING = {
    "belop": {2026: parse_belop("kr 500 000"), 2027: parse_belop("kr 500 000")},
    "vedtak": "Sak 30-2025",
}


def forbered(tilstand: str, hendelse: str) -> tuple[Soknad, dict[str, Any]]:
    """A søknad and fields for which every guard of `hendelse` passes."""
    soknad = komplett_soknad(
        prioritering=None if hendelse == "ikke_prioriter" else Prioritering.BEGGE
    )
    if tilstand == "tildelt":
        soknad.rapportkrav = [
            Rapportkrav(
                type=RapportType.AARSRAPPORT,
                beskrivelse="Årsrapport for 2026",
                frist=frist("rapport", date(2027, 3, 1)),
            ),
            Rapportkrav(
                type=RapportType.SLUTTRAPPORT,
                beskrivelse="Sluttrapport",
                frist=frist("sluttrapport", date(2028, 3, 31)),
            ),
        ]
    if hendelse == "flagg_forfalt_rapport" and soknad.rapportkrav:
        soknad.rapportkrav[0].frist = frist("rapport", date(2025, 3, 1))
    felt = TILDELING if "tildel" in hendelse else {}
    return soknad, dict(felt)


def send(sak: Sak, soknad: Soknad, hendelse: str, felt: dict[str, Any] | None = None) -> None:
    maskin = RsSoknad(model=sak, state_field="state")
    maskin.send(
        hendelse,
        soknad=soknad,
        sak=sak,
        felt=felt or {},
        naa=NAA,
        aktor=None,
        kommentar="",
        frister=FRISTER,
    )


def test_the_machine_has_exactly_the_states_and_events_of_the_routine() -> None:
    assert {s.id for s in RsSoknad.states} == TILSTANDER
    assert {e.id for e in cast(Iterable[Event], RsSoknad.events)} == HENDELSER
    assert set(FORVENTET) == TILSTANDER


@pytest.mark.parametrize("tilstand", sorted(TILSTANDER))
@pytest.mark.parametrize("hendelse", sorted(HENDELSER))
def test_state_event_matrix_matches_the_routine(tilstand: str, hendelse: str) -> None:
    sak = Sak(tilstand)
    soknad, felt = forbered(tilstand, hendelse)
    forventet = FORVENTET[tilstand].get(hendelse)
    lovlige = {e.id for e in RsSoknad(model=Sak(tilstand), state_field="state").allowed_events}
    assert (hendelse in lovlige) == (forventet is not None)
    if forventet is None:
        with pytest.raises(TransitionNotAllowed):
            send(sak, soknad, hendelse, felt)
    else:
        send(sak, soknad, hendelse, felt)
        assert sak.state == forventet


def test_helse_nord_refusal_leaves_a_locally_funded_project_tildelt() -> None:
    sak = Sak("oversendt")
    soknad = komplett_soknad()
    soknad.tildelinger = [
        Tildeling(ordning=Ordning.LOKAL, aar=2026, ore=1, dato=date(2025, 10, 22))
    ]
    send(sak, soknad, "registrer_avslag_helse_nord")
    assert sak.state == "tildelt"
    assert [r.type for r in soknad.rapportkrav] == [RapportType.SLUTTRAPPORT]


def _refusal(
    tilstand: str, hendelse: str, soknad: Soknad, felt: dict[str, Any] | None = None
) -> str:
    sak = Sak(tilstand)
    with pytest.raises(Regelbrudd) as feil:
        send(sak, soknad, hendelse, felt)
    assert sak.state == tilstand
    return str(feil.value)


def test_a_late_soknad_is_refused_naming_the_deadline_rule() -> None:
    soknad = komplett_soknad(soknadsfrist=date(2025, 9, 19))
    melding = _refusal("utkast", "send_inn", soknad)
    assert melding.startswith("Søknadsfristen 19. september 2025 er passert")


def test_the_deadline_lasts_until_the_end_of_its_day_in_oslo() -> None:
    # 20 September 2025 12:00 UTC is 14:00 in Oslo: still the deadline day.
    sak = Sak("utkast")
    send(sak, komplett_soknad(soknadsfrist=date(2025, 9, 20)), "send_inn")
    assert sak.state == "mottatt"


def test_an_incomplete_soknad_cannot_be_sent_in_and_the_missing_fields_are_named() -> None:
    soknad = komplett_soknad()
    soknad.beskrivelse = ""
    soknad.kontakter = [k for k in soknad.kontakter if k.side == Side.KOMMUNE]
    melding = _refusal("utkast", "send_inn", soknad)
    assert "8. Kort beskrivelse av prosjektet/piloten" in melding
    assert "6. Kontaktperson" in melding
    assert "1. Navn" not in melding


def test_cannot_be_vurdert_without_a_written_assessment() -> None:
    soknad = komplett_soknad()
    soknad.vurdering = ""
    assert "skriftlig vurdering" in _refusal("mottatt", "vurder", soknad)


def test_the_assessment_can_be_given_with_the_event_and_is_stored() -> None:
    soknad, sak = komplett_soknad(), Sak("mottatt")
    soknad.vurdering = ""
    send(sak, soknad, "vurder", {"vurdering": "Innenfor ordningen."})
    assert (sak.state, soknad.vurdering) == ("vurdert", "Innenfor ordningen.")


def test_cannot_be_vurdert_without_the_budget_attachment() -> None:
    soknad = komplett_soknad()
    soknad.vedlegg = [v for v in soknad.vedlegg if v.type != VedleggType.BUDSJETT]
    assert "budsjett" in _refusal("mottatt", "vurder", soknad)


def test_cannot_be_vurdert_without_a_signed_agreement_or_a_recorded_confirmation() -> None:
    soknad = komplett_soknad()
    soknad.vedlegg = [v for v in soknad.vedlegg if v.type != VedleggType.SIGNERT_AVTALE]
    assert "signert avtale om felles søknad" in _refusal("mottatt", "vurder", soknad)


def test_an_email_confirmation_recorded_by_the_sekretariat_replaces_the_signed_agreement() -> None:
    soknad, sak = komplett_soknad(), Sak("mottatt")
    soknad.vedlegg = [v for v in soknad.vedlegg if v.type != VedleggType.SIGNERT_AVTALE]
    send(sak, soknad, "vurder", {"avtale_bekreftelse": "Bekreftet pr mail 12.09.2025"})
    assert sak.state == "vurdert"
    assert soknad.avtale_bekreftelse == "Bekreftet pr mail 12.09.2025"


def test_cannot_be_prioritert_without_a_place_on_the_adopted_list() -> None:
    assert "prioriteringsliste" in _refusal(
        "vurdert", "prioriter", komplett_soknad(prioritering=None)
    )


def test_a_list_that_is_not_adopted_gives_no_place() -> None:
    soknad = komplett_soknad()
    soknad.prioriteter[0].liste.vedtatt = None
    assert "prioriteringsliste" in _refusal("vurdert", "prioriter", soknad)


def test_a_soknad_on_the_list_cannot_be_marked_ikke_prioritert() -> None:
    assert "står på SSUs vedtatte" in _refusal("vurdert", "ikke_prioriter", komplett_soknad())


def test_cannot_be_oversendt_without_a_place_on_the_list_for_helse_nord() -> None:
    soknad = komplett_soknad(prioritering=Prioritering.LOKAL)
    assert "oversendes" in _refusal("prioritert", "oversend", soknad)


def test_the_local_pot_only_funds_what_ssu_prioritised_for_it() -> None:
    soknad = komplett_soknad(prioritering=Prioritering.REGIONAL)
    assert "lokale potten" in _refusal("prioritert", "tildel_lokalt", soknad, dict(TILDELING))


def test_an_award_needs_a_sluttrapport_date() -> None:
    soknad = komplett_soknad()
    soknad.milepaeler = []
    assert "sluttrapportdato" in _refusal("prioritert", "tildel_lokalt", soknad, dict(TILDELING))


def test_the_sluttrapport_date_can_be_given_with_the_award() -> None:
    soknad, sak = komplett_soknad(), Sak("prioritert")
    soknad.milepaeler = []
    send(sak, soknad, "tildel_lokalt", {**TILDELING, "sluttrapport": parse_periode("Q4 2027")})
    assert soknad.rapportkrav[-1].frist.dato == date(2027, 12, 31)


def test_an_award_records_money_per_year_and_the_report_obligations() -> None:
    soknad, sak = komplett_soknad(), Sak("prioritert")
    send(sak, soknad, "tildel_lokalt", dict(TILDELING))
    assert [(t.ordning, t.aar, t.ore) for t in soknad.tildelinger] == [
        (Ordning.LOKAL, 2026, 50_000_000),
        (Ordning.LOKAL, 2027, 50_000_000),
    ]
    assert [(r.beskrivelse, r.frist.dato, r.frist.type) for r in soknad.rapportkrav] == [
        ("Årsrapport for 2026", date(2027, 3, 1), "rapport"),
        ("Sluttrapport", date(2028, 3, 31), "sluttrapport"),
    ]


def test_the_same_pot_and_year_cannot_be_awarded_twice() -> None:
    soknad, sak = komplett_soknad(), Sak("prioritert")
    send(sak, soknad, "registrer_lokal_tildeling", dict(TILDELING))
    assert "finnes" in _refusal("prioritert", "registrer_lokal_tildeling", soknad, dict(TILDELING))


def test_a_yearly_report_can_only_be_registered_while_one_is_outstanding() -> None:
    soknad, _ = forbered("tildelt", "registrer_rapport")
    sak = Sak("tildelt")
    send(sak, soknad, "registrer_rapport", {"mottatt": date(2027, 2, 20)})
    assert soknad.rapportkrav[0].mottatt == date(2027, 2, 20)
    assert "utestående årsrapport" in _refusal("tildelt", "registrer_rapport", soknad)


def test_the_sluttrapport_completes_the_case_and_is_marked_received() -> None:
    soknad, _ = forbered("tildelt", "motta_sluttrapport")
    sak = Sak("tildelt")
    send(sak, soknad, "motta_sluttrapport")
    assert sak.state == "rapportert"
    assert soknad.rapportkrav[1].mottatt == NAA.date()


def test_a_report_is_flagged_only_once_its_deadline_has_passed_unreceived() -> None:
    soknad, _ = forbered("tildelt", "registrer_rapport")
    assert "ingen forfalt rapport" in _refusal("tildelt", "flagg_forfalt_rapport", soknad)
    soknad.rapportkrav[0].frist = frist("rapport", date(2025, 9, 19))
    sak = Sak("tildelt")
    send(sak, soknad, "flagg_forfalt_rapport")
    assert sak.state == "tildelt"
    soknad.rapportkrav[0].mottatt = date(2025, 9, 19)
    assert "ingen forfalt rapport" in _refusal("tildelt", "flagg_forfalt_rapport", soknad)


def test_a_soknad_is_sent_in_with_its_budget_and_signed_agreement_attached() -> None:
    soknad = komplett_soknad()
    soknad.vedlegg = [v for v in soknad.vedlegg if v.type != VedleggType.BUDSJETT]
    assert "mangler vedlegg: budsjett" in _refusal("utkast", "send_inn", soknad)


def test_an_email_confirmation_in_field_7_stands_in_for_the_signed_agreement() -> None:
    soknad = komplett_soknad()
    soknad.vedlegg = [v for v in soknad.vedlegg if v.type != VedleggType.SIGNERT_AVTALE]
    soknad.signert_avtale_tekst = "Elektronisk bekreftet samarbeid pr mail 12.09.2025"
    sak = Sak("utkast")
    send(sak, soknad, "send_inn")
    assert sak.state == "mottatt"
    soknad.signert_avtale_tekst, soknad.signert_avtale_dato = "28.02.25", date(2025, 2, 28)
    assert "signert avtale" in _refusal("mangelfull", "komplettert", soknad)


@pytest.mark.parametrize("hendelse", ["registrer_rapport", "motta_sluttrapport"])
def test_a_report_without_its_file_is_the_sekretariats_event_with_a_comment(hendelse: str) -> None:
    """Issue 17: applicants closed their own reporting duty with the bare event, no file."""
    regel = ARBEIDSFLYT.regel(hendelse)
    assert regel.hvem == {Rolle.SEKRETARIAT}
    assert regel.kommentar_pakrevd
    assert regel.med_fil == {Rolle.SOKER}  # the applicant: only with the file (report page)


def test_field_11_names_each_missing_sub_answer_before_the_soknad_can_be_sent_in() -> None:
    """Issue 19: a søknad without contributions, total cost or plan was accepted as mottatt;
    now each missing sub-answer of field 11 is named."""
    soknad = komplett_soknad()
    soknad.kommune_ressurser = soknad.helseforetak_ressurser = " "
    soknad.finansieringsplan, soknad.totalkostnad_ore = "", None
    melding = _refusal("utkast", "send_inn", soknad)
    assert melding == (
        "Søknaden mangler obligatoriske felt: 11. Budsjett: Totalkostnad for prosjektet; "
        "11. Budsjett: Hvilke ressurser bidrar kommunen(e) med?; 11. Budsjett: Hvilke "
        "ressurser bidrar helseforetaket med?; 11. Budsjett: Finansieringsplan ved oppstart"
    )
    soknad.budsjett_bruk, soknad.belop = "", []
    melding = _refusal("utkast", "send_inn", soknad)
    assert "11. Budsjett: Hvor mye søkes det om (beløp per år)?" in melding
    assert "11. Budsjett: Hva skal midlene benyttes til?" in melding


def test_budget_lines_that_do_not_sum_to_the_year_applied_for_stop_the_send_in() -> None:
    soknad = komplett_soknad()
    soknad.budsjettlinjer = [
        BudsjettRad(rekkefolge=0, kostnadspost="Lønn prosjektleder", aar=2026, ore=60_000_00,
                    tekst="kr 60 000"),
        BudsjettRad(rekkefolge=1, kostnadspost="Reise og samlinger", aar=2026, ore=20_000_00,
                    tekst="kr 20 000"),
    ]  # fmt: skip
    assert _refusal("utkast", "send_inn", soknad) == (
        "Budsjettet går ikke opp: 11. Budsjett: Budsjettlinjene for 2026 summerer til "
        "kr 80 000, kr 20 000 mindre enn søkt for 2026"
    )
    soknad.budsjettlinjer[1].ore = 40_000_00
    sak = Sak("utkast")
    send(sak, soknad, "send_inn")
    assert sak.state == "mottatt"


def test_the_years_must_match_the_stated_total_and_not_exceed_the_total_cost() -> None:
    soknad = komplett_soknad()
    soknad.sokt_tekst, soknad.totalkostnad_ore = "totalt 10 millioner", 50_000_00
    melding = _refusal("utkast", "send_inn", soknad)
    assert "Søkt per år summerer til kr 100 000, kr 9 900 000 mindre enn søkt totalt" in melding
    assert "Søkt beløp (kr 10 000 000) er større enn totalkostnaden (kr 50 000)" in melding


def test_a_soknad_with_every_budget_answer_but_no_table_can_be_sent_in() -> None:
    soknad = komplett_soknad()
    soknad.sokt_tekst = "kr 100 000"
    sak = Sak("utkast")
    send(sak, soknad, "send_inn")
    assert sak.state == "mottatt"
