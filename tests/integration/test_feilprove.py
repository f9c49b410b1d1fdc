"""The fault script's short runs: a process applying transitions and delivering their e-mail
is killed with SIGKILL at seeded random points; PostgreSQL is restarted under a running server;
the upload directory fills up during submissions. Nothing reported done is lost, every e-mail
reaches the SMTP server, what arrives twice stays within one batch per kill or restart, and no
case is left partial."""

from __future__ import annotations

from pathlib import Path

import pytest
import sqlalchemy as sa

from tests.feilprove.disk import prov_full_disk
from tests.feilprove.drep import prov_drap, tell_eposter, tell_overganger
from tests.feilprove.oppsett import forbered, innstillinger_for
from tests.feilprove.postgres import prov_omstart
from tests.integration.smtp_tjener import Postkasse


@pytest.fixture
def database(tmp_path: Path) -> Path:
    database = tmp_path / "feilprove.db"
    forbered(innstillinger_for(database))
    return database


def test_sigkill_during_transitions_and_delivery_loses_nothing(database: Path) -> None:
    prove = prov_drap(database, runder=3, antall=60, seed=7)
    assert [d.ok for d in prove.drap] == [True, True, True], prove.drap
    assert all(d.rapportert > 0 for d in prove.drap)
    assert prove.epost.utboksrader > 0 and prove.epost.tapte == 0, prove.epost
    assert prove.epost.doble <= 3 * 50 and prove.ok


def test_the_counts_see_a_lost_transition_and_a_lost_email(database: Path) -> None:
    url = f"sqlite:///{database}"
    engine = sa.create_engine(url)
    with engine.begin() as tilkobling:
        med_epost = tilkobling.execute(
            sa.text("SELECT min(audit_id) FROM outbox_message WHERE audit_id IS NOT NULL")
        ).scalar_one()
        storste = tilkobling.execute(sa.text("SELECT max(id) FROM audit_entry")).scalar_one()
        tilkobling.execute(
            sa.text("DELETE FROM outbox_message WHERE audit_id = :a"), {"a": med_epost}
        )
    engine.dispose()
    telling = tell_overganger(url, [med_epost, storste + 1])
    assert (telling.tapte_overganger, telling.uten_utboks, telling.ok) == (1, 1, False)


def _epost(utboks_id: int) -> bytes:
    return f"Message-ID: <utboks.{utboks_id}@helgeland.example>\r\n\r\nHei\r\n".encode()


def test_the_counts_see_an_undelivered_and_a_doubled_email(database: Path) -> None:
    url = f"sqlite:///{database}"
    engine = sa.create_engine(url)
    with engine.connect() as tilkobling:
        rader = list(tilkobling.execute(sa.text("SELECT id FROM outbox_message")).scalars())
    engine.dispose()
    postkasse = Postkasse()
    postkasse.mottatt = [_epost(i) for i in rader[1:]] + [_epost(rader[1])]
    telling = tell_eposter(url, postkasse, grense=1)
    assert (telling.tapte, telling.doble, telling.ok) == (1, 1, False)
    postkasse.mottatt.append(_epost(rader[0]))
    assert tell_eposter(url, postkasse, grense=1).ok
    postkasse.mottatt.append(_epost(rader[0]))  # a second double: beyond the bound of 1
    assert not tell_eposter(url, postkasse, grense=1).ok


@pytest.mark.postgres
def test_postgresql_restarted_under_a_running_server_loses_nothing() -> None:
    prove = prov_omstart(antall=90)
    assert prove.koder[503] > 0 and set(prove.koder) <= {200, 409, 503}, prove.koder
    assert prove.overganger.rapportert == 90 and prove.overganger.ok, prove.overganger
    assert prove.samme_prosess and prove.brudd == 0
    assert prove.epost.tapte == 0 and prove.epost.ok, prove.epost


def test_a_burst_of_submissions_onto_a_filling_disk_keeps_every_case_whole() -> None:
    prove = prov_full_disk(antall=16, seed=7)
    assert prove.tatt_imot > 0 and prove.avvist_tydelig > 0, prove
    assert prove.andre_svar == [] and prove.usamsvar == 0 and prove.ufullstendige == 0
    assert prove.inn_etterpaa == prove.avvist_tydelig and prove.ok
