"""The demo's work queue: the sekretariat has taken some of the cases waiting for it and
written a note on one, so «Mine oppgaver» and the case pages show what that looks like."""

from __future__ import annotations

from sqlmodel import Session, col, select

from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.gjennomgang import SEKRETARIAT
from tilskudd_flow.domain.tid import dato_i_oslo
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.motor.oppgaver import mine_oppgaver
from tilskudd_flow.motor.saksbehandling import notater, skriv_notat, tildel_saksbehandler
from tilskudd_flow.motor.tilgang import hent_aktor
from workflows import rs_soknad

ANTALL = 2
NOTAT = (
    "Ringte kontaktpersonen: signert samarbeidsavtale med helseforetaket kommer i løpet av "
    "uka. Vurderingen venter til den er lastet opp."
)
NOTAT_OPPFOLGING = (
    "Ringte kontaktpersonen: prosjektet er i rute, men årsrapporten blir en uke forsinket "
    "fordi prosjektlederen har vært syk. Ikke purr før fristen er passert."
)


def tildel_demosaker(app: App) -> list[int]:
    """Give the first cases waiting for the sekretariat to its demo user (or, on a day when
    none waits, the awarded søknader it follows up), a note on the first."""
    register, klokke = app.miljo.register, app.miljo.klokke
    with app.uow() as uow:
        aktor = hent_aktor(uow.session, SEKRETARIAT)
        oppgaver = mine_oppgaver(uow.session, register, aktor, dato_i_oslo(klokke.now()))
        saker = [int(o.lenke.rsplit("/", 1)[1]) for o in oppgaver
                 if o.lenke.startswith("/saker/")][:ANTALL]  # fmt: skip
        notat = NOTAT if saker else NOTAT_OPPFOLGING
        saker = saker or _tildelte_soknader(uow.session)[:ANTALL]
        for sak_id in saker:
            tildel_saksbehandler(uow.session, register, klokke, aktor, sak_id=sak_id,
                                 brukernavn=SEKRETARIAT)  # fmt: skip
        if saker and not notater(uow.session, register, aktor, saker[0]):
            skriv_notat(uow.session, register, klokke, aktor, sak_id=saker[0], tekst=notat)
        uow.commit()
    return saker


def _tildelte_soknader(session: Session) -> list[int]:
    sporring = select(WorkflowCase.id).where(
        WorkflowCase.workflow == rs_soknad.NAVN, WorkflowCase.state == rs_soknad.Tilstand.TILDELT
    )
    return [sak_id for sak_id in session.exec(sporring.order_by(col(WorkflowCase.id))) if sak_id]
