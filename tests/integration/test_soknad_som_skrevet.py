"""Issue 19 on a real database: party aliases, milestone lines, field 7 and contact details
kept as each søknad wrote them, through the CLI and the søknad file."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tests.conftest import Cli
from tilskudd_flow.adapters.migrering import migrer, nedgrader
from tilskudd_flow.bootstrap import App, bygg_app
from tilskudd_flow.config import UgyldigKonfigurasjon
from tilskudd_flow.demo.data import SOKNADSMAPPE

SEKR = "samhandlingssjef"
SOKER = "rana.soker"
PER_MO = "per.mo@helgelandssykehuset.example"


def _soknadsfil(tmp_path: Path, erstatt: dict[str, str]) -> Path:
    """The demo's KOLS søknad under a new name, with the given text replaced."""
    tekst = (SOKNADSMAPPE / "kols-oppfolging.toml").read_text(encoding="utf-8")
    tekst = tekst.replace("Digital hjemmeoppfølging", "Ny digital hjemmeoppfølging")
    for gammel, ny in erstatt.items():
        assert gammel in tekst, gammel
        tekst = tekst.replace(gammel, ny)
    (tmp_path / "vedlegg").mkdir(exist_ok=True)
    for vedlegg in (SOKNADSMAPPE / "vedlegg").iterdir():
        (tmp_path / "vedlegg" / vedlegg.name).write_bytes(vedlegg.read_bytes())
    fil = tmp_path / "soknad.toml"
    fil.write_text(tekst, encoding="utf-8")
    return fil


def _send_inn_utkast(cli: Cli, fil: Path) -> int:
    ut = cli.ok("soknad", "send-inn", str(fil), "--utkast", som=SOKER)
    return int(ut.rsplit("sak ", 1)[1].split()[0].rstrip(".\n"))


def _rader(app: App, sql: str, **verdier: Any) -> list[tuple[Any, ...]]:
    with app.engine.connect() as tilkobling:
        return [tuple(r) for r in tilkobling.execute(sa.text(sql), verdier)]


def _parter(app: App, sak: int) -> list[tuple[str, str]]:
    return sorted(
        (str(navn), str(rolle))
        for navn, rolle in _rader(
            app,
            "SELECT part.navn, soknad_part.rolle FROM soknad_part "
            "JOIN part ON part.id = soknad_part.part_id WHERE soknad_part.soknad_id = :sak",
            sak=sak,
        )
    )


def test_the_hospital_trust_and_kommuner_are_found_by_everyday_names_and_aliases(
    cli: Cli, app: App, tmp_path: Path
) -> None:
    cli.ok("demo", "last")
    for helseforetak in ("Helgelandssykehuset", " hsyk "):
        erstatt = {
            'kommuner = ["Rana", "Hemnes"]': 'kommuner = ["  RANA  kommune ", "hemnes"]',
            'helseforetak = "Helgelandssykehuset HF"': f'helseforetak = "{helseforetak}"',
        }
        sak = _send_inn_utkast(cli, _soknadsfil(tmp_path, erstatt))
        assert _parter(app, sak) == [
            ("Helgelandssykehuset HF", "eier"),
            ("Hemnes kommune", "eier"),
            ("Rana kommune", "eier"),
        ]


def test_the_cli_finds_a_party_by_its_configured_alias(cli: Cli) -> None:
    cli.ok("demo", "last")
    assert "Helgelandssykehuset HF er medlem" in cli.ok("part", "medlem", "HSYK", "--ja", som=SEKR)


def test_an_alias_naming_no_party_stops_the_start_up_once_the_parties_exist(
    cli: Cli, app: App
) -> None:
    hf = app.innstillinger.helsefellesskap["helgeland"]
    feil = hf.model_copy(update={"aliaser": {"Helgelandssykehus HF": ["HSYK"]}})
    innstillinger = app.innstillinger.model_copy(update={"helsefellesskap": {"helgeland": feil}})
    bygg_app(innstillinger, engine=app.engine).klargjor()  # no parties yet: nothing to check
    cli.ok("demo", "last")
    with pytest.raises(UgyldigKonfigurasjon, match="«Helgelandssykehus HF» er ingen part"):
        bygg_app(innstillinger, engine=app.engine).klargjor()
    to = hf.model_copy(update={"aliaser": {"Helgelandssykehuset HF": ["Rana"]}})
    innstillinger = app.innstillinger.model_copy(update={"helsefellesskap": {"helgeland": to}})
    with pytest.raises(UgyldigKonfigurasjon, match=r"«Rana» .* peker dermed på to parter"):
        bygg_app(innstillinger, engine=app.engine).klargjor()


