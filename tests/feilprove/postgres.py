"""PostgreSQL restarted twice (as an operator does, then as a crash) while a running
`tilskudd tjeneste start` takes a burst of transitions through its JSON API, each queuing
e-mail that the server itself delivers to a real SMTP server on loopback.

While the database is away the server answers 503 (with Retry-After) and its scheduler and
delivery ticks fail and are retried; once PostgreSQL is back the same process serves again
without anyone touching it (the pool tests each connection before use). Every transition
answered 200 must then be in the database with its outbox rows, none applied twice, the
audit chain whole, and every outbox row delivered; copies stay within one delivery batch
per restart (a batch whose "250" came back just as the database went away is re-sent with
the same Message-ID once its lease has run out).
"""

from __future__ import annotations

import subprocess
import tempfile
import threading
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path

import httpx2 as httpx
import sqlalchemy as sa

from tests.feilprove.drep import (
    SAK,
    START,
    Drapstelling,
    Eposttelling,
    tell_eposter,
    tell_overganger,
    utboks_ider,
)
from tests.feilprove.oppsett import forbered, innstillinger
from tests.integration.smtp_tjener import TellendePostkasse, smtp_tjener
from tests.postgres import Klynge, ny_database, styrt_klynge
from tests.tjenere import start_tjeneste, vent_paa_port
from tilskudd_flow.adapters.epostoppsamler import ledig_port
from tilskudd_flow.bootstrap import bygg_app
from tilskudd_flow.clock import FileClock, FixedClock
from tilskudd_flow.config import Innstillinger
from tilskudd_flow.demo.data import DEMOPASSORD
from tilskudd_flow.motor.planlegger import Planlegger

OMSTARTER = ("fast", "immediate")  # as an operator restarts it; as a crash
FORVENTET = {200, 409, 503}  # done; stale version (a retry of one that went in); database away
SVARFRIST_SEKUNDER = 120  # generous for a busy CI machine; reached only if something hangs


@dataclass
class Svar:
    """What the client of the burst saw, shared with the thread that restarts PostgreSQL."""

    bekreftet: list[int] = field(default_factory=list)  # audit ids of the 200 answers
    koder: Counter[int] = field(default_factory=Counter)
    brudd: int = 0  # requests that got no HTTP answer at all
    endret: threading.Condition = field(default_factory=threading.Condition)

    def registrer(self, kode: int, audit_id: int | None = None) -> None:
        with self.endret:
            self.koder[kode] += 1
            if audit_id is not None:
                self.bekreftet.append(audit_id)
            self.endret.notify_all()

    def vent_til_bekreftet(self, antall: int) -> bool:
        with self.endret:
            return self.endret.wait_for(lambda: len(self.bekreftet) >= antall, SVARFRIST_SEKUNDER)

    def vent_til_utilgjengelig(self, antall: int) -> bool:
        with self.endret:
            return self.endret.wait_for(lambda: self.koder[503] >= antall, SVARFRIST_SEKUNDER)


@dataclass(frozen=True)
class Omstartsprove:
    overganger: Drapstelling
    epost: Eposttelling
    koder: Counter[int]
    brudd: int
    samme_prosess: bool  # the server that answered before the restart answered after it

    @property
    def ok(self) -> bool:
        return (
            self.overganger.ok
            and self.epost.ok
            and self.koder[503] > 0  # the restart was seen, or the run proves nothing
            and set(self.koder) <= FORVENTET
            and self.brudd == 0
            and self.samme_prosess
        )


def prov_omstart(antall: int) -> Omstartsprove:
    """Restart PostgreSQL a third into `antall` transitions as an operator does (`pg_ctl stop
    -m fast`) and two thirds in as a crash (`-m immediate`); then count as `drep` does."""
    postkasse = TellendePostkasse()
    with styrt_klynge() as klynge, tempfile.TemporaryDirectory(prefix="feilprove-") as mappe:
        data_dir = Path(mappe)
        url = ny_database(klynge.url, "feilprove")
        valg = innstillinger(url, data_dir)
        _forbered_forste_start(valg)
        with (
            smtp_tjener(postkasse=postkasse) as (_, smtp_port),
            tjeneste(url, data_dir, smtp_port) as (server, base, klokkefil),
        ):
            svar = _skur_med_omstart(klynge, base, antall)
            FileClock(klokkefil).set(START + _forbi_laasen(valg.epost.laas_sekunder))
            _vent_paa_levering(url, postkasse)
            samme = server.poll() is None
        epost = tell_eposter(url, postkasse, grense=len(OMSTARTER) * valg.epost.batch)
        overganger = tell_overganger(url, svar.bekreftet)
    return Omstartsprove(overganger, epost, svar.koder, svar.brudd, samme)


def _forbered_forste_start(valg: Innstillinger) -> None:
    """The demo database, with what a first start at START catches up on already done, so the
    server's own scheduler leaves the søknad under test alone."""
    forbered(valg)
    app = bygg_app(valg, klokke=FixedClock(START))
    Planlegger(app.uow, app.miljo).kjor_forfalte()
    app.engine.dispose()


def _forbi_laasen(laas_sekunder: float) -> timedelta:
    return timedelta(seconds=laas_sekunder + 60)


