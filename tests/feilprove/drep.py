"""SIGKILL at seeded random points while a process applies transitions (each queuing e-mail)
and, in a thread beside them, delivers its outbox to a real SMTP server on loopback.

After each kill: every transition the process reported as done must be in the database with
its outbox rows, none applied twice, the audit chain whole. After the last round a new worker
drains what the killed ones left; then every outbox row must have reached the SMTP server
(lost e-mails: 0) and the copies received twice stay within the documented bound: a worker
killed between the server's "250" and its own commit re-sends at most that one batch
(`epost.batch`), with the same Message-ID, once its lease has run out.
"""

from __future__ import annotations

import os
import random
import re
import signal
import subprocess
import sys
import threading
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.parser import BytesHeaderParser
from itertools import pairwise
from pathlib import Path

import sqlalchemy as sa
from sqlmodel import Session

from tests.feilprove.oppsett import REPO, innstillinger_for
from tests.integration.smtp_tjener import Postkasse, smtp_tjener
from tilskudd_flow.adapters.database import lag_engine
from tilskudd_flow.bootstrap import App, bygg_app, epostlevering
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.config import SmtpInnstillinger
from tilskudd_flow.models.case import WorkflowCase
from tilskudd_flow.motor.audit import forste_brudd
from tilskudd_flow.motor.overganger import Hendelseskommando, utfor_hendelse

START = datetime(2025, 10, 2, 9, 0, tzinfo=UTC)
SAK = 2  # the demo's søknad that goes back and forth between mottatt and mangelfull
MESSAGE_ID = re.compile(r"<utboks\.(\d+)@")


@dataclass(frozen=True)
class Drapstelling:
    """One kill: what the killed process had reported, and what of it the database holds."""

    rapportert: int
    tapte_overganger: int
    uten_utboks: int  # committed transitions without their outbox rows
    doble_overganger: int  # a row starting where the case no longer was
    brutt_kjede: bool

    @property
    def ok(self) -> bool:
        return not (
            self.tapte_overganger or self.uten_utboks or self.doble_overganger or self.brutt_kjede
        )


@dataclass(frozen=True)
class Eposttelling:
    """Every outbox row against what the SMTP server received, after the last drain."""

    utboksrader: int
    mottatt: int  # messages the server accepted, copies included
    tapte: int  # rows whose Message-ID never arrived
    doble: int  # copies beyond the first
    grense: int  # the documented bound: one batch per kill

    @property
    def ok(self) -> bool:
        return self.tapte == 0 and self.doble <= self.grense


@dataclass(frozen=True)
class Drapsprove:
    drap: list[Drapstelling]
    epost: Eposttelling

    @property
    def ok(self) -> bool:
        return all(d.ok for d in self.drap) and self.epost.ok


def _app(database: Path, naa: datetime, smtp_port: int) -> App:
    innstillinger = innstillinger_for(database).model_copy(
        update={"smtp": SmtpInnstillinger(host="127.0.0.1", port=smtp_port)}
    )
    return bygg_app(innstillinger, klokke=FixedClock(naa))


def arbeider(database: Path, antall: int, naa: datetime, smtp_port: int) -> None:
    """Apply `antall` transitions, printing each audit id after its commit, while a thread
    delivers the outbox; then wait to be killed (every round ends in a SIGKILL)."""
    app = _app(database, naa, smtp_port)
    ny_post = threading.Event()
    levering = threading.Thread(target=_lever, args=(app, ny_post), daemon=True)
    levering.start()
    hendelser = [
        Hendelseskommando(SAK, "returner_som_mangelfull", kommentar="Mangler budsjett."),
        Hendelseskommando(SAK, "komplettert"),
    ]
    with app.uow(skriv=False) as uow:
        sak = uow.session.get(WorkflowCase, SAK)
        start = 0 if sak is not None and sak.state == "mottatt" else 1
    for nr in range(start, start + antall):
        overgang = utfor_hendelse(
            hendelser[nr % 2], uow=app.uow(), miljo=app.miljo, brukernavn="samhandlingssjef"
        )
        print(overgang.audit_id, flush=True)
        ny_post.set()
    levering.join()


def _lever(app: App, ny_post: threading.Event) -> None:
    """Drain the outbox each time a transition has queued e-mail (no polling, no sleeping)."""
    with epostlevering(app, f"feilprove-{os.getpid()}") as levering:
        while True:
            ny_post.wait()
            ny_post.clear()
            while levering.kjor_batch().antall:
                pass


