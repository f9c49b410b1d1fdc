"""RS-søknader, their rounds, pots, awards and report obligations."""

from datetime import date, datetime
from typing import Any

import sqlalchemy as sa
from sqlmodel import Field, Relationship, SQLModel

from tilskudd_flow.domain.kodeverk import (
    MilepaelType,
    Ordning,
    PartRolle,
    Prioritering,
    RapportType,
    Side,
    VedleggType,
)
from tilskudd_flow.models.base import fremmednokkel, langtekst, tidspunkt, valg
from tilskudd_flow.models.frist import Frist
from tilskudd_flow.models.tenancy import Part, Person


def _frist(kolonne: str) -> dict[str, Any]:
    return {"lazy": "joined", "foreign_keys": f"[Soknadsrunde.{kolonne}]"}


class Soknadsrunde(SQLModel, table=True):
    """A yearly round; its deadlines live in the årshjul (generated, adjustable, audited)."""

    __table_args__ = (sa.UniqueConstraint("helsefellesskap_id", "aar"),)

    id: int | None = Field(default=None, primary_key=True)
    helsefellesskap_id: int = Field(sa_column=fremmednokkel("helsefellesskap.id"))
    aar: int
    soknadsfrist_id: int | None = Field(default=None, sa_column=fremmednokkel("frist.id"))
    prioriteringsmote_id: int | None = Field(default=None, sa_column=fremmednokkel("frist.id"))
    oversendelse_id: int | None = Field(default=None, sa_column=fremmednokkel("frist.id"))

    soknadsfrist: Frist = Relationship(sa_relationship_kwargs=_frist("soknadsfrist_id"))
    prioriteringsmote: Frist = Relationship(sa_relationship_kwargs=_frist("prioriteringsmote_id"))
    oversendelse: Frist = Relationship(sa_relationship_kwargs=_frist("oversendelse_id"))


class Pott(SQLModel, table=True):
    """Money for one year in one scheme: this year's frame plus what was carried over."""

    __table_args__ = (sa.UniqueConstraint("helsefellesskap_id", "ordning", "aar"),)

    id: int | None = Field(default=None, primary_key=True)
    helsefellesskap_id: int = Field(sa_column=fremmednokkel("helsefellesskap.id"))
    ordning: Ordning = Field(sa_column=valg(Ordning))
    aar: int
    ramme_ore: int | None = Field(default=None, sa_type=sa.BigInteger)
    overfort_ore: int = Field(default=0, sa_type=sa.BigInteger)
    merknad: str = ""

    oremerkinger: list["Oremerking"] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan"}
    )


class Oremerking(SQLModel, table=True):
    """A direct earmark SSU makes from the local pot outside the application round."""

    id: int | None = Field(default=None, primary_key=True)
    pott_id: int | None = Field(
        default=None, sa_column=fremmednokkel("pott.id", ondelete="CASCADE")
    )
    formaal: str = Field(max_length=300)
    ore: int = Field(sa_type=sa.BigInteger)
    vedtak: str = ""


class SoknadPart(SQLModel, table=True):
    __tablename__ = "soknad_part"
    # An applicant's case list finds its parties' søknader through this.
    __table_args__ = (sa.Index("ix_soknad_part_part_id", "part_id"),)

    soknad_id: int | None = Field(
        default=None, foreign_key="soknad.case_id", primary_key=True, ondelete="CASCADE"
    )
    part_id: int | None = Field(default=None, foreign_key="part.id", primary_key=True)
    rolle: PartRolle = Field(sa_column=valg(PartRolle))

    part: Part = Relationship(sa_relationship_kwargs={"lazy": "joined"})


