"""skjemautkast: the web form's values as typed, kept on a draft søknad

Revision ID: 0015_skjemautkast
Revises: 0014_budsjett
Create Date: 2026-12-06 03:30:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_skjemautkast"
down_revision: str | None = "0014_budsjett"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("soknad") as tabell:
        tabell.add_column(sa.Column("skjemautkast", sa.Text(), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("soknad") as tabell:
        tabell.drop_column("skjemautkast")
