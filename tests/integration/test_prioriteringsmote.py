"""Two meeting leaders edit the shared priority list at once: one wins, one is told."""

from __future__ import annotations

import threading

import pytest

from tests.conftest import Cli
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.domain.feil import Konflikt
from tilskudd_flow.domain.kodeverk import Prioritering
from tilskudd_flow.motor.tilgang import hent_aktor
from tilskudd_flow.soknader.prioriteringsmote import (
    Endring,
    Flytting,
    Merking,
    endre_moteliste,
    moteliste,
)

SEKR = "samhandlingssjef"


@pytest.fixture
def vurdert(cli: Cli, demo: Demosammendrag) -> None:
    cli.vurder(2, 5)


def samtidig(app: App, versjon: int, endringer: list[tuple[str, Endring]]) -> list[object]:
    barriere = threading.Barrier(len(endringer), timeout=30)
    resultater: list[object] = []

    def kjor(brukernavn: str, endring: Endring) -> None:
        barriere.wait()
        try:
            resultater.append(endre_moteliste(2026, endring, forventet_versjon=versjon,
                                              uow=app.uow(), miljo=app.miljo,
                                              brukernavn=brukernavn))  # fmt: skip
        except Konflikt as feil:
            resultater.append(feil)

    traader = [threading.Thread(target=kjor, args=e) for e in endringer]
    for traad in traader:
        traad.start()
    for traad in traader:
        traad.join(timeout=60)
    return resultater


def listen(app: App) -> list[tuple[int, str | None]]:
    with app.uow(skriv=False) as uow:
        liste = moteliste(uow.session, app.miljo, aktor=hent_aktor(uow.session, SEKR), aar=2026)
        return [(k.sak_id, k.prioritering) for k in liste.prioriterte]


def test_two_leaders_starting_the_list_at_once_make_one_list(app: App, vurdert: None) -> None:
    resultater = samtidig(app, 0, [
        ("ssu.leder", Merking(2, Prioritering.REGIONAL)),
        (SEKR, Merking(5, Prioritering.LOKAL)),
    ])  # fmt: skip

    assert sorted(type(r).__name__ for r in resultater) == ["Konflikt", "int"]
    assert 1 in resultater
    assert len(listen(app)) == 1


def test_two_edits_on_the_same_version_one_wins_the_other_changes_nothing(
    app: App, vurdert: None
) -> None:
    endre_moteliste(2026, Merking(2, Prioritering.REGIONAL), forventet_versjon=0, uow=app.uow(),
                    miljo=app.miljo, brukernavn=SEKR)  # fmt: skip
    endre_moteliste(2026, Merking(5, Prioritering.REGIONAL), forventet_versjon=1, uow=app.uow(),
                    miljo=app.miljo, brukernavn=SEKR)  # fmt: skip

    resultater = samtidig(app, 2, [
        ("ssu.leder", Flytting(5, -1)),
        (SEKR, Merking(2, None)),
    ])  # fmt: skip

    konflikter = [r for r in resultater if isinstance(r, Konflikt)]
    assert len(konflikter) == 1 and 3 in resultater
    assert "mens du så på den (du så versjon 2, nå er den 3)" in str(konflikter[0])
    assert listen(app) in ([(5, "regional"), (2, "regional")], [(5, "regional")])
