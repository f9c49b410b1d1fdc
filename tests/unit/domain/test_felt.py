"""`les_felt`: the raw values an event is given, parsed per declared field type."""

from __future__ import annotations

import socket
from dataclasses import dataclass
from datetime import date
from typing import Any, NoReturn

import email_validator.deliverability
import pytest

from tilskudd_flow.domain import felt
from tilskudd_flow.domain.feil import UgyldigFelt
from tilskudd_flow.domain.felt import Felt, Felttype, les_felt
from tilskudd_flow.domain.kodeverk import FsuType, InnspillOmfang
from tilskudd_flow.domain.periods import Periode, Presisjon


@dataclass(frozen=True)
class Part:
    nummer: str
    navn: str


PARTER = {
    "Vefsn": Part("1824", "Vefsn"),
    "1824": Part("1824", "Vefsn"),
    "Helgelandssykehuset": Part("983974929", "Helgelandssykehuset HF"),
}
oppslag: list[str] = []


def finn_part(tekst: str) -> Part | None:
    oppslag.append(tekst)
    return PARTER.get(tekst)


def ingen_part(tekst: str) -> NoReturn:
    raise AssertionError(f"no field of type part was declared, yet «{tekst}» was looked up")


@pytest.fixture(autouse=True)
def ingen_dns(monkeypatch: pytest.MonkeyPatch) -> None:
    """E-mail validation must work offline: any DNS or network lookup fails the test."""

    def nekt(*_args: Any, **_kwargs: Any) -> NoReturn:
        raise AssertionError("e-mail validation tried a DNS lookup")

    monkeypatch.setattr(email_validator.deliverability, "validate_email_deliverability", nekt)
    monkeypatch.setattr(socket, "getaddrinfo", nekt)
    oppslag.clear()


def les_ett(definisjon: Felt, ra: str) -> Any:
    return les_felt((definisjon,), {definisjon.navn: ra}, finn_part)[definisjon.navn]


def feil_for(definisjon: Felt, ra: str) -> UgyldigFelt:
    with pytest.raises(UgyldigFelt) as feil:
        les_felt((definisjon,), {definisjon.navn: ra}, finn_part)
    return feil.value


VURDERING = felt.tekst("vurdering", "Vurdering", pakrevd=True, flerlinje=True)
MERKNAD = felt.tekst("merknad", "Merknad")
VEDTAKSDATO = felt.dato("vedtaksdato", "Vedtaksdato")
PRIORITET = Felt("prioritet", "Prioritet", Felttype.HELTALL)
FSU_TYPE = felt.valg("type", "Type utvalg", FsuType)
OMFANG = felt.valg("omfang", "Omfang", InnspillOmfang, pakrevd=True)
EPOST = felt.epost("epost", "E-post")
PART = felt.part("part", "Part")
TILDELING = felt.belop_per_aar("tildeling", "Tildeling per år")
PERIODE = felt.periode("periode", "Periode")


def test_the_helpers_declare_the_type_label_and_requirement() -> None:
    assert (VURDERING.navn, VURDERING.etikett, VURDERING.type, VURDERING.pakrevd) == (
        "vurdering",
        "Vurdering",
        Felttype.TEKST,
        True,
    )
    assert not MERKNAD.pakrevd
    assert VEDTAKSDATO.type is Felttype.DATO
    assert EPOST.type is Felttype.EPOST
    assert PART.type is Felttype.PART
    assert TILDELING.type is Felttype.BELOP_PER_AAR
    assert PERIODE.type is Felttype.PERIODE
    assert FSU_TYPE.type is Felttype.VALG
    assert FSU_TYPE.valg == ("fast", "midlertidig")


def test_an_unknown_field_is_refused_naming_the_known_fields() -> None:
    with pytest.raises(UgyldigFelt) as feil:
        les_felt((VURDERING, MERKNAD), {"vurdering": "ok", "begrunnelse": "x"}, ingen_part)
    assert feil.value.felt == "begrunnelse"
    assert str(feil.value) == (
        "begrunnelse: ukjent felt for denne hendelsen (kjente felt: vurdering, merknad)"
    )


def test_an_event_without_fields_refuses_any_field_and_says_there_are_none() -> None:
    with pytest.raises(UgyldigFelt) as feil:
        les_felt((), {"kommentar": "x"}, ingen_part)
    assert feil.value.felt == "kommentar"
    assert str(feil.value).endswith("(kjente felt: ingen)")


