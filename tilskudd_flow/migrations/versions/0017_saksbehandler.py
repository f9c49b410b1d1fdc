"""saksbehandler: a case can be assigned to a sekretariat user

Revision ID: 0017_saksbehandler
Revises: 0016_kontakt_som_skrevet
Create Date: 2026-12-06 06:40:00.000000

Internal notes need no table: they are rows of the case's audit trail (hash-chained), which
the history and the archive extraction already read.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017_saksbehandler"
down_revision: str | None = "0016_kontakt_som_skrevet"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("workflow_case", schema=None) as batch_op:
        batch_op.add_column(sa.Column("saksbehandler_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_workflow_case_saksbehandler_id"), ["saksbehandler_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_workflow_case_saksbehandler_id_bruker"),
            "bruker",
            ["saksbehandler_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("workflow_case", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_workflow_case_saksbehandler_id_bruker"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_workflow_case_saksbehandler_id"))
        batch_op.drop_column("saksbehandler_id")
