"""The rules for a party's other names, as the sekretariat edits them on the web (issue 20)."""

from __future__ import annotations

from tilskudd_flow.domain.partnavn import les_aliaser, navneformer, navnekollisjoner

ANDRE = {
    **dict.fromkeys(navneformer("Vefsn kommune"), "Vefsn kommune"),
    **dict.fromkeys(navneformer("Helgelandssykehuset HF"), "Helgelandssykehuset HF"),
    "hsyk": "Helgelandssykehuset HF",
}


def test_aliases_are_read_one_per_line_trimmed_without_blanks_or_repeats() -> None:
    tekst = "  HSYK \r\n\nhsyk\nHelgelands   sykehuset\n \nSykehuset i Mosjøen"
    assert les_aliaser(tekst) == ["HSYK", "Helgelands sykehuset", "Sykehuset i Mosjøen"]
    assert les_aliaser("") == []


def test_an_alias_another_party_goes_by_is_refused_naming_that_party() -> None:
    feil = navnekollisjoner("Rana kommune", ["Mo i Rana", "Vefsn", "HSYK"], ANDRE)
    assert feil == {
        "aliaser": "brukes allerede om en annen part: «Vefsn» (Vefsn kommune), «HSYK» "
        "(Helgelandssykehuset HF). Et navn kan bare peke på én part."
    }


def test_a_name_another_party_has_or_goes_by_is_refused() -> None:
    assert navnekollisjoner("hsyk", [], ANDRE) == {
        "navn": "«hsyk» er allerede navnet på eller et annet navn for Helgelandssykehuset HF"
    }
    assert navnekollisjoner("Vefsn  Kommune", [], ANDRE)["navn"].endswith("Vefsn kommune")


def test_names_and_aliases_no_other_party_uses_pass() -> None:
    assert navnekollisjoner("Rana kommune", ["Mo i Rana", "Rana"], ANDRE) == {}