@pytest.mark.parametrize("ra", [None, "", "   ", "\n\t"], ids=["absent", "empty", "spaces", "ws"])
def test_a_required_field_that_is_missing_is_refused_with_its_label(ra: str | None) -> None:
    oppgitt = {} if ra is None else {"vurdering": ra}
    with pytest.raises(UgyldigFelt) as feil:
        les_felt((MERKNAD, VURDERING), oppgitt, ingen_part)
    assert feil.value.felt == "vurdering"
    assert str(feil.value) == "vurdering: Vurdering må fylles ut"


def test_an_optional_field_left_out_or_blank_is_not_in_the_result() -> None:
    verdier = les_felt(
        (VURDERING, MERKNAD, VEDTAKSDATO),
        {"vurdering": "Komplett", "vedtaksdato": "  "},
        ingen_part,
    )
    assert verdier == {"vurdering": "Komplett"}


def test_no_fields_declared_and_none_given_gives_an_empty_result() -> None:
    assert les_felt((), {}, ingen_part) == {}


GYLDIGE: list[tuple[Felt, str, Any]] = [
    (VURDERING, "Søknaden er komplett.", "Søknaden er komplett."),
    (VURDERING, "  Trimmes i begge ender \n", "Trimmes i begge ender"),
    (VURDERING, "Linje 1\nLinje 2", "Linje 1\nLinje 2"),
    (VEDTAKSDATO, "2026-03-01", date(2026, 3, 1)),
    (VEDTAKSDATO, " 2028-02-29 ", date(2028, 2, 29)),
    (PRIORITET, "1", 1),
    (PRIORITET, " 42 ", 42),
    (PRIORITET, "-3", -3),
    (FSU_TYPE, "fast", "fast"),
    (FSU_TYPE, "midlertidig", "midlertidig"),
    (OMFANG, "vesentlig", "vesentlig"),
    (EPOST, "kari.nordmann@vefsn.kommune.no", "kari.nordmann@vefsn.kommune.no"),
    (EPOST, "Kari.Nordmann@Vefsn.Kommune.NO", "Kari.Nordmann@vefsn.kommune.no"),
    (EPOST, "  per@rana.kommune.example ", "per@rana.kommune.example"),
    (EPOST, "ola@ikke-registrert-domene-i-dns.no", "ola@ikke-registrert-domene-i-dns.no"),
    (EPOST, "åse@bønes.no", "åse@bønes.no"),
    (PART, "Vefsn", Part("1824", "Vefsn")),
    (PART, "1824", Part("1824", "Vefsn")),
    (PART, " Helgelandssykehuset ", Part("983974929", "Helgelandssykehuset HF")),
]


@pytest.mark.parametrize(
    ("definisjon", "ra", "forventet"), GYLDIGE, ids=[f"{f.type}:{ra}" for f, ra, _ in GYLDIGE]
)
def test_each_field_type_parses_its_raw_value(definisjon: Felt, ra: str, forventet: Any) -> None:
    assert les_ett(definisjon, ra) == forventet


def test_the_part_lookup_gets_the_trimmed_text() -> None:
    les_ett(PART, "  1824  ")
    assert oppslag == ["1824"]


def test_belop_per_aar_gives_ore_per_year_sorted_by_year() -> None:
    verdi = les_ett(TILDELING, "2027: 1,5 mill; 2026: kr 500 000")
    assert list(verdi) == [2026, 2027]
    assert {aar: belop.ore for aar, belop in verdi.items()} == {
        2026: 50_000_000,
        2027: 150_000_000,
    }


def test_periode_gives_first_and_last_day_and_precision() -> None:
    assert les_ett(PERIODE, "mars 2028") == Periode(
        date(2028, 3, 1), date(2028, 3, 31), Presisjon.MAANED, "mars 2028"
    )
    assert les_ett(PERIODE, "3. kvartal 2025") == Periode(
        date(2025, 7, 1), date(2025, 9, 30), Presisjon.KVARTAL, "3. kvartal 2025"
    )


