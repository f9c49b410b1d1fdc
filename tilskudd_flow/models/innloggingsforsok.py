"""Failed logins per account name and per client address, shared by every app instance."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from tilskudd_flow.models.base import tidspunkt


class Innloggingsforsok(SQLModel, table=True):
    __tablename__ = "innloggingsforsok"

    id: int | None = Field(default=None, primary_key=True)
    # "konto:<normalised name>" (whether or not the account exists) or "adresse:<ip or /64>".
    nokkel: str = Field(max_length=300, unique=True)
    feil: int = 0  # failures in the current window
    vindu_start: datetime | None = Field(default=None, sa_column=tidspunkt(nullable=True))
    sist_feil: datetime | None = Field(default=None, sa_column=tidspunkt(nullable=True, index=True))
    sperringer: int = 0  # lockouts so far: each lasts twice as long as the one before
    sperret_til: datetime | None = Field(default=None, sa_column=tidspunkt(nullable=True))
