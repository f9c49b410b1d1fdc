"""The demo's work queue: the sekretariat has taken some of the cases waiting for it and
written a note on one, so «Mine oppgaver» and the case pages show what that looks like."""

from __future__ import annotations

from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.gjennomgang import SEKRETARIAT
from tilskudd_flow.domain.tid import dato_i_oslo
from tilskudd_flow.motor.oppgaver import mine_oppgaver
from tilskudd_flow.motor.saksbehandling import notater, skriv_notat, tildel_saksbehandler
from tilskudd_flow.motor.tilgang import hent_aktor

ANTALL = 2
NOTAT = (
    "Ringte kontaktpersonen: signert samarbeidsavtale med helseforetaket kommer i løpet av "
    "uka. Vurderingen venter til den er lastet opp."
)


def tildel_demosaker(app: App) -> list[int]:
    """Give the first cases waiting for the sekretariat to its demo user, a note on the first."""
    register, klokke = app.miljo.register, app.miljo.klokke
    with app.uow() as uow:
        aktor = hent_aktor(uow.session, SEKRETARIAT)
        oppgaver = mine_oppgaver(uow.session, register, aktor, dato_i_oslo(klokke.now()))
        saker = [int(o.lenke.rsplit("/", 1)[1]) for o in oppgaver
                 if o.lenke.startswith("/saker/")][:ANTALL]  # fmt: skip
        for sak_id in saker:
            tildel_saksbehandler(uow.session, register, klokke, aktor, sak_id=sak_id,
                                 brukernavn=SEKRETARIAT)  # fmt: skip
        if saker and not notater(uow.session, register, aktor, saker[0]):
            skriv_notat(uow.session, register, klokke, aktor, sak_id=saker[0], tekst=NOTAT)
        uow.commit()
    return saker
