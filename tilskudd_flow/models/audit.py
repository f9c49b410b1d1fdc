"""One audit trail for every kind of case, hash-chained per helsefellesskap."""

from datetime import datetime

from sqlmodel import Field, SQLModel

from tilskudd_flow.models.base import fremmednokkel, langtekst, tidspunkt


class AuditEntry(SQLModel, table=True):
    __tablename__ = "audit_entry"

    id: int | None = Field(default=None, primary_key=True)
    helsefellesskap_id: int = Field(sa_column=fremmednokkel("helsefellesskap.id"))
    tidspunkt: datetime = Field(sa_column=tidspunkt())
    bruker_id: int | None = Field(default=None, foreign_key="bruker.id")
    brukernavn: str = Field(max_length=80)
    objekt_type: str = Field(max_length=60, index=True)
    objekt_id: int = Field(index=True)
    hendelse: str = Field(max_length=80)
    fra_tilstand: str | None = Field(default=None, max_length=60)
    til_tilstand: str | None = Field(default=None, max_length=60)
    kommentar: str = Field(default="", sa_column=langtekst())
    detaljer: str = Field(default="{}", sa_column=langtekst())
    forrige_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class AuditChainHead(SQLModel, table=True):
    """The newest link of a helsefellesskap's chain; its row lock orders appends."""

    __tablename__ = "audit_chain_head"

    helsefellesskap_id: int = Field(foreign_key="helsefellesskap.id", primary_key=True)
    siste_hash: str = Field(max_length=64)
