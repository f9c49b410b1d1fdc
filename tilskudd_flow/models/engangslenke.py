"""One-time links sent by e-mail: an invitation to a new account, or a new password."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from tilskudd_flow.domain.kodeverk import Lenkeformaal
from tilskudd_flow.models.base import fremmednokkel, tidspunkt, valg


class Engangslenke(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    # SHA-256 of the token in the link: the database alone does not give working links.
    token_hash: str = Field(max_length=64, unique=True)
    bruker_id: int = Field(sa_column=fremmednokkel("bruker.id", ondelete="CASCADE"))
    formaal: Lenkeformaal = Field(sa_column=valg(Lenkeformaal))
    opprettet: datetime = Field(sa_column=tidspunkt())
    utloper: datetime = Field(sa_column=tidspunkt())
    brukt: datetime | None = Field(default=None, sa_column=tidspunkt(nullable=True))