class SoknadKontakt(SQLModel, table=True):
    __tablename__ = "soknad_kontakt"

    id: int | None = Field(default=None, primary_key=True)
    soknad_id: int | None = Field(
        default=None, sa_column=fremmednokkel("soknad.case_id", ondelete="CASCADE")
    )
    person_id: int | None = Field(default=None, foreign_key="person.id", nullable=False)
    side: Side = Field(sa_column=valg(Side))
    # The contact as this søknad wrote it: the stored person (matched by e-mail) may have
    # another title or name form from an earlier søknad or an FSU, and neither overwrites
    # the other (#19). Everything that shows the søknad's contacts reads these.
    navn: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    tittel: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})
    organisasjon: str = Field(default="", max_length=200, sa_column_kwargs={"server_default": ""})

    person: Person = Relationship(sa_relationship_kwargs={"lazy": "joined"})

    @property
    def epost(self) -> str:
        return self.person.epost


class SoknadBelop(SQLModel, table=True):
    """Amount applied for in one year, in øre, with the applicant's own words."""

    __tablename__ = "soknad_belop"
    __table_args__ = (sa.UniqueConstraint("soknad_id", "aar"),)

    id: int | None = Field(default=None, primary_key=True)
    soknad_id: int | None = Field(
        default=None, sa_column=fremmednokkel("soknad.case_id", ondelete="CASCADE")
    )
    aar: int
    ore: int = Field(sa_type=sa.BigInteger)
    tekst: str = Field(max_length=500)
    omtrentlig: bool = False


class BudsjettRad(SQLModel, table=True):
    """One line of the budget table (form field 11): a cost item in one year, in øre, with
    the amount and the project year as the applicant wrote them."""

    __tablename__ = "budsjett_rad"

    id: int | None = Field(default=None, primary_key=True)
    soknad_id: int | None = Field(
        default=None, sa_column=fremmednokkel("soknad.case_id", ondelete="CASCADE")
    )
    rekkefolge: int
    kostnadspost: str = Field(max_length=300)
    aar: int
    ore: int = Field(sa_type=sa.BigInteger)
    tekst: str = Field(max_length=500)
    prosjektaar: str = Field(default="", sa_column=langtekst())


class NytteRad(SQLModel, table=True):
    """One row of the optional nytte table (form field 9)."""

    __tablename__ = "nytte_rad"

    id: int | None = Field(default=None, primary_key=True)
    soknad_id: int | None = Field(
        default=None, sa_column=fremmednokkel("soknad.case_id", ondelete="CASCADE")
    )
    rekkefolge: int
    forventet_nytte: str = Field(max_length=300)
    hvem_far_nytte: str = ""
    ansvarlig: str = ""
    maling: str = ""
    hvordan_male: str = ""
    forutsetninger: str = ""
    tidshorisont: str = ""


class Milepael(SQLModel, table=True):
    """A project-plan milestone, with the precision the applicant gave (month, quarter…)."""

    id: int | None = Field(default=None, primary_key=True)
    soknad_id: int | None = Field(
        default=None, sa_column=fremmednokkel("soknad.case_id", ondelete="CASCADE")
    )
    rekkefolge: int
    beskrivelse: str = Field(max_length=500)
    type: MilepaelType = Field(sa_column=valg(MilepaelType))
    tid_tekst: str = Field(max_length=100)
    start: date
    slutt: date
    presisjon: str = Field(max_length=20)


class Vedlegg(SQLModel, table=True):
    """Attachment metadata; the content itself is stored outside the database."""

    id: int | None = Field(default=None, primary_key=True)
    soknad_id: int | None = Field(
        default=None, sa_column=fremmednokkel("soknad.case_id", ondelete="CASCADE")
    )
    type: VedleggType = Field(sa_column=valg(VedleggType))
    filnavn: str = Field(max_length=255)
    innholdstype: str = Field(default="application/octet-stream", max_length=100)
    storrelse: int = 0
    sha256: str = Field(default="", max_length=64)
    # The generated file name under the attachments folder (outside the web root);
    # empty for attachments registered from a file on disk (CLI) without a copy.
    lagret_som: str = Field(default="", max_length=80, sa_column_kwargs={"server_default": ""})
    lastet_opp: datetime = Field(sa_column=tidspunkt())


