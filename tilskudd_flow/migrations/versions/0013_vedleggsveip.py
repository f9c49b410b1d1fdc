"""vedleggsveip: driftsjobb, one row per housekeeping run and period

Revision ID: 0013_vedleggsveip
Revises: 0012_innloggingsforsok
Create Date: 2026-12-05 21:30:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0013_vedleggsveip"
down_revision: str | None = "0012_innloggingsforsok"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "driftsjobb",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nokkel", sqlmodel.sql.sqltypes.AutoString(length=120), nullable=False),
        sa.Column("utfort", sa.DateTime(timezone=True), nullable=False),
        sa.Column("resultat", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_driftsjobb")),
        sa.UniqueConstraint("nokkel", name=op.f("uq_driftsjobb_nokkel")),
    )


def downgrade() -> None:
    op.drop_table("driftsjobb")
