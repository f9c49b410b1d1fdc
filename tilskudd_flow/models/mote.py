"""Meetings (SSU, the Dialog- og partnerskapsmøte, FSU): when, where, who came, the referat."""

from datetime import date, datetime
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlmodel import Field, Relationship, SQLModel

from tilskudd_flow.domain.kodeverk import Motetype, Oppmote
from tilskudd_flow.models.base import fremmednokkel, langtekst, tidspunkt, valg
from tilskudd_flow.models.frist import Frist
from tilskudd_flow.models.tenancy import Person

if TYPE_CHECKING:
    from tilskudd_flow.models.ssu import SsuSak


class MoteDeltaker(SQLModel, table=True):
    """Someone called to a meeting: a member, a vara, an FSU member or an invitee. A vara
    called in for a member's forfall names whose place they take."""

    __tablename__ = "mote_deltaker"
    __table_args__ = (sa.UniqueConstraint("mote_id", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    mote_id: int | None = Field(
        default=None, sa_column=fremmednokkel("mote.case_id", ondelete="CASCADE")
    )
    person_id: int | None = Field(default=None, sa_column=fremmednokkel("person.id"))
    rolle: str = Field(default="", max_length=200)  # «Leder, kommunesiden», «Vara for …»
    er_vara: bool = False
    oppmote: Oppmote = Field(default=Oppmote.INNKALT, sa_column=valg(Oppmote))
    vara_for_id: int | None = Field(
        default=None, sa_column=fremmednokkel("mote_deltaker.id", nullable=True)
    )

    person: Person = Relationship(sa_relationship_kwargs={"lazy": "joined"})


class Mote(SQLModel, table=True):
    """The detail row of a meeting case (workflow `mote`)."""

    case_id: int | None = Field(default=None, foreign_key="workflow_case.id", primary_key=True)
    type: Motetype = Field(sa_column=valg(Motetype))
    start: datetime = Field(sa_column=tidspunkt(index=True))
    slutt: datetime = Field(sa_column=tidspunkt())
    sted: str = Field(default="", max_length=300)
    videolenke: str = Field(default="", max_length=500)
    # An FSU's own meeting invites that FSU's members instead of SSU's.
    fsu_case_id: int | None = Field(
        default=None, sa_column=fremmednokkel("workflow_case.id", nullable=True)
    )
    # The calendar invitation's identity: Outlook replaces the event when SEQUENCE grows.
    ics_uid: str = Field(max_length=200)
    ics_sekvens: int = 0
    # Who reviews the referat: the meeting's leder and nestleder when it was planned.
    leder_epost: str = Field(default="", max_length=254)
    nestleder_epost: str = Field(default="", max_length=254)
    innkalling_sendt: datetime | None = Field(default=None, sa_column=tidspunkt(nullable=True))
    referat: str = Field(default="", sa_column=langtekst())
    referat_godkjent_av_leder: str = Field(default="", max_length=200)
    referat_godkjent_av_nestleder: str = Field(default="", max_length=200)
    horingsfrist: date | None = None
    publisert: datetime | None = Field(default=None, sa_column=tidspunkt(nullable=True))
    papirfrist_id: int | None = Field(
        default=None, sa_column=fremmednokkel("frist.id", nullable=True)
    )
    referatfrist_id: int | None = Field(
        default=None, sa_column=fremmednokkel("frist.id", nullable=True)
    )

    papirfrist: Frist | None = Relationship(
        sa_relationship_kwargs={"foreign_keys": "[Mote.papirfrist_id]", "lazy": "joined"}
    )
    referatfrist: Frist | None = Relationship(
        sa_relationship_kwargs={"foreign_keys": "[Mote.referatfrist_id]", "lazy": "joined"}
    )
    ssu_saker: list["SsuSak"] = Relationship(
        sa_relationship_kwargs={
            "order_by": "SsuSak.rekkefolge",
            "lazy": "selectin",
            "foreign_keys": "[SsuSak.mote_id]",
        }
    )

    deltakere: list[MoteDeltaker] = Relationship(
        sa_relationship_kwargs={
            "cascade": "all, delete-orphan",
            "lazy": "selectin",
            "order_by": "MoteDeltaker.id",
        }
    )
