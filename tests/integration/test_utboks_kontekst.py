"""E-mail rendered when the delivery worker builds it, from a context frozen at the
transition (issue 22): the recipient still reads what was true at the transition, a
template that fails at delivery fails its row alone, and the outbox shows what went out."""

from __future__ import annotations

from email.header import decode_header, make_header

import sqlalchemy as sa
from sqlmodel import col, select

from tests.conftest import Cli
from tests.integration.smtp_tjener import smtp_tjener
from tests.integration.test_epost import SEKR, levering, status
from tilskudd_flow.adapters.smtp import Utfall
from tilskudd_flow.adapters.varselmaler import tin
from tilskudd_flow.bootstrap import App
from tilskudd_flow.domain.arbeidsflyt import Adresse
from tilskudd_flow.domain.kodeverk import OutboxStatus
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.models.outbox import OutboxMessage
from tilskudd_flow.motor.maleksempler import eksempelkontekst
from tilskudd_flow.motor.utboks import innhold, legg_i_utboks

SEKRETARIATET = "samhandling@helgelandssykehuset.example"


def ventende(app: App) -> list[OutboxMessage]:
    with app.uow(skriv=False) as uow:
        klare = select(OutboxMessage).where(col(OutboxMessage.status) == OutboxStatus.KLAR)
        rader = list(uow.session.exec(klare.order_by(col(OutboxMessage.id))))
        for rad in rader:
            uow.session.expunge(rad)
        return rader


def test_a_transition_freezes_the_context_and_the_worker_keeps_what_went_out(
    app: App, demo: object
) -> None:
    rader = [r for r in ventende(app) if r.case_id is not None]
    assert rader and all(r.kontekst and not (r.emne or r.tekst or r.html) for r in rader)
    forventet = {r.id: innhold(app.miljo.varsler, r) for r in rader}
    assert tin(rader[0].kontekst or "")["mottaker"]["epost"] == rader[0].til_adresse
    with smtp_tjener() as (postkasse, port):
        levering(app, port).tom_koen()
    mottatt = {m["Message-ID"].split("@")[0].removeprefix("<utboks."): m
               for m in postkasse.meldinger()}  # fmt: skip
    with app.uow(skriv=False) as uow:
        for melding_id, vist in forventet.items():
            rad = uow.session.get(OutboxMessage, melding_id)
            assert rad is not None and rad.status == OutboxStatus.SENDT
            assert (rad.emne, rad.tekst, rad.html) == (vist.emne, vist.tekst, vist.html)
            emne = mottatt[str(melding_id)]["Subject"]
            assert str(make_header(decode_header(emne))) == vist.emne


def test_what_changes_after_the_transition_does_not_change_the_e_mail(
    app: App, demo: object
) -> None:
    rad = next(r for r in ventende(app) if r.case_id is not None)
    for_ = innhold(app.miljo.varsler, rad)
    with app.uow() as uow:
        sak = uow.session.get(WorkflowCase, rad.case_id)
        assert sak is not None and sak.tittel in for_.tekst
        gammel, sak.tittel = sak.tittel, "Omdøpt etter overgangen"
        uow.commit()
    with smtp_tjener() as (postkasse, port):
        levering(app, port).tom_koen()
    sendt = next(
        m for m in postkasse.meldinger() if m["Message-ID"].startswith(f"<utboks.{rad.id}@")
    )
    tekst = str(sendt.get_body(("plain",)).get_content())  # type: ignore[union-attr]
    assert gammel in tekst and "Omdøpt" not in tekst


def test_a_template_that_fails_at_delivery_fails_its_row_alone_with_the_reason(
    app: App, demo: object
) -> None:
    mal, naa = "rs_soknad/mangelfull", app.miljo.klokke.now()
    with smtp_tjener() as (postkasse, port):
        levering(app, port).tom_koen()  # the demo's queue first
        for_ = len(postkasse.mottatt)
        with app.uow() as uow:
            # A context the template cannot render (no «sak»), as a changed template would
            # meet, between two good ones.
            god = eksempelkontekst(app.miljo.register, mal)
            kontekster = {"Kari": god, "Ola": {"helsefellesskap": "HH"}, "Per": god}
            rader = [legg_i_utboks(uow.session, Adresse(f"{navn}@vefsn.example", navn), mal=mal,
                                   kontekst=kontekst, naa=naa, helsefellesskap_id=1)
                     for navn, kontekst in kontekster.items()]  # fmt: skip
            uow.commit()
            ider = [r.id for r in rader]
        resultat = levering(app, port).tom_koen()
        nye = postkasse.meldinger()[for_:]
    assert (resultat.feilet, resultat.sendt) == (1, 3)  # two good ones and the alert
    with app.uow(skriv=False) as uow:
        kari, ola, per = (uow.session.get(OutboxMessage, i) for i in ider)
        assert kari is not None and ola is not None and per is not None
        assert kari.status == per.status == OutboxStatus.SENDT and "Kari" in kari.tekst
        assert ola.status == OutboxStatus.FEILET and ola.emne == ""
        assert ola.sist_feil.startswith(
            f"E-posten kan ikke lages fra malen «{mal}» (UndefinedError:"
        )
        assert ola.sist_feil.endswith("rett malen og send e-posten på nytt.")
    varsler = [m for m in nye if str(m["To"]) == SEKRETARIATET]
    assert len(nye) == 3 and len(varsler) == 1
    tekst = str(varsler[0].get_body(("plain",)).get_content())  # type: ignore[union-attr]
    assert f"(malen {mal})" in tekst and "UndefinedError" in tekst


def test_the_drain_has_at_most_one_batch_sent_and_not_recorded(app: App, demo: object) -> None:
    klare = status(app).get("klar", 0)
    assert klare > 6
    sett: list[int] = []

    def etter_sending(utfall: list[Utfall]) -> None:
        # Here the batch has gone and is not recorded: a crash now resends it, and only it.
        with app.engine.connect() as tilkobling:
            sporring = sa.text("SELECT count(*) FROM outbox_message WHERE status = 'sendt'")
            sendt = tilkobling.execute(sporring).scalar_one()
        sett.append(len(postkasse.mottatt) - int(sendt))

    with smtp_tjener() as (postkasse, port):
        arbeider = levering(app, port, batch=3)
        arbeider.etter_sending = etter_sending
        assert arbeider.tom_koen().sendt == klare
    assert sett and max(sett) <= 3 and status(app) == {"sendt": klare}


def test_the_outbox_list_shows_a_waiting_e_mails_subject_and_never_its_context(
    app: App, cli: Cli, demo: object
) -> None:
    rader = cli.json("utboks", "liste", som=SEKR)
    ventende = [r for r in rader if r["status"] == "klar"]
    assert ventende and all(r["emne"] and "kontekst" not in r for r in ventende)
    [forste] = [r for r in ventende if r["id"] == ventende[0]["id"]]
    vist = cli.json("utboks", "vis", str(forste["id"]), som=SEKR)
    assert vist["emne"] == forste["emne"] and vist["tekst"] and "kontekst" not in vist