class Tildeling(SQLModel, table=True):
    """Money awarded to a søknad from one scheme for one year (possibly partial)."""

    __table_args__ = (sa.UniqueConstraint("soknad_id", "ordning", "aar"),)

    id: int | None = Field(default=None, primary_key=True)
    soknad_id: int | None = Field(
        default=None, sa_column=fremmednokkel("soknad.case_id", ondelete="CASCADE")
    )
    ordning: Ordning = Field(sa_column=valg(Ordning))
    aar: int
    ore: int = Field(sa_type=sa.BigInteger)
    vedtak: str = ""
    dato: date


class Rapportkrav(SQLModel, table=True):
    """A report a funded project owes (its deadline is in the årshjul), and when it arrived."""

    id: int | None = Field(default=None, primary_key=True)
    soknad_id: int | None = Field(
        default=None, sa_column=fremmednokkel("soknad.case_id", ondelete="CASCADE")
    )
    type: RapportType = Field(sa_column=valg(RapportType))
    beskrivelse: str = Field(max_length=300)
    frist_id: int | None = Field(default=None, sa_column=fremmednokkel("frist.id"))
    mottatt: date | None = None

    frist: Frist = Relationship(sa_relationship_kwargs={"lazy": "joined"})


class Oversendelsespakke(SQLModel, table=True):
    """What the helsefellesskap sent Helse Nord's tildelingsutvalg for a round: the ranked
    list (PDF, XLSX) and every application with its attachments (ZIP), in the data folder."""

    id: int | None = Field(default=None, primary_key=True)
    helsefellesskap_id: int = Field(sa_column=fremmednokkel("helsefellesskap.id"))
    runde_id: int | None = Field(default=None, sa_column=fremmednokkel("soknadsrunde.id"))
    laget: datetime = Field(sa_column=tidspunkt())
    laget_av: str = Field(max_length=80)
    mappe: str = Field(max_length=300)  # relative to the data folder
    zip_sha256: str = Field(max_length=64)
    antall_soknader: int
    # The download link for Helse Nord: only a hash of its secret is stored.
    lenke_hash: str = Field(default="", max_length=64, index=True)
    lenke_utloper: datetime | None = Field(default=None, sa_column=tidspunkt(nullable=True))


class Prioriteringsliste(SQLModel, table=True):
    """SSU's priority list for a round; only an adopted list lets søknader move on.

    Until adopted it is the meeting's shared draft: `versjon` counts the edits, so an edit
    made on an older version is refused instead of overwriting someone else's.
    """

    __table_args__ = (
        # One draft per round: two editors starting the list at once cannot make two.
        sa.Index(
            "ux_prioriteringsliste_utkast",
            "runde_id",
            unique=True,
            sqlite_where=sa.text("vedtatt IS NULL"),
            postgresql_where=sa.text("vedtatt IS NULL"),
        ),
    )

    id: int | None = Field(default=None, primary_key=True)
    helsefellesskap_id: int = Field(sa_column=fremmednokkel("helsefellesskap.id"))
    runde_id: int | None = Field(default=None, sa_column=fremmednokkel("soknadsrunde.id"))
    vedtak: str = Field(max_length=200)
    vedtatt: datetime | None = Field(default=None, sa_column=tidspunkt(nullable=True))
    versjon: int = Field(default=0, sa_column_kwargs={"server_default": "0"})
    endret: datetime | None = Field(default=None, sa_column=tidspunkt(nullable=True))
    endret_av: str = Field(default="", max_length=80, sa_column_kwargs={"server_default": ""})

    plasser: list["Prioritet"] = Relationship(
        back_populates="liste",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "Prioritet.plass"},
    )
    belop: list["PrioritetBelop"] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan"}
    )


class Prioritet(SQLModel, table=True):
    __table_args__ = (sa.UniqueConstraint("liste_id", "plass"),)

    liste_id: int | None = Field(
        default=None, foreign_key="prioriteringsliste.id", primary_key=True, ondelete="CASCADE"
    )
    soknad_id: int | None = Field(default=None, foreign_key="soknad.case_id", primary_key=True)
    plass: int = Field(ge=1)
    prioritering: Prioritering = Field(sa_column=valg(Prioritering))

    liste: Prioriteringsliste = Relationship(back_populates="plasser")
    soknad: "Soknad" = Relationship(back_populates="prioriteter")


