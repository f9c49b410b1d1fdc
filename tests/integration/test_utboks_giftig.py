"""A poison message never blocks the queue (issue 17, item 1): an applicant's contact name
«Eve\\r\\nBcc: …» stopped all e-mail, every tick, also after a restart. Rows here are written
past all validation, as an old row or a hand-made one would be."""

from __future__ import annotations

from email.message import EmailMessage
from email.policy import SMTP
from typing import Any

import sqlalchemy as sa

from tests.conftest import Cli
from tests.integration.smtp_tjener import smtp_tjener
from tests.integration.test_epost import SEKR, legg_i_koen, levering, status
from tilskudd_flow.adapters.smtp import SmtpSender, Tjener
from tilskudd_flow.bootstrap import App
from tilskudd_flow.models.outbox import OutboxMessage, UtboksVedlegg

SEKRETARIATET = "samhandling@helgelandssykehuset.example"
GIFTIGE = {
    "navn": {"til_navn": "Eve\r\nBcc: tyv@angriper.example", "til_adresse": "eve@vefsn.example"},
    "adresse": {"til_navn": "Ola", "til_adresse": "ikke en adresse\r\nBcc: tyv@angriper.example"},
    "emne": {"til_navn": "Kari", "emne": "Hei\r\nBcc: tyv@angriper.example"},
    "ascii": {"til_navn": "Åse", "til_adresse": "åse@vefsn.example"},
    "tom": {"til_navn": "Per", "til_adresse": ""},
    "domene": {"til_navn": "Kari", "til_adresse": "kari@-rødøy.no"},
}


def legg_inn_giftig(app: App, **felt: str) -> int:
    """Straight into the table, as no form would let it through."""
    verdier: dict[str, Any] = {
               "helsefellesskap_id": 1, "opprettet": app.miljo.klokke.now(), "mal": "test/giftig",
               "til_adresse": "kari@vefsn.example", "til_navn": "", "emne": "Kvittering",
               "tekst": "Hei.\n", "html": "<p>Hei.</p>\n", **felt}  # fmt: skip
    with app.uow() as uow:
        melding = OutboxMessage(**verdier)
        uow.session.add(melding)
        uow.commit()
        return melding.id or 0


def rad(app: App, melding_id: int) -> OutboxMessage:
    with app.uow(skriv=False) as uow:
        melding = uow.session.get(OutboxMessage, melding_id)
        assert melding is not None
        uow.session.expunge(melding)
        return melding


def test_a_poison_row_between_good_ones_fails_alone_with_its_reason_and_alerts(
    app: App, cli: Cli, demo: object
) -> None:
    with smtp_tjener() as (postkasse, port):
        levering(app, port).tom_koen()  # the demo's queue first
        for_ = len(postkasse.mottatt)
        [forste] = legg_i_koen(app, 1)
        giftige = {navn: legg_inn_giftig(app, **felt) for navn, felt in GIFTIGE.items()}
        [siste] = legg_i_koen(app, 1)
        resultat = levering(app, port).tom_koen()
        assert (resultat.feilet, resultat.sendt) == (6, 2 + 6)  # 2 good ones and 6 alerts
        nye = postkasse.meldinger()[for_:]
    assert {m["Message-ID"].split("@")[0] for m in nye[:2]} == {f"<utboks.{forste}",
                                                                 f"<utboks.{siste}"}  # fmt: skip
    assert all("tyv@" not in str(m.get(h, "")) for m in nye for h in ("To", "Cc", "Bcc"))
    assert status(app) == {"sendt": len(postkasse.mottatt), "feilet": 6}
    grunner = {navn: rad(app, i).sist_feil for navn, i in giftige.items()}
    assert grunner["navn"] == (
        "Mottakernavnet «Eve[linjeskift]Bcc: tyv@angriper.example» inneholder linjeskift eller "
        "andre kontrolltegn."
    )
    assert grunner["adresse"].startswith("Mottakeradressen «ikke en adresse[linjeskift]Bcc:")
    assert (
        grunner["emne"] == "Emnet «Hei[linjeskift]Bcc: tyv@angriper.example» inneholder linjeskift."
    )
    assert (
        grunner["ascii"] == "Mottakeradressen «åse@vefsn.example» er ikke en gyldig e-postadresse."
    )
    assert grunner["tom"] == "Mottakeren har ingen e-postadresse."
    assert grunner["domene"] == "Mottakeradressen «kari@-rødøy.no» er ikke en gyldig e-postadresse."
    varsler = [m for m in nye if str(m["To"]) == SEKRETARIATET]
    assert len(varsler) == 6
    tekster = "\n".join(str(v.get_body(("plain",)).get_content()) for v in varsler)  # type: ignore[union-attr]
    assert "Årsak: Mottakernavnet «Eve[linjeskift]Bcc: tyv@angriper.example» inneholder" in tekster
    assert f"tilskudd utboks rett {giftige['navn']}" in tekster
    liste = cli.ok("utboks", "liste", "--status", "feilet", som=SEKR)
    assert "Årsak" in liste and "kontrolltegn" in liste and "\r" not in liste
    assert "[linjeskift]" in liste  # rich read it as markup and dropped it
    feilet = cli.json("utboks", "liste", "--status", "feilet", som=SEKR)
    assert {m["id"]: m["sist_feil"] for m in feilet} == {giftige[n]: g for n, g in grunner.items()}


