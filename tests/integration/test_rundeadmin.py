"""The services behind the round, pot and history pages, on SQLite and PostgreSQL: the same
rules as the CLI, every change audited, nothing half-written when a rule refuses."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlmodel import col, select

from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.domain.feil import IkkeFunnet, IkkeTillatt, Regelbrudd, UgyldigFelt
from tilskudd_flow.domain.kodeverk import Ordning
from tilskudd_flow.drift.historikk import historikken
from tilskudd_flow.models.audit import AuditEntry
from tilskudd_flow.models.frist import Frist
from tilskudd_flow.motor.handling import Handling
from tilskudd_flow.soknader.handlinger import ny_runde
from tilskudd_flow.soknader.rundeadmin import (
    Pottskjema,
    bekreft_rundefrist,
    endre_potten,
    flytt_rundefrist,
    pottsiden,
    registrer_pott,
    rundens_frister,
    rundeoversikten,
)

SEKR = "samhandlingssjef"


def _som(app: App, brukernavn: str = SEKR) -> Handling:
    return Handling(app.uow, app.miljo, brukernavn)


def _audit(app: App, hendelse: str) -> list[AuditEntry]:
    with app.uow(skriv=False) as uow:
        return list(uow.session.exec(select(AuditEntry).where(AuditEntry.hendelse == hendelse)
                                     .order_by(col(AuditEntry.id))))  # fmt: skip


def test_the_next_round_opens_with_the_rules_dates(app: App, demo: Demosammendrag) -> None:
    h = _som(app)
    assert rundeoversikten(h).neste_aar == 2027
    ny_runde(h, 2027)
    runde = rundens_frister(h, 2027)
    assert [f.frist.dato for f in runde.frister] == [
        date(2026, 10, 1), date(2026, 10, 21), date(2026, 11, 1),
    ]  # fmt: skip
    assert runde.frister[2].forklaring.startswith("1. november 2026 er en søndag, så fristen")
    assert rundeoversikten(h).neste_aar == 2028
    with pytest.raises(Regelbrudd, match="finnes allerede"):
        ny_runde(h, 2027)


def test_moving_a_round_deadline_replans_it_and_is_audited(app: App, demo: Demosammendrag) -> None:
    h = _som(app)
    frist = rundens_frister(h, 2026).frister[0].frist
    flyttet = flytt_rundefrist(h, 2026, frist.id, date(2025, 10, 4))
    assert flyttet.effektiv_dato == date(2025, 10, 6)
    with app.uow(skriv=False) as uow:
        rad = uow.session.get(Frist, frist.id)
        assert rad is not None and rad.planlagt_for is None  # the scheduler plans it again
    detaljer = json.loads(_audit(app, "frist_endret")[-1].detaljer)
    assert detaljer["dato"] == ["2025-10-01", "2025-10-04"]


def test_confirming_the_meeting_date_is_audited_and_only_the_sekretariat_may(
    app: App, demo: Demosammendrag
) -> None:
    mote = rundens_frister(_som(app), 2026).frister[1].frist
    assert not mote.bekreftet
    with pytest.raises(IkkeTillatt):
        bekreft_rundefrist(_som(app, "admin"), 2026, mote.id)
    assert bekreft_rundefrist(_som(app), 2026, mote.id).bekreftet
    assert len(_audit(app, "frist_bekreftet")) == 1


def test_a_deadline_outside_the_round_is_not_moved(app: App, demo: Demosammendrag) -> None:
    with app.uow(skriv=False) as uow:
        annen = uow.session.exec(select(Frist).where(Frist.type == "avtale_innspill")).first()
        assert annen is not None and annen.id is not None
        annen_id, dato = annen.id, annen.dato
    with pytest.raises(IkkeFunnet):
        flytt_rundefrist(_som(app), 2026, annen_id, date(2026, 6, 2))
    with app.uow(skriv=False) as uow:
        rad = uow.session.get(Frist, annen_id)
        assert rad is not None and rad.dato == dato


def test_a_pot_is_edited_with_before_and_after_in_the_audit(app: App, demo: Demosammendrag) -> None:
    h = _som(app)
    lokal = pottsiden(h, 2026).potter[0]
    assert lokal.ordning == Ordning.LOKAL and len(lokal.oremerkinger) == 2
    ny = Pottskjema(6_000_000_00, lokal.overfort_ore, (("Prosjektkoordinator", 1_000_000_00, ""),))
    endre_potten(h, 2026, lokal.id, ny)
    etter = pottsiden(h, 2026).potter[0]
    assert etter.ramme_ore == 6_000_000_00 and etter.oremerkinger == [
        ("Prosjektkoordinator", 1_000_000_00, "")
    ]
    assert etter.status.oremerket_ore == 1_000_000_00
    detaljer = json.loads(_audit(app, "pott_endret")[-1].detaljer)
    assert detaljer["ramme_ore"] == [5_000_000_00, 6_000_000_00]
    assert "overfort_ore" not in detaljer  # unchanged figures are not listed


def test_a_refused_pot_edit_changes_nothing(app: App, demo: Demosammendrag) -> None:
    h = _som(app)
    lokal = pottsiden(h, 2026).potter[0]
    feil = Pottskjema(-1, 0, (("", 0, "Sak 99-2025"),))
    with pytest.raises(UgyldigFelt) as refusert:
        endre_potten(h, 2026, lokal.id, feil)
    assert set(refusert.value.alle) == {
        "ramme", "oremerking_0_formaal", "oremerking_0_belop", "oremerking_0_vedtak",
    }  # fmt: skip
    assert pottsiden(h, 2026).potter[0] == lokal
    with pytest.raises(IkkeTillatt):
        endre_potten(_som(app, "admin"), 2026, lokal.id, Pottskjema(1, 0, ()))
    with pytest.raises(IkkeFunnet):
        endre_potten(h, 2027, lokal.id, Pottskjema(1, 0, ()))


def test_a_second_pot_for_a_scheme_and_year_is_a_form_error(app: App, demo: Demosammendrag) -> None:
    h = _som(app)
    with pytest.raises(UgyldigFelt, match="finnes allerede en regional pott for 2026"):
        registrer_pott(h, 2026, Ordning.REGIONAL, Pottskjema(None, 0, ()))
    registrer_pott(h, 2027, Ordning.REGIONAL, Pottskjema(None, 0, ()))
    assert pottsiden(h, 2027).mangler == [Ordning.LOKAL]


def test_the_history_holds_administrative_changes_but_no_case_events(
    app: App, demo: Demosammendrag
) -> None:
    h = _som(app)
    ny_runde(h, 2027)
    side = historikken(h, objekt_type="", side=1)
    assert side.rader[0].hendelse == "Søknadsrunden ble opprettet"
    assert side.rader[0].objekt == "Søknadsrunden 2027"
    assert "rs_soknad" not in {t for t, _ in side.typer}
    assert ("pott", "Pott") in side.typer
    assert all(r.objekt.startswith(("Lokal", "Regional")) for r in
               historikken(h, objekt_type="pott", side=1).rader)  # fmt: skip
    with pytest.raises(IkkeTillatt):
        historikken(_som(app, "ssu.medlem"), objekt_type="", side=1)