class PrioritetBelop(SQLModel, table=True):
    """What the list gives a søknad from the local pot in one year (øre)."""

    __tablename__ = "prioritet_belop"

    liste_id: int | None = Field(
        default=None, foreign_key="prioriteringsliste.id", primary_key=True, ondelete="CASCADE"
    )
    soknad_id: int | None = Field(default=None, foreign_key="soknad.case_id", primary_key=True)
    aar: int = Field(primary_key=True)
    ore: int = Field(sa_type=sa.BigInteger)


class Soknad(SQLModel, table=True):
    """An RS-søknad: Helse Nord's form field by field (numbers refer to the form)."""

    case_id: int | None = Field(default=None, foreign_key="workflow_case.id", primary_key=True)
    runde_id: int | None = Field(default=None, sa_column=fremmednokkel("soknadsrunde.id"))
    prosjektnavn: str = Field(max_length=300)  # 1
    prosjekteiere: str = Field(sa_column=langtekst())  # 2
    signert_avtale_dato: date | None = None  # 7
    signert_avtale_tekst: str = Field(default="", sa_column=langtekst())  # 7, as written
    beskrivelse: str = Field(default="", sa_column=langtekst())  # 8
    nytte: str = Field(default="", sa_column=langtekst())  # 9
    formaal: str = Field(default="", sa_column=langtekst())  # 10
    budsjett_bruk: str = Field(default="", sa_column=langtekst())  # 11
    kommune_ressurser: str = Field(default="", sa_column=langtekst())  # 11
    helseforetak_ressurser: str = Field(default="", sa_column=langtekst())  # 11
    finansieringsplan: str = Field(default="", sa_column=langtekst())  # 11, ved oppstart
    finansieringsplan_videreforing: str = Field(default="", sa_column=langtekst())  # 11
    sokt_tekst: str = Field(default="", sa_column=langtekst())  # 11, the total as written
    # 11: None until the applicant states it (søknader from before it was asked for too).
    totalkostnad_ore: int | None = Field(default=None, sa_type=sa.BigInteger)
    totalkostnad_tekst: str = Field(default="", sa_column=langtekst())  # 11, as written
    pasientansvar: str = Field(default="", sa_column=langtekst())  # 12
    digitale_losninger: str = Field(default="", sa_column=langtekst())  # 13
    prosjektplan: str = Field(default="", sa_column=langtekst())  # 14
    involvering: str = Field(default="", sa_column=langtekst())  # 15
    vurdering: str = Field(default="", sa_column=langtekst())  # internal, never to applicants
    avtale_bekreftelse: str = Field(default="", sa_column=langtekst())  # recorded by sekretariat
    # The web form's values as typed, while a draft holds something that does not validate
    # yet (a bad e-mail, an unreadable amount); JSON, emptied when the søknad is sent in.
    skjemautkast: str = Field(default="", sa_column=langtekst())

    runde: Soknadsrunde = Relationship(sa_relationship_kwargs={"lazy": "joined"})
    parter: list[SoknadPart] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan"}
    )
    kontakter: list[SoknadKontakt] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan"}
    )
    belop: list[SoknadBelop] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "SoknadBelop.aar"}
    )
    budsjettlinjer: list[BudsjettRad] = Relationship(
        sa_relationship_kwargs={
            "cascade": "all, delete-orphan",
            "order_by": "BudsjettRad.rekkefolge",
        }
    )
    nytterader: list[NytteRad] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "NytteRad.rekkefolge"}
    )
    milepaeler: list[Milepael] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "Milepael.rekkefolge"}
    )
    vedlegg: list[Vedlegg] = Relationship(sa_relationship_kwargs={"cascade": "all, delete-orphan"})
    tildelinger: list[Tildeling] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan"}
    )
    rapportkrav: list[Rapportkrav] = Relationship(
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "order_by": "Rapportkrav.id"}
    )
    prioriteter: list[Prioritet] = Relationship(back_populates="soknad")
