"""Real scheduler processes: killed mid-firing, two at once, stopped over a deadline."""

from __future__ import annotations

import os
import queue
import signal
import subprocess
import sys
import threading
from datetime import datetime
from pathlib import Path

import sqlalchemy as sa

from tests.conftest import KONFIG, REPO
from tests.integration.aarshjul_oppsett import sett_opp
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FileClock, FixedClock
from tilskudd_flow.domain.tid import OSLO
from tilskudd_flow.motor.planlegger import Planlegger, provekjor

KJOR = [sys.executable, "-m", "tilskudd_flow", "--config", str(KONFIG)]
TIL = "2025-10-31T00:00"


def _kjor_til(*, miljo: dict[str, str] | None = None) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*KJOR, "--naa", "2025-05-01T08:00", "planlegger", "kjor", "--til", TIL],
        env={**os.environ, **(miljo or {})},
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _jobber(app: App) -> list[tuple[str, int]]:
    """(key, how many times its e-mails went to one address at most) for every job done."""
    with app.engine.connect() as tilkobling:
        rader = tilkobling.execute(
            sa.text(
                "SELECT j.nokkel, coalesce(max(o.antall), 0) FROM planlagt_jobb j LEFT JOIN "
                "(SELECT jobb_id, til_adresse, count(*) AS antall FROM outbox_message "
                " GROUP BY jobb_id, til_adresse) o ON o.jobb_id = j.id "
                "WHERE j.utfort IS NOT NULL AND j.resultat NOT LIKE 'hoppet%' "
                "GROUP BY j.nokkel ORDER BY j.nokkel"
            )
        ).all()
    return [(str(n), int(a)) for n, a in rader]


def _forventede_nokler(app: App, klokke: FixedClock) -> list[str]:
    """What an uninterrupted run would do, as a dry run (rolled back)."""
    provd = provekjor(app.uow(), app.miljo, datetime.fromisoformat(TIL).replace(tzinfo=OSLO))
    return sorted(u.nokkel for u in provd)


def test_a_scheduler_killed_while_firing_leaves_one_set_of_emails_per_job(
    app: App, klokke: FixedClock
) -> None:
    sett_opp(app, klokke)
    forventet = _forventede_nokler(app, klokke)
    drept = _kjor_til(miljo={"TILSKUDD_TESTKROK_DREP_ETTER": "3"})
    drept.communicate(timeout=300)
    assert drept.returncode == -signal.SIGKILL
    assert len(_jobber(app)) == 2  # the third job's rows were written, never committed

    igjen = _kjor_til()
    _, feil = igjen.communicate(timeout=300)
    assert igjen.returncode == 0, feil
    jobber = _jobber(app)
    assert [n for n, _ in jobber] == forventet
    assert all(antall <= 1 for _, antall in jobber)


def test_two_schedulers_on_one_database_fire_every_job_once(app: App, klokke: FixedClock) -> None:
    sett_opp(app, klokke)
    forventet = _forventede_nokler(app, klokke)
    prosesser = [_kjor_til(), _kjor_til()]
    for prosess in prosesser:
        _, feil = prosess.communicate(timeout=300)
        assert prosess.returncode == 0, feil
    jobber = _jobber(app)
    assert [n for n, _ in jobber] == forventet
    assert all(antall <= 1 for _, antall in jobber)
    with app.engine.connect() as tilkobling:
        overganger = tilkobling.execute(
            sa.text("SELECT objekt_id, hendelse, count(*) FROM audit_entry WHERE hendelse IN "
                    "('lukk_innspill', 'rull_over') GROUP BY objekt_id, hendelse")
        ).all()  # fmt: skip
    assert sorted(antall for *_, antall in overganger) == [1, 1, 1]


class Tjeneste:
    """`tilskudd planlegger start` as a real process on a shared file clock."""

    def __init__(self, klokkefil: Path) -> None:
        miljo = {
            **os.environ,
            "TILSKUDD_PLANLEGGER__KLOKKE": f"fil:{klokkefil}",
            "TILSKUDD_PLANLEGGER__INTERVALL_SEKUNDER": "1",
        }
        self.prosess = subprocess.Popen(
            [*KJOR, "planlegger", "start"], env=miljo, cwd=REPO, stderr=subprocess.PIPE, text=True
        )
        self.linjer: queue.Queue[str] = queue.Queue()
        self.logg: list[str] = []
        threading.Thread(target=self._les, daemon=True).start()

    def _les(self) -> None:
        assert self.prosess.stderr is not None
        for linje in self.prosess.stderr:
            self.linjer.put(linje)

    def vent_paa(self, tekst: str) -> str:
        while True:
            linje = self.linjer.get(timeout=120)
            self.logg.append(linje)
            if tekst in linje:
                return linje

    def stopp(self) -> None:
        self.prosess.send_signal(signal.SIGTERM)
        self.prosess.wait(timeout=300)  # generous: CI machines can be busy


def test_a_scheduler_stopped_over_a_deadline_catches_up_once_on_start(
    app: App, klokke: FixedClock, tmp_path: Path
) -> None:
    sett_opp(app, klokke)
    Planlegger(app.uow, app.miljo).synkroniser()  # it ran on 1 May and planned the year
    klokkefil = tmp_path / "klokke"
    FileClock(klokkefil).set(datetime(2025, 6, 3, 12, 0, tzinfo=OSLO))  # it was down since

    forste = Tjeneste(klokkefil)
    linje = forste.vent_paa("Tar igjen")
    assert "Tar igjen 4 jobber som forfalt mens planleggeren var stoppet" in linje
    forste.vent_paa(":virkning:")  # the 1 June effect, the last of the four
    forste.stopp()
    assert sum("Tar igjen" in linje for linje in forste.logg) == 1

    andre = Tjeneste(klokkefil)
    andre.vent_paa("Planleggeren går")
    andre.stopp()
    assert not any("Tar igjen" in linje for linje in andre.logg)
    jobber = _jobber(app)
    assert len(jobber) == 4
    assert all(antall == 1 for _, antall in jobber[:3])  # the three reminders' e-mails
