"""The årshjul runs itself: a year in simulated time, the dry run and the real run agree."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa
from icalendar import Calendar
from sqlmodel import col

from tests.conftest import Cli
from tests.integration.aarshjul_oppsett import SEKR, sett_opp
from tests.ssu_saker import registrer_ssu_saker_cli
from tests.utboksinnhold import utboksrader
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.domain.tid import OSLO
from tilskudd_flow.models.outbox import OutboxMessage
from tilskudd_flow.motor.fristjobber import Utfort
from tilskudd_flow.motor.planlegger import Planlegger, provekjor

SLUTT = datetime(2026, 7, 1, 0, 0, tzinfo=OSLO)
MEDLEMMER = {
    f"postmottak@{k}.kommune.example"
    for k in [
        "somna",
        "bronnoy",
        "vega",
        "vevelstad",
        "heroy",
        "alstahaug",
        "leirfjord",
        "vefsn",
        "grane",
        "hattfjelldal",
        "donna",
        "nesna",
        "hemnes",
        "rana",
        "luroy",
        "traena",
        "rodoy",
    ]
}
UTKAST = "eva.donnes@alstahaug.kommune.example"  # her søknad is still a draft
SEKRETARIATET = {"samhandling@helgelandssykehuset.example"}
INNSPILL = "Frist for innspill til avtalerevisjon"
SOKNADSFRIST = "Søknadsfrist til helsefellesskapet"
MOTET = "SSUs prioriteringsmøte (ekstraordinært)"
OVERSENDING = "Oversending til Helse Nord"


def _rad(u: Utfort) -> tuple[str, str, str, frozenset[str], tuple[str, ...]]:
    tid = u.forfaller.astimezone(OSLO).strftime("%Y-%m-%d %H:%M")
    return (tid, u.art, u.frist, frozenset(u.mottakere), u.overganger)


def _forventet(uten: int, med: int) -> list[tuple[str, str, str, frozenset[str], tuple[str, ...]]]:
    ingen: frozenset[str] = frozenset()
    kommuner, sekr = frozenset(MEDLEMMER), frozenset(SEKRETARIATET)
    return [
        # 1 June 2025 is a Sunday: the input deadline moves forward to Monday 2 June.
        ("2025-05-03 08:00", "paaminnelse", INNSPILL, kommuner, ()),
        ("2025-05-19 08:00", "paaminnelse", INNSPILL, kommuner, ()),
        ("2025-05-30 08:00", "paaminnelse", INNSPILL, kommuner, ()),
        (
            "2025-06-03 00:00",
            "virkning",
            INNSPILL,
            ingen,
            (
                f"AVT-{uten}: Lukk for innspill: Innspill åpen → Triage",
                f"AVT-{uten}: Rull over uendret: Triage → Rullert uendret",
                f"AVT-{med}: Lukk for innspill: Innspill åpen → Triage",
            ),
        ),
        # The 2026 round: søknadsfrist Wednesday 1 October 2025.
        ("2025-09-01 08:00", "paaminnelse", SOKNADSFRIST, kommuner | {UTKAST}, ()),
        ("2025-09-17 08:00", "paaminnelse", SOKNADSFRIST, kommuner | {UTKAST}, ()),
        ("2025-09-28 08:00", "paaminnelse", SOKNADSFRIST, kommuner | {UTKAST}, ()),
        # SSU meets Wednesday 22 October (week 43); four søknader still wait in mottatt.
        ("2025-10-08 08:00", "paaminnelse", MOTET, sekr, ()),
        ("2025-10-15 08:00", "paaminnelse", MOTET, sekr, ()),
        # 1 November 2025 is a Saturday: forwarding moves back to Friday 31 October.
        ("2025-10-24 08:00", "paaminnelse", OVERSENDING, ingen, ()),
        ("2025-10-30 08:00", "paaminnelse", OVERSENDING, ingen, ()),
        ("2025-11-01 08:00", "eskalering", OVERSENDING, ingen, ()),
        # 1 June 2026 is a Monday: no move.
        ("2026-05-02 08:00", "paaminnelse", INNSPILL, kommuner, ()),
        ("2026-05-18 08:00", "paaminnelse", INNSPILL, kommuner, ()),
        ("2026-05-29 08:00", "paaminnelse", INNSPILL, kommuner, ()),
        ("2026-06-02 00:00", "virkning", INNSPILL, ingen, ()),
    ]


def test_a_year_in_simulated_time_the_dry_run_and_the_real_run_agree(
    app: App, klokke: FixedClock
) -> None:
    uten, med = sett_opp(app, klokke)
    provd = provekjor(app.uow(), app.miljo, SLUTT)
    assert [_rad(u) for u in provd] == _forventet(uten, med)
    with app.engine.connect() as tilkobling:  # the dry run left nothing behind
        utfort = tilkobling.execute(
            sa.text(
                "SELECT count(*) FROM planlagt_jobb WHERE utfort "
                "IS NOT NULL AND resultat NOT LIKE 'hoppet%'"
            )
        )
        assert utfort.scalar_one() == 0

    kjort = Planlegger(app.uow, app.miljo).kjor_til(SLUTT)
    assert [_rad(u) for u in kjort] == [_rad(u) for u in provd]
    assert [u.nokkel for u in kjort] == [u.nokkel for u in provd]
    assert Planlegger(app.uow, app.miljo).kjor_til(SLUTT) == []  # nothing fires twice
    _hver_jobb_har_ett_sett_epost(app)


def _hver_jobb_har_ett_sett_epost(app: App) -> None:
    with app.engine.connect() as tilkobling:
        dobbelt = tilkobling.execute(
            sa.text(
                "SELECT jobb_id, til_adresse, count(*) FROM outbox_message "
                "WHERE jobb_id IS NOT NULL GROUP BY jobb_id, til_adresse HAVING count(*) > 1"
            )
        ).all()
        assert dobbelt == []


def test_reminders_are_rendered_in_bokmal_with_both_dates(app: App, klokke: FixedClock) -> None:
    sett_opp(app, klokke)
    Planlegger(app.uow, app.miljo).kjor_til(datetime(2025, 10, 31, tzinfo=OSLO))
    # Issue 22: rendered at delivery; read them as the recipient will.
    paaminnelser = utboksrader(app, col(OutboxMessage.jobb_id).is_not(None))
    emner = {r.emne for r in paaminnelser}
    tekst = next((r.tekst for r in paaminnelser if r.til_adresse == UTKAST), None)
    assert "Påminnelse: Oversending til Helse Nord" not in " ".join(emner)  # nobody to remind
    assert (
        "Innspill til revisjon av samarbeidsavtalen og tjenesteavtalene: frist "
        "1. juni 2025 (søndag) → mandag 2. juni 2025" in emner
    )
    assert "Søknadsfrist for rekrutterings- og samhandlingstilskudd: 1. oktober 2025" in emner
    assert tekst is not None and "Ungdomshelse på øyene" in tekst


def test_the_cli_shows_the_arshjul_month_by_month_with_both_dates(
    app: App, klokke: FixedClock, cli: Cli
) -> None:
    sett_opp(app, klokke)
    cli.ok("planlegger", "kjor", naa="2025-05-01T08:00")
    ut = cli.ok("aarshjul", "vis", "--fra", "2025-05-01", "--til", "2026-07-01", som=SEKR)
    assert "Juni 2025" in ut
    # Each entry names its round or year (issue 19): the workflow files' `aarshjulnavn`.
    assert "Innspill til avtalerevisjon 2025: 1. juni 2025 (søndag) → mandag 2. juni 2025" in ut
    assert (
        "Oversending til Helse Nord, RS-tilskudd 2026: 1. november 2025 (lørdag) → "
        "fredag 31. oktober 2025" in ut
    )
    assert "SSUs prioriteringsmøte, RS-tilskudd 2026: 22. oktober 2025  (foreslått" in ut


def test_the_ics_file_parses_and_holds_every_deadline(
    app: App, klokke: FixedClock, cli: Cli, tmp_path: Path
) -> None:
    sett_opp(app, klokke)
    cli.ok("planlegger", "kjor", naa="2025-05-01T08:00")
    frister = cli.json("aarshjul", "vis", som=SEKR)
    fil = tmp_path / "aarshjul.ics"
    cli.ok("aarshjul", "ics", "--ut", str(fil), som=SEKR)
    kalender = Calendar.from_ical(fil.read_bytes())
    hendelser = {str(h["uid"]): h for h in kalender.walk("VEVENT")}
    assert len(hendelser) == len(frister) >= 5
    for frist in frister:
        hendelse = hendelser[f"frist-{frist['nokkel']}@127.0.0.1"]
        assert hendelse.decoded("dtstart") == date.fromisoformat(frist["effektiv_dato"])
    oversending = hendelser["frist-oversendelse:2026@127.0.0.1"]
    assert oversending.decoded("dtstart") == date(2025, 10, 31)
    assert "1. november 2025 (lørdag)" in str(oversending["description"])


def test_moving_a_deadline_replans_its_reminders_and_is_audited(
    app: App, klokke: FixedClock, cli: Cli
) -> None:
    sett_opp(app, klokke)
    Planlegger(app.uow, app.miljo).kjor_til(datetime(2025, 9, 10, tzinfo=OSLO))
    frist = next(f for f in cli.json("aarshjul", "vis", som=SEKR) if f["type"] == "soknadsfrist")
    cli.ok("frist", "endre", str(frist["id"]), "2025-10-15", som=SEKR, naa="2025-09-10T12:00")
    kjort = Planlegger(app.uow, app.miljo).kjor_til(datetime(2025, 10, 20, tzinfo=OSLO))
    datoer = [_rad(u)[0] for u in kjort if u.frist == SOKNADSFRIST]
    # 30, 14 and 3 days before 15 October; the old date's 30-day reminder had already gone.
    assert datoer == ["2025-09-15 08:00", "2025-10-01 08:00", "2025-10-12 08:00"]
    with app.engine.connect() as tilkobling:
        endret = tilkobling.execute(
            sa.text("SELECT detaljer FROM audit_entry WHERE hendelse = 'frist_endret'")
        ).scalar_one()
    assert '"dato": ["2025-10-01", "2025-10-15"]' in endret


def test_an_overdue_report_is_flagged_and_escalated(app: App, klokke: FixedClock, cli: Cli) -> None:
    uten, _ = sett_opp(app, klokke)
    sak = _tildelt_prosjekt(cli)
    kjort = Planlegger(app.uow, app.miljo).kjor_til(datetime(2027, 4, 1, tzinfo=OSLO))
    rapport = [asdict(u) for u in kjort if u.frist == "Årsrapport fra prosjekt"]
    assert [(r["art"], r["forfaller"].astimezone(OSLO).date().isoformat()) for r in rapport] == [
        ("paaminnelse", "2027-01-30"),
        ("paaminnelse", "2027-02-22"),
        ("virkning", "2027-03-02"),
        ("eskalering", "2027-03-08"),
        ("eskalering", "2027-03-31"),
    ]
    assert rapport[2]["overganger"] == (f"RS-{sak}: Flagg forfalt rapport: Tildelt",)
    assert set(rapport[3]["mottakere"]) == {
        "hanne.lien@rana.kommune.example",
        "per.mo@helgelandssykehuset.example",
        "samhandling@helgelandssykehuset.example",
    }
    historikk = [r["hendelse"] for r in cli.json("sak", "historikk", str(sak), som=SEKR)]
    assert historikk[-1] == "flagg_forfalt_rapport"
    assert uten > 0


def _tildelt_prosjekt(cli: Cli) -> int:
    """The KOLS project: prioritised for the local pot and awarded for 2026 and 2027."""
    sak = next(r["id"] for r in cli.json("saker", som=SEKR) if "KOLS" in r["tittel"])
    registrer_ssu_saker_cli(cli, "Sak 30-2025")
    cli.ok(
        "sak",
        "hendelse",
        str(sak),
        "vurder",
        "-f",
        "vurdering=Ok",
        som=SEKR,
        naa="2025-05-02T09:00",
    )
    cli.ok(
        "runde",
        "prioriter",
        "2026",
        "--vedtak",
        "Sak 30-2025",
        "--plass",
        f"{sak}=lokal",
        som=SEKR,
        naa="2025-05-02T10:00",
    )
    cli.ok(
        "sak",
        "hendelse",
        str(sak),
        "tildel_lokalt",
        "-f",
        "belop=2026: kr 250 000; 2027: kr 250 000",
        "-f",
        "vedtak=Sak 30-2025",
        som=SEKR,
        naa="2025-05-02T11:00",
    )
    return int(sak)
