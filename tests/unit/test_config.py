"""Loading config.toml: absolute paths, environment overrides and bokmål errors."""

from __future__ import annotations

import os
from datetime import time
from pathlib import Path

import pytest
from pydantic import SecretStr

from tilskudd_flow.config import (
    CONFIG_ENV,
    Innstillinger,
    UgyldigKonfigurasjon,
    finn_konfigurasjonsfil,
    last_innstillinger,
)

REPO = Path(__file__).resolve().parents[2]
KONFIG = REPO / "config.toml"


@pytest.fixture(autouse=True)
def uten_tilskudd_miljo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test starts without TILSKUDD_* variables from the shell that runs the tests."""
    for navn in list(os.environ):
        if navn.upper().startswith("TILSKUDD_"):
            monkeypatch.delenv(navn)


def skriv(mappe: Path, innhold: str, navn: str = "config.toml") -> Path:
    fil = mappe / navn
    fil.write_text(innhold, encoding="utf-8")
    return fil


def feilmelding(fil: Path) -> str:
    with pytest.raises(UgyldigKonfigurasjon) as feil:
        last_innstillinger(fil)
    return str(feil.value)


def test_the_repository_config_loads_with_its_values() -> None:
    innstillinger = last_innstillinger(KONFIG)
    assert innstillinger.tidssone == "Europe/Oslo"
    assert innstillinger.base_url == "http://127.0.0.1:8000"
    assert innstillinger.standard_helsefellesskap == "helgeland"
    assert innstillinger.arbeidsflyt.pakker == ["workflows"]
    assert innstillinger.smtp.port == 25
    assert innstillinger.smtp.sikkerhet == "ingen"
    assert innstillinger.smtp.passord.get_secret_value() == ""
    assert innstillinger.database.sqlite_synchronous == "FULL"
    assert innstillinger.database.sqlite_busy_timeout_ms == 10_000
    hf = innstillinger.helsefellesskap_innstillinger("helgeland")
    assert hf.navn == "Helsefellesskap Helgeland"
    assert hf.mottakere["sekretariat"] == ["samhandling@helgelandssykehuset.example"]
    assert hf.mottakere["helse_nord"] == ["postmottak@helse-nord.example"]


@pytest.mark.parametrize(
    ("nokkel", "maaned", "dag", "aar", "virkedag"),
    [
        ("soknadsfrist", 10, 1, -1, "fremover"),
        ("oversendelse_helse_nord", 11, 1, -1, "bakover"),
        ("avtale_innspill", 6, 1, 0, "fremover"),
    ],
)
def test_the_repository_config_declares_the_deadlines(
    nokkel: str, maaned: int, dag: int, aar: int, virkedag: str
) -> None:
    frist = last_innstillinger(KONFIG).frister[nokkel]
    assert (frist.maaned, frist.dag, frist.aar, frist.virkedag) == (maaned, dag, aar, virkedag)
    assert frist.klokkeslett == time(23, 59, 59)


def test_relative_paths_become_absolute_relative_to_the_config_file() -> None:
    innstillinger = last_innstillinger(KONFIG)
    assert innstillinger.data_dir == REPO / "data"
    assert innstillinger.varsler.maler == REPO / "notifications"
    assert innstillinger.data_dir.is_absolute()
    assert innstillinger.varsler.maler.is_absolute()


def test_relative_paths_do_not_depend_on_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    innstillinger = last_innstillinger(KONFIG)
    assert innstillinger.data_dir == REPO / "data"
    assert innstillinger.varsler.maler == REPO / "notifications"


def test_a_config_given_by_a_relative_path_resolves_against_its_own_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "etc").mkdir()
    skriv(tmp_path / "etc", 'data_dir = "var/data"\n[varsler]\nmaler = "../maler"\n')
    monkeypatch.chdir(tmp_path)
    innstillinger = last_innstillinger(Path("etc/config.toml"))
    assert innstillinger.data_dir == tmp_path / "etc" / "var" / "data"
    assert innstillinger.varsler.maler == tmp_path / "etc" / ".." / "maler"


def test_absolute_paths_are_kept(tmp_path: Path) -> None:
    data = tmp_path / "andre" / "data"
    maler = tmp_path / "maler"
    fil = skriv(
        tmp_path, f'data_dir = "{data.as_posix()}"\n[varsler]\nmaler = "{maler.as_posix()}"\n'
    )
    innstillinger = last_innstillinger(fil)
    assert innstillinger.data_dir == data
    assert innstillinger.varsler.maler == maler


def test_database_url_defaults_to_a_sqlite_file_in_the_data_dir() -> None:
    innstillinger = last_innstillinger(KONFIG)
    assert innstillinger.database_url() == f"sqlite:///{REPO / 'data' / 'tilskudd.db'}"


def test_an_empty_file_gives_the_defaults(tmp_path: Path) -> None:
    innstillinger = last_innstillinger(skriv(tmp_path, ""))
    assert innstillinger.data_dir == tmp_path / "data"
    assert innstillinger.varsler.maler == tmp_path / "notifications"
    assert innstillinger.database_url() == f"sqlite:///{tmp_path / 'data' / 'tilskudd.db'}"
    assert innstillinger.arbeidsflyt.pakker == ["workflows"]
    assert innstillinger.helsefellesskap == {}


def test_a_configured_database_url_is_used_as_written(tmp_path: Path) -> None:
    url = "postgresql+psycopg://tilskudd@db.example/tilskudd"
    innstillinger = last_innstillinger(skriv(tmp_path, f'[database]\nurl = "{url}"\n'))
    assert innstillinger.database_url() == url


def test_the_smtp_password_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TILSKUDD_SMTP__PASSORD", "hemmelig-passord")
    innstillinger = last_innstillinger(KONFIG)
    assert isinstance(innstillinger.smtp.passord, SecretStr)
    assert innstillinger.smtp.passord.get_secret_value() == "hemmelig-passord"
    assert "hemmelig-passord" not in repr(innstillinger)
    assert "hemmelig-passord" not in str(innstillinger.smtp)


def test_an_environment_override_keeps_the_rest_of_the_section_from_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fil = skriv(
        tmp_path,
        '[smtp]\nhost = "smtp.example"\nport = 587\nsikkerhet = "starttls"\npassord = "fil"\n',
    )
    monkeypatch.setenv("TILSKUDD_SMTP__PASSORD", "fra-miljoet")
    smtp = last_innstillinger(fil).smtp
    assert smtp.passord.get_secret_value() == "fra-miljoet"
    assert (smtp.host, smtp.port, smtp.sikkerhet) == ("smtp.example", 587, "starttls")


def test_the_database_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    url = "postgresql+psycopg://tilskudd:pw@db.example/tilskudd"
    monkeypatch.setenv("TILSKUDD_DATABASE__URL", url)
    innstillinger = last_innstillinger(KONFIG)
    assert innstillinger.database.url == url
    assert innstillinger.database_url() == url
    assert innstillinger.database.sqlite_busy_timeout_ms == 10_000


def test_the_base_url_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TILSKUDD_BASE_URL", "https://tilskudd.helgeland.example")
    assert last_innstillinger(KONFIG).base_url == "https://tilskudd.helgeland.example"


def test_the_config_file_may_be_named_by_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fil = skriv(tmp_path, 'base_url = "https://fra-fil.example"\n', navn="annen.toml")
    monkeypatch.setenv(CONFIG_ENV, str(fil))
    assert finn_konfigurasjonsfil() == fil
    innstillinger = last_innstillinger()
    assert innstillinger.base_url == "https://fra-fil.example"
    assert innstillinger.data_dir == tmp_path / "data"


def test_a_given_path_wins_over_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(CONFIG_ENV, str(tmp_path / "fra-miljo.toml"))
    assert finn_konfigurasjonsfil(KONFIG) == KONFIG


def test_without_a_path_or_environment_the_file_is_config_toml_in_the_working_dir() -> None:
    assert finn_konfigurasjonsfil() == Path("config.toml")


def test_an_invalid_environment_value_names_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TILSKUDD_SMTP__PORT", "abc")
    melding = feilmelding(KONFIG)
    assert "smtp.port: må være et heltall" in melding


@pytest.mark.parametrize(
    ("innhold", "forventet"),
    [
        ('ukjent = "x"\n', "ukjent: er ikke et kjent felt"),
        ('[smtp]\nvert = "smtp.example"\n', "smtp.vert: er ikke et kjent felt"),
        ('[smtp]\nport = "abc"\n', "smtp.port: må være et heltall"),
        ("[smtp]\nport = 0\n", "smtp.port: må være minst 1"),
        ("[smtp]\nport = 70000\n", "smtp.port: kan være høyst 65535"),
        (
            '[frister.x]\nnavn = "Frist"\nmaaned = 2\ndag = 30\n',
            "frister.x.dag: dag 30 finnes ikke i måned 2",
        ),
        (
            '[frister.x]\nnavn = "Frist"\nmaaned = 13\ndag = 1\n',
            "frister.x.maaned: kan være høyst 12",
        ),
        (
            '[frister.x]\nnavn = "Frist"\ndag = 1\n',
            "frister.x: oppgi enten maaned og dag, eller uke og ukedag",
        ),
        (
            '[frister.x]\nnavn = "Frist"\nmaaned = 6\ndag = 1\naar = 3\n',
            "frister.x.aar: kan være høyst 2",
        ),
        ('tidssone = "Europe/Atlantis"\n', "tidssone: ukjent tidssone «Europe/Atlantis»"),
        ('[helsefellesskap.x]\navsender = "a@b.example"\n', "helsefellesskap.x.navn: mangler"),
        (
            '[helsefellesskap.x]\nnavn = ""\navsender = "a@b.example"\n',
            "helsefellesskap.x.navn: kan ikke være tom",
        ),
        (
            "[database]\nsqlite_busy_timeout_ms = -1\n",
            "database.sqlite_busy_timeout_ms: må være minst 0",
        ),
        ('[arbeidsflyt]\npakker = "workflows"\n', "arbeidsflyt.pakker: må være en liste"),
        ('smtp = "smtp.example"\n', "smtp: må være en tabell"),
    ],
    ids=[
        "unknown-key",
        "unknown-key-in-section",
        "port-not-a-number",
        "port-too-low",
        "port-too-high",
        "day-not-in-month",
        "month-13",
        "month-missing",
        "year-offset-too-large",
        "unknown-time-zone",
        "hf-name-missing",
        "hf-name-empty",
        "negative-timeout",
        "packages-not-a-list",
        "section-not-a-table",
    ],
)
def test_invalid_config_names_the_key_and_the_reason(
    tmp_path: Path, innhold: str, forventet: str
) -> None:
    fil = skriv(tmp_path, innhold)
    melding = feilmelding(fil)
    assert melding.startswith(f"Ugyldig konfigurasjon i {fil}: ")
    assert forventet in melding


@pytest.mark.parametrize(
    ("innhold", "nokkel", "verdier"),
    [
        ('[smtp]\nsikkerhet = "ssl"\n', "smtp.sikkerhet", ("ingen", "starttls", "tls")),
        (
            '[frister.x]\nnavn = "F"\nmaaned = 6\ndag = 1\nvirkedag = "neste"\n',
            "frister.x.virkedag",
            ("ingen", "fremover", "bakover"),
        ),
    ],
    ids=["smtp-sikkerhet", "frist-virkedag"],
)
def test_a_value_outside_the_allowed_choices_is_explained_in_bokmal(
    tmp_path: Path, innhold: str, nokkel: str, verdier: tuple[str, ...]
) -> None:
    melding = feilmelding(skriv(tmp_path, innhold))
    assert f"{nokkel}: må være en av: " in melding
    for verdi in verdier:
        assert verdi in melding
    assert " or " not in melding  # pydantic's English list, not bokmål


def test_every_error_is_reported_not_only_the_first(tmp_path: Path) -> None:
    fil = skriv(tmp_path, 'ukjent = 1\ntidssone = "Mars/Olympus"\n[smtp]\nport = "abc"\n')
    melding = feilmelding(fil)
    assert "ukjent: er ikke et kjent felt" in melding
    assert "tidssone: ukjent tidssone «Mars/Olympus»" in melding
    assert "smtp.port: må være et heltall" in melding
    assert melding.count("; ") == 2


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    fil = tmp_path / "finnes-ikke.toml"
    assert feilmelding(fil) == f"Finner ikke konfigurasjonsfilen {fil}"


def test_malformed_toml_is_refused_naming_the_file(tmp_path: Path) -> None:
    fil = skriv(tmp_path, 'base_url = "http://x\n[smtp\n')
    melding = feilmelding(fil)
    assert melding.startswith(f"Ugyldig TOML i {fil}: ")
    assert "line 1" in melding


def test_an_unknown_helsefellesskap_is_named() -> None:
    innstillinger = last_innstillinger(KONFIG)
    with pytest.raises(UgyldigKonfigurasjon, match=r"^helsefellesskap\.nordland: mangler"):
        innstillinger.helsefellesskap_innstillinger("nordland")


def test_sone_is_the_configured_time_zone() -> None:
    innstillinger: Innstillinger = last_innstillinger(KONFIG)
    assert innstillinger.sone.key == "Europe/Oslo"


@pytest.mark.parametrize(
    ("innhold", "https"),
    [
        ('base_url = "https://samhandling.example.no"\n', True),
        ('base_url = "http://127.0.0.1:8000"\n', False),
        ('base_url = "https://samhandling.example.no"\n[web]\nsikre_informasjonskapsler = false\n',
         False),
        ('base_url = "http://intern.example"\n[web]\nsikre_informasjonskapsler = true\n', True),
    ],
)  # fmt: skip
def test_secure_cookies_and_hsts_follow_an_https_base_url_unless_overruled(
    tmp_path: Path, innhold: str, https: bool
) -> None:
    """Bug: cookies were not Secure by default even when base_url was https."""
    assert last_innstillinger(skriv(tmp_path, innhold)).https is https


def test_a_form_limit_below_the_file_limit_is_refused(tmp_path: Path) -> None:
    """A form must hold at least one whole file, or the per-file message could never show."""
    fil = skriv(tmp_path, "[vedlegg]\nmaks_mb = 20\nmaks_skjema_mb = 10\n")
    assert "maks_skjema_mb må være minst like stor som maks_mb" in feilmelding(fil)


HF_MED_ALIASER = """
[helsefellesskap.helgeland]
navn = "Helsefellesskap Helgeland"
avsender = "samhandling@helgelandssykehuset.example"
[helsefellesskap.helgeland.aliaser]
"""


def test_party_aliases_are_typed_and_normalised(tmp_path: Path) -> None:
    innhold = HF_MED_ALIASER + '"Helgelandssykehuset HF" = ["HSYK", "  Sykehuset  på Helgeland"]\n'
    oppsett = last_innstillinger(skriv(tmp_path, innhold)).helsefellesskap["helgeland"]
    assert oppsett.partaliaser() == {
        "hsyk": "Helgelandssykehuset HF",
        "sykehuset på helgeland": "Helgelandssykehuset HF",
    }


def test_the_repository_config_knows_the_hospital_trusts_everyday_names() -> None:
    oppsett = last_innstillinger(KONFIG).helsefellesskap["helgeland"]
    assert oppsett.partaliaser()["hsyk"] == "Helgelandssykehuset HF"


@pytest.mark.parametrize(
    ("aliaser", "melding"),
    [
        (
            '"Vefsn kommune" = ["Mosjøen"]\n"Rana kommune" = ["mosjøen"]\n',
            "aliaset «mosjøen» peker på to parter: «Vefsn kommune» og «Rana kommune»",
        ),
        (
            '"Vefsn kommune" = ["Rana kommune"]\n"Rana kommune" = []\n',
            "aliaset «Rana kommune» peker på to parter",
        ),
        ('"Vefsn kommune" = ["  "]\n', "«Vefsn kommune»: et alias kan ikke være tomt"),
        ('"Vefsn kommune" = "Mosjøen"\n', "helsefellesskap.helgeland.aliaser.Vefsn kommune"),
    ],
)
def test_an_alias_pointing_at_two_parties_stops_the_start_up(
    tmp_path: Path, aliaser: str, melding: str
) -> None:
    assert melding in feilmelding(skriv(tmp_path, HF_MED_ALIASER + aliaser))
