"""Which deadlines make a case a task, read from the workflow's own rules: an overdue report
is the sekretariat's task only after its deadline, a missing FSU member at once."""

from __future__ import annotations

from datetime import UTC, date, datetime
from types import SimpleNamespace

from tilskudd_flow.domain.frister import Virkedag
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.frist import Frist
from tilskudd_flow.models.tenancy import Bruker, BrukerRolle
from tilskudd_flow.motor.oppgaver import hva_saken_venter_paa
from workflows.rs_soknad import ARBEIDSFLYT as RS

RAPPORTFRIST = date(2027, 3, 1)
NAA = datetime(2026, 1, 1, tzinfo=UTC)


def _bruker(*roller: Rolle) -> Bruker:
    return Bruker(id=1, helsefellesskap_id=1, brukernavn="x", navn="X", epost="x@x.example",
                  opprettet=NAA, roller=[BrukerRolle(rolle=r) for r in roller])  # fmt: skip


def _rapport() -> tuple[WorkflowCase, object, dict[str, list[Frist]]]:
    frist = Frist(id=7, helsefellesskap_id=1, nokkel="rapport:2:2026", type="rapport",
                  navn="Årsrapport", aar=2027, dato=RAPPORTFRIST, virkedag=Virkedag.INGEN,
                  objekt_type="rs_soknad", objekt_id=2)  # fmt: skip
    sak = WorkflowCase(id=2, helsefellesskap_id=1, workflow="rs_soknad", state="tildelt",
                       tittel="Prosjekt", opprettet=NAA, endret=NAA)  # fmt: skip
    soknad = SimpleNamespace(rapportkrav=[SimpleNamespace(frist_id=7, mottatt=None)])
    return sak, soknad, {"rapport": [frist]}


def test_a_report_not_in_is_the_sekretariats_task_the_day_after_its_deadline() -> None:
    sak, soknad, frister = _rapport()
    sekr = _bruker(Rolle.SEKRETARIAT)
    assert list(hva_saken_venter_paa(RS, sak, soknad, frister, sekr, RAPPORTFRIST)) == []
    etter = list(hva_saken_venter_paa(RS, sak, soknad, frister, sekr, date(2027, 3, 2)))
    assert [hva for hva, _ in etter] == ["Årsrapport: fristen er passert"]


def test_a_report_received_is_no_task() -> None:
    sak, _, frister = _rapport()
    mottatt = SimpleNamespace(rapportkrav=[SimpleNamespace(frist_id=7, mottatt=date(2027, 2, 1))])
    sekr = _bruker(Rolle.SEKRETARIAT)
    assert list(hva_saken_venter_paa(RS, sak, mottatt, frister, sekr, date(2027, 4, 1))) == []


def test_a_state_that_waits_for_the_sekretariat_takes_its_first_deadline() -> None:
    sak, soknad, _ = _rapport()
    sak.state = "mottatt"
    runde = SimpleNamespace(aar=2026)
    mote = Frist(id=8, helsefellesskap_id=1, nokkel="prioriteringsmote:2026",
                 type="prioriteringsmote", navn="SSUs prioriteringsmøte", aar=2026,
                 dato=date(2025, 10, 22), virkedag=Virkedag.INGEN)  # fmt: skip
    soknad = SimpleNamespace(runde=runde)
    frister = {"prioriteringsmote": [mote]}
    sekr = _bruker(Rolle.SEKRETARIAT)
    oppgaver = list(hva_saken_venter_paa(RS, sak, soknad, frister, sekr, date(2025, 9, 15)))
    assert oppgaver == [("Vurder søknaden", mote)]
    assert list(hva_saken_venter_paa(RS, sak, soknad, {}, _bruker(Rolle.SOKER),
                                      date(2025, 9, 15))) == []  # fmt: skip
