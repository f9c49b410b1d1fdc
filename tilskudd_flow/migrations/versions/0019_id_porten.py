"""bruker.pid_hash: a person bound through ID-porten/Ansattporten, by a keyed hash only;
web_okt.id_token_forseglet: the encrypted ID token for logging out at the provider;
web_okt.oidc_sid: the provider's session id, for its front-channel logout

Revision ID: 0019_id_porten
Revises: 0018_part_alias
Create Date: 2026-12-06 10:00:00.000000

The fødselsnummer itself is never stored: HMAC-SHA256 under oidc.pid_nokkel.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019_id_porten"
down_revision: str | None = "0018_part_alias"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("bruker") as tabell:
        tabell.add_column(sa.Column("pid_hash", sa.String(length=64), nullable=True))
        tabell.create_unique_constraint("uq_bruker_pid_hash", ["pid_hash"])
    with op.batch_alter_table("web_okt") as tabell:
        tabell.add_column(sa.Column("id_token_forseglet", sa.Text(), nullable=True))
        tabell.add_column(sa.Column("oidc_sid", sa.String(length=255), nullable=True))
        tabell.create_index(tabell.f("ix_web_okt_oidc_sid"), ["oidc_sid"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("web_okt") as tabell:
        tabell.drop_index(tabell.f("ix_web_okt_oidc_sid"))
        tabell.drop_column("oidc_sid")
        tabell.drop_column("id_token_forseglet")
    with op.batch_alter_table("bruker") as tabell:
        tabell.drop_constraint("uq_bruker_pid_hash", type_="unique")
        tabell.drop_column("pid_hash")
