"""Issue 19: the årshjul is whole at once, and every entry names its case or round.

No test here runs the scheduler before it looks: a deadline is made by the code that makes
its owner (the helsefellesskap, the round, the revision, the award, the FSU), and the
scheduler, run afterwards, adds no second row.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from icalendar import Calendar
from sqlmodel import col, select

from tests.conftest import Cli
from tests.ssu_saker import registrer_ssu_saker_cli
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.domain.tid import OSLO
from tilskudd_flow.models.frist import Frist
from tilskudd_flow.motor.handling import Handling
from tilskudd_flow.motor.helsefellesskap import opprett_helsefellesskap
from tilskudd_flow.motor.planlegger import Planlegger
from tilskudd_flow.motor.tilgang import hent_aktor
from tilskudd_flow.samarbeid.avtaler import list_avtaler, opprett_revisjon
from tilskudd_flow.soknader.handlinger import aarshjulet
from tilskudd_flow.soknader.runder import opprett_runde

SEKR = "samhandlingssjef"
MEDLEMMER = [
    ("Lise Berg", "lise.berg@helgelandssykehuset.example", "helseforetak", "helseforetak"),
    ("Tor Aas", "tor.aas@vefsn.kommune.example", "kommune", "kommune"),
    ("Anne Brukerstad", "anne@brukerutvalget.example", "brukerrepresentant", ""),
    ("Kari Fastlege", "kari@legekontor.example", "fastlegerepresentant", "kommune"),
]


def _frister(app: App) -> list[Frist]:
    with app.uow(skriv=False) as uow:
        return list(uow.session.exec(select(Frist).order_by(col(Frist.id))))


def _jobber(app: App) -> int:
    with app.engine.connect() as tilkobling:
        return int(tilkobling.execute(sa.text("SELECT count(*) FROM planlagt_jobb")).scalar_one())


def _etter_planleggeren_er_det_ingen_dubletter(app: App, for_: list[Frist]) -> None:
    Planlegger(app.uow, app.miljo).synkroniser()
    etter = _frister(app)
    assert [f.nokkel for f in etter] == [f.nokkel for f in for_]
    # No second row for the same thing under another key either.
    ting = Counter((f.type, f.objekt_type, f.objekt_id, f.aar, f.dato) for f in etter)
    assert [t for t, n in ting.items() if n > 1] == []


# --- A fresh set-up: `database migrer`, `helsefellesskap opprett`, then look ----------------


def test_a_fresh_set_up_shows_the_next_1_june_avtale_deadline_without_a_scheduler_run(
    tom_database_url: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("TILSKUDD_DATABASE__URL", tom_database_url)
    monkeypatch.setenv("TILSKUDD_DATA_DIR", str(tmp_path / "data"))
    cli = Cli()
    naa = "2026-12-06T08:00"  # this year's 1 June has passed: the next is 2027's
    cli.ok("database", "migrer", naa=naa)
    cli.ok("helsefellesskap", "opprett", "helgeland", "--admin", "admin", "--admin-navn",
           "Ada Admin", "--admin-epost", "admin@example.org", naa=naa)  # fmt: skip
    ut = cli.ok("aarshjul", "vis", som="admin", naa=naa)
    assert "Juni 2027\n" in ut
    assert "Innspill til avtalerevisjon 2027: 1. juni 2027" in ut
    assert "Innspill til avtalerevisjon 2026: 1. juni 2026" in ut
    assert "planlegger" not in ut
    engine = sa.create_engine(tom_database_url)
    with engine.connect() as tilkobling:
        jobber = tilkobling.execute(sa.text("SELECT count(*) FROM planlagt_jobb")).scalar_one()
    engine.dispose()
    assert jobber == 0  # the scheduler has not run


def test_the_start_up_path_makes_the_yearly_deadlines_a_helsefellesskap_lacks(
    app: App, klokke: FixedClock
) -> None:
    """A helsefellesskap made before this change (or at the turn of a year): the next start
    (`klargjor`, which every command and the server run) completes the årshjul."""
    klokke.set(datetime(2026, 12, 6, 8, 0, tzinfo=OSLO))
    with app.uow() as uow:
        opprett_helsefellesskap(uow.session, kode="helgeland", navn="Helsefellesskap Helgeland",
                                systemepost="system@example.org", naa=klokke.now())  # fmt: skip
        uow.commit()
    assert _frister(app) == []
    app.klargjor()
    assert {f.nokkel for f in _frister(app)} == {"avtale_innspill:2026", "avtale_innspill:2027"}
    app.klargjor()  # a second start finds the years whole
    assert len(_frister(app)) == 2
    assert _jobber(app) == 0


def test_the_web_page_shows_the_avtale_deadline_with_the_demo_just_loaded(
    app: App, demo: Demosammendrag
) -> None:
    hjul = aarshjulet(Handling(app.uow, app.miljo, SEKR), hemmelighet="x" * 32,
                      idag=date(2026, 1, 1))  # fmt: skip
    navn = [f.navn for f in hjul.frister]
    assert "Innspill til avtalerevisjon 2026" in navn
    assert "1. juni 2026: Innspill til avtalerevisjon 2026" in _svg_tekst(hjul.hjul)
    assert _jobber(app) == 0


# --- Creating an owner makes its deadlines ---------------------------------------------------


def test_a_new_round_and_a_revision_for_a_later_year_have_their_deadlines_at_once(
    app: App, demo: Demosammendrag, klokke: FixedClock
) -> None:
    with app.uow() as uow:
        aktor = hent_aktor(uow.session, SEKR)
        opprett_runde(uow.session, aktor=aktor, innstillinger=app.innstillinger, aar=2028,
                      naa=klokke.now())  # fmt: skip
        avtale = list_avtaler(uow.session, aktor.helsefellesskap_id)[0].id or 0
        opprett_revisjon(uow.session, app.miljo, aktor=aktor, avtale_id=avtale, aar=2028)
        uow.commit()
    navn = _navn_i_cli(Cli(), "2027-01-01", "2028-12-31")
    assert {
        "Søknadsfrist RS-tilskudd 2028",
        "SSUs prioriteringsmøte, RS-tilskudd 2028",
        "Oversending til Helse Nord, RS-tilskudd 2028",
        "Innspill til avtalerevisjon 2028",
    } <= set(navn)
    _etter_planleggeren_er_det_ingen_dubletter(app, _frister(app))


def test_an_fsu_made_active_has_its_yearly_report_named_for_it_at_once(
    app: App, demo: Demosammendrag, cli: Cli, klokke: FixedClock
) -> None:
    fsu = demo.fsu
    _aktiver(cli, fsu)
    rapport = [f for f in _frister(app) if f.type == "fsu_aarsrapport"]
    assert [(f.objekt_id, f.dato) for f in rapport] == [(fsu, date(2026, 11, 1))]
    navn = _navn_i_cli(cli, "2026-01-01", "2026-12-31")
    assert (
        f"Årsrapport til SSU: FSU Digitale helsetjenester og e-helseløsninger (FSU-{fsu})" in navn
    )
    # Regression: the 2026 round is row 1 and so is this FSU's case; the round's deadlines
    # are the round's, never the case's that shares the number.
    alle = _navn_i_cli(cli, "2025-01-01", "2026-12-31")
    assert [n for n in alle if f"(FSU-{fsu})" in n] == [
        f"Årsrapport til SSU: FSU Digitale helsetjenester og e-helseløsninger (FSU-{fsu})"
    ]
    assert "Søknadsfrist RS-tilskudd 2026" in alle
    klokke.set(datetime(2026, 1, 21, 11, 0, tzinfo=OSLO))  # the scheduler's next tick
    _etter_planleggeren_er_det_ingen_dubletter(app, _frister(app))


def test_four_final_reports_on_one_day_have_four_names_everywhere(
    app: App, demo: Demosammendrag, cli: Cli, klokke: FixedClock, tmp_path: Path
) -> None:
    saker = _fire_tildelte_prosjekter(cli)
    titler = {r["id"]: r["tittel"] for r in cli.json("saker", som=SEKR)}
    ventet = {f"Sluttrapport: {titler[s]} (RS-{s})" for s in saker}
    assert len(ventet) == 4

    slutt = [f for f in _frister(app) if f.type == "sluttrapport"]
    assert {f.effektiv_dato for f in slutt} == {date(2028, 3, 31)}  # one day, four projects
    assert {n for n in _navn_i_cli(cli, "2028-03-31", "2028-03-31")} == ventet

    fil = tmp_path / "aarshjul.ics"
    cli.ok("aarshjul", "ics", "--ut", str(fil), "--fra", "2028-03-31", "--til", "2028-03-31",
           som=SEKR)  # fmt: skip
    sammendrag = {str(h["summary"]) for h in Calendar.from_ical(fil.read_bytes()).walk("VEVENT")}
    assert sammendrag == ventet

    hjul = aarshjulet(Handling(app.uow, app.miljo, SEKR), hemmelighet="x" * 32,
                      idag=date(2027, 6, 1))  # fmt: skip
    assert ventet <= {f.navn for f in hjul.frister}
    tekst = _svg_tekst(hjul.hjul)
    for navn in ventet:
        assert f"31. mars 2028: {navn}" in tekst

    klokke.set(datetime(2025, 10, 22, 14, 0, tzinfo=OSLO))
    _etter_planleggeren_er_det_ingen_dubletter(app, _frister(app))


# --- Helpers ----------------------------------------------------------------------------------


def _navn_i_cli(cli: Cli, fra: str, til: str) -> list[str]:
    return [f["navn"] for f in cli.json("aarshjul", "vis", "--fra", fra, "--til", til, som=SEKR)]


def _svg_tekst(svg: str) -> str:
    return "\n".join(ET.fromstring(svg).itertext())  # the wheel names each mark in its title


def _hendelse(cli: Cli, sak: int, hendelse: str, *felt: str, naa: str) -> None:
    valg = [v for f in felt for v in ("-f", f)]
    cli.ok("sak", "hendelse", str(sak), hendelse, *valg, som=SEKR, naa=naa)


def _aktiver(cli: Cli, fsu: int) -> None:
    naa = "2026-01-21T10:00"
    registrer_ssu_saker_cli(cli, "Sak 25-2025", som=SEKR)
    _hendelse(cli, fsu, "oppnevn", "vedtak=Sak 25-2025", "ansvarlig_navn=Samhandlingsleder",
              "ansvarlig_epost=samhandlingsleder@helgeland.kommune.example", naa=naa)  # fmt: skip
    _hendelse(cli, fsu, "vedta_mandat", "mandat=Utvalget samordner e-helse.", naa=naa)
    for navn, epost, rolle, side in MEDLEMMER:
        _hendelse(cli, fsu, "legg_til_medlem", f"navn={navn}", f"epost={epost}",
                  f"rolle={rolle}", f"side={side}", naa=naa)  # fmt: skip
    _hendelse(cli, fsu, "bemann", naa=naa)
    _hendelse(cli, fsu, "konstituer", f"leder={MEDLEMMER[0][1]}",
              f"nestleder={MEDLEMMER[1][1]}", naa=naa)  # fmt: skip
    _hendelse(cli, fsu, "aktiver", naa=naa)


def _fire_tildelte_prosjekter(cli: Cli) -> list[int]:
    """The demo's four søknader in mottatt: found complete, prioritised for the local pot and
    awarded, each with its final report due in March 2028."""
    saker = [r["id"] for r in cli.json("saker", som=SEKR) if r["tilstand"] == "mottatt"]
    assert len(saker) == 4
    cli.vurder(*saker)
    registrer_ssu_saker_cli(cli, "Sak 30-2025", som=SEKR)
    plasser = [v for s in saker for v in ("--plass", f"{s}=lokal")]
    cli.ok("runde", "prioriter", "2026", "--vedtak", "Sak 30-2025", *plasser, som=SEKR,
           naa="2025-10-22T12:00")  # fmt: skip
    for sak in saker:
        _hendelse(cli, sak, "tildel_lokalt", "belop=2026: kr 100 000", "vedtak=Sak 30-2025",
                  "sluttrapport=Mars 2028", naa="2025-10-22T13:00")  # fmt: skip
    return [int(s) for s in saker]
