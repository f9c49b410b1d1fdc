"""The søknad file format: the demo files parse, amounts per year, dates, bokmål errors."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from tilskudd_flow.domain.feil import UgyldigDokument
from tilskudd_flow.domain.kodeverk import MilepaelType, Side, VedleggType
from tilskudd_flow.soknader.soknadsfil import Soknadsfil, les_soknadsfil

REPO = Path(__file__).resolve().parents[2]
DEMO = REPO / "tilskudd_flow" / "demo" / "soknader"
DEMOFILER = sorted(DEMO.glob("*.toml"))

MINSTE = 'runde = 2026\nprosjektnavn = "Ungdomshelse på øyene"\n'
KONTAKT = """
[[kontaktpersoner]]
navn = "Eva Dønnes"
epost = "eva.donnes@alstahaug.kommune.example"
side = "kommune"
"""


def skriv(mappe: Path, innhold: str, navn: str = "soknad.toml") -> Path:
    fil = mappe / navn
    fil.write_text(innhold, encoding="utf-8")
    return fil


def feilmelding(fil: Path) -> str:
    with pytest.raises(UgyldigDokument) as feil:
        les_soknadsfil(fil)
    return str(feil.value)


def test_there_are_demo_files() -> None:
    assert [fil.name for fil in DEMOFILER] == [
        "ambulant-rehabilitering.toml",
        "fremtidens-pasientforlop.toml",
        "helgelandssykepleier.toml",
        "kols-oppfolging.toml",
        "ungdomshelse-utkast.toml",
    ]


@pytest.mark.parametrize("fil", DEMOFILER, ids=[fil.stem for fil in DEMOFILER])
def test_every_demo_file_parses(fil: Path) -> None:
    soknad = les_soknadsfil(fil)
    assert soknad.runde == 2026
    assert soknad.prosjektnavn
    assert soknad.kontaktpersoner
    for vedlegg in soknad.vedlegg:
        assert (DEMO / vedlegg.fil).is_file(), vedlegg.fil


# (file, amount per year in øre, worked out by hand from the file's text)
BELOP_PER_AAR: list[tuple[str, dict[int, int]]] = [
    # "ca. kr 1,5 mill per år over 2 år", fra_aar 2026
    ("ambulant-rehabilitering.toml", {2026: 150_000_000, 2027: 150_000_000}),
    # three rows of "kr 3 105 000"
    (
        "fremtidens-pasientforlop.toml",
        {2026: 310_500_000, 2027: 310_500_000, 2028: 310_500_000},
    ),
    # "2 millioner per år over 5 år, totalt 10 millioner", fra_aar 2026
    (
        "helgelandssykepleier.toml",
        {
            2026: 200_000_000,
            2027: 200_000_000,
            2028: 200_000_000,
            2029: 200_000_000,
            2030: 200_000_000,
        },
    ),
    # one row "Kr. 500.000, -"
    ("kols-oppfolging.toml", {2026: 50_000_000}),
    # a draft without a budget
    ("ungdomshelse-utkast.toml", {}),
]


@pytest.mark.parametrize(("navn", "forventet"), BELOP_PER_AAR, ids=[n for n, _ in BELOP_PER_AAR])
def test_demo_amounts_per_year_come_out_in_ore(navn: str, forventet: dict[int, int]) -> None:
    per_aar = les_soknadsfil(DEMO / navn).budsjett.belop_per_aar()
    assert {aar: belop.ore for aar, belop in per_aar.items()} == forventet
    assert list(per_aar) == sorted(per_aar)


def test_the_demo_table_covers_every_demo_file() -> None:
    assert {navn for navn, _ in BELOP_PER_AAR} == {fil.name for fil in DEMOFILER}


def test_an_approximate_yearly_amount_stays_approximate_when_spread() -> None:
    per_aar = les_soknadsfil(DEMO / "ambulant-rehabilitering.toml").budsjett.belop_per_aar()
    assert all(belop.omtrentlig for belop in per_aar.values())


@pytest.mark.parametrize(
    ("navn", "forventet"),
    [
        ("fremtidens-pasientforlop.toml", date(2025, 2, 28)),  # "28.02.25"
        ("helgelandssykepleier.toml", date(2025, 2, 28)),  # "28.2.2025"
        ("kols-oppfolging.toml", date(2025, 9, 1)),  # "2025-09-01"
        # confirmed by e-mail: since #19 the date in the text is read (it is what lets the
        # confirmation stand in for the attachment)
        ("ambulant-rehabilitering.toml", date(2025, 9, 12)),
        ("ungdomshelse-utkast.toml", None),  # not given
    ],
)
def test_demo_signed_agreement_dates(navn: str, forventet: date | None) -> None:
    assert les_soknadsfil(DEMO / navn).signert_avtale_dato == forventet


def test_a_full_demo_file_keeps_every_section() -> None:
    soknad = les_soknadsfil(DEMO / "fremtidens-pasientforlop.toml")
    assert soknad.kommuner == ["Vefsn"]
    assert soknad.stotter == ["Grane", "Hattfjelldal"]
    assert [k.side for k in soknad.kontaktpersoner] == [
        Side.KOMMUNE,
        Side.KOMMUNE,
        Side.HELSEFORETAK,
    ]
    assert soknad.kontaktpersoner[0].epost == "karin.ingebrigtsen@vefsn.kommune.example"
    assert soknad.budsjett.sokt == "kr. 9 315 000,-"
    assert [rad.forventet_nytte for rad in soknad.nyttetabell] == ["Helsegevinst"]
    assert [(m.type, m.periode.start, m.periode.slutt) for m in soknad.milepaeler] == [
        (MilepaelType.MILEPAEL, date(2025, 8, 1), date(2025, 12, 31)),
        (MilepaelType.EVALUERING, date(2027, 4, 1), date(2027, 6, 30)),
        (MilepaelType.SLUTTRAPPORT, date(2029, 3, 1), date(2029, 3, 31)),
    ]
    assert [v.type for v in soknad.vedlegg] == [VedleggType.SIGNERT_AVTALE, VedleggType.BUDSJETT]


@pytest.mark.parametrize(
    ("tekst", "forventet"),
    [
        ("28.02.25", date(2025, 2, 28)),
        ("28.2.25", date(2025, 2, 28)),
        ("28.2.2025", date(2025, 2, 28)),
        ("28.02.2025", date(2025, 2, 28)),
        ("2025-09-01", date(2025, 9, 1)),
        ("  01.09.2025  ", date(2025, 9, 1)),
        ("29.02.2028", date(2028, 2, 29)),
        ("Elektronisk bekreftet samarbeid pr mail 12.09.2025", date(2025, 9, 12)),
        ("Bekreftet på e-post fra kommunedirektøren 28. februar 2025", date(2025, 2, 28)),
        ("signert", None),
        ("", None),
    ],
)
def test_field_7_gives_the_date_it_holds(tekst: str, forventet: date | None) -> None:
    soknad = Soknadsfil(runde=2026, prosjektnavn="X", signert_avtale=tekst)
    assert soknad.signert_avtale_dato == forventet
    assert soknad.signert_avtale == tekst.strip()  # kept as written


def test_a_minimal_file_parses_with_empty_defaults(tmp_path: Path) -> None:
    soknad = les_soknadsfil(skriv(tmp_path, MINSTE))
    assert soknad.prosjektnavn == "Ungdomshelse på øyene"
    assert soknad.kontaktpersoner == []
    assert soknad.budsjett.belop_per_aar() == {}
    assert soknad.signert_avtale_dato is None


def test_text_values_are_trimmed(tmp_path: Path) -> None:
    soknad = les_soknadsfil(skriv(tmp_path, 'runde = 2026\nprosjektnavn = "  Rom  "\n'))
    assert soknad.prosjektnavn == "Rom"


def test_a_kontaktperson_email_is_normalised(tmp_path: Path) -> None:
    innhold = MINSTE + KONTAKT.replace(
        "eva.donnes@alstahaug.kommune.example", "Eva.Donnes@Alstahaug.Kommune.EXAMPLE"
    )
    soknad = les_soknadsfil(skriv(tmp_path, innhold))
    assert soknad.kontaktpersoner[0].epost == "Eva.Donnes@alstahaug.kommune.example"


def test_a_total_without_per_year_split_gives_no_amounts_per_year(tmp_path: Path) -> None:
    innhold = MINSTE + '[budsjett]\nsokt = "kr 1 200 000,-"\nfra_aar = 2026\n'
    assert les_soknadsfil(skriv(tmp_path, innhold)).budsjett.belop_per_aar() == {}


def test_listed_years_win_over_the_spread_of_the_total(tmp_path: Path) -> None:
    innhold = MINSTE + (
        '[budsjett]\nsokt = "1 mill per år over 2 år"\nfra_aar = 2026\n'
        '[[budsjett.per_aar]]\naar = 2027\nbelop = "kr 400 000"\n'
        '[[budsjett.per_aar]]\naar = 2028\nbelop = "600 tusen"\n'
    )
    per_aar = les_soknadsfil(skriv(tmp_path, innhold)).budsjett.belop_per_aar()
    assert {aar: belop.ore for aar, belop in per_aar.items()} == {
        2027: 40_000_000,
        2028: 60_000_000,
    }


def test_the_json_variant_parses_like_toml(tmp_path: Path) -> None:
    data: dict[str, Any] = {
        "runde": 2026,
        "prosjektnavn": "Helgelandssykepleier",
        "signert_avtale": "28.02.25",
        "kontaktpersoner": [
            {
                "navn": "Mona Bjørkmo",
                "epost": "mona.bjorkmo@rana.kommune.example",
                "side": "kommune",
            }
        ],
        "budsjett": {"sokt": "2 millioner per år over 5 år, totalt 10 millioner", "fra_aar": 2026},
    }
    fil = skriv(tmp_path, json.dumps(data, ensure_ascii=False), navn="soknad.json")
    soknad = les_soknadsfil(fil)
    assert isinstance(soknad, Soknadsfil)
    assert soknad.kontaktpersoner[0].navn == "Mona Bjørkmo"
    assert soknad.signert_avtale_dato == date(2025, 2, 28)
    assert {aar: b.ore for aar, b in soknad.budsjett.belop_per_aar().items()} == {
        aar: 200_000_000 for aar in range(2026, 2031)
    }


def test_upper_case_suffixes_are_accepted(tmp_path: Path) -> None:
    assert les_soknadsfil(skriv(tmp_path, MINSTE, navn="SOKNAD.TOML")).runde == 2026


UGYLDIGE: list[tuple[str, str]] = [
    ('runde = 2026\nbeskrivelse = "x"\n', "prosjektnavn: mangler"),
    ('prosjektnavn = "X"\n', "runde: mangler"),
    ('runde = "neste"\nprosjektnavn = "X"\n', "runde: må være et heltall"),
    ('runde = 1999\nprosjektnavn = "X"\n', "runde: må være minst 2000"),
    ('runde = 2026\nprosjektnavn = ""\n', "prosjektnavn: kan ikke være tom"),
    ('runde = 2026\nprosjektnavn = "   "\n', "prosjektnavn: kan ikke være tom"),
    (MINSTE + 'ukjent_felt = "x"\n', "ukjent_felt: er ikke et kjent felt"),
    (MINSTE + 'kommuner = "Vefsn"\n', "kommuner: må være en liste"),
    (MINSTE + 'budsjett = "mye"\n', "budsjett: må være en tabell"),
    (
        MINSTE + KONTAKT.replace("eva.donnes@alstahaug.kommune.example", "eva.donnes"),
        "kontaktpersoner[0].epost: «eva.donnes» er ikke en gyldig e-postadresse",
    ),
    (
        MINSTE + KONTAKT + KONTAKT.replace('"Eva Dønnes"', '""'),
        "kontaktpersoner[1].navn: kan ikke være tom",
    ),
    (
        MINSTE + KONTAKT + 'telefon = "75 00 00 00"\n',
        "kontaktpersoner[0].telefon: er ikke et kjent felt",
    ),
    (
        MINSTE + KONTAKT.replace('side = "kommune"', ""),
        "kontaktpersoner[0].side: mangler",
    ),
    (
        MINSTE + '[[budsjett.per_aar]]\naar = 2026\nbelop = "tre millioner"\n',
        "budsjett.per_aar[0].belop: Ugyldig beløp «tre millioner»: "
        "tallord støttes ikke; skriv beløpet med sifre",
    ),
    (
        MINSTE + '[[budsjett.per_aar]]\naar = 2026\nbelop = "kr 500,000"\n',
        "budsjett.per_aar[0].belop: Ugyldig beløp «kr 500,000»: «500,000» er tvetydig",
    ),
    (
        MINSTE + '[[budsjett.per_aar]]\naar = 1999\nbelop = "1 mill"\n',
        "budsjett.per_aar[0].aar: må være minst 2000",
    ),
    (
        MINSTE + '[budsjett]\nsokt = "2 mill per år over 3 år"\n',
        "budsjett: oppgi fra_aar når søknadsbeløpet er per år over flere år",
    ),
    (
        MINSTE + '[budsjett]\nsokt = "2 mill per år over 3 år, totalt 5 mill"\nfra_aar = 2026\n',
        "budsjett.sokt: Ugyldig beløp «2 mill per år over 3 år, totalt 5 mill»: "
        "oppgitt total kr 5 000 000 stemmer ikke med",
    ),
    (
        MINSTE + '[budsjett]\nsokt = "to millioner"\n',
        "budsjett.sokt: Ugyldig beløp «to millioner»",
    ),
    (
        MINSTE
        + '[[budsjett.linjer]]\nkostnadspost = "Lønn"\naar = 2026\nbelop = "1 mill per år"\n',
        "budsjett.linjer[0].belop: «1 mill per år» gjelder flere år",
    ),
    (
        MINSTE + '[[milepaeler]]\nbeskrivelse = "Sluttrapport"\ntid = "snart"\n',
        "milepaeler[0].tid: Ugyldig periode «snart»: forstår ikke tidsangivelsen",
    ),
    (
        MINSTE + '[[milepaeler]]\nbeskrivelse = "Sluttrapport"\ntid = "mars 2028"\n'
        'type = "slutt"\n',
        "milepaeler[0].type: må være en av: ",
    ),
    (
        MINSTE + '[[vedlegg]]\ntype = "budsjett"\nfil = ""\n',
        "vedlegg[0].fil: kan ikke være tom",
    ),
    (
        MINSTE + 'signert_avtale = "31.02.2025"\n',
        "signert_avtale: felt 7 (Dato for signert avtale om felles søknad (legges ved)): "
        "Ugyldig dato «31.02.2025»: datoen 31.02.2025 finnes ikke (februar 2025 har 28 dager)",
    ),
    (
        MINSTE + 'signert_avtale = "Bekreftet på e-post 31.02.2025"\n',
        "signert_avtale: felt 7 (",
    ),
    (
        MINSTE + 'signert_avtale = "Bekreftet 2025-13-01"\n',
        "måned 13 finnes ikke",
    ),
    (
        MINSTE + 'signert_avtale = "Signert 28/02/2025"\n',
        "Ugyldig dato «28/02/2025»: forstår ikke datoen",
    ),
    (
        MINSTE + 'milepaeler = ["Sluttrapport – mars 2028"]\n',
        "milepaeler[0].tid: tidspunktet mangler",
    ),
    (
        MINSTE + '[[milepaeler]]\nbeskrivelse = "Oppstart: 31.02.2026"\n',
        "milepaeler[0].tid: Ugyldig periode «31.02.2026»: datoen 31.02.2026 finnes ikke",
    ),
]


@pytest.mark.parametrize(
    ("innhold", "forventet"), UGYLDIGE, ids=[f.split(":")[0] for _, f in UGYLDIGE]
)
def test_a_malformed_file_names_the_field_path_and_the_problem(
    tmp_path: Path, innhold: str, forventet: str
) -> None:
    melding = feilmelding(skriv(tmp_path, innhold))
    assert melding.startswith("soknad.toml: ")
    assert forventet in melding


def test_a_wrong_side_value_names_the_allowed_values_in_bokmal(tmp_path: Path) -> None:
    innhold = MINSTE + KONTAKT.replace('side = "kommune"', 'side = "kommunen"')
    melding = feilmelding(skriv(tmp_path, innhold))
    assert "kontaktpersoner[0].side: må være en av: " in melding
    assert "'kommune'" in melding
    assert "'helseforetak'" in melding
    assert " or " not in melding  # pydantic's English list, not bokmål


def test_a_per_year_row_spanning_several_years_is_refused(tmp_path: Path) -> None:
    innhold = MINSTE + '[[budsjett.per_aar]]\naar = 2027\nbelop = "10 mill over 5 år"\n'
    melding = feilmelding(skriv(tmp_path, innhold))
    assert "budsjett.per_aar[0].belop: " in melding


def test_the_same_year_listed_twice_is_refused_not_silently_dropped(tmp_path: Path) -> None:
    innhold = MINSTE + (
        '[[budsjett.per_aar]]\naar = 2026\nbelop = "kr 400 000"\n'
        '[[budsjett.per_aar]]\naar = 2026\nbelop = "kr 600 000"\n'
    )
    melding = feilmelding(skriv(tmp_path, innhold))
    assert "budsjett" in melding
    assert "2026" in melding


def test_every_problem_in_a_file_is_listed(tmp_path: Path) -> None:
    innhold = 'runde = "neste"\nukjent = 1\n' + KONTAKT.replace('"kommune"', '"kommunen"')
    melding = feilmelding(skriv(tmp_path, innhold))
    assert "runde: må være et heltall" in melding
    assert "prosjektnavn: mangler" in melding
    assert "ukjent: er ikke et kjent felt" in melding
    assert "kontaktpersoner[0].side: " in melding
    assert melding.count("; ") == 3


def test_a_json_file_gets_the_same_messages(tmp_path: Path) -> None:
    data = {"runde": 2026, "kontaktpersoner": [{"navn": "A", "epost": "a@", "side": "kommune"}]}
    melding = feilmelding(skriv(tmp_path, json.dumps(data), navn="soknad.json"))
    assert melding.startswith("soknad.json: ")
    assert "prosjektnavn: mangler" in melding
    assert "kontaktpersoner[0].epost: «a@» er ikke en gyldig e-postadresse" in melding


@pytest.mark.parametrize("navn", ["soknad.txt", "soknad.yaml", "soknad"])
def test_a_file_that_is_neither_toml_nor_json_is_refused(tmp_path: Path, navn: str) -> None:
    melding = feilmelding(skriv(tmp_path, MINSTE, navn=navn))
    assert melding == f"{navn}: bruk en .toml- eller .json-fil"


def test_malformed_toml_is_refused_naming_the_file(tmp_path: Path) -> None:
    melding = feilmelding(skriv(tmp_path, 'runde = 2026\nprosjektnavn = "uten slutt\n'))
    assert melding.startswith("soknad.toml kan ikke leses: ")


def test_malformed_json_is_refused_naming_the_file(tmp_path: Path) -> None:
    melding = feilmelding(skriv(tmp_path, '{"runde": 2026,', navn="soknad.json"))
    assert melding.startswith("soknad.json kan ikke leses: ")


def test_a_file_that_is_not_utf8_is_refused_naming_the_file(tmp_path: Path) -> None:
    fil = tmp_path / "soknad.toml"
    fil.write_bytes('runde = 2026\nprosjektnavn = "Sør"\n'.encode("latin-1"))
    assert feilmelding(fil).startswith("soknad.toml kan ikke leses: ")


def test_a_json_file_that_is_not_a_table_is_refused(tmp_path: Path) -> None:
    melding = feilmelding(skriv(tmp_path, "[1, 2]", navn="soknad.json"))
    assert melding == "soknad.json må inneholde en tabell med søknadens felt"


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    fil = tmp_path / "finnes-ikke.toml"
    assert feilmelding(fil) == f"Finner ikke filen {fil}"


@pytest.mark.parametrize(
    ("linje", "felt"),
    [
        ('prosjektnavn = "Ungdom\\r\\nBcc: x@y.no"', "prosjektnavn"),
        ('prosjektnavn = "Ungdom\\u0000"', "prosjektnavn"),
        ('prosjektnavn = "\\u202eUngdom"', "prosjektnavn"),
    ],
)
def test_a_soknad_file_with_a_control_character_in_a_one_line_field_is_refused_17(
    tmp_path: Path, linje: str, felt: str
) -> None:
    fil = skriv(tmp_path, f"runde = 2026\n{linje}\n")
    assert f"{felt}: Feltet kan ikke inneholde linjeskift eller kontrolltegn" in feilmelding(fil)


def test_a_contact_name_with_crlf_in_a_soknad_file_is_refused_17(tmp_path: Path) -> None:
    """#17: the contact name `Eve\\r\\nBcc: …` stopped every e-mail after it."""
    fil = skriv(tmp_path, MINSTE + KONTAKT.replace("Eva Dønnes", "Eve\\r\\nBcc: x@y.no"))
    assert "kontaktpersoner[0].navn: Feltet kan ikke inneholde linjeskift" in feilmelding(fil)


def test_a_description_keeps_its_lines_as_lf_but_not_a_nul(tmp_path: Path) -> None:
    fil = skriv(tmp_path, MINSTE + 'beskrivelse = "Mål\\r\\nMålgruppe\\tungdom"\n')
    assert les_soknadsfil(fil).beskrivelse == "Mål\nMålgruppe\tungdom"
    fil = skriv(tmp_path, MINSTE + 'beskrivelse = "Mål\\u0000"\n')
    assert "beskrivelse: Feltet kan ikke inneholde kontrolltegn" in feilmelding(fil)
