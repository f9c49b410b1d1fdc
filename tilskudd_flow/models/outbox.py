"""E-mails waiting to be sent, written in the same transaction as what caused them."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, Relationship, SQLModel

from tilskudd_flow.domain.kodeverk import OutboxStatus
from tilskudd_flow.models.audit import AuditEntry
from tilskudd_flow.models.base import fremmednokkel, langtekst, tidspunkt, valg


class OutboxMessage(SQLModel, table=True):
    __tablename__ = "outbox_message"
    __table_args__ = (sa.Index("ix_outbox_message_status_neste", "status", "neste_forsok"),)

    id: int | None = Field(default=None, primary_key=True)
    helsefellesskap_id: int = Field(sa_column=fremmednokkel("helsefellesskap.id"))
    opprettet: datetime = Field(sa_column=tidspunkt())
    mal: str = Field(max_length=120)
    til_adresse: str = Field(max_length=254)
    til_navn: str = Field(default="", max_length=200)
    # Rendered by the delivery worker from `kontekst` and kept once built; rows from before
    # revision 0020 (kontekst empty) carry them from the start.
    emne: str = Field(default="", max_length=300)
    tekst: str = Field(default="", sa_column=langtekst())
    html: str = Field(default="", sa_column=langtekst())
    # Every value the template `mal` reads, frozen as JSON at the transition (varselmaler.frys).
    kontekst: str | None = Field(default=None, sa_column=langtekst(nullable=True))
    case_id: int | None = Field(
        default=None, sa_column=fremmednokkel("workflow_case.id", nullable=True)
    )
    audit_id: int | None = Field(default=None, foreign_key="audit_entry.id")
    audit: AuditEntry | None = Relationship()
    jobb_id: int | None = Field(
        default=None, sa_column=fremmednokkel("planlagt_jobb.id", nullable=True)
    )
    status: OutboxStatus = Field(default=OutboxStatus.KLAR, sa_column=valg(OutboxStatus))
    forsok: int = 0
    neste_forsok: datetime | None = Field(default=None, sa_column=tidspunkt(nullable=True))
    sist_feil: str = Field(default="", sa_column=langtekst())
    sendt: datetime | None = Field(default=None, sa_column=tidspunkt(nullable=True))
    # A worker holds the message until then (a dead worker's messages free themselves).
    laast_til: datetime | None = Field(default=None, sa_column=tidspunkt(nullable=True))
    laast_av: str = Field(default="", max_length=100, sa_column_kwargs={"server_default": ""})

    vedlegg: list["UtboksVedlegg"] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "lazy": "selectin"}
    )


class UtboksVedlegg(SQLModel, table=True):
    """A file sent with an e-mail; the bytes stay in the data folder, read when sending."""

    __tablename__ = "utboks_vedlegg"

    id: int | None = Field(default=None, primary_key=True)
    melding_id: int | None = Field(
        default=None, sa_column=fremmednokkel("outbox_message.id", ondelete="CASCADE")
    )
    filnavn: str = Field(max_length=200)
    mimetype: str = Field(max_length=120)
    sti: str = Field(max_length=500)  # relative to the data folder