UGYLDIGE: list[tuple[Felt, str, str]] = [
    # Since #19 «01.03.2026» is a date like any other (one date parser everywhere).
    (
        VEDTAKSDATO,
        "2026-02-30",
        "Ugyldig dato «2026-02-30»: datoen 30.02.2026 finnes ikke (februar 2026 har 28 dager)",
    ),
    (VEDTAKSDATO, "31.02.2025", "Ugyldig dato «31.02.2025»: datoen 31.02.2025 finnes ikke"),
    (VEDTAKSDATO, "i morgen", "Ugyldig dato «i morgen»: forstår ikke datoen; skriv f.eks."),
    (PRIORITET, "4,5", "«4,5» er ikke et heltall"),
    (PRIORITET, "første", "«første» er ikke et heltall"),
    (FSU_TYPE, "permanent", "«permanent» er ikke et gyldig valg (fast, midlertidig)"),
    (OMFANG, "stor", "«stor» er ikke et gyldig valg (mindre, vesentlig)"),
    (EPOST, "kari", "«kari» er ikke en gyldig e-postadresse"),
    (EPOST, "kari@", "«kari@» er ikke en gyldig e-postadresse"),
    (EPOST, "kari@@vefsn.no", "«kari@@vefsn.no» er ikke en gyldig e-postadresse"),
    (EPOST, "kari nordmann@vefsn.no", "«kari nordmann@vefsn.no» er ikke en gyldig e-postadresse"),
    (EPOST, "kari@vefsn", "«kari@vefsn» er ikke en gyldig e-postadresse"),
    (
        PART,
        "Atlantis",
        "finner ingen kommune eller helseforetak som heter eller har nummer «Atlantis»",
    ),
    (
        TILDELING,
        "2026 500 000",
        "Ugyldig beløp «2026 500 000»: oppføringen «2026 500 000» er ikke på formen «år: beløp»",
    ),
    (
        TILDELING,
        "2026: to millioner",
        "Ugyldig beløp «2026: to millioner»: oppføringen «2026: to millioner»: "
        "tallord støttes ikke; skriv beløpet med sifre",
    ),
    (
        PERIODE,
        "snart",
        "Ugyldig periode «snart»: forstår ikke tidsangivelsen; skriv f.eks. «mars 2028», "
        "«3. kvartal 2025», «1. halvår 2026», «høsten 2025», «2026», «01.03.2028», «Q1–2 2026» "
        "eller «mars–juni 2026»",
    ),
    (PERIODE, "5. kvartal 2025", "Ugyldig periode «5. kvartal 2025»: kvartal må være fra 1 til 4"),
]


@pytest.mark.parametrize(
    ("definisjon", "ra", "grunn"), UGYLDIGE, ids=[f"{f.type}:{ra}" for f, ra, _ in UGYLDIGE]
)
def test_a_bad_value_names_the_field_and_says_what_was_wrong(
    definisjon: Felt, ra: str, grunn: str
) -> None:
    feil = feil_for(definisjon, ra)
    assert feil.felt == definisjon.navn
    assert str(feil).startswith(f"{definisjon.navn}: {grunn}")


def test_the_first_bad_field_in_declared_order_is_reported() -> None:
    with pytest.raises(UgyldigFelt) as feil:
        les_felt(
            (VEDTAKSDATO, PRIORITET),
            {"prioritet": "x", "vedtaksdato": "y"},
            ingen_part,
        )
    assert feil.value.felt == "vedtaksdato"


def test_several_fields_are_parsed_together() -> None:
    verdier = les_felt(
        (VURDERING, VEDTAKSDATO, FSU_TYPE, EPOST, PART),
        {
            "vurdering": "Komplett",
            "vedtaksdato": "2025-10-15",
            "type": "midlertidig",
            "epost": "Leder@Helgelandssykehuset.NO",
            "part": "Helgelandssykehuset",
        },
        finn_part,
    )
    assert verdier == {
        "vurdering": "Komplett",
        "vedtaksdato": date(2025, 10, 15),
        "type": "midlertidig",
        "epost": "Leder@helgelandssykehuset.no",
        "part": Part("983974929", "Helgelandssykehuset HF"),
    }


EN_LINJE = felt.tekst("navn", "Navn")


@pytest.mark.parametrize("ra", ["Eve\r\nBcc: x@y.no", "a\x00b", "\u202eabc", "Eva\tDønnes"])
def test_a_one_line_event_field_refuses_control_characters_17(ra: str) -> None:
    """#17: a name with CR/LF on an event reached an e-mail header and stopped the queue."""
    with pytest.raises(UgyldigFelt) as feil:
        les_felt((EN_LINJE,), {"navn": ra}, ingen_part)
    assert feil.value.felt == "navn"
    assert "linjeskift eller kontrolltegn" in feil.value.melding


def test_a_multi_line_event_field_keeps_lines_as_lf_and_refuses_nul() -> None:
    assert les_felt((VURDERING,), {"vurdering": "A\r\nB"}, ingen_part) == {"vurdering": "A\nB"}
    with pytest.raises(UgyldigFelt, match="kontrolltegn"):
        les_felt((VURDERING,), {"vurdering": "A\x00B"}, ingen_part)


@pytest.mark.parametrize("ra", ["a@b.no\r\nBcc: x@y.no", "a@b.no\x00"])
def test_an_email_field_names_the_control_character(ra: str) -> None:
    with pytest.raises(UgyldigFelt, match="linjeskift eller kontrolltegn"):
        les_felt((EPOST,), {"epost": ra}, ingen_part)
