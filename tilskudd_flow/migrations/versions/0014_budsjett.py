"""budsjett: field 11 whole — total cost, financing plan on continuation, budget lines

Revision ID: 0014_budsjett
Revises: 0013_vedleggsveip
Create Date: 2026-12-06 03:40:00.000000

Existing søknader get no total cost (NULL), no plan on continuation and no budget lines:
nothing is invented, and the completeness rule names what is missing before they can be
sent in again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel
from alembic import op

revision: str = "0014_budsjett"
down_revision: str | None = "0013_vedleggsveip"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("soknad", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "finansieringsplan_videreforing", sa.Text(), server_default="", nullable=False
            )
        )
        batch_op.add_column(sa.Column("totalkostnad_ore", sa.BigInteger(), nullable=True))
        batch_op.add_column(
            sa.Column("totalkostnad_tekst", sa.Text(), server_default="", nullable=False)
        )
    op.create_table(
        "budsjett_rad",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("soknad_id", sa.Integer(), nullable=False),
        sa.Column("rekkefolge", sa.Integer(), nullable=False),
        sa.Column("kostnadspost", sqlmodel.sql.sqltypes.AutoString(length=300), nullable=False),
        sa.Column("aar", sa.Integer(), nullable=False),
        sa.Column("ore", sa.BigInteger(), nullable=False),
        sa.Column("tekst", sqlmodel.sql.sqltypes.AutoString(length=500), nullable=False),
        sa.Column("prosjektaar", sa.Text(), server_default="", nullable=False),
        sa.ForeignKeyConstraint(
            ["soknad_id"],
            ["soknad.case_id"],
            name=op.f("fk_budsjett_rad_soknad_id_soknad"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_budsjett_rad")),
    )
    with op.batch_alter_table("budsjett_rad", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_budsjett_rad_soknad_id"), ["soknad_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("budsjett_rad", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_budsjett_rad_soknad_id"))
    op.drop_table("budsjett_rad")
    with op.batch_alter_table("soknad", schema=None) as batch_op:
        batch_op.drop_column("totalkostnad_tekst")
        batch_op.drop_column("totalkostnad_ore")
        batch_op.drop_column("finansieringsplan_videreforing")
