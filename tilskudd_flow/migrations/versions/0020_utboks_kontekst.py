"""outbox_message.kontekst: the frozen template context an e-mail is rendered from when
the delivery worker builds it

Revision ID: 0020_utboks_kontekst
Revises: 0019_id_porten
Create Date: 2026-12-06 13:15:00.000000

Rows queued before this revision keep their rendered subject, text and HTML and no context.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020_utboks_kontekst"
down_revision: str | None = "0019_id_porten"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("outbox_message") as tabell:
        tabell.add_column(sa.Column("kontekst", sa.Text(), nullable=True))


def downgrade() -> None:
    # Older code sends emne/tekst/html as stored: a waiting row not yet rendered would go
    # out empty, so the queue must be drained (or those rows dropped) first.
    ventende = op.get_bind().scalar(
        sa.text(
            "SELECT count(*) FROM outbox_message WHERE kontekst IS NOT NULL AND emne = ''"
            " AND status = 'klar'"
        )
    )
    if ventende:
        raise RuntimeError(
            f"{ventende} e-poster i utboksen er ikke laget ennå; tøm køen (tilskudd epost send)"
            " før du går tilbake forbi revisjon 0020"
        )
    with op.batch_alter_table("outbox_message") as tabell:
        tabell.drop_column("kontekst")