def test_after_a_correction_the_message_is_delivered_to_the_new_address_audited(
    app: App, cli: Cli, demo: object
) -> None:
    with smtp_tjener() as (postkasse, port):
        levering(app, port).tom_koen()
        melding_id = legg_inn_giftig(app, **GIFTIGE["navn"])
        assert levering(app, port).tom_koen().feilet == 1
        nektet = cli("utboks", "rett", str(melding_id), "--adresse", "eve@vefsn.example",
                     "--navn", "Eve\nBcc: tyv@angriper.example", som=SEKR)  # fmt: skip
        assert nektet.exit_code == 1 and "kontrolltegn" in nektet.output
        nektet = cli("utboks", "rett", str(melding_id), "--adresse", "eve@", som=SEKR)
        assert nektet.exit_code == 1 and "ikke en e-postadresse" in nektet.output
        soker = cli("utboks", "rett", str(melding_id), "--adresse", "eve@vefsn.example",
                    som="vefsn.soker")  # fmt: skip
        assert soker.exit_code == 1
        assert rad(app, melding_id).status == "feilet"
        cli.ok("utboks", "rett", str(melding_id), "--adresse", "Eve.Olsen@Vefsn.example",
               "--navn", "Eve Olsen", som=SEKR)  # fmt: skip
        assert rad(app, melding_id).status == "klar"
        assert levering(app, port).tom_koen().sendt == 1
        sist = postkasse.meldinger()[-1]
    assert sist["Message-ID"] == f"<utboks.{melding_id}@helgelandssykehuset.example>"
    assert str(sist["To"]) == "Eve Olsen <Eve.Olsen@vefsn.example>"
    assert (rad(app, melding_id).status, rad(app, melding_id).sist_feil) == ("sendt", "")
    with app.engine.connect() as tilkobling:
        [(detaljer,)] = tilkobling.execute(
            sa.text("SELECT detaljer FROM audit_entry WHERE objekt_type = 'utboks' "
                    "AND hendelse = 'rett_mottaker' AND objekt_id = :id"), {"id": melding_id}
        ).all()  # fmt: skip
    assert "Eve\\r\\nBcc: tyv@angriper.example" in str(detaljer)
    assert "Eve.Olsen@vefsn.example" in str(detaljer)


