"""E-mail that is never lost: the outbox delivered over real SMTP (aiosmtpd on loopback)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
from collections import Counter
from datetime import timedelta
from email.header import decode_header, make_header
from email.message import EmailMessage
from pathlib import Path

import sqlalchemy as sa

from tests.conftest import KONFIG, REPO, Cli
from tests.integration.smtp_tjener import smtp_tjener
from tilskudd_flow.adapters.epostoppsamler import ledig_port
from tilskudd_flow.adapters.smtp import SmtpSender, Tjener
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FileClock, FixedClock
from tilskudd_flow.models.outbox import OutboxMessage
from tilskudd_flow.motor.levering import Levering

SEKR = "samhandlingssjef"


def levering(app: App, port: int, batch: int | None = None) -> Levering:
    if batch is not None:
        app.innstillinger.epost.batch = batch
    tjener = Tjener(host="127.0.0.1", port=port, tidsavbrudd=5)
    return Levering(app.uow, app.miljo, SmtpSender(tjener), "test",
                    tilfeldig=random.Random(7))  # fmt: skip


def legg_i_koen(app: App, antall: int, *, jobb_id: int | None = None) -> list[int]:
    """Messages as the engine writes them: Norwegian subject, name and body, text and HTML."""
    with app.uow() as uow:
        rader = [
            OutboxMessage(
                helsefellesskap_id=1,
                opprettet=app.miljo.klokke.now(),
                mal="test/melding",
                til_adresse=f"mottaker{nr}@rødøy.kommune.example".replace("ø", "o"),
                til_navn=f"Åse Ødegård Bærum {nr}",
                emne=f"Påminnelse {nr}: søknadsfrist for Træna og Rødøy",
                tekst=f"Hei Åse,\n\nSøknaden «Ærlig talt» nr. {nr} er mottatt.\n",
                html=f"<!DOCTYPE html><html lang=\"nb\"><body><p>Søknad nr. {nr}: «Ærlig talt»"
                "</p></body></html>\n",
                jobb_id=jobb_id,
            )
            for nr in range(antall)
        ]  # fmt: skip
        uow.session.add_all(rader)
        uow.commit()
        return [r.id or 0 for r in rader]


def _del(melding: EmailMessage, type_: str) -> str:
    del_ = melding.get_body((type_,))
    assert del_ is not None, f"meldingen mangler {type_}-delen"
    return str(del_.get_content())


def status(app: App) -> dict[str, int]:
    with app.engine.connect() as tilkobling:
        rader = tilkobling.execute(
            sa.text("SELECT status, count(*) FROM outbox_message GROUP BY status")
        ).all()
    return {str(s): int(n) for s, n in rader}


def test_a_message_arrives_as_proper_utf8_mail_with_both_parts_and_a_stable_id(
    app: App, demo: object
) -> None:
    ider = legg_i_koen(app, 1)
    with smtp_tjener() as (postkasse, port):
        assert levering(app, port).tom_koen().sendt == status(app)["sendt"]
    rå = postkasse.mottatt[-1]  # ours is the newest row in the queue
    assert rå.isascii()  # headers encoded per RFC 2047, bodies per transfer encoding
    assert b"=?utf-8?" in rå
    melding = postkasse.meldinger()[-1]
    assert str(make_header(decode_header(melding["Subject"]))) == (
        "Påminnelse 0: søknadsfrist for Træna og Rødøy"
    )
    assert melding["To"].addresses[0].display_name == "Åse Ødegård Bærum 0"
    assert str(melding["From"]) == (
        "Helsefellesskap Helgeland <samhandling@helgelandssykehuset.example>"
    )
    assert str(melding["Reply-To"]) == "samhandling@helgelandssykehuset.example"
    assert melding["Message-ID"] == f"<utboks.{ider[0]}@helgelandssykehuset.example>"
    assert melding["Date"] is not None
    tekst = _del(melding, "plain").replace("\r\n", "\n")
    assert tekst == "Hei Åse,\n\nSøknaden «Ærlig talt» nr. 0 er mottatt.\n"
    assert "«Ærlig talt»" in _del(melding, "html")
    assert status(app) == {"sendt": len(postkasse.mottatt)}


def test_server_down_then_up_every_one_of_200_messages_arrives_once(
    app: App, klokke: FixedClock, demo: object
) -> None:
    klar_for = status(app).get("klar", 0)
    legg_i_koen(app, 200)
    port = ledig_port()  # nothing listens here yet
    resultat = levering(app, port).tom_koen()
    assert resultat.utsatt == 200 + klar_for
    assert levering(app, port).tom_koen().antall == 0  # backing off: nothing is due yet
    klokke.set(klokke.now() + timedelta(hours=1))
    with smtp_tjener(port) as (postkasse, _):
        assert levering(app, port).tom_koen().sendt == 200 + klar_for
    ider = [m["Message-ID"] for m in postkasse.meldinger()]
    assert len(ider) == len(set(ider)) == 200 + klar_for
    assert status(app) == {"sendt": 200 + klar_for}


def test_a_451_is_retried_with_growing_backoff_then_delivered(
    app: App, klokke: FixedClock, demo: object
) -> None:
    with smtp_tjener() as (postkasse, port):
        levering(app, port).tom_koen()  # the demo's queue first
        postkasse.mottatt.clear()
        [melding_id] = legg_i_koen(app, 1)
        postkasse.data_svar = ["451 4.3.0 Prøv igjen senere"] * 3
        ventetider = []
        for _ in range(3):
            assert levering(app, port).tom_koen().utsatt == 1
            with app.uow() as uow:
                melding = uow.session.get(OutboxMessage, melding_id)
                assert melding is not None and melding.neste_forsok is not None
                ventetider.append(melding.neste_forsok - klokke.now())
                assert melding.sist_feil.startswith("451")
            assert levering(app, port).tom_koen().antall == 0  # not before its time
            klokke.set(melding.neste_forsok)
        assert levering(app, port).tom_koen().sendt == 1
    assert len(postkasse.mottatt) == 1
    # 60 s, 120 s, 240 s, each with jitter between half and all of it
    for forsok, ventetid in enumerate(ventetider, start=1):
        tak = 60 * 2 ** (forsok - 1)
        assert timedelta(seconds=tak / 2) <= ventetid <= timedelta(seconds=tak)


def test_a_550_fails_with_the_reply_is_visible_in_the_cli_and_can_be_resent(
    app: App, cli: Cli, demo: object
) -> None:
    with smtp_tjener() as (postkasse, port):
        levering(app, port).tom_koen()  # the demo's queue first
        [melding_id] = legg_i_koen(app, 1)
        postkasse.avvis["mottaker0@rodoy.kommune.example"] = "550 5.1.1 Ukjent mottaker"
        assert levering(app, port).tom_koen().feilet == 1
        feilet = cli.json("utboks", "liste", "--status", "feilet", som=SEKR)
        assert [(m["id"], m["sist_feil"]) for m in feilet] == [
            (melding_id, "mottaker0@rodoy.kommune.example: 550 5.1.1 Ukjent mottaker")
        ]
        nektet = cli("utboks", "send-igjen", str(melding_id), som="vefsn.soker")
        assert nektet.exit_code == 1
        del postkasse.avvis["mottaker0@rodoy.kommune.example"]
        cli.ok("utboks", "send-igjen", str(melding_id), som=SEKR)
        assert levering(app, port).tom_koen().sendt == 1
    sist = postkasse.meldinger()[-1]
    assert sist["Message-ID"] == f"<utboks.{melding_id}@helgelandssykehuset.example>"


def test_a_deadline_email_that_goes_dead_alerts_the_sekretariat(
    app: App, klokke: FixedClock, demo: object
) -> None:
    app.innstillinger.epost.maks_forsok = 2
    with app.engine.begin() as tilkobling:
        tilkobling.execute(
            sa.text(
                "INSERT INTO frist (id, helsefellesskap_id, nokkel, type, navn, aar, dato, "
                "virkedag, klokkeslett, bekreftet) VALUES (99, 1, 't', 'rapport', 'T', 2026, "
                "'2026-01-01', 'ingen', '23:59:59', true)"
            )
        )
        tilkobling.execute(
            sa.text(
                "INSERT INTO planlagt_jobb (id, helsefellesskap_id, nokkel, frist_id, art, dager, "
                "forfaller, resultat) VALUES (99, 1, 't', 99, 'paaminnelse', 1, '2026-01-01', '')"
            )
        )
    with smtp_tjener() as (postkasse, port):
        levering(app, port).tom_koen()
        [melding_id] = legg_i_koen(app, 1, jobb_id=99)
        postkasse.avvis["mottaker0@rodoy.kommune.example"] = "452 4.2.2 Postkassen er full"
        assert levering(app, port).tom_koen().utsatt == 1
        klokke.set(klokke.now() + timedelta(days=1))
        resultat = levering(app, port).tom_koen()
        assert (resultat.dode, resultat.sendt) == (1, 1)  # the dead one, and the alert
    varsel = postkasse.meldinger()[-1]
    assert str(varsel["To"]) == "samhandling@helgelandssykehuset.example"
    assert "Ikke levert: Påminnelse 0" in str(varsel["Subject"])
    assert f"send-igjen {melding_id}" in _del(varsel, "plain")


def test_without_an_smtp_server_mail_goes_to_the_local_sink(cli: Cli, tmp_path: object) -> None:
    cli.ok("demo", "last")
    ut = cli.ok("epost", "send")
    sendt = int(ut.split()[0])
    assert sendt > 0
    innboks = cli.json("epost", "innboks")
    assert len(innboks) >= sendt
    assert "Kvittering: søknaden" in cli.ok("epost", "les", str(len(innboks) - sendt + 1))


def test_every_template_can_be_proofread_with_sample_data(cli: Cli) -> None:
    maler = cli.ok("mal", "liste").split()
    assert "rs_soknad/kvittering" in maler and "frister/paaminnelse" in maler
    for mal in maler:
        ut = cli.ok("mal", "vis", mal)
        assert ut.startswith("Emne: ")
        assert "<!DOCTYPE html>" in cli.ok("mal", "vis", mal, "--html")


def test_a_worker_killed_mid_batch_resends_at_most_that_batch_with_the_same_ids(
    app: App, klokke: FixedClock, demo: object, tmp_path: Path
) -> None:
    legg_i_koen(app, 120)
    with app.engine.connect() as tilkobling:
        sporring = sa.text("SELECT id FROM outbox_message ORDER BY id")
        alle = [int(i) for i in tilkobling.execute(sporring).scalars()]
    klokkefil = tmp_path / "klokke"
    FileClock(klokkefil).set(klokke.now())
    with smtp_tjener() as (postkasse, port):
        miljo = {
            **os.environ,
            "TILSKUDD_PLANLEGGER__KLOKKE": f"fil:{klokkefil}",
            "TILSKUDD_SMTP__HOST": "127.0.0.1",
            "TILSKUDD_SMTP__PORT": str(port),
            "TILSKUDD_EPOST__BATCH": "50",
        }
        kommando = [sys.executable, "-m", "tilskudd_flow", "--config", str(KONFIG), "epost", "send"]
        drept = subprocess.run(kommando, env={**miljo, "TILSKUDD_TESTKROK_DREP_ETTER_SENDING": "1"},
                               cwd=REPO, capture_output=True, timeout=120)  # fmt: skip
        assert drept.returncode == -signal.SIGKILL
        assert len(postkasse.mottatt) == 50  # accepted by the server, never marked sent
        FileClock(klokkefil).set(klokke.now() + timedelta(minutes=6))  # the lease ran out
        igjen = subprocess.run(kommando, env=miljo, cwd=REPO, capture_output=True, timeout=120)
        assert igjen.returncode == 0, igjen.stderr
    antall = Counter(str(m["Message-ID"]) for m in postkasse.meldinger())
    forventet = {f"<utboks.{i}@helgelandssykehuset.example>" for i in alle}
    assert set(antall) == forventet  # every message arrived at least once
    doble = [mid for mid, n in antall.items() if n > 1]
    assert len(doble) <= 50  # at most the batch in flight when the worker died
    assert all(antall[mid] == 2 for mid in doble)
    assert sorted(doble) == sorted(f"<utboks.{i}@helgelandssykehuset.example>" for i in alle[:50])
    assert status(app) == {"sendt": len(alle)}
