"""The web app under load, over real HTTP, next to a bare FastAPI endpoint.

1. The sekretariat's dashboard (/saker, 50 rows, counts per state) with 10 000 cases,
   one client, N requests: p50/p95.
2. Søknad submission (GET the form for its CSRF token, then POST every field and two
   attachments, sent in) from 20 concurrent applicants: p50/p95 of the POST, errors.

Both run against `tilskudd tjeneste start` (uvicorn, one process; on SQLite with the shipped
pragmas, then on PostgreSQL, bench/databaser.py) and are set beside the same client calling
a bare FastAPI endpoint served by uvicorn the same way. Targets on this machine: dashboard
p95 < 100 ms, submit p95 < 200 ms.

    PYTHONPATH=. .venv/bin/python bench/nettsider.py [antall_forespørsler]
"""

from __future__ import annotations

import os
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx2 as httpx
import sqlalchemy as sa
from databaser import Database, databaser
from resultat import Resultat

from tests.tjenere import vent_paa_port
from tilskudd_flow.adapters.epostoppsamler import ledig_port
from tilskudd_flow.demo.data import DEMOPASSORD
from tilskudd_flow.demo.skjemaeksempel import komplett, vedlegg
from tilskudd_flow.domain.kodeverk import PartRolle
from tilskudd_flow.models import Soknad, SoknadPart, WorkflowCase

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
SAKER = 10_000
KLIENTER = 20
PER_KLIENT = 5
MAAL_DASHBORD_P95_MS = 100.0
MAAL_INNSENDING_P95_MS = 200.0
MAAL_RSS_MB = 150.0
MAAL_OPPSTART_S = 2.0
NAA = datetime(2025, 9, 20, 10, 0, tzinfo=UTC)
TILSTANDER = ["mottatt", "vurdert", "mangelfull", "trukket", "avvist", "ikke_prioritert"]
BAR_FASTAPI = """
from fastapi import FastAPI
from fastapi.responses import HTMLResponse
app = FastAPI()
@app.get("/", response_class=HTMLResponse)
def rot() -> str:
    return "<!DOCTYPE html><html lang='nb'><title>ok</title><p>ok</p></html>"
@app.post("/", response_class=HTMLResponse)
async def post() -> str:
    return "ok"
"""


def miljo(mappe: Path, url: str, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "TILSKUDD_DATA_DIR": str(mappe),
        "TILSKUDD_DATABASE__URL": url,
        "TILSKUDD_PLANLEGGER__KLOKKE": f"fil:{mappe / 'klokke'}",
        "TILSKUDD_WEB__PORT": str(port),
        "TILSKUDD_SMTP__OPPSAMLER_PORT": str(ledig_port()),
        # Mail stays in the outbox: delivery is measured by bench/epost.py.
        "TILSKUDD_EPOST__EGEN_PROSESS": "true",
    }


def tilskudd(env: dict[str, str], *argumenter: str) -> None:
    subprocess.run([str(BIN / "tilskudd"), *argumenter], env=env, check=True,
                   stdout=subprocess.DEVNULL)  # fmt: skip


def fyll_saker(url: str, antall: int) -> None:
    """Søknader in every state of the 2026 round, with their owner kommuner, written
    straight to the tables (the service would take minutes for 10 000)."""
    engine = sa.create_engine(url)
    with engine.begin() as tilkobling:

        def tall(sql: str) -> list[int]:
            return [int(verdi) for verdi in tilkobling.execute(sa.text(sql)).scalars()]

        forste = tall("SELECT max(id) FROM workflow_case")[0] + 1
        (runde_id,) = tall("SELECT id FROM soknadsrunde WHERE aar = 2026")
        kommuner = tall("SELECT id FROM part WHERE type = 'kommune' AND medlem")
        ider = range(forste, forste + antall)
        tilkobling.execute(sa.insert(WorkflowCase), [
            {"id": nr, "helsefellesskap_id": 1, "workflow": "rs_soknad",
             "state": TILSTANDER[nr % len(TILSTANDER)], "versjon": 1,
             "tittel": f"Benkesøknad {nr}", "opprettet": NAA, "endret": NAA}
            for nr in ider
        ])  # fmt: skip
        tilkobling.execute(sa.insert(Soknad), [
            {"case_id": nr, "runde_id": runde_id, "prosjektnavn": f"Benkesøknad {nr}",
             "prosjekteiere": "", "signert_avtale_tekst": "", "beskrivelse": "", "nytte": "",
             "formaal": "", "budsjett_bruk": "", "kommune_ressurser": "",
             "helseforetak_ressurser": "", "finansieringsplan": "", "sokt_tekst": "",
             "pasientansvar": "", "digitale_losninger": "", "prosjektplan": "",
             "involvering": "", "vurdering": "", "avtale_bekreftelse": ""}
            for nr in ider
        ])  # fmt: skip
        tilkobling.execute(sa.insert(SoknadPart), [
            {"soknad_id": nr, "part_id": kommuner[nr % len(kommuner)], "rolle": PartRolle.EIER}
            for nr in ider
        ])  # fmt: skip
        if engine.dialect.name == "postgresql":  # the ids were given: move the sequence on
            tilkobling.execute(sa.text("SELECT setval(pg_get_serial_sequence('workflow_case', "
                                       "'id'), (SELECT max(id) FROM workflow_case))"))  # fmt: skip
    engine.dispose()


