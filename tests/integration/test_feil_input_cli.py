"""Bad input gets a one-line error, a non-zero exit code, and leaves nothing half-written."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.conftest import Cli
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import SOKNADSMAPPE

SEKR = "samhandlingssjef"
TABELLER = ("workflow_case", "soknad", "audit_entry", "outbox_message", "person", "vedlegg")


def _antall(app: App) -> dict[str, int]:
    with app.engine.connect() as tilkobling:
        return {
            t: int(tilkobling.execute(sa.text(f"SELECT count(*) FROM {t}")).scalar_one())
            for t in TABELLER
        }


def _lagrede_filer(app: App) -> list[str]:
    mappe = app.innstillinger.data_dir / app.innstillinger.vedlegg.mappe
    return sorted(str(f) for f in mappe.rglob("*") if f.is_file()) if mappe.exists() else []


def _soknadsfil(tmp_path: Path, **endringer: object) -> Path:
    tekst = (SOKNADSMAPPE / "kols-oppfolging.toml").read_text(encoding="utf-8")
    for gammel, ny in endringer.items():
        tekst = tekst.replace(gammel.replace("__", " "), str(ny))
    fil = tmp_path / "soknad.toml"
    fil.write_text(tekst, encoding="utf-8")
    for vedlegg in (SOKNADSMAPPE / "vedlegg").iterdir():
        (tmp_path / "vedlegg").mkdir(exist_ok=True)
        (tmp_path / "vedlegg" / vedlegg.name).write_bytes(vedlegg.read_bytes())
    return fil


@pytest.mark.parametrize(
    ("argumenter", "som", "melding"),
    [
        (["sak", "vis", "999"], SEKR, "Finner ingen sak med id 999"),
        (["sak", "hendelse", "999", "vurder"], SEKR, "Finner ingen sak med id 999"),
        (
            ["sak", "hendelse", "{sak}", "oversend"],
            SEKR,
            "«Oversend Helse Nord» er ikke mulig når saken er «Mottatt» (mottatt). "
            "Mulige hendelser: returner_som_mangelfull",
        ),
        (["sak", "hendelse", "{sak}", "fly"], SEKR, "RS-søknad har ingen hendelse «fly»"),
        (
            ["sak", "hendelse", "{sak}", "vurder", "-f", "farge=blå"],
            SEKR,
            "farge: ukjent felt for denne hendelsen (kjente felt: vurdering, avtale_bekreftelse)",
        ),
        (
            ["sak", "hendelse", "{sak}", "returner_som_mangelfull"],
            SEKR,
            "kommentar: denne hendelsen krever en kommentar",
        ),
        (
            ["sak", "hendelse", "{sak}", "vurder", "-f", "vurdering"],
            SEKR,
            "«vurdering» må skrives som navn=verdi",
        ),
        (
            ["sak", "hendelse", "{sak}", "vurder", "--versjon", "1"],
            SEKR,
            "Saken er endret siden du lastet den (versjon 1, nå 2)",
        ),
        (
            ["sak", "hendelse", "{sak}", "vurder"],
            "ssu.medlem",
            "«Vurder» kan bare utføres av: sekretariat (ssu.medlem har ssu-medlem)",
        ),
        (["sak", "hendelse", "{sak}", "trekk"], "vefsn.soker", "Finner ingen sak med id"),
        (["sak", "vis", "AVT-{sak}"], SEKR, "sak {sak} er RS-{sak}, ikke AVT-{sak}"),
        (["sak", "hendelse", "FSU-{sak}", "vurder"], SEKR, "sak {sak} er RS-{sak}, ikke FSU-{sak}"),
        (["sak", "historikk", "XY-{sak}"], SEKR, "«XY» er ikke en sakstype; kjente referanser:"),
        (["sak", "vis", "RS 12"], SEKR, "«RS 12» er ikke en sak: skriv nummeret (12) eller"),
        (["utboks", "liste", "--sak", "AVT-{sak}"], SEKR, "sak {sak} er RS-{sak}, ikke AVT-{sak}"),
        (["saker"], "ukjent.bruker", "Ukjent bruker «ukjent.bruker»"),
        (["soknad", "send-inn", "finnes-ikke.toml"], "rana.soker", "Finner ikke filen"),
        (  # #17: a line break in a one-line field reached e-mail headers
            [
                "sak",
                "hendelse",
                "{sak}",
                "vurder",
                "-f",
                "vurdering=ok",
                "-f",
                "avtale_bekreftelse=Eve\r\nBcc: x@y.no",
            ],
            SEKR,
            "avtale_bekreftelse: Feltet kan ikke inneholde linjeskift eller kontrolltegn (fant",
        ),
        (
            ["sak", "hendelse", "{sak}", "vurder", "-f", "vurdering=ok", "-k", "ok\u202e"],
            SEKR,
            "kommentar: Feltet kan ikke inneholde kontrolltegn",
        ),
        (
            [
                "bruker",
                "opprett",
                "eve\n",
                "--navn",
                "Eve\r\nBcc: x@y.no",
                "--epost",
                "eve@x.example",
                "--rolle",
                "sekretariat",
            ],
            "admin",
            "bindestrek; navn: Feltet kan ikke inneholde linjeskift eller kontrolltegn",
        ),
        (
            [
                "ssu-sak",
                "ny",
                "Rutine\r\nBcc: x@y.no",
                "--type",
                "droftingssak",
                "--eier",
                "Rana\u202e",
            ],
            SEKR,
            "tittel: Feltet kan ikke inneholde linjeskift eller kontrolltegn (fant U+000D); "
            "eier: Feltet kan ikke inneholde linjeskift eller kontrolltegn (fant U+202E)",
        ),
        (
            [
                "ssu-medlem",
                "ny",
                "Eve\r\nBcc: x@y.no",
                "--epost",
                "eve@x.example",
                "--side",
                "kommune",
            ],
            SEKR,
            "navn: Feltet kan ikke inneholde linjeskift eller kontrolltegn",
        ),
        (
            ["fsu", "foreslaa", "--navn", "FSU Rus", "--mandat", "Linje 1\r\nLinje 2\x00"],
            SEKR,
            "mandat: Feltet kan ikke inneholde kontrolltegn (linjeskift og tabulator går bra)",
        ),
        (  # the vedtak heads the ranked list sent to Helse Nord
            [
                "runde",
                "prioriter",
                "2026",
                "--vedtak",
                "Sak 31\r\nBcc: x@y.no",
                "--plass",
                "{sak}=regional",
            ],
            SEKR,
            "vedtak: Feltet kan ikke inneholde linjeskift eller kontrolltegn",
        ),
    ],
)
def test_refusals_name_what_was_wrong_and_change_nothing(
    cli: Cli, app: App, argumenter: list[str], som: str, melding: str
) -> None:
    cli.ok("demo", "last")
    saker = cli.json("saker", "--tilstand", "mottatt", som=SEKR)
    sak = next(r["id"] for r in saker if "KOLS" in r["tittel"])  # Rana and Hemnes, not Vefsn
    for_ = _antall(app)
    resultat = cli(*[a.replace("{sak}", str(sak)) for a in argumenter], som=som)
    assert resultat.exit_code == 1
    assert resultat.stdout == ""
    assert resultat.stderr.startswith("feil: ")
    assert melding.replace("{sak}", str(sak)) in resultat.stderr
    assert resultat.stderr.count("\n") == 1
    assert _antall(app) == for_


@pytest.mark.parametrize(
    ("endring", "melding"),
    [
        ({'prosjektnavn__=__"Digital': 'prosjektnavn = ""#'}, "prosjektnavn: kan ikke være tom"),
        (
            {'navn = "Hanne Lien"': 'navn = "Eve\\r\\nBcc: x@y.no"'},
            "kontaktpersoner[0].navn: Feltet kan ikke inneholde linjeskift eller kontrolltegn",
        ),
        ({'prosjektnavn__=__"Digital': 'prosjektnavn = "\\u202eDigital'}, "prosjektnavn: Feltet"),
        (
            {"hanne.lien@rana.kommune.example": "hanne.lien@"},
            "kontaktpersoner[0].epost: «hanne.lien@»",
        ),
        (
            {'"Kr. 500.000, -"\n\n[[milepaeler]]': '"fem hundre tusen"\n\n[[milepaeler]]'},
            "budsjett.per_aar[0].belop: Ugyldig beløp «fem hundre tusen»",
        ),
        ({'side = "kommune"': 'side = "stat"'}, "kontaktpersoner[0].side: må være en av"),
        ({'tid = "juni 2027"': 'tid = "snart"'}, "milepaeler[0].tid: Ugyldig periode «snart»"),
        ({"runde = 2026": "runde = 2026\nfarge = 1"}, "farge: er ikke et kjent felt"),
        (
            {'kommuner = ["Rana", "Hemnes"]': 'kommuner = ["Rana", "Oslo"]'},
            "kommuner[1]: finner ingen kommune «Oslo»",
        ),
        ({"signert-avtale-kols.pdf": "borte.pdf"}, "vedlegg[0].fil: finner ikke filen"),
        ({"runde = 2026": "runde = 2031"}, "Finner ingen søknadsrunde for 2031"),
        ({"runde = 2026": "runde = ["}, "kan ikke leses"),
    ],
)
def test_a_malformed_soknad_file_names_the_field_and_writes_nothing(
    cli: Cli, app: App, tmp_path: Path, endring: dict[str, str], melding: str
) -> None:
    cli.ok("demo", "last")
    for_ = _antall(app)
    fil = _soknadsfil(tmp_path)
    tekst = fil.read_text(encoding="utf-8")
    for gammel, ny in endring.items():
        assert gammel.replace("__", " ") in tekst
        tekst = tekst.replace(gammel.replace("__", " "), ny)
    fil.write_text(tekst, encoding="utf-8")
    resultat = cli("soknad", "send-inn", str(fil), som="rana.soker", naa="2025-09-20T10:00")
    assert resultat.exit_code == 1, resultat.stdout
    assert melding in resultat.stderr
    assert _antall(app) == for_


def test_a_soknad_after_the_deadline_is_refused_and_nothing_is_kept(cli: Cli, app: App) -> None:
    cli.ok("demo", "last")
    for_, filer_for = _antall(app), _lagrede_filer(app)
    fil = SOKNADSMAPPE / "kols-oppfolging.toml"
    resultat = cli("soknad", "send-inn", str(fil), som="rana.soker", naa="2025-10-02T00:00")
    assert resultat.exit_code == 1
    assert "Søknadsfristen 1. oktober 2025 er passert" in resultat.stderr
    assert _antall(app) == for_
    assert _lagrede_filer(app) == filer_for  # the attachments were stored, then removed


def test_a_json_soknad_file_is_accepted(cli: Cli, tmp_path: Path) -> None:
    cli.ok("demo", "last")
    dokument = {
        "runde": 2026,
        "prosjektnavn": "Et utkast i JSON",
        "kommuner": ["1824"],
        "helseforetak": "Helgelandssykehuset HF",
    }
    fil = tmp_path / "utkast.json"
    fil.write_text(json.dumps(dokument), encoding="utf-8")
    ut = cli.ok("soknad", "send-inn", str(fil), "--utkast", som="vefsn.soker")
    assert "lagret som utkast" in ut


def test_an_unmigrated_database_gives_a_clear_instruction(
    cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TILSKUDD_DATABASE__URL", f"sqlite:///{tmp_path / 'tom.db'}")
    resultat = cli("saker", som=SEKR)
    assert resultat.exit_code == 3
    assert "tilskudd database migrer" in resultat.stderr
