"""Samarbeidsavtalen and tjenesteavtalene: versions, parties, accession, yearly revision."""

from datetime import date

import sqlalchemy as sa
from sqlmodel import Field, Relationship, SQLModel

from tilskudd_flow.domain.kodeverk import AvtaleType, InnspillOmfang
from tilskudd_flow.models.base import fremmednokkel, langtekst, valg
from tilskudd_flow.models.tenancy import Part


class AvtalePart(SQLModel, table=True):
    __tablename__ = "avtale_part"

    avtale_id: int | None = Field(
        default=None, foreign_key="avtale.id", primary_key=True, ondelete="CASCADE"
    )
    part_id: int | None = Field(default=None, foreign_key="part.id", primary_key=True)

    part: Part = Relationship(sa_relationship_kwargs={"lazy": "joined"})


class Tiltredelse(SQLModel, table=True):
    """One party's approval of one version of an avtale."""

    versjon_id: int | None = Field(
        default=None, foreign_key="avtale_versjon.id", primary_key=True, ondelete="CASCADE"
    )
    part_id: int | None = Field(default=None, foreign_key="part.id", primary_key=True)
    godkjent: date


class AvtaleVersjon(SQLModel, table=True):
    __tablename__ = "avtale_versjon"
    __table_args__ = (sa.UniqueConstraint("avtale_id", "versjon"),)

    id: int | None = Field(default=None, primary_key=True)
    avtale_id: int | None = Field(
        default=None, sa_column=fremmednokkel("avtale.id", ondelete="CASCADE")
    )
    versjon: int = Field(ge=1)
    gyldig_fra: date
    vedtak: str = Field(default="", max_length=200)

    tiltredelser: list[Tiltredelse] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "lazy": "selectin"}
    )


class Avtale(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("helsefellesskap_id", "type", "nummer"),)

    id: int | None = Field(default=None, primary_key=True)
    helsefellesskap_id: int = Field(sa_column=fremmednokkel("helsefellesskap.id"))
    type: AvtaleType = Field(sa_column=valg(AvtaleType))
    nummer: int | None = None
    tittel: str = Field(max_length=300)

    parter: list[AvtalePart] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "lazy": "selectin"}
    )
    versjoner: list[AvtaleVersjon] = Relationship(
        sa_relationship_kwargs={
            "cascade": "all, delete-orphan",
            "order_by": "AvtaleVersjon.versjon",
            "lazy": "selectin",
        }
    )


class Innspill(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    revisjon_id: int | None = Field(
        default=None, sa_column=fremmednokkel("avtale_revisjon.case_id", ondelete="CASCADE")
    )
    part_id: int | None = Field(default=None, foreign_key="part.id", nullable=False)
    omfang: InnspillOmfang = Field(sa_column=valg(InnspillOmfang))
    tekst: str = Field(sa_column=langtekst())
    mottatt: date

    part: Part = Relationship(sa_relationship_kwargs={"lazy": "joined"})


class AvtaleRevisjon(SQLModel, table=True):
    """The yearly revision case of one avtale."""

    __tablename__ = "avtale_revisjon"
    __table_args__ = (sa.UniqueConstraint("avtale_id", "aar"),)

    case_id: int | None = Field(default=None, foreign_key="workflow_case.id", primary_key=True)
    avtale_id: int | None = Field(default=None, sa_column=fremmednokkel("avtale.id"))
    aar: int
    innspill_apnet: bool = False
    ny_versjon_id: int | None = Field(default=None, foreign_key="avtale_versjon.id")

    avtale: Avtale = Relationship()
    ny_versjon: AvtaleVersjon | None = Relationship()
    innspill: list[Innspill] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "Innspill.id"}
    )