def drep_runde(
    database: Path, antall: int, naa: datetime, smtp_port: int, tilfeldig: random.Random
) -> Drapstelling:
    """Start a worker, SIGKILL it after a random number of reports, then count."""
    drep_etter = tilfeldig.randint(1, max(1, antall - 1))
    kommando = [
        sys.executable,
        "-m",
        "tests.feilprove",
        "--arbeider",
        str(antall),
        "--database",
        str(database),
        "--naa",
        naa.isoformat(),
        "--smtp",
        str(smtp_port),
    ]
    prosess = subprocess.Popen(
        kommando, cwd=REPO, env=os.environ, stdout=subprocess.PIPE, text=True
    )
    assert prosess.stdout is not None
    rapportert: list[int] = []
    for linje in prosess.stdout:
        rapportert.append(int(linje))
        if len(rapportert) >= drep_etter:
            prosess.send_signal(signal.SIGKILL)
            break
    rapportert += [int(linje) for linje in prosess.stdout]  # reported before it died
    prosess.wait()
    return tell_overganger(f"sqlite:///{database}", rapportert)


def tell_overganger(url: str, rapportert: list[int]) -> Drapstelling:
    engine = lag_engine(url)
    with engine.connect() as tilkobling:
        finnes = set(tilkobling.execute(sa.text("SELECT id FROM audit_entry")).scalars())
        med_epost = set(
            tilkobling.execute(
                sa.text("SELECT DISTINCT audit_id FROM outbox_message WHERE audit_id IS NOT NULL")
            ).scalars()
        )
        kjede = tilkobling.execute(
            sa.text(
                "SELECT fra_tilstand, til_tilstand FROM audit_entry "
                "WHERE objekt_type = 'rs_soknad' AND objekt_id = :sak "
                "AND fra_tilstand IS NOT NULL ORDER BY id"
            ),
            {"sak": SAK},
        ).all()
    with Session(engine) as session:
        brutt = forste_brudd(session, 1) is not None
    engine.dispose()
    return Drapstelling(
        rapportert=len(rapportert),
        tapte_overganger=sum(1 for a in rapportert if a not in finnes),
        uten_utboks=sum(1 for a in rapportert if a in finnes and a not in med_epost),
        doble_overganger=sum(1 for forrige, neste in pairwise(kjede) if neste[0] != forrige[1]),
        brutt_kjede=brutt,
    )


def tell_eposter(url: str, postkasse: Postkasse, grense: int) -> Eposttelling:
    engine = sa.create_engine(url)
    with engine.connect() as tilkobling:
        rader = set(tilkobling.execute(sa.text("SELECT id FROM outbox_message")).scalars())
    engine.dispose()
    kopier = utboks_ider(postkasse.mottatt)
    return Eposttelling(
        utboksrader=len(rader),
        mottatt=sum(kopier.values()),
        tapte=len(rader - set(kopier)),
        doble=sum(antall - 1 for antall in kopier.values()),
        grense=grense,
    )


def utboks_ider(mottatt: list[bytes]) -> Counter[int]:
    """How many copies of each outbox row the server received (by Message-ID)."""
    return Counter(_utboks_id(melding) for melding in mottatt)


def _utboks_id(melding: bytes) -> int:
    hode = BytesHeaderParser().parsebytes(melding)
    funnet = MESSAGE_ID.match(str(hode["Message-ID"]))
    if funnet is None:
        raise ValueError(f"En e-post uten utboksens Message-ID: {hode['Message-ID']}")
    return int(funnet.group(1))


def tom_utboksen(database: Path, naa: datetime, smtp_port: int) -> None:
    """What an instance started after the kills does: deliver everything still due."""
    app = _app(database, naa, smtp_port)
    with epostlevering(app, "etter-drapene") as levering:
        levering.tom_koen()
    app.engine.dispose()


def prov_drap(database: Path, runder: int, antall: int, seed: int) -> Drapsprove:
    """`runder` kills on one database and one SMTP server; the clock moves past the
    delivery lease between rounds, so each new worker takes over what the last one held."""
    epost = innstillinger_for(database).epost
    steg = timedelta(seconds=epost.laas_sekunder + 60)
    tilfeldig = random.Random(seed)
    with smtp_tjener() as (postkasse, port):
        drap = [
            drep_runde(database, antall, START + nr * steg, port, tilfeldig) for nr in range(runder)
        ]
        tom_utboksen(database, START + runder * steg, port)
    return Drapsprove(drap, tell_eposter(f"sqlite:///{database}", postkasse, runder * epost.batch))


def skriv_drap(prove: Drapsprove) -> None:
    for nr, d in enumerate(prove.drap, start=1):
        print(
            f"drap {nr:2}: {d.rapportert:5} overganger før SIGKILL, tapte overganger "
            f"{d.tapte_overganger}, uten e-post i utboksen {d.uten_utboks}, doble "
            f"{d.doble_overganger}, revisjonslogg {'brutt' if d.brutt_kjede else 'hel'}"
        )
    e = prove.epost
    print(
        f"e-post: {e.utboksrader} i utboksen, {e.mottatt} mottatt av SMTP-tjeneren, tapte "
        f"{e.tapte}, sendt to ganger {e.doble} (grense {e.grense}: én batch per drap)"
    )
