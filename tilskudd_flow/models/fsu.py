"""Faglige samarbeidsutvalg: mandate, members and their roles."""

from datetime import date

from sqlmodel import Field, Relationship, SQLModel

from tilskudd_flow.domain.kodeverk import FsuRolle, FsuType, Side, Verv
from tilskudd_flow.models.base import fremmednokkel, langtekst, valg
from tilskudd_flow.models.tenancy import Person


class FsuMedlem(SQLModel, table=True):
    __tablename__ = "fsu_medlem"

    id: int | None = Field(default=None, primary_key=True)
    fsu_id: int | None = Field(
        default=None, sa_column=fremmednokkel("fsu.case_id", ondelete="CASCADE")
    )
    person_id: int | None = Field(default=None, foreign_key="person.id", nullable=False)
    rolle: FsuRolle = Field(sa_column=valg(FsuRolle))
    side: Side | None = Field(default=None, sa_column=valg(Side, nullable=True))
    verv: Verv = Field(default=Verv.MEDLEM, sa_column=valg(Verv))
    fra: date | None = None

    person: Person = Relationship(sa_relationship_kwargs={"lazy": "joined"})


class Fsu(SQLModel, table=True):
    case_id: int | None = Field(default=None, foreign_key="workflow_case.id", primary_key=True)
    navn: str = Field(max_length=300)
    type: FsuType = Field(sa_column=valg(FsuType))
    mandat: str = Field(default="", sa_column=langtekst())
    oppnevnt_vedtak: str = Field(default="", max_length=200)
    avsluttet_vedtak: str = Field(default="", max_length=200)
    konstituert_dato: date | None = None
    sist_rapportert: date | None = None
    ansvarlig_id: int | None = Field(default=None, foreign_key="person.id")

    ansvarlig: Person | None = Relationship()
    medlemmer: list[FsuMedlem] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "FsuMedlem.id"}
    )