def test_a_title_written_in_the_soknad_stays_on_that_soknads_contact(
    cli: Cli, app: App, tmp_path: Path
) -> None:
    """Issue 19: the stored person's title replaced the one the søknad wrote."""
    cli.ok("demo", "last")
    erstatt = {
        'tittel = "Overlege, lungepoliklinikken"': 'tittel = "Prosjektleder KOLS"',
        'navn = "Per Mo"': 'navn = "Per Andreas Mo"',
    }
    sak = _send_inn_utkast(cli, _soknadsfil(tmp_path, erstatt))
    sql = (
        "SELECT soknad_kontakt.soknad_id, soknad_kontakt.navn, soknad_kontakt.tittel, "
        "person.navn, person.tittel FROM soknad_kontakt JOIN person "
        "ON person.id = soknad_kontakt.person_id WHERE person.epost = :epost "
        "ORDER BY soknad_kontakt.soknad_id"
    )
    (gammel, *_), ny = _rader(app, sql, epost=PER_MO)[0], _rader(app, sql, epost=PER_MO)[-1]
    assert ny == (sak, "Per Andreas Mo", "Prosjektleder KOLS", "Per Mo",
                  "Overlege, lungepoliklinikken")  # fmt: skip
    assert _rader(app, sql, epost=PER_MO)[0][1:3] == ("Per Mo", "Overlege, lungepoliklinikken")
    assert gammel != sak
    visning = cli.json("sak", "vis", str(sak), som=SEKR)
    assert (
        "Per Andreas Mo, Prosjektleder KOLS (helseforetak) <per.mo@helgelandssykehuset.example>"
        in visning["detaljer"]["Kontaktpersoner"]
    )


def test_a_milestone_line_is_split_and_an_impossible_field_7_date_is_refused(
    cli: Cli, app: App, tmp_path: Path
) -> None:
    cli.ok("demo", "last")
    milepael = (
        '[[milepaeler]]\nbeskrivelse = "Sluttrapport"\ntid = "juni 2027"\ntype = "sluttrapport"\n'
    )
    linje = 'milepaeler = ["Oppstart: høsten 2025"]\n'
    fil = _soknadsfil(tmp_path, {milepael: "", "runde = 2026\n": "runde = 2026\n" + linje})
    sak = _send_inn_utkast(cli, fil)
    rader = _rader(app, "SELECT beskrivelse, tid_tekst, start, slutt FROM milepael "
                   "WHERE soknad_id = :sak", sak=sak)  # fmt: skip
    assert [(str(b), str(t), str(s)[:10], str(e)[:10]) for b, t, s, e in rader] == [
        ("Oppstart", "høsten 2025", "2025-08-01", "2025-12-31")
    ]
    antall = _rader(app, "SELECT count(*) FROM soknad")
    ugyldig = _soknadsfil(
        tmp_path, {'signert_avtale = "2025-09-01"': 'signert_avtale = "31.02.2025"'}
    )
    resultat = cli("soknad", "send-inn", str(ugyldig), "--utkast", som=SOKER)
    assert resultat.exit_code != 0
    assert "signert_avtale: felt 7" in resultat.stderr
    assert "datoen 31.02.2025 finnes ikke" in resultat.stderr
    assert _rader(app, "SELECT count(*) FROM soknad") == antall


def test_the_migration_fills_existing_contacts_from_the_person_shown_before(
    cli: Cli, app: App
) -> None:
    cli.ok("demo", "last")
    # The demo's e-mails are rendered when delivered (0020): going back past 0020 needs the
    # queue drained first, as an operator would (the local mail collector takes them).
    cli.ok("epost", "send")
    nedgrader(app.engine, "0013_vedleggsveip")
    with app.engine.begin() as tilkobling:
        tilkobling.execute(
            sa.text("UPDATE person SET tittel = 'Overlege' WHERE epost = :epost"), {"epost": PER_MO}
        )
    migrer(app.engine)
    rader = _rader(
        app,
        "SELECT soknad_kontakt.navn, soknad_kontakt.tittel, soknad_kontakt.organisasjon "
        "FROM soknad_kontakt JOIN person ON person.id = soknad_kontakt.person_id "
        "WHERE person.epost = :epost",
        epost=PER_MO,
    )
    assert rader and set(rader) == {("Per Mo", "Overlege", "Helgelandssykehuset HF")}
