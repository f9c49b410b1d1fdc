"""«Mine oppgaver», saksbehandler and internal notes through the services the pages call, on
SQLite and PostgreSQL: the tasks the declarations give, the outbox's failures, the dates to
confirm; assignment and notes audited in the hash chain, and kept from applicants."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from sqlmodel import select

from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.domain.feil import IkkeTillatt, UgyldigFelt
from tilskudd_flow.domain.kodeverk import OutboxStatus
from tilskudd_flow.models.audit import AuditEntry
from tilskudd_flow.models.outbox import OutboxMessage
from tilskudd_flow.motor.audit import forste_brudd
from tilskudd_flow.motor.handling import Handling
from tilskudd_flow.motor.handlinger import Saksfilter, saksbilde, saksoversikt
from tilskudd_flow.motor.oppgavehandlinger import (
    nytt_notat,
    oppgavene,
    saksbehandlingen,
    tildel,
)

SEKR = "samhandlingssjef"
SOKNAD = 2


def _som(app: App, brukernavn: str) -> Handling:
    return Handling(app.uow, app.miljo, brukernavn)


def test_the_sekretariat_sees_the_soknader_to_assess_by_the_meeting_and_the_date_to_confirm(
    app: App, demo: Demosammendrag, klokke: FixedClock
) -> None:
    klokke.set(datetime(2025, 9, 15, 9, 0, tzinfo=UTC))
    oppgaver = oppgavene(_som(app, SEKR))
    vurder = [o for o in oppgaver if o.hva == "Vurder søknaden"]
    assert len(vurder) == 4 and {o.frist for o in vurder} == {date(2025, 10, 22)}
    assert any(o.hva == "Bekreft datoen eller flytt den" for o in oppgaver)
    assert [o.frist for o in oppgaver if o.frist] == sorted(o.frist for o in oppgaver if o.frist)

    klokke.set(datetime(2025, 10, 23, 9, 0, tzinfo=UTC))
    oppgaver = oppgavene(_som(app, SEKR))
    assert all(o.forfalt(date(2025, 10, 23)) for o in oppgaver if o.hva == "Vurder søknaden")
    assert not any(o.hva == "Bekreft datoen eller flytt den" for o in oppgaver)  # passed


def test_a_failed_email_is_a_task_that_leads_to_the_outbox(app: App, demo: Demosammendrag) -> None:
    with app.uow() as uow:
        melding = uow.session.exec(select(OutboxMessage)).first()
        assert melding is not None
        melding.status, adresse = OutboxStatus.DOD, melding.til_adresse
        uow.commit()
    epost = [o for o in oppgavene(_som(app, SEKR)) if o.lenke.startswith("/utboks")]
    assert len(epost) == 1 and adresse in epost[0].hva
    assert "status=dod" in epost[0].lenke
    assert not [o for o in oppgavene(_som(app, "vefsn.soker")) if o.lenke.startswith("/utboks")]


def test_assignment_is_audited_once_and_only_to_a_sekretariat_user(
    app: App, demo: Demosammendrag
) -> None:
    sekr = _som(app, SEKR)
    assert tildel(sekr, SOKNAD, SEKR) is not None
    assert tildel(sekr, SOKNAD, SEKR) is not None  # the same again: no new row
    with pytest.raises(UgyldigFelt, match="ikke en aktiv bruker i sekretariatet"):
        tildel(sekr, SOKNAD, "vefsn.soker")
    with pytest.raises(IkkeTillatt):
        tildel(_som(app, "vefsn.soker"), SOKNAD, SEKR)
    bilde = saksbehandlingen(sekr, SOKNAD)
    assert bilde is not None and bilde.saksbehandler is not None
    assert bilde.saksbehandler.brukernavn == SEKR
    assert next(o.din for o in oppgavene(sekr)) is True
    mine = saksoversikt(sekr, Saksfilter(saksbehandler="mine"), side=1)
    assert [r.id for r in mine.sakside.rader] == [SOKNAD]
    assert mine.kolonner[SOKNAD].saksbehandler == "Samhandlingssjef HSYK"
    assert tildel(sekr, SOKNAD, "") is None
    with app.uow() as uow:
        rader = uow.session.exec(
            select(AuditEntry).where(AuditEntry.hendelse == "tildel_saksbehandler")
        ).all()
        assert [r.kommentar for r in rader] == ["Tildelt Samhandlingssjef HSYK",
                                                "Ingen saksbehandler"]  # fmt: skip
        assert forste_brudd(uow.session, rader[0].helsefellesskap_id) is None


def test_a_case_of_ones_own_that_waits_for_nobody_is_still_listed_to_follow(
    app: App, demo: Demosammendrag
) -> None:
    sekr = _som(app, SEKR)
    utkast = 6  # Alstahaug's draft: it waits for the applicant, not the sekretariat
    assert not [o for o in oppgavene(sekr) if o.lenke == f"/saker/{utkast}"]
    tildel(sekr, utkast, SEKR)
    egne = [o for o in oppgavene(sekr) if o.lenke == f"/saker/{utkast}"]
    assert [(o.hva, o.din) for o in egne] == [("Følg saken", True)]
    assert oppgavene(sekr)[0] == egne[0]  # one's own cases first


def test_a_note_is_in_the_chain_and_only_the_sekretariat_reads_it(
    app: App, demo: Demosammendrag
) -> None:
    sekr = _som(app, SEKR)
    nytt_notat(sekr, SOKNAD, "  Ring Vefsn om budsjettet  ")
    with pytest.raises(UgyldigFelt, match="Skriv notatet"):
        nytt_notat(sekr, SOKNAD, " \n ")
    with pytest.raises(UgyldigFelt, match="ikke kan lagres"):
        nytt_notat(sekr, SOKNAD, "før\x00etter")
    with pytest.raises(IkkeTillatt):
        nytt_notat(_som(app, "ssu.medlem"), SOKNAD, "Et notat")
    bilde = saksbehandlingen(sekr, SOKNAD)
    assert bilde is not None and [n.tekst for n in bilde.notater] == ["Ring Vefsn om budsjettet"]
    assert saksbehandlingen(_som(app, "vefsn.soker"), SOKNAD) is None
    assert saksbehandlingen(_som(app, "ssu.medlem"), SOKNAD) is None
    for brukernavn in ("vefsn.soker", "ssu.medlem"):
        historikk = saksbilde(_som(app, brukernavn), SOKNAD).historikk
        assert "internt_notat" not in {r["hendelse"] for r in historikk}
        assert "Ring Vefsn" not in str(historikk)
    assert "internt_notat" in {r["hendelse"] for r in saksbilde(sekr, SOKNAD).historikk}
    with app.uow() as uow:
        assert forste_brudd(uow.session, 1) is None
