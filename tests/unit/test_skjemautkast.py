"""The søknad form's pure parts (#19): a draft keeps what validates, every error named as the
form labels it, and the budget table's sums as the applicant types."""

from __future__ import annotations

from tilskudd_flow.web.budsjettskjema import (
    BUDSJETTLINJER,
    MAKS_BUDSJETTLINJER,
    antall_linjer,
    budsjettsummer,
    med_en_linje_til,
)
from tilskudd_flow.web.skjemafeil import feltnavn, mangler_som_feil, oppsummering
from tilskudd_flow.web.soknadsskjema import UTEN_NAVN, tolk, utkast, valider


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
