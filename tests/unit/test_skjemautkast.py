"""The søknad form's pure parts (#19): a draft keeps what validates, every error named as the
form labels it, and the budget table's sums as the applicant types."""

from __future__ import annotations

from tilskudd_flow.models.soknad import BudsjettRad, Soknad
from tilskudd_flow.web.budsjettskjema import (
    BUDSJETTLINJER,
    MAKS_BUDSJETTLINJER,
    antall_linjer,
    budsjettsummer,
    med_en_linje_til,
)
from tilskudd_flow.web.skjemafeil import feltnavn, mangler_som_feil, oppsummering
from tilskudd_flow.web.soknadsskjema import UTEN_NAVN, fra_soknad, tolk, utkast, valider


def test_a_draft_keeps_what_validates_and_leaves_out_each_value_in_error() -> None:
    tolket = tolk(
        {
            "prosjektnavn": "",
            "beskrivelse": "Halvferdig",
            "kontakt_kommune_0_navn": "Karin",
            "kontakt_kommune_0_epost": "karin@",
            "kontakt_kommune_1_navn": "Ola",
            "kontakt_kommune_1_epost": "ola@vefsn.kommune.example",
            "budsjett_sokt": "fem hundre tusen",
            "budsjett_hva": "Koordinator",
            "linje_0_kostnadspost": "Lønn",
            "linje_0_aar": "2026",
            "linje_0_belop": "kr 300 000",
            "linje_1_belop": "litt",
        },
        2026,
    )
    assert valider(tolket)[0] is None
    fil = utkast(tolket)
    assert fil.prosjektnavn == UTEN_NAVN
    assert fil.beskrivelse == "Halvferdig"
    assert [k.navn for k in fil.kontaktpersoner] == ["Ola"]
    assert fil.budsjett.sokt == "" and fil.budsjett.hva_midlene_skal_brukes_til == "Koordinator"
    assert [linje.kostnadspost for linje in fil.budsjett.linjer] == ["Lønn"]


def test_every_field_is_named_as_the_form_labels_it() -> None:
    assert feltnavn("kontakt_kommune_1_epost") == "4. Kontaktperson 2 (kommunens side), e-post"
    assert feltnavn("linje_0_belop") == "11. Budsjettlinje 1: beløp"
    assert feltnavn("beskrivelse").startswith("8. Kort beskrivelse")
    assert feltnavn("vedlegg_budsjett") == "Vedlegg: budsjett"


def test_the_rules_missing_fields_land_on_their_field_unless_it_already_has_an_error() -> None:
    mangler = ["4. Kontaktperson(er) kommune", "8. Kort beskrivelse av prosjektet/piloten",
               "vedlegg: budsjett"]  # fmt: skip
    feil = mangler_som_feil(mangler, {"kontakt_kommune_0_epost": "ugyldig"})
    assert set(feil) == {"beskrivelse", "vedlegg_budsjett"}


def test_the_summary_follows_the_forms_order_with_files_last() -> None:
    feil = {"vedlegg_budsjett": "a", "beskrivelse": "b", "prosjektnavn": "c", "_oppsummering": "x"}
    assert [rad[0] for rad in oppsummering(feil)] == ["prosjektnavn", "beskrivelse",
                                                       "vedlegg_budsjett"]  # fmt: skip


def test_the_budget_sums_count_what_can_be_read_and_name_the_rest() -> None:
    summer = budsjettsummer({
        "budsjett_sokt": "kr 600 000", "budsjett_total": "1,2 mill",
        "linje_0_aar": "2026", "linje_0_belop": "kr 300 000",
        "linje_1_aar": "2026", "linje_1_belop": "200 000,-",
        "linje_2_aar": "2027", "linje_2_belop": "litt",
    })  # fmt: skip
    assert summer.per_aar == [("2026", "kr 500 000")]
    assert summer.total == "kr 500 000"
    assert summer.uleselige == ["linje_2_belop"]
    assert summer.differanse == "Linjene er kr 100 000 mindre enn søkt beløp"
    assert summer.andel == "50 % av totalkostnaden"


def test_the_table_shows_every_row_in_use_and_grows_one_at_a_time_to_a_limit() -> None:
    assert antall_linjer({}) == BUDSJETTLINJER
    assert antall_linjer({"linje_8_belop": "1"}) == 9
    verdier: dict[str, object] = {}
    assert med_en_linje_til(verdier) == f"linje_{BUDSJETTLINJER}_kostnadspost"
    assert antall_linjer(verdier) == BUDSJETTLINJER + 1
    assert antall_linjer({"budsjettlinjer": "9999"}) == BUDSJETTLINJER  # not a number of rows
    assert antall_linjer({"budsjettlinjer": "500"}) == MAKS_BUDSJETTLINJER


def test_each_missing_budget_answer_and_each_sum_points_at_its_own_input() -> None:
    mangler = [
        "11. Budsjett: Totalkostnad for prosjektet",
        "11. Budsjett: Hvilke ressurser bidrar kommunen(e) med?",
        "11. Budsjett: Hvilke ressurser bidrar helseforetaket med?",
        "11. Budsjett: Finansieringsplan ved oppstart",
        "11. Budsjett: Budsjettlinjene for 2026 summerer til kr 1 800 000, "
        "kr 200 000 mindre enn søkt for 2026",
    ]
    feil = mangler_som_feil(mangler, {})
    assert feil == {
        "budsjett_total": "må fylles ut før søknaden sendes inn",
        "budsjett_kommune": "må fylles ut før søknaden sendes inn",
        "budsjett_hf": "må fylles ut før søknaden sendes inn",
        "budsjett_plan": "må fylles ut før søknaden sendes inn",
        "linje_0_belop": "Budsjettlinjene for 2026 summerer til kr 1 800 000, "
        "kr 200 000 mindre enn søkt for 2026",
    }


def test_a_returned_soknad_reopens_in_the_form_with_its_stored_budget() -> None:
    soknad = Soknad(
        prosjektnavn="Helgelandssykepleier",
        prosjekteiere="Rana kommune",
        totalkostnad_ore=3_200_000_000,
        totalkostnad_tekst="kr 32 000 000",
        finansieringsplan_videreforing="Drift over ordinære budsjetter fra 2031",
        budsjettlinjer=[
            BudsjettRad(
                rekkefolge=0,
                kostnadspost="Lønn prosjektleder",
                aar=2026,
                ore=120_000_000,
                tekst="kr 1 200 000",
                prosjektaar="Prosjektår 1",
            ),
        ],
    )
    verdier = fra_soknad(soknad)
    assert verdier["budsjett_total"] == "kr 32 000 000"
    assert verdier["budsjett_plan_videre"] == "Drift over ordinære budsjetter fra 2031"
    assert (verdier["linje_0_kostnadspost"], verdier["linje_0_aar"], verdier["linje_0_belop"],
            verdier["linje_0_prosjektaar"]) == ("Lønn prosjektleder", "2026", "kr 1 200 000",
                                                "Prosjektår 1")  # fmt: skip
