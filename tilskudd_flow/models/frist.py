"""The årshjul in the database: each deadline's actual date, and what is planned around it."""

from datetime import date, datetime, time

import sqlalchemy as sa
from sqlmodel import Field, SQLModel

from tilskudd_flow.domain.frister import Virkedag, effektiv_dato
from tilskudd_flow.domain.kodeverk import JobbArt
from tilskudd_flow.models.base import fremmednokkel, tidspunkt, valg


class Frist(SQLModel, table=True):
    """One deadline: generated from a rule in config.toml, adjustable by the sekretariat."""

    __table_args__ = (sa.UniqueConstraint("helsefellesskap_id", "nokkel"),)

    id: int | None = Field(default=None, primary_key=True)
    helsefellesskap_id: int = Field(sa_column=fremmednokkel("helsefellesskap.id"))
    nokkel: str = Field(max_length=120)
    type: str = Field(max_length=60, index=True)
    navn: str = Field(max_length=200)
    aar: int
    dato: date
    virkedag: Virkedag = Field(sa_column=valg(Virkedag))
    klokkeslett: time = time(23, 59, 59)
    bekreftet: bool = True
    objekt_type: str | None = Field(default=None, max_length=60)
    objekt_id: int | None = None
    # The date the jobs around this deadline were last planned for; None: plan again.
    planlagt_for: date | None = Field(default=None, index=True)

    @property
    def effektiv_dato(self) -> date:
        return effektiv_dato(self.dato, Virkedag(self.virkedag))


class PlanlagtJobb(SQLModel, table=True):
    """A reminder, deadline effect or escalation due at an instant; done exactly once."""

    __tablename__ = "planlagt_jobb"
    __table_args__ = (
        sa.Index(
            "ix_planlagt_jobb_ventende",
            "forfaller",
            sqlite_where=sa.text("utfort IS NULL"),
            postgresql_where=sa.text("utfort IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    helsefellesskap_id: int = Field(sa_column=fremmednokkel("helsefellesskap.id"))
    nokkel: str = Field(max_length=200, unique=True)
    frist_id: int | None = Field(
        default=None, sa_column=fremmednokkel("frist.id", ondelete="CASCADE")
    )
    art: JobbArt = Field(sa_column=valg(JobbArt))
    dager: int
    forfaller: datetime = Field(sa_column=tidspunkt())
    utfort: datetime | None = Field(default=None, sa_column=tidspunkt(nullable=True))
    resultat: str = Field(default="", max_length=500)


class Driftsjobb(SQLModel, table=True):
    """A periodic housekeeping run (the sweep of orphan upload files), done once per period
    across all processes: the unique key names the period, and the row commits with the run."""

    __tablename__ = "driftsjobb"

    id: int | None = Field(default=None, primary_key=True)
    nokkel: str = Field(max_length=120, unique=True)
    utfort: datetime = Field(sa_column=tidspunkt())
    resultat: str = Field(default="", max_length=500)
