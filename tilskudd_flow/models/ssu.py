"""SSU: its members, its saker (numbered per year, typed, owned, placed on a meeting's
saksliste, tied to the cases they are about) and the saker reported in through the web."""

from datetime import date, datetime

import sqlalchemy as sa
from sqlmodel import Field, Relationship, SQLModel

from tilskudd_flow.domain.kodeverk import Sakstype, Side, Verv
from tilskudd_flow.domain.saksnummer import Saksnummer
from tilskudd_flow.models.base import fremmednokkel, langtekst, tidspunkt, valg
from tilskudd_flow.models.tenancy import Person


class SsuMedlem(SQLModel, table=True):
    """A member of SSU for a 4-year term, from the kommune side or the helseforetak side;
    a vara (deputy) is tied to the member they stand in for."""

    __tablename__ = "ssu_medlem"

    id: int | None = Field(default=None, primary_key=True)
    helsefellesskap_id: int = Field(sa_column=fremmednokkel("helsefellesskap.id"))
    person_id: int | None = Field(default=None, sa_column=fremmednokkel("person.id"))
    side: Side = Field(sa_column=valg(Side))
    verv: Verv = Field(default=Verv.MEDLEM, sa_column=valg(Verv))
    vara_for_id: int | None = Field(
        default=None, sa_column=fremmednokkel("ssu_medlem.id", nullable=True)
    )
    fra: date
    til: date
    bruker_id: int | None = Field(default=None, sa_column=fremmednokkel("bruker.id", nullable=True))

    person: Person = Relationship(sa_relationship_kwargs={"lazy": "joined"})

    @property
    def er_vara(self) -> bool:
        return self.vara_for_id is not None


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
    # The saksfremlegg: the proposal one point per line, then the facts and the assessment.
    innstilling: str = Field(default="", sa_column=langtekst())
    saksopplysninger: str = Field(default="", sa_column=langtekst())
    vurdering: str = Field(default="", sa_column=langtekst())
    vedlegg: str = Field(default="", sa_column=langtekst())  # one attachment name per line
    # Placed on a meeting's saksliste, in this order.
    mote_id: int | None = Field(
        default=None, sa_column=fremmednokkel("mote.case_id", nullable=True)
    )
    rekkefolge: int | None = None
    vedtak: str = Field(default="", sa_column=langtekst())
    vedtatt: datetime | None = Field(default=None, sa_column=tidspunkt(nullable=True))
    vedtatt_av: str = Field(default="", max_length=80, sa_column_kwargs={"server_default": ""})
    # A beslutningssak on the RS round of this year: its vedtak adopts the priority list.
    prioriteringsliste_aar: int | None = None
    innmelding_id: int | None = Field(
        default=None, sa_column=fremmednokkel("sak_innmelding.id", nullable=True)
    )

    referanser: list["SsuSakReferanse"] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "lazy": "selectin"}
    )

    @property
    def saksnummer(self) -> Saksnummer:
        return Saksnummer(self.aar, self.nummer)


class SsuSakReferanse(SQLModel, table=True):
    """A case (søknad, FSU, avtale revision) the sak is about."""

    __tablename__ = "ssu_sak_referanse"

    sak_id: int | None = Field(
        default=None, foreign_key="ssu_sak.id", primary_key=True, ondelete="CASCADE"
    )
    case_id: int | None = Field(default=None, foreign_key="workflow_case.id", primary_key=True)
    # The workflow event a vedtak fires on the case (FSU «oppnevn», avtale «ssu_behandle»).
    hendelse: str = Field(default="", max_length=60, sa_column_kwargs={"server_default": ""})


class SakInnmelding(SQLModel, table=True):
    """A sak someone reports to the sekretariat through the web form («meld inn sak»)."""

    __tablename__ = "sak_innmelding"

    id: int | None = Field(default=None, primary_key=True)
    helsefellesskap_id: int = Field(sa_column=fremmednokkel("helsefellesskap.id"))
    tittel: str = Field(max_length=300)
    beskrivelse: str = Field(default="", sa_column=langtekst())
    onsket_type: Sakstype | None = Field(default=None, sa_column=valg(Sakstype, nullable=True))
    innmeldt_av: str = Field(max_length=80)
    innmeldt_av_navn: str = Field(default="", max_length=200)
    innmeldt_av_epost: str = Field(default="", max_length=254)
    mottatt: datetime = Field(sa_column=tidspunkt())
    avvist_begrunnelse: str = Field(default="", max_length=1000)
