"""The tenant, its parties, people and users."""

from datetime import datetime

import sqlalchemy as sa
from sqlmodel import Field, Relationship, SQLModel

from tilskudd_flow.domain.kodeverk import PartType, Rolle
from tilskudd_flow.models.base import fremmednokkel, tidspunkt, valg


class Helsefellesskap(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    kode: str = Field(max_length=40, unique=True)
    navn: str = Field(max_length=200)


class Part(SQLModel, table=True):
    """A party to søknader and avtaler: a kommune or a helseforetak."""

    __table_args__ = (sa.UniqueConstraint("helsefellesskap_id", "kommunenummer"),)

    id: int | None = Field(default=None, primary_key=True)
    helsefellesskap_id: int = Field(sa_column=fremmednokkel("helsefellesskap.id"))
    type: PartType = Field(sa_column=valg(PartType))
    navn: str = Field(max_length=200)
    kommunenummer: str | None = Field(default=None, max_length=4)
    postmottak: str = Field(max_length=254)
    medlem: bool = True


class PartAlias(SQLModel, table=True):
    """Another name a party goes by («HSYK»), set up by the sekretariat on the web; found by
    its normalised form, which is unique in the helsefellesskap."""

    __tablename__ = "part_alias"
    __table_args__ = (sa.UniqueConstraint("helsefellesskap_id", "normalisert"),)

    id: int | None = Field(default=None, primary_key=True)
    helsefellesskap_id: int = Field(sa_column=fremmednokkel("helsefellesskap.id"))
    part_id: int = Field(sa_column=fremmednokkel("part.id", ondelete="CASCADE"))
    alias: str = Field(max_length=200)
    normalisert: str = Field(max_length=200)


class Person(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    helsefellesskap_id: int = Field(sa_column=fremmednokkel("helsefellesskap.id"))
    navn: str = Field(max_length=200)
    tittel: str = Field(default="", max_length=200)
    organisasjon: str = Field(default="", max_length=200)
    epost: str = Field(default="", max_length=254)


class BrukerRolle(SQLModel, table=True):
    bruker_id: int | None = Field(
        default=None, foreign_key="bruker.id", primary_key=True, ondelete="CASCADE"
    )
    rolle: Rolle = Field(sa_column=valg(Rolle, primary_key=True))


class BrukerPart(SQLModel, table=True):
    """The parties an applicant user represents."""

    bruker_id: int | None = Field(
        default=None, foreign_key="bruker.id", primary_key=True, ondelete="CASCADE"
    )
    part_id: int | None = Field(default=None, foreign_key="part.id", primary_key=True)


class Bruker(SQLModel, table=True):
    id: int | None = Field(default=None, primary_key=True)
    helsefellesskap_id: int = Field(sa_column=fremmednokkel("helsefellesskap.id"))
    brukernavn: str = Field(max_length=80, unique=True)
    navn: str = Field(max_length=200)
    epost: str = Field(max_length=254)
    aktiv: bool = True
    opprettet: datetime = Field(sa_column=tidspunkt())
    # argon2id hash; None: the user logs in through OpenID Connect only, or not yet at all.
    passord_hash: str | None = Field(default=None, max_length=200)
    # Part of the secret calendar feed address; raising it makes the old address stop working.
    kalender_versjon: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    # HMAC-SHA256 of the person's fødselsnummer (`pid` from ID-porten/Ansattporten) under
    # the key in oidc.pid_nokkel: later logins match on it; the number itself is never kept.
    pid_hash: str | None = Field(default=None, max_length=64, unique=True)

    # Loaded with the user in one query: every service call starts by loading the actor.
    roller: list[BrukerRolle] = Relationship(
        sa_relationship_kwargs={"lazy": "joined", "cascade": "all, delete-orphan"}
    )
    parter: list[BrukerPart] = Relationship(
        sa_relationship_kwargs={"lazy": "joined", "cascade": "all, delete-orphan"}
    )

    @property
    def rollesett(self) -> frozenset[Rolle]:
        return frozenset(Rolle(r.rolle) for r in self.roller)

    @property
    def part_ider(self) -> frozenset[int]:
        return frozenset(p.part_id for p in self.parter if p.part_id is not None)
