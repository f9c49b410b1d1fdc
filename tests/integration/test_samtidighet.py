"""Two transitions on one case, both from the same loaded version: exactly one wins."""

from __future__ import annotations

import threading
from collections.abc import Callable

import sqlalchemy as sa

from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.domain.feil import Konflikt
from tilskudd_flow.motor.overganger import Hendelseskommando, Overgang, utfor_hendelse
from tilskudd_flow.motor.saker import last_sak
from tilskudd_flow.motor.tilgang import hent_aktor

SEKR = "samhandlingssjef"


def _versjon(app: App, sak_id: int) -> int:
    with app.uow(skriv=False) as uow:
        aktor = hent_aktor(uow.session, SEKR)
        return last_sak(uow.session, app.miljo.register, aktor, sak_id).sak.versjon


def _tell(app: App, tabell: str, sak_id: int) -> int:
    kolonne = "objekt_id" if tabell == "audit_entry" else "case_id"
    with app.engine.connect() as tilkobling:
        sql = f"SELECT count(*) FROM {tabell} WHERE {kolonne} = :sak"
        return int(tilkobling.execute(sa.text(sql), {"sak": sak_id}).scalar_one())


def test_concurrent_transitions_one_succeeds_the_other_gets_a_conflict(
    app: App, demo: Demosammendrag
) -> None:
    sak_id = demo.soknader[0]  # mottatt
    versjon = _versjon(app, sak_id)
    audit_for, utboks_for = _tell(app, "audit_entry", sak_id), _tell(app, "outbox_message", sak_id)
    barriere = threading.Barrier(2, timeout=30)
    resultater: list[Overgang | Exception] = []

    def arbeider(hendelse: str, felt: dict[str, str], kommentar: str) -> Callable[[], None]:
        def kjor() -> None:
            kommando = Hendelseskommando(sak_id, hendelse, kommentar, felt, versjon)
            barriere.wait()  # both have loaded version `versjon`; now both act at once
            try:
                resultater.append(
                    utfor_hendelse(kommando, uow=app.uow(), miljo=app.miljo, brukernavn=SEKR)
                )
            except Konflikt as feil:
                resultater.append(feil)

        return kjor

    traader = [
        threading.Thread(target=arbeider("vurder", {"vurdering": "Komplett."}, "")),
        threading.Thread(target=arbeider("returner_som_mangelfull", {}, "Mangler budsjett.")),
    ]
    for traad in traader:
        traad.start()
    for traad in traader:
        traad.join(timeout=60)

    vinnere = [r for r in resultater if isinstance(r, Overgang)]
    tapere = [r for r in resultater if isinstance(r, Konflikt)]
    assert (len(vinnere), len(tapere)) == (1, 1)
    assert "endret" in str(tapere[0])
    assert _tell(app, "audit_entry", sak_id) == audit_for + 1
    assert _tell(app, "outbox_message", sak_id) == utboks_for + len(vinnere[0].utboks_ider)
    assert _versjon(app, sak_id) == versjon + 1
