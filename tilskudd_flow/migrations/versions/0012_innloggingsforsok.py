"""innloggingsforsok: failed logins per account name and client address (throttling)

Revision ID: 0012_innloggingsforsok
Revises: 0011_utboks_forkastet
Create Date: 2026-12-05 22:00:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0012_innloggingsforsok"
down_revision: str | None = "0011_utboks_forkastet"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "innloggingsforsok",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("nokkel", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("feil", sa.Integer(), nullable=False),
        sa.Column("vindu_start", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sist_feil", sa.DateTime(timezone=True), nullable=True),
        sa.Column("sperringer", sa.Integer(), nullable=False),
        sa.Column("sperret_til", sa.DateTime(timezone=True), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_innloggingsforsok")),
        sa.UniqueConstraint("nokkel", name=op.f("uq_innloggingsforsok_nokkel")),
    )
    with op.batch_alter_table("innloggingsforsok", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_innloggingsforsok_sist_feil"), ["sist_feil"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("innloggingsforsok", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_innloggingsforsok_sist_feil"))
    op.drop_table("innloggingsforsok")
