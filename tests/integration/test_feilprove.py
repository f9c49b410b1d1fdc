"""The fault script's seeded short run: a process applying transitions is killed with SIGKILL
at random points; nothing it reported is lost, no e-mail is missing, nothing is doubled."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa

from tests.feilprove import forbered, prov, tell


def test_sigkill_during_transitions_loses_nothing() -> None:
    tellinger = prov(runder=3, antall=60, seed=7)
    assert [t.ok for t in tellinger] == [True, True, True], tellinger
    assert all(t.rapportert > 0 for t in tellinger)


def test_the_counts_see_a_lost_transition_and_a_lost_email(tmp_path: Path) -> None:
    database = tmp_path / "feilprove.db"
    forbered(database)
    url = f"sqlite:///{database}"
    engine = sa.create_engine(url)
    with engine.begin() as tilkobling:
        med_epost = tilkobling.execute(
            sa.text("SELECT min(audit_id) FROM outbox_message WHERE audit_id IS NOT NULL")
        ).scalar_one()
        storste = tilkobling.execute(sa.text("SELECT max(id) FROM audit_entry")).scalar_one()
        tilkobling.execute(sa.text("DELETE FROM outbox_message WHERE audit_id = :a"),
                           {"a": med_epost})  # fmt: skip
    engine.dispose()
    telling = tell(url, [med_epost, storste + 1])
    assert (telling.tapte_overganger, telling.tapte_eposter, telling.ok) == (1, 1, False)