@dataclass
class Tjener:
    prosess: subprocess.Popen[bytes]
    oppstart_sekunder: float

    def topp_rss_mb(self) -> float:
        """The server process's peak resident memory so far (Linux: VmHWM)."""
        status = Path(f"/proc/{self.prosess.pid}/status").read_text(encoding="utf-8")
        kb = next(int(linje.split()[1]) for linje in status.splitlines()
                  if linje.startswith("VmHWM:"))  # fmt: skip
        return kb / 1024


@contextmanager
def prosess(kommando: list[str], env: dict[str, str], port: int) -> Iterator[Tjener]:
    start = time.perf_counter()
    with subprocess.Popen(kommando, env=env, stdout=subprocess.DEVNULL) as tjener:
        try:
            vent_paa_port(tjener, port)
            yield Tjener(tjener, time.perf_counter() - start)
        finally:
            tjener.terminate()
            tjener.wait(10)


def mal(kall: Callable[[], httpx.Response], antall: int) -> list[float]:
    """Milliseconds per call; every call must succeed."""
    tider = []
    for _ in range(antall):
        start = time.perf_counter()
        svar = kall()
        tider.append((time.perf_counter() - start) * 1000)
        if svar.status_code >= 400:
            raise RuntimeError(f"{svar.request.url} svarte {svar.status_code}")
    return tider


def persentiler(tider: list[float]) -> tuple[float, float]:
    kvantiler = statistics.quantiles(tider, n=100)
    return statistics.median(tider), kvantiler[94]


def logget_inn(base: str, brukernavn: str) -> httpx.Client:
    klient = httpx.Client(base_url=base, timeout=30)
    side = klient.get("/logg-inn").text
    svar = klient.post("/logg-inn", data={"brukernavn": brukernavn, "passord": DEMOPASSORD,
                                          "csrf_token": csrf(side)})  # fmt: skip
    if svar.status_code != 303:
        raise RuntimeError(f"innlogging som {brukernavn} feilet: {svar.status_code}")
    return klient


def csrf(html: str) -> str:
    funn = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert funn is not None
    return funn.group(1)


def send_inn(klient: httpx.Client) -> tuple[float, bool]:
    token = csrf(klient.get("/soknader/ny").text)
    start = time.perf_counter()
    svar = klient.post("/soknader/ny", data={**komplett(token), "handling": "send_inn"},
                       files=vedlegg())  # fmt: skip
    ok = svar.status_code == 303 and "/kvittering" in svar.headers.get("location", "")
    return (time.perf_counter() - start) * 1000, ok


def samtidig(arbeid: Callable[[int], list[tuple[float, bool]]]) -> list[tuple[float, bool]]:
    resultater: list[list[tuple[float, bool]]] = [[] for _ in range(KLIENTER)]

    def kjor(nr: int) -> None:
        resultater[nr] = arbeid(nr)

    traader = [threading.Thread(target=kjor, args=(nr,)) for nr in range(KLIENTER)]
    for traad in traader:
        traad.start()
    for traad in traader:
        traad.join()
    return [r for liste in resultater for r in liste]


def bar_post(base: str) -> Callable[[int], list[tuple[float, bool]]]:
    def arbeid(_nr: int) -> list[tuple[float, bool]]:
        with httpx.Client(base_url=base, timeout=30) as klient:
            ut = []
            for _ in range(PER_KLIENT):
                klient.get("/")
                start = time.perf_counter()
                svar = klient.post("/", data=komplett("x"), files=vedlegg())
                ut.append(((time.perf_counter() - start) * 1000, svar.status_code == 200))
            return ut

    return arbeid


def innsending(base: str) -> Callable[[int], list[tuple[float, bool]]]:
    def arbeid(_nr: int) -> list[tuple[float, bool]]:
        klient = logget_inn(base, "vefsn.soker")
        try:
            return [send_inn(klient) for _ in range(PER_KLIENT)]
        finally:
            klient.close()

    return arbeid


def linje(database: str, navn: str, tider: list[float], bar: list[float], maal: float) -> Resultat:
    p50, p95 = persentiler(tider)
    b50, b95 = persentiler(bar)
    status = "nådd" if p95 < maal else "IKKE nådd"
    print(
        f"{navn:<28} p50 {p50:7.1f} ms  p95 {p95:7.1f} ms   bar FastAPI p50 {b50:5.1f} ms  "
        f"p95 {b95:5.1f} ms   p95-forhold {p95 / b95:5.1f}×   mål p95 < {maal:.0f} ms: {status}"
    )
    return Resultat(f"{navn} ({database}, {SAKER} saker)", f"p95 {p95:.1f} ms (p50 {p50:.1f})",
                    f"bar FastAPI p95 {b95:.1f} ms, {p95 / b95:.1f}×", f"p95 < {maal:.0f} ms",
                    p95 < maal)  # fmt: skip


