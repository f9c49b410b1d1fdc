"""A year's worth of cases for the årshjul tests: demo data on 1 May 2025, two revisions open."""

from __future__ import annotations

from datetime import datetime

from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.data import last_demodata
from tilskudd_flow.domain.tid import OSLO
from tilskudd_flow.motor.overganger import Hendelseskommando, utfor_hendelse
from tilskudd_flow.motor.tilgang import hent_aktor
from tilskudd_flow.samarbeid.avtaler import list_avtaler, opprett_revisjon

SEKR = "samhandlingssjef"
START = datetime(2025, 5, 1, 8, 0, tzinfo=OSLO)


def sett_opp(app: App, klokke: FixedClock) -> tuple[int, int]:
    """Demo data on 1 May 2025; this year's revision of TA10 and TA5 open for input."""
    klokke.set(START)
    last_demodata(app, tid=START)
    with app.uow() as uow:
        aktor = hent_aktor(uow.session, SEKR)
        avtaler = {a.nummer: a.id or 0 for a in list_avtaler(uow.session, 1)}
        uten = opprett_revisjon(
            uow.session, app.miljo, aktor=aktor, avtale_id=avtaler[10], aar=2025
        )
        med = opprett_revisjon(uow.session, app.miljo, aktor=aktor, avtale_id=avtaler[5], aar=2025)
        uow.commit()
    for sak in (uten, med):
        _hendelse(app, Hendelseskommando(sak, "apne_innspill"))
    felt = {"part": "1824", "omfang": "vesentlig", "tekst": "Ny definisjon."}
    _hendelse(app, Hendelseskommando(med, "registrer_innspill", felt=felt))
    return uten, med


def _hendelse(app: App, kommando: Hendelseskommando) -> None:
    utfor_hendelse(kommando, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
