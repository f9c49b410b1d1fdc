"""kontakt som skrevet: a søknad's contact keeps its own name, title and organisation

Revision ID: 0016_kontakt_som_skrevet
Revises: 0015_skjemautkast
Create Date: 2026-12-06 03:45:00.000000

Existing rows are filled from the stored person: that is what the søknad showed before
(the person's values, which a later søknad with the same e-mail may have changed).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_kontakt_som_skrevet"
down_revision: str | None = "0015_skjemautkast"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_KOLONNER = ("navn", "tittel", "organisasjon")


def upgrade() -> None:
    with op.batch_alter_table("soknad_kontakt", schema=None) as batch_op:
        for kolonne in _KOLONNER:
            batch_op.add_column(
                sa.Column(kolonne, sa.String(length=200), server_default="", nullable=False)
            )
    for kolonne in _KOLONNER:
        op.execute(
            f"UPDATE soknad_kontakt SET {kolonne} = "
            f"(SELECT person.{kolonne} FROM person WHERE person.id = soknad_kontakt.person_id)"
        )


def downgrade() -> None:
    with op.batch_alter_table("soknad_kontakt", schema=None) as batch_op:
        for kolonne in reversed(_KOLONNER):
            batch_op.drop_column(kolonne)
