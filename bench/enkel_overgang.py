"""The plain implementation the engine is measured against (issue 22): a straightforward
SQLAlchemy ORM + python-statemachine transition with a version check, an audit row and two
Jinja-rendered outbox rows in one commit. Its own tables, in the database under test (same
file or cluster, same engine and pragmas); no roles, parties, guards over the form, hash
chain or recipient lookup — what a typical hand-written service does.
"""

from __future__ import annotations

from datetime import UTC, datetime

import jinja2
from sqlalchemy import DateTime, Engine, ForeignKey, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column
from statemachine import State, StateMachine


class Base(DeclarativeBase):
    pass


class EnkelSak(Base):
    __tablename__ = "enkel_sak"

    id: Mapped[int] = mapped_column(primary_key=True)
    tittel: Mapped[str] = mapped_column(String(200))
    state: Mapped[str] = mapped_column(String(40))
    versjon: Mapped[int] = mapped_column()
    endret: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    __mapper_args__ = {"version_id_col": versjon}  # noqa: RUF012 (SQLAlchemy's own dict)


class EnkelAudit(Base):
    __tablename__ = "enkel_audit"

    id: Mapped[int] = mapped_column(primary_key=True)
    sak_id: Mapped[int] = mapped_column(ForeignKey("enkel_sak.id"))
    tidspunkt: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    bruker: Mapped[str] = mapped_column(String(80))
    hendelse: Mapped[str] = mapped_column(String(80))
    fra: Mapped[str] = mapped_column(String(40))
    til: Mapped[str] = mapped_column(String(40))
    kommentar: Mapped[str] = mapped_column(Text)


class EnkelUtboks(Base):
    __tablename__ = "enkel_utboks"

    id: Mapped[int] = mapped_column(primary_key=True)
    sak_id: Mapped[int] = mapped_column(ForeignKey("enkel_sak.id"))
    audit_id: Mapped[int] = mapped_column(ForeignKey("enkel_audit.id"))
    til: Mapped[str] = mapped_column(String(200))
    emne: Mapped[str] = mapped_column(String(200))
    tekst: Mapped[str] = mapped_column(Text)


class EnkelSoknad(StateMachine):
    mottatt = State("Mottatt", initial=True)
    mangelfull = State("Mangelfull")
    avvist = State("Avvist", final=True)

    returner_som_mangelfull = mottatt.to(mangelfull)
    komplettert = mangelfull.to(mottatt)
    avvis = mottatt.to(avvist) | mangelfull.to(avvist)


MALER = {
    "soker.txt": "Hei {{ navn }},\n\n{{ sak.tittel }} er nå «{{ til }}».\n{{ kommentar }}\n",
    "sekretariat.txt": "Sak {{ sak.id }} ({{ sak.tittel }}): {{ fra }} → {{ til }}.\n",
}

MOTTAKERE = (("soker.txt", "soker@example.no"), ("sekretariat.txt", "sekr@example.no"))


class EnkelTjeneste:
    """The whole plain service: one method per transition, one commit."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.maler = jinja2.Environment(loader=jinja2.DictLoader(MALER), autoescape=False)
        Base.metadata.create_all(engine)

    def ny_sak(self) -> int:
        with Session(self.engine) as session:
            sak = EnkelSak(tittel="Fremtidens pasientforløp", state="mottatt",
                           endret=datetime.now(UTC))  # fmt: skip
            session.add(sak)
            session.commit()
            return sak.id

    def utfor(self, sak_id: int, hendelse: str, kommentar: str = "") -> None:
        with Session(self.engine) as session, session.begin():
            sak = session.get(EnkelSak, sak_id)
            assert sak is not None
            fra = sak.state
            EnkelSoknad(model=sak, state_field="state").send(hendelse)
            sak.endret = datetime.now(UTC)
            audit = EnkelAudit(
                sak_id=sak.id,
                tidspunkt=sak.endret,
                bruker="samhandlingssjef",
                hendelse=hendelse,
                fra=fra,
                til=sak.state,
                kommentar=kommentar,
            )
            session.add(audit)
            session.flush()
            kontekst = {"sak": sak, "fra": fra, "til": sak.state, "kommentar": kommentar}
            for mal, til in (
                ("soker.txt", "soker@example.no"),
                ("sekretariat.txt", "sekr@example.no"),
            ):
                tekst = self.maler.get_template(mal).render(navn="Kari", **kontekst)
                emne = f"{sak.tittel}: {sak.state}"
                session.add(EnkelUtboks(sak_id=sak.id, audit_id=audit.id, til=til, emne=emne,
                                        tekst=tekst))  # fmt: skip
