"""The demo as `make run` builds it: the walk's history up to today and a round open ahead."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import MNOK, Demosammendrag, last_demodata
from tilskudd_flow.demo.gjennomgang import SEKRETARIAT, kjor_gjennomgang
from tilskudd_flow.demo.saksbehandling import tildel_demosaker
from tilskudd_flow.domain.kodeverk import Ordning
from tilskudd_flow.domain.tid import dato_i_oslo, norsk_dato
from tilskudd_flow.motor.tilgang import hent_aktor
from tilskudd_flow.soknader.runder import finn_runde, opprett_pott, opprett_runde


def apen_rundes_aar(i_dag: date) -> int:
    """The round whose søknadsfrist is the next 1 October on or after today (aar = -1)."""
    return i_dag.year + 1 if i_dag <= date(i_dag.year, 10, 1) else i_dag.year + 2


def last_demo_i_dag(app: App, skriv: Callable[[str], None]) -> Demosammendrag:
    """Demo data, the year's walk as far as today on the app's clock, and the next round open."""
    naa = app.miljo.klokke.now()
    sammendrag = last_demodata(app)
    kjor_gjennomgang(app, sammendrag.soknader, sammendrag.fsu, skriv, til=naa)
    aar = apen_rundes_aar(dato_i_oslo(naa))
    with app.uow() as uow:
        aktor = hent_aktor(uow.session, SEKRETARIAT)
        if finn_runde(uow.session, aktor.helsefellesskap_id, aar) is None:
            runde = opprett_runde(uow.session, aktor=aktor, innstillinger=app.innstillinger,
                                  aar=aar, naa=naa)  # fmt: skip
            opprett_pott(uow.session, aktor=aktor, ordning=Ordning.LOKAL, aar=aar,
                         ramme_ore=5 * MNOK, naa=naa)  # fmt: skip
            skriv(
                f"\nSøknadsrunden for {aar} er åpen, søknadsfrist "
                f"{norsk_dato(runde.soknadsfrist.dato)}."
            )
        uow.commit()
    tildel_demosaker(app)
    return sammendrag