def test_a_dropped_message_is_forkastet_audited_and_never_sent(
    app: App, cli: Cli, demo: object
) -> None:
    with smtp_tjener() as (postkasse, port):
        levering(app, port).tom_koen()
        melding_id = legg_inn_giftig(app, **GIFTIGE["adresse"])
        levering(app, port).tom_koen()
        assert cli("utboks", "forkast", str(melding_id), som="vefsn.soker").exit_code == 1
        cli.ok("utboks", "forkast", str(melding_id), som=SEKR)
        assert rad(app, melding_id).status == "forkastet"
        igjen = cli("utboks", "send-igjen", str(melding_id), som=SEKR)
        assert igjen.exit_code == 1 and "forkastet" in igjen.output
        for_ = len(postkasse.mottatt)
        assert levering(app, port).tom_koen().antall == 0
        assert len(postkasse.mottatt) == for_
    assert [m["id"] for m in cli.json("utboks", "liste", "--status", "forkastet", som=SEKR)] == [
        melding_id
    ]
    with app.engine.connect() as tilkobling:
        antall = tilkobling.execute(
            sa.text("SELECT count(*) FROM audit_entry WHERE objekt_type = 'utboks' "
                    "AND hendelse = 'forkast' AND objekt_id = :id"), {"id": melding_id}
        ).scalar_one()  # fmt: skip
    assert antall == 1


def test_an_alert_that_is_refused_is_not_alerted_about_no_loop(app: App, demo: object) -> None:
    with smtp_tjener() as (postkasse, port):
        levering(app, port).tom_koen()
        postkasse.avvis[SEKRETARIATET] = "550 5.1.1 Ukjent mottaker"
        legg_inn_giftig(app, **GIFTIGE["navn"])
        resultat = levering(app, port).tom_koen()
    assert (resultat.feilet, resultat.sendt) == (2, 0)  # the poison row and its one alert
    with app.engine.connect() as tilkobling:
        varsler = tilkobling.execute(
            sa.text("SELECT status FROM outbox_message WHERE mal = 'epost/leveringsfeil'")
        ).scalars().all()  # fmt: skip
    assert varsler == ["feilet"]


def _epost(emne: str, til: str = "kari@vefsn.example") -> EmailMessage:
    epost = EmailMessage(policy=SMTP)
    epost["From"], epost["Subject"] = SEKRETARIATET, emne
    if til:
        epost["To"] = til
    epost.set_content("Hei.\n")
    return epost


def test_a_message_the_sender_cannot_send_fails_for_good_and_the_next_one_goes() -> None:
    """aiosmtplib's ValueError for one message used to end the sender's whole batch."""
    with smtp_tjener() as (postkasse, port):
        sender = SmtpSender(Tjener(host="127.0.0.1", port=port, tidsavbrudd=5))
        try:
            utfall = sender([(1, _epost("Uten mottaker", til="")), (2, _epost("Neste"))])
        finally:
            sender.lukk()
    assert [(u.melding_id, u.levert, u.midlertidig) for u in utfall] == [
        (1, False, False),
        (2, True, False),
    ]
    assert utfall[0].svar == (
        "E-posten kan ikke sendes slik den er (teknisk feil: ValueError: No recipient headers "
        "provided in message)."
    )
    assert [str(m["Subject"]) for m in postkasse.meldinger()] == ["Neste"]


def test_a_row_that_fails_while_building_fails_alone_with_the_technical_reason(
    app: App, demo: object
) -> None:
    """What the checks before building do not foresee (here an attachment's content type
    with a line break) is still caught for that one message, not for the batch."""
    fil = app.innstillinger.data_dir / "giftig-invitasjon.ics"
    fil.write_text("BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n", encoding="utf-8")
    with app.uow() as uow:
        melding = OutboxMessage(
            helsefellesskap_id=1, opprettet=app.miljo.klokke.now(), mal="test/giftig",
            til_adresse="kari@vefsn.example", emne="Innkalling", tekst="Hei.\n", html="<p>Hei.</p>",
            vedlegg=[UtboksVedlegg(filnavn="innkalling.ics", sti=fil.name,
                                   mimetype="text/calendar; method=REQUEST\r\nBcc: tyv@x.example")],
        )  # fmt: skip
        uow.session.add(melding)
        uow.commit()
        melding_id = melding.id or 0
    [god] = legg_i_koen(app, 1)
    with smtp_tjener() as (postkasse, port):
        resultat = levering(app, port).tom_koen()
    assert resultat.feilet == 1
    assert rad(app, melding_id).sist_feil == (
        "E-posten kan ikke lages (teknisk feil: ValueError: Header values may not contain "
        "linefeed or carriage return characters)."
    )
    assert rad(app, god).status == "sendt"
    assert any(str(m["To"]) == SEKRETARIATET for m in postkasse.meldinger())