def kjor(databaser: list[Database], antall: int = 300) -> list[Resultat]:
    return [r for database in databaser for r in _kjor(database, antall)]


def _kjor(database: Database, antall: int) -> list[Resultat]:
    url = database.ny("nettsider")
    with tempfile.TemporaryDirectory() as midlertidig:
        mappe = Path(midlertidig)
        port, bar_port = ledig_port(), ledig_port()
        env = miljo(mappe, url, port)
        (mappe / "klokke").write_text(NAA.isoformat(), encoding="utf-8")
        tilskudd(env, "database", "migrer")
        tilskudd(env, "demo", "last")
        fyll_saker(url, SAKER)
        base, bar = f"http://127.0.0.1:{port}", f"http://127.0.0.1:{bar_port}"
        bar_app = mappe / "bar_app.py"
        bar_app.write_text(BAR_FASTAPI, encoding="utf-8")
        bar_kommando = [str(BIN / "uvicorn"), "bar_app:app", "--port", str(bar_port),
                        "--log-level", "warning", "--app-dir", str(mappe)]  # fmt: skip
        with prosess([str(BIN / "tilskudd"), "tjeneste", "start"], env, port) as tjener, \
                prosess(bar_kommando, env, bar_port):  # fmt: skip
            sekretariat = logget_inn(base, "samhandlingssjef")
            soker = logget_inn(base, "vefsn.soker")
            with httpx.Client(base_url=bar) as bar_klient:
                mal(lambda: sekretariat.get("/saker"), 20)
                mal(lambda: bar_klient.get("/"), 20)
                dashbord = mal(lambda: sekretariat.get("/saker"), antall)
                filtrert = mal(lambda: sekretariat.get("/saker?tilstand=mottatt&side_nr=20"),
                               antall)  # fmt: skip
                sok = mal(lambda: sekretariat.get("/saker?sok=Benkes%C3%B8knad%2099"), antall)
                soker_tider = mal(lambda: soker.get("/saker"), max(20, antall // 10))
                bar_get = mal(lambda: bar_klient.get("/"), antall)
                antall_saker = re.search(r"<h2>(\d+) saker</h2>", sekretariat.get("/saker").text)
            bar_innsending = samtidig(bar_post(bar))
            innsendt = samtidig(innsending(base))
            rss = tjener.topp_rss_mb()
    feil = sum(1 for _, ok in innsendt if not ok)
    synlige = antall_saker.group(1) if antall_saker else "?"
    print(
        f"{database.navn}: nettsidene over HTTP ({antall} forespørsler per måling, {synlige} "
        "saker synlige for sekretariatet)"
    )
    db = database.navn
    resultater = [
        linje(db, "Saksliste /saker", dashbord, bar_get, MAAL_DASHBORD_P95_MS),
        linje(db, "Saksliste filtrert, side 20", filtrert, bar_get, MAAL_DASHBORD_P95_MS),
        linje(db, "Saksliste med søk", sok, bar_get, MAAL_DASHBORD_P95_MS),
        linje(db, "Saksliste for en søker", soker_tider, bar_get, MAAL_DASHBORD_P95_MS),
        linje(db, f"Innsending, {KLIENTER} samtidige", [t for t, _ in innsendt],
              [t for t, _ in bar_innsending], MAAL_INNSENDING_P95_MS),
    ]  # fmt: skip
    print(f"Innsendinger: {len(innsendt)}, feil: {feil}")
    print(f"Tjeneren: oppstart {tjener.oppstart_sekunder:.2f} s, topp RSS {rss:.0f} MB")
    resultater += [
        Resultat(f"Topp RSS for tjeneren under lasten over ({db}, {SAKER} saker)", f"{rss:.0f} MB",
                 "", f"< {MAAL_RSS_MB:.0f} MB", rss < MAAL_RSS_MB),
        Resultat(f"Oppstart av tjeneren til den svarer ({db})",
                 f"{tjener.oppstart_sekunder:.2f} s", "", f"< {MAAL_OPPSTART_S:.0f} s",
                 tjener.oppstart_sekunder < MAAL_OPPSTART_S),
        Resultat(f"Innsendinger som feilet ({db})", f"{feil} av {len(innsendt)}", "", "0",
                 feil == 0),
    ]  # fmt: skip
    return resultater


def main() -> None:
    with databaser() as begge:
        resultater = kjor(begge, int(sys.argv[1]) if len(sys.argv) > 1 else 300)
    if not all(r.oppfylt for r in resultater if r.maaling.startswith("Innsendinger som feilet")):
        raise SystemExit(1)


if __name__ == "__main__":
    main()