@contextmanager
def tjeneste(
    url: str, data_dir: Path, smtp_port: int
) -> Iterator[tuple[subprocess.Popen[bytes], str, Path]]:
    """`tilskudd tjeneste start` on `url`, its clock in a file at START; stopped with SIGTERM."""
    klokkefil = data_dir / "klokke"
    FileClock(klokkefil).set(START)
    port = ledig_port()
    logg = data_dir / "tjeneste.log"
    server = start_tjeneste(klokkefil, smtp_port, port, logg, TILSKUDD_DATABASE__URL=url,
                            TILSKUDD_DATA_DIR=str(data_dir))  # fmt: skip
    try:
        vent_paa_port(server, port)
        yield server, f"http://127.0.0.1:{port}", klokkefil
    finally:
        server.terminate()
        server.wait(timeout=SVARFRIST_SEKUNDER)


def _skur_med_omstart(klynge: Klynge, base: str, antall: int) -> Svar:
    svar = Svar()
    with httpx.Client(base_url=base, timeout=SVARFRIST_SEKUNDER) as klient:
        innlogget = klient.post(
            "/api/innlogging", json={"brukernavn": "samhandlingssjef", "passord": DEMOPASSORD}
        )
        innlogget.raise_for_status()
        klient.headers["Authorization"] = f"Bearer {innlogget.json()['token']}"
        skur = threading.Thread(target=_skur, args=(klient, antall, svar))
        skur.start()
        for nr, modus in enumerate(OMSTARTER, start=1):
            _omstart(klynge, modus, svar, etter=antall * nr // (len(OMSTARTER) + 1))
        skur.join(timeout=SVARFRIST_SEKUNDER * 5)
    return svar


def _omstart(klynge: Klynge, modus: str, svar: Svar, etter: int) -> None:
    """Once `etter` transitions are confirmed: stop PostgreSQL, let the client see it, start."""
    try:
        if svar.vent_til_bekreftet(etter):
            klynge.stopp(modus)
            svar.vent_til_utilgjengelig(svar.koder[503] + 3)
    finally:
        klynge.start()  # also when the burst failed early: the counts need the database


def _skur(klient: httpx.Client, antall: int, svar: Svar) -> None:
    """Alternate the søknad between mangelfull and mottatt, `antall` times confirmed; a 503 is
    tried again at once, a 409 (the version moved: the failed try went in) re-reads the case."""
    sak = _les_sak(klient, svar)
    while len(svar.bekreftet) < antall and svar.brudd == 0:
        hendelse = "returner_som_mangelfull" if sak["tilstand"] == "mottatt" else "komplettert"
        try:
            kall = klient.post(
                f"/api/saker/{SAK}/hendelser",
                json={"hendelse": hendelse, "kommentar": "Mangler budsjett.",
                      "versjon": sak["versjon"]},
            )  # fmt: skip
        except httpx.TransportError:
            svar.brudd += 1
            return
        if kall.status_code == 200:
            overgang = kall.json()
            svar.registrer(200, overgang["audit_id"])
            sak = {"tilstand": overgang["til"], "versjon": overgang["versjon"]}
        else:
            svar.registrer(kall.status_code)
            if kall.status_code == 409:
                sak = _les_sak(klient, svar)
            elif kall.status_code != 503:
                return


def _les_sak(klient: httpx.Client, svar: Svar) -> dict[str, object]:
    while True:
        kall = klient.get(f"/api/saker/{SAK}")
        if kall.status_code != 503:
            kall.raise_for_status()
            sak: dict[str, object] = kall.json()["sak"]
            return sak
        svar.registrer(503)


def _vent_paa_levering(url: str, postkasse: TellendePostkasse) -> None:
    """Until every outbox row has reached the SMTP server (the counts then say if not)."""
    engine = sa.create_engine(url)

    def alle_kom_fram(mottatt: list[bytes]) -> bool:
        with engine.connect() as tilkobling:
            rader = set(tilkobling.execute(sa.text("SELECT id FROM outbox_message")).scalars())
        return rader <= set(utboks_ider(mottatt))

    postkasse.vent_til(alle_kom_fram, SVARFRIST_SEKUNDER)
    engine.dispose()


def skriv_omstart(prove: Omstartsprove) -> None:
    o, e = prove.overganger, prove.epost
    koder = ", ".join(f"{kode}: {antall}" for kode, antall in sorted(prove.koder.items()))
    print(
        f"omstart av PostgreSQL: {o.rapportert} overganger bekreftet (svar {koder}; uten svar "
        f"{prove.brudd}), tapte {o.tapte_overganger}, uten e-post i utboksen {o.uten_utboks}, "
        f"doble {o.doble_overganger}, revisjonslogg {'brutt' if o.brutt_kjede else 'hel'}, "
        f"samme tjenerprosess etterpå: {'ja' if prove.samme_prosess else 'nei'}"
    )
    print(
        f"e-post: {e.utboksrader} i utboksen, {e.mottatt} mottatt, tapte {e.tapte}, sendt to "
        f"ganger {e.doble} (grense {e.grense}: én batch per omstart)"
    )
