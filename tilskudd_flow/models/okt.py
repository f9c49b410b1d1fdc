"""Server-side login sessions: the cookie holds only a signed id; revoking is a row update."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from tilskudd_flow.models.base import fremmednokkel, langtekst, tidspunkt


class WebOkt(SQLModel, table=True):
    __tablename__ = "web_okt"

    id: int | None = Field(default=None, primary_key=True)
    # SHA-256 of the random token: a stolen database does not give working cookies.
    token_hash: str = Field(max_length=64, unique=True)
    bruker_id: int = Field(sa_column=fremmednokkel("bruker.id", ondelete="CASCADE"))
    opprettet: datetime = Field(sa_column=tidspunkt())
    utloper: datetime = Field(sa_column=tidspunkt())
    tilbakekalt: datetime | None = Field(default=None, sa_column=tidspunkt(nullable=True))
    # After an OIDC login: the ID token, encrypted (JWE) under a key derived from the app's
    # secret, sent as id_token_hint when the user logs out at the provider. Encrypted
    # because ID-porten's token carries the fødselsnummer.
    id_token_forseglet: str | None = Field(default=None, sa_column=langtekst(nullable=True))
    # After an OIDC login: the ID token's `sid` (the provider's session, not the person), so
    # the provider's front-channel logout can end the sessions it started.
    oidc_sid: str | None = Field(default=None, max_length=255, index=True)
