"""The command line's own words in bokmål (issue 21): «Usage», «Options», «Show this
message and exit», «No such command» and pydantic's «Value error, …» were English."""

from __future__ import annotations

from pathlib import Path

from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po
from typer.testing import CliRunner

from tilskudd_flow.cli.bokmaal import KATALOG, oversett
from tilskudd_flow.cli.main import app

ENGELSK = ("Usage", "Options", "Show this message", "No such", "Missing", "Value error", "Try ")


def kjor(*argumenter: str) -> str:
    resultat = CliRunner().invoke(
        app, list(argumenter), prog_name="tilskudd", env={"COLUMNS": "120"}
    )
    return resultat.output


def test_help_is_in_bokmaal() -> None:
    hjelp = kjor("--help")
    assert "Bruk: tilskudd [VALG] KOMMANDO [ARGUMENTER]..." in hjelp
    assert "Vis denne meldingen og avslutt." in hjelp
    assert "Valg" in hjelp and "Kommandoer" in hjelp
    assert not [ord_ for ord_ in ENGELSK if ord_ in hjelp]


def test_a_subcommands_help_is_in_bokmaal() -> None:
    hjelp = kjor("sak", "vis", "--help")
    assert "Bruk: tilskudd sak vis [VALG]" in hjelp
    assert "Argumenter" in hjelp and "[påkrevd]" in hjelp
    assert "<tekst>" in hjelp and "<str>" not in hjelp and "<bool>" not in hjelp
    assert not [ord_ for ord_ in ENGELSK if ord_ in hjelp]


def test_an_unknown_command_is_refused_in_bokmaal() -> None:
    feil = kjor("finnesikke")
    assert "Kommandoen 'finnesikke' finnes ikke." in feil
    assert "Skriv 'tilskudd --help' for hjelp." in feil
    assert not [ord_ for ord_ in ENGELSK if ord_ in feil]


def test_a_bad_value_is_refused_in_bokmaal_without_value_error() -> None:
    feil = kjor("utboks", "send-igjen", "abc")
    assert "Ugyldig verdi for 'melding_id': må være et heltall" in feil
    assert not [ord_ for ord_ in ENGELSK if ord_ in feil]


def test_a_missing_argument_and_an_unknown_option_are_refused_in_bokmaal() -> None:
    assert "Mangler argumentet 'SAK'." in kjor("sak", "vis")
    assert "Valget --bogus finnes ikke" in kjor("saker", "--bogus")


def test_messages_with_a_value_inside_are_translated_whole() -> None:
    assert oversett("Invalid value for '--dato': Value error, ugyldig dato") == (
        "Ugyldig verdi for '--dato': ugyldig dato"
    )
    assert oversett("No such command 'x'.") == "Kommandoen 'x' finnes ikke."
    assert oversett("Noe vi ikke kjenner") == "Noe vi ikke kjenner"


def test_the_shipped_catalog_is_compiled_from_its_source() -> None:
    kilde = KATALOG.with_suffix(".po")
    with kilde.open("rb") as po, Path(KATALOG).open("rb") as mo:
        fra_po = {m.id: m.string for m in read_po(po) if m.id}
        fra_mo = {m.id: m.string for m in read_mo(mo) if m.id}
    assert fra_mo == fra_po, "kompiler click.po på nytt med pybabel compile"
