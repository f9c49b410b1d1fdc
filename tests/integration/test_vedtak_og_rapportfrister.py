"""Issue 19, point 7: a vedtak cites only an SSU sak of its own helsefellesskap, and report
deadlines made at an award never lie before it. Through the CLI, on SQLite and PostgreSQL."""

from __future__ import annotations

import sqlalchemy as sa

from tests.conftest import Cli
from tests.utboksinnhold import utboksrader
from tilskudd_flow.bootstrap import App
from tilskudd_flow.models.outbox import OutboxMessage

SEKR = "samhandlingssjef"
FINNES_IKKE = "Sak 31-2025 finnes ikke i SSU-sakene til Helsefellesskap Helgeland"


def _ny_ssu_sak(cli: Cli, nummer: str, tittel: str = "Beslutningssak") -> None:
    cli.ok("ssu-sak", "ny", tittel, "--type", "beslutningssak", "--nummer", nummer, som=SEKR,
           naa="2025-10-01T09:00")  # fmt: skip


def _hendelse(cli: Cli, sak: int, hendelse: str, *felt: str, naa: str) -> tuple[int, str]:
    valg = [v for f in felt for v in ("-f", f)]
    svar = cli("sak", "hendelse", str(sak), hendelse, *valg, som=SEKR, naa=naa)
    return svar.exit_code, svar.stderr or svar.stdout


def _historikk(cli: Cli, sak: int) -> list[str]:
    return [r["hendelse"] for r in cli.json("sak", "historikk", str(sak), som=SEKR)]


def _sak(cli: Cli, tittel: str) -> int:
    return int(next(r["id"] for r in cli.json("saker", som=SEKR) if tittel in r["tittel"]))


def test_an_fsu_is_appointed_only_by_an_ssu_sak_that_exists(cli: Cli) -> None:
    cli.ok("demo", "last")
    fsu = _sak(cli, "FSU")
    kode, melding = _hendelse(cli, fsu, "oppnevn", "vedtak=Sak 31-2025", naa="2025-11-25T10:00")
    assert kode == 1 and FINNES_IKKE in melding
    kode, melding = _hendelse(cli, fsu, "oppnevn", "vedtak=SSU i november", naa="2025-11-25T10:00")
    assert kode == 1 and "er ikke et saksnummer" in melding
    assert _historikk(cli, fsu) == ["opprett"]

    _ny_ssu_sak(cli, "Sak 31-2025", "Oppnevning av FSU")
    for skrevet in ("31/25",):  # any written form of the number
        kode, melding = _hendelse(cli, fsu, "oppnevn", f"vedtak={skrevet}", naa="2025-11-25T10:00")
        assert kode == 0, melding
    assert _historikk(cli, fsu) == ["opprett", "oppnevn"]


def test_a_priority_list_and_an_award_cite_only_existing_saker(cli: Cli, app: App) -> None:
    cli.ok("demo", "last")
    sak = _sak(cli, "KOLS")
    cli.vurder(sak)
    prioriter = ("runde", "prioriter", "2026", "--plass", f"{sak}=lokal")
    svar = cli(*prioriter, "--vedtak", "Sak 31-2025", som=SEKR, naa="2025-10-22T10:00")
    assert svar.exit_code == 1 and FINNES_IKKE in svar.stderr
    svar = cli(*prioriter, "--vedtak", "Vedtatt i møtet", som=SEKR, naa="2025-10-22T10:00")
    assert svar.exit_code == 1 and "er ikke et saksnummer" in svar.stderr
    assert _historikk(cli, sak)[-1] == "vurder"

    _ny_ssu_sak(cli, "Sak 30-2025", "Prioritering av søknader 2026")
    cli.ok(*prioriter, "--vedtak", "30/2025", som=SEKR, naa="2025-10-22T10:00")
    belop = "belop=2026: kr 250 000; 2027: kr 250 000"
    kode, melding = _hendelse(cli, sak, "tildel_lokalt", belop, "vedtak=SSU-sak 31/2025",
                              naa="2025-10-22T11:00")  # fmt: skip
    assert kode == 1 and FINNES_IKKE in melding
    assert _historikk(cli, sak)[-1] == "prioriter"
    kode, melding = _hendelse(cli, sak, "tildel_lokalt", belop, "vedtak=Sak 30-2025",
                              naa="2025-10-22T11:00")  # fmt: skip
    assert kode == 0, melding


def test_a_helse_nord_award_may_cite_its_letter_in_free_text(cli: Cli) -> None:
    cli.ok("demo", "last")
    sak = _sak(cli, "KOLS")
    cli.vurder(sak)
    _ny_ssu_sak(cli, "Sak 30-2025")
    cli.ok("runde", "prioriter", "2026", "--plass", f"{sak}=regional", "--vedtak", "Sak 30-2025",
           som=SEKR, naa="2025-10-22T10:00")  # fmt: skip
    cli.ok("sak", "hendelse", str(sak), "oversend", som=SEKR, naa="2025-10-31T10:00")
    kode, melding = _hendelse(
        cli, sak, "registrer_tildeling_helse_nord", "belop=2026: kr 250 000; 2027: kr 250 000",
        "vedtak=Helse Nords vedtak 2026/1234, tildelingsutvalget juni 2026",
        "sluttrapport=Q1 2028", naa="2026-06-15T10:00",
    )  # fmt: skip
    assert kode == 0, melding


def test_an_award_in_march_asks_for_last_years_report_freshly_and_says_so(
    cli: Cli, app: App
) -> None:
    cli.ok("demo", "last")
    sak = _sak(cli, "KOLS")
    cli.vurder(sak)
    _ny_ssu_sak(cli, "Sak 30-2025")
    cli.ok("runde", "prioriter", "2026", "--plass", f"{sak}=lokal", "--vedtak", "Sak 30-2025",
           som=SEKR, naa="2025-10-22T10:00")  # fmt: skip
    kode, melding = _hendelse(
        cli, sak, "tildel_lokalt", "belop=2025: kr 250 000; 2026: kr 250 000", "vedtak=Sak 30-2025",
        "sluttrapport=Q2 2027", naa="2026-03-16T10:00",
    )  # fmt: skip
    assert kode == 0, melding
    ny = "Årsrapport for 2025. Rapporten for 2025 ble ikke bedt om før tildelingen; ny frist"
    with app.engine.connect() as tilkobling:
        frister = tilkobling.execute(
            sa.text("SELECT nokkel, dato FROM frist WHERE objekt_id = :sak AND "
                    "objekt_type = 'rs_soknad' ORDER BY dato"), {"sak": sak}
        ).all()  # fmt: skip
    # Issue 22: rendered at delivery; read them as the recipient will.
    epost = [r.tekst for r in utboksrader(app, OutboxMessage.case_id == sak,
                                          OutboxMessage.mal == "rs_soknad/tildelt")]  # fmt: skip
    assert [(n, str(d)) for n, d in frister] == [
        (f"rapport:{sak}:2025", "2026-05-15"),
        (f"sluttrapport:{sak}", "2027-06-30"),
    ]
    assert epost and all(ny + ": 15. mai 2026" in tekst for tekst in epost)
