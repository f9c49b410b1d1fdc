"""SSU's saker: numbered per year, typed, owned, and tied to the cases they are about."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, Relationship, SQLModel

from tilskudd_flow.domain.kodeverk import Sakstype
from tilskudd_flow.models.base import fremmednokkel, tidspunkt, valg


class SsuSak(SQLModel, table=True):
    __tablename__ = "ssu_sak"
    # The papers have reused a number by mistake; the database refuses it.
    __table_args__ = (sa.UniqueConstraint("helsefellesskap_id", "aar", "nummer"),)

    id: int | None = Field(default=None, primary_key=True)
    helsefellesskap_id: int = Field(sa_column=fremmednokkel("helsefellesskap.id"))
    aar: int
    nummer: int = Field(ge=1)
    tittel: str = Field(max_length=300)
    type: Sakstype = Field(sa_column=valg(Sakstype))
    eier: str = Field(default="", max_length=200)
    registrert: datetime = Field(sa_column=tidspunkt())
    registrert_av: str = Field(max_length=80)

    referanser: list["SsuSakReferanse"] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "lazy": "selectin"}
    )


class SsuSakReferanse(SQLModel, table=True):
    """A case (søknad, FSU, avtale revision) the sak is about."""

    __tablename__ = "ssu_sak_referanse"

    sak_id: int | None = Field(
        default=None, foreign_key="ssu_sak.id", primary_key=True, ondelete="CASCADE"
    )
    case_id: int | None = Field(default=None, foreign_key="workflow_case.id", primary_key=True)
