"""Three app instances (web, scheduler, e-mail delivery each) on one database and one
simulated clock, over a simulated month: every reminder's outbox rows exist exactly once,
every deadline effect happens once, and every e-mail arrives once at a real SMTP server."""

from __future__ import annotations

import subprocess
from collections import Counter
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import func, select

from tests.integration.aarshjul_oppsett import sett_opp
from tests.integration.smtp_tjener import TellendePostkasse, smtp_tjener
from tests.tjenere import start_tjeneste
from tilskudd_flow.adapters.epostoppsamler import ledig_port
from tilskudd_flow.adapters.unit_of_work import Delarbeid
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FileClock, FixedClock
from tilskudd_flow.domain.tid import OSLO
from tilskudd_flow.models.outbox import OutboxMessage
from tilskudd_flow.motor.planlegger import Planlegger

START = datetime(2025, 5, 1, 8, 0, tzinfo=OSLO)
SLUTT = datetime(2025, 6, 9, 9, 0, tzinfo=OSLO)  # reminders, the 1 June effect, escalations


def instans(klokkefil: Path, smtp_port: int, logg: Path) -> subprocess.Popen[bytes]:
    # The database and data folder come from the test's own environment (conftest).
    return start_tjeneste(klokkefil, smtp_port, ledig_port(), logg)


def hva_som_vil_skje(app: App) -> tuple[list[str], int]:
    """The jobs an uninterrupted run fires up to SLUTT, and the outbox rows there will be
    then (reminders and the deadline effects' own e-mails) — found in a rolled-back run."""
    uow = app.uow()
    with uow:
        utfort = Planlegger(lambda: Delarbeid(uow), app.miljo).kjor_til(SLUTT)
        rader = uow.session.exec(select(func.count()).select_from(OutboxMessage)).one()
    return sorted(u.nokkel for u in utfort), rader


def antall_utboksrader(app: App) -> int:
    with app.engine.connect() as tilkobling:
        return int(tilkobling.execute(sa.text("SELECT count(*) FROM outbox_message")).scalar_one())


def test_three_instances_over_a_month_do_every_job_and_send_every_email_once(
    app: App, klokke: FixedClock, tmp_path: Path
) -> None:
    sett_opp(app, klokke)
    Planlegger(app.uow, app.miljo).synkroniser()
    forventede_jobber, alle_eposter = hva_som_vil_skje(app)  # with the demo's own receipts
    assert alle_eposter > antall_utboksrader(app)

    klokkefil = tmp_path / "klokke"
    FileClock(klokkefil).set(START)
    postkasse = TellendePostkasse()
    with smtp_tjener(postkasse=postkasse) as (_, port):
        logger = [tmp_path / f"instans-{nr}.log" for nr in range(3)]
        prosesser = [instans(klokkefil, port, logg) for logg in logger]
        try:
            FileClock(klokkefil).set(SLUTT)  # a month passes while all three are running
            kom_fram = postkasse.vent_paa(alle_eposter, sekunder=240)
        finally:
            for prosess in prosesser:
                prosess.terminate()
            for prosess in prosesser:
                prosess.wait(timeout=120)
        logg = "\n".join(f.read_text(encoding="utf-8", errors="replace") for f in logger)
        assert kom_fram, f"{len(postkasse.mottatt)} av {alle_eposter} e-poster kom fram\n{logg}"
        meldinger = postkasse.meldinger()

    with app.engine.connect() as tilkobling:
        jobber = tilkobling.execute(sa.text(
            "SELECT nokkel FROM planlagt_jobb WHERE utfort IS NOT NULL ORDER BY nokkel"
        )).scalars().all()  # fmt: skip
        per_mottaker = tilkobling.execute(sa.text(
            "SELECT jobb_id, til_adresse, count(*) FROM outbox_message "
            "WHERE jobb_id IS NOT NULL GROUP BY jobb_id, til_adresse"
        )).all()  # fmt: skip
        ikke_sendt = tilkobling.execute(
            sa.text("SELECT count(*) FROM outbox_message WHERE status <> 'sendt'")
        ).scalar_one()
        virkninger = tilkobling.execute(sa.text(
            "SELECT objekt_id, hendelse, count(*) FROM audit_entry "
            "WHERE hendelse IN ('lukk_innspill', 'rull_over') GROUP BY objekt_id, hendelse"
        )).all()  # fmt: skip
    assert sorted(jobber) == forventede_jobber
    assert per_mottaker and all(antall == 1 for *_, antall in per_mottaker)
    assert ikke_sendt == 0
    assert sorted(antall for *_, antall in virkninger) == [1, 1, 1]
    dobbelt = [(i, n) for i, n in Counter(m["Message-ID"] for m in meldinger).items() if n > 1]
    assert dobbelt == []
    assert len(meldinger) == alle_eposter == antall_utboksrader(app)
