"""utboks_forkastet: an outbox message the sekretariat dropped gets its own status

Revision ID: 0011_utboks_forkastet
Revises: 0010
Create Date: 2026-12-05 21:20:00.000000

"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_utboks_forkastet"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

FOR = ("klar", "sendt", "feilet", "dod")
ETTER = (*FOR, "forkastet")
SJEKK = "ck_outbox_message_outboxstatus"


def _tillat(verdier: Sequence[str]) -> None:
    with op.batch_alter_table("outbox_message", schema=None) as batch_op:
        batch_op.drop_constraint(op.f(SJEKK), type_="check")
        batch_op.create_check_constraint(op.f(SJEKK), sa.column("status").in_(verdier))


def upgrade() -> None:
    _tillat(ETTER)


def downgrade() -> None:
    # A dropped message was never sent; before this revision the nearest is «feilet».
    op.execute("UPDATE outbox_message SET status = 'feilet' WHERE status = 'forkastet'")
    _tillat(FOR)
