"""part_alias: other names of a party, kept in the database so the sekretariat can edit them

Revision ID: 0018_part_alias
Revises: 0016_kontakt_som_skrevet
Create Date: 2026-12-06 07:00:00.000000

The aliases in config.toml keep working beside these (both are read by every lookup).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018_part_alias"
down_revision: str | None = "0017_saksbehandler"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "part_alias",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("helsefellesskap_id", sa.Integer(), nullable=False),
        sa.Column("part_id", sa.Integer(), nullable=False),
        sa.Column("alias", sa.String(length=200), nullable=False),
        sa.Column("normalisert", sa.String(length=200), nullable=False),
        sa.ForeignKeyConstraint(["helsefellesskap_id"], ["helsefellesskap.id"]),
        sa.ForeignKeyConstraint(["part_id"], ["part.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("helsefellesskap_id", "normalisert"),
    )
    with op.batch_alter_table("part_alias") as tabell:
        tabell.create_index("ix_part_alias_helsefellesskap_id", ["helsefellesskap_id"])
        tabell.create_index("ix_part_alias_part_id", ["part_id"])


def downgrade() -> None:
    op.drop_table("part_alias")
