"""Wire real adapters: settings → engine, workflows, templates, clock. Nothing at import."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Engine, inspect
from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, select

from tilskudd_flow.adapters.database import lag_engine
from tilskudd_flow.adapters.unit_of_work import UnitOfWork
from tilskudd_flow.adapters.varselmaler import Varselbygger
from tilskudd_flow.clock import Clock, FileClock, SystemClock
from tilskudd_flow.config import Innstillinger, UgyldigKonfigurasjon
from tilskudd_flow.dokumenter.saksfremlegg import sjekk_dokumentmaler
from tilskudd_flow.dokumenter.wordmaler import UgyldigDokumentmal
from tilskudd_flow.domain.arbeidsflyt import Arbeidsflytregister
from tilskudd_flow.domain.tid import dato_i_oslo
from tilskudd_flow.models.case import WorkflowState
from tilskudd_flow.models.tenancy import Helsefellesskap
from tilskudd_flow.motor.aarshjul import mangler_aarsfrister, sorg_for_aarene
from tilskudd_flow.motor.miljo import Saksmiljo
from tilskudd_flow.motor.saker import sjekk_partaliaser
from tilskudd_flow.motor.samlet_lasting import sjekk_lasteplaner
from tilskudd_flow.ssu.saksdokumenter import dokumentoppsett

# The delivery worker's SMTP client and mail sink are imported where it starts: a command
# such as `tilskudd saker` builds the app but sends nothing (issue 22).
if TYPE_CHECKING:
    from tilskudd_flow.motor.levering import Levering


class DatabaseIkkeKlar(Exception):
    """The database has no schema yet."""


@dataclass
class App:
    innstillinger: Innstillinger
    engine: Engine
    miljo: Saksmiljo

    def uow(self, *, skriv: bool = True) -> UnitOfWork:
        return UnitOfWork(self.engine, skriv=skriv)

    def klargjor(self) -> None:
        """Check the schema exists, record every workflow state it may hold, check the
        configured party aliases against the parties, and make the yearly deadlines the
        årshjul lacks (first start, a new year) before any scheduler run."""
        if not inspect(self.engine).has_table("workflow_state"):
            raise DatabaseIkkeKlar(
                "Databasen er ikke opprettet. Kjør først: tilskudd database migrer"
            )
        synkroniser_tilstander(self.engine, self.miljo.register)
        with Session(self.engine) as session:
            sjekk_partaliaser(session, self.innstillinger)
        self._sorg_for_aarsfrister()

    def _sorg_for_aarsfrister(self) -> None:
        # Read first: most starts find the years whole and need no write transaction.
        naa, innstillinger = self.miljo.klokke.now(), self.innstillinger
        aar = dato_i_oslo(naa).year
        with self.uow(skriv=False) as uow:
            hf_ider = [i for i in uow.session.exec(select(Helsefellesskap.id)) if i is not None]
            mangler = any(mangler_aarsfrister(uow.session, innstillinger, hf_id, aaret)
                          for hf_id in hf_ider for aaret in (aar, aar + 1))  # fmt: skip
        if not mangler:
            return
        with self.uow() as uow:
            for hf_id in hf_ider:
                sorg_for_aarene(uow.session, innstillinger, hf_id, naa)
            uow.commit()


@contextmanager
def epostlevering(app: App, arbeider: str) -> Iterator[Levering]:
    """A delivery worker on the configured SMTP server, or on the local mail sink.

    With no `smtp.host` the sink (a real SMTP server on 127.0.0.1 that keeps .eml files
    under data_dir/epost) is started here and stopped when the block ends.
    """
    from tilskudd_flow.adapters.epostoppsamler import start_oppsamler
    from tilskudd_flow.adapters.smtp import SmtpSender, Tjener
    from tilskudd_flow.motor.levering import Levering

    smtp = app.innstillinger.smtp
    oppsamler = None
    if smtp.host:
        tjener = Tjener.fra(smtp, host=smtp.host, port=smtp.port)
    else:
        oppsamler = start_oppsamler(app.innstillinger.data_dir / "epost", smtp.oppsamler_port)
        tjener = Tjener.fra(smtp, host="127.0.0.1", port=oppsamler.port)
    try:
        yield Levering(app.uow, app.miljo, SmtpSender(tjener), arbeider)
    finally:
        if oppsamler is not None:
            oppsamler.stop()


def bygg_app(
    innstillinger: Innstillinger,
    *,
    klokke: Clock | None = None,
    register: Arbeidsflytregister | None = None,
    engine: Engine | None = None,
) -> App:
    register = register or last_register(innstillinger)
    _sjekk_fristtyper(innstillinger, register)
    sjekk_lasteplaner(register)
    _sjekk_dokumentmaler(innstillinger)
    miljo = Saksmiljo(
        register=register,
        klokke=klokke or klokke_fra(innstillinger),
        varsler=bygg_varsler(innstillinger, register),
        innstillinger=innstillinger,
    )
    return App(
        innstillinger=innstillinger,
        engine=engine or lag_engine(innstillinger.database_url(), innstillinger.database),
        miljo=miljo,
    )


def klokke_fra(innstillinger: Innstillinger) -> Clock:
    """The wall clock, or a shared simulated clock in a file (`planlegger.klokke`)."""
    valgt = innstillinger.planlegger.klokke
    if valgt.startswith("fil:"):
        return FileClock(Path(valgt.removeprefix("fil:")))
    return SystemClock()


def _sjekk_fristtyper(innstillinger: Innstillinger, register: Arbeidsflytregister) -> None:
    for flyt in register.alle():
        for regel in flyt.frister:
            if regel.frist not in innstillinger.frister:
                raise UgyldigKonfigurasjon(
                    f"frister.{regel.frist}: mangler i konfigurasjonen "
                    f"(arbeidsflyten {flyt.navn} har en regel for den)"
                )


def _sjekk_dokumentmaler(innstillinger: Innstillinger) -> None:
    """A configured Word template or logo that cannot be used stops the start, in bokmål."""
    for kode in innstillinger.helsefellesskap:
        try:
            sjekk_dokumentmaler(dokumentoppsett(innstillinger, kode))
        except UgyldigDokumentmal as feil:
            raise UgyldigKonfigurasjon(f"helsefellesskap.{kode}.dokumenter: {feil}") from None


def last_register(innstillinger: Innstillinger) -> Arbeidsflytregister:
    register = Arbeidsflytregister()
    register.last_pakker(innstillinger.arbeidsflyt.pakker)
    return register


def bygg_varsler(innstillinger: Innstillinger, register: Arbeidsflytregister) -> Varselbygger:
    """The template renderer; refuses to start if a workflow names a missing template."""
    mapper = [innstillinger.varsler.maler] + [
        flyt.malmappe for flyt in register.alle() if flyt.malmappe is not None
    ]
    bygger = Varselbygger(mapper, base_url=innstillinger.base_url)
    deklarert = (
        [
            (f"arbeidsflyt {flyt.navn}, hendelse {navn}", varsel.mal)
            for flyt in register.alle()
            for navn, regel in flyt.hendelser.items()
            for varsel in regel.varsler
        ]
        + [(f"e-posten «{epost.navn}»", epost.mal) for epost in register.eposter()]
        + [
            (f"arbeidsflyt {flyt.navn}, frist {regel.frist}", mal)
            for flyt in register.alle()
            for regel in flyt.frister
            for mal in (regel.paaminnelse_mal, regel.eskalering_mal)
            if mal is not None
        ]
    )
    for hvor, mal in deklarert:
        if not bygger.finnes(mal):
            raise UgyldigKonfigurasjon(
                f"{hvor}: malen «{mal}» finnes ikke i {', '.join(str(m) for m in mapper)}"
            )
    return bygger


def synkroniser_tilstander(engine: Engine, register: Arbeidsflytregister) -> None:
    """Insert missing (workflow, state) rows; existing ones are left alone."""
    onsket = {(flyt.navn, tilstand) for flyt in register.alle() for tilstand in flyt.tilstander}
    with Session(engine) as session:
        finnes = {(r.workflow, r.state) for r in session.exec(select(WorkflowState))}
        mangler = onsket - finnes
        if not mangler:
            return
        session.add_all(WorkflowState(workflow=w, state=s) for w, s in sorted(mangler))
        try:
            session.commit()
        except IntegrityError:
            session.rollback()  # another process inserted the same rows first
