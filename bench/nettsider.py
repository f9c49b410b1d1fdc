"""The web app under load, over real HTTP, next to a bare FastAPI endpoint.

1. The sekretariat's dashboard (/saker, 50 rows, counts per state) with 10 000 cases,
   one client, N requests: p50/p95.
2. Søknad submission (each client logs in — argon2id — then GETs the form for its CSRF
   token and POSTs every field and two attachments, sent in) from 20 and from 100
   concurrent applicants: p50/p95 of the POST, errors, beside a bare FastAPI multipart
   endpoint at the same concurrency, sent the same form, which it reads (and, for
   reference, the bare endpoint that ignores the body). Target: p95 ≤ 3× the bare
   multipart endpoint's.
3. The server's resident memory: at rest (started, before any request) and its peak under
   the rush above, every process of it counted (on PostgreSQL the process that runs the
   scheduler and one web worker per core). Target < 150 MB.

Both run against `tilskudd tjeneste start` (uvicorn; on SQLite with the shipped pragmas in
one process, then on PostgreSQL with `[web] arbeidere` at its default, bench/databaser.py)
and are set beside the same client calling a bare FastAPI endpoint served by uvicorn in one
process. Dashboard target on this machine: p95 < 100 ms.

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
RUSH = ((20, 5), (100, 2))  # concurrent clients, submissions per client
MAAL_DASHBORD_P95_MS = 100.0
MAAL_INNSENDING_FORHOLD = 3.0
MAAL_RSS_MB = 150.0
MAAL_OPPSTART_S = 2.0
NAA = datetime(2025, 9, 20, 10, 0, tzinfo=UTC)
TILSTANDER = ["mottatt", "vurdert", "mangelfull", "trukket", "avvist", "ikke_prioritert"]
BAR_FASTAPI = """
from fastapi import FastAPI, Request, UploadFile
from fastapi.responses import HTMLResponse
app = FastAPI()
@app.get("/", response_class=HTMLResponse)
def rot() -> str:
    return "<!DOCTYPE html><html lang='nb'><title>ok</title><p>ok</p></html>"
@app.post("/", response_class=HTMLResponse)
async def post() -> str:
    return "ok"
@app.post("/skjema", response_class=HTMLResponse)
async def skjema(request: Request) -> str:
    skjema = await request.form()
    for verdi in skjema.values():
        if isinstance(verdi, UploadFile):
            await verdi.read()
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

    def rss_mb(self, felt: str = "VmRSS") -> tuple[float, float]:
        """Resident memory (VmRSS now, or VmHWM: the peak so far) of the server's processes:
        the largest one and the sum over all of them (Linux)."""
        verdier = [_status_mb(pid, felt) for pid in _etterkommere(self.prosess.pid)]
        return max(verdier), sum(verdier)

    def topp_rss_mb(self) -> tuple[float, float]:
        return self.rss_mb("VmHWM")


def _status_mb(pid: int, felt: str) -> float:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    except FileNotFoundError:
        return 0.0
    kb = next((int(linje.split()[1]) for linje in status.splitlines()
               if linje.startswith(f"{felt}:")), 0)  # fmt: skip
    return kb / 1024


def _etterkommere(pid: int) -> list[int]:
    """The process and every process under it (uvicorn's workers, multiprocessing's helper)."""
    barn: dict[int, list[int]] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            felter = stat.read_text(encoding="utf-8").rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue
        barn.setdefault(int(felter[1]), []).append(int(stat.parent.name))
    alle, ko = [], [pid]
    while ko:
        neste = ko.pop()
        alle.append(neste)
        ko += barn.get(neste, [])
    return alle


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
    klient = httpx.Client(base_url=base, timeout=120)
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


def samtidig(
    arbeid: Callable[[int], list[tuple[float, bool]]], klienter: int
) -> list[tuple[float, bool]]:
    resultater: list[list[tuple[float, bool]]] = [[] for _ in range(klienter)]

    def kjor(nr: int) -> None:
        resultater[nr] = arbeid(nr)

    traader = [threading.Thread(target=kjor, args=(nr,)) for nr in range(klienter)]
    for traad in traader:
        traad.start()
    for traad in traader:
        traad.join()
    return [r for liste in resultater for r in liste]


def bar_post(base: str, antall: int, sti: str) -> Callable[[int], list[tuple[float, bool]]]:
    """The same multipart POST to the bare app: `/skjema` reads the form and its files (the
    least any endpoint taking a søknad does), `/` ignores the body it is sent."""

    def arbeid(_nr: int) -> list[tuple[float, bool]]:
        with httpx.Client(base_url=base, timeout=120) as klient:
            ut = []
            for _ in range(antall):
                klient.get("/")
                start = time.perf_counter()
                svar = klient.post(sti, data=komplett("x"), files=vedlegg())
                ut.append(((time.perf_counter() - start) * 1000, svar.status_code == 200))
            return ut

    return arbeid


def innsending(base: str, antall: int) -> Callable[[int], list[tuple[float, bool]]]:
    def arbeid(_nr: int) -> list[tuple[float, bool]]:
        klient = logget_inn(base, "vefsn.soker")
        try:
            return [send_inn(klient) for _ in range(antall)]
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


def rushlinje(
    database: str, klienter: int, tider: list[float], bar: list[float], uten_lesing: list[float]
) -> Resultat:
    """A submission rush: the target is a p95 within 3× the bare multipart endpoint's (which
    reads the form); beside it the bare endpoint that ignores the body, for reference."""
    p50, p95 = persentiler(tider)
    _, b95 = persentiler(bar)
    _, u95 = persentiler(uten_lesing)
    forhold = p95 / b95
    oppfylt = forhold <= MAAL_INNSENDING_FORHOLD
    print(f"Innsending, {klienter:3d} samtidige: p50 {p50:7.1f} ms  p95 {p95:7.1f} ms   bar "
          f"FastAPI multipart p95 {b95:6.1f} ms   {forhold:5.1f}×   mål ≤ "
          f"{MAAL_INNSENDING_FORHOLD:.0f}×: {'nådd' if oppfylt else 'IKKE nådd'}   (bar uten å "
          f"lese skjemaet p95 {u95:6.1f} ms, {p95 / u95:4.1f}×)")  # fmt: skip
    return Resultat(f"Innsending, {klienter} samtidige, med innlogging ({database}, {SAKER} saker)",
                    f"p95 {p95:.1f} ms (p50 {p50:.1f})",
                    f"bar FastAPI multipart p95 {b95:.1f} ms, {forhold:.1f}× (uten å lese "
                    f"skjemaet {u95:.1f} ms, {p95 / u95:.1f}×)",
                    f"p95 ≤ {MAAL_INNSENDING_FORHOLD:.0f}× bar", oppfylt)  # fmt: skip


def minnelinjer(database: str, i_ro: tuple[float, float], topp: tuple[float, float],
                prosesser: int) -> list[Resultat]:  # fmt: skip
    """RSS at rest and the peak under the rush: the whole server (every process), and the
    largest process where there are several."""
    hele = f"{prosesser} prosesser" if prosesser > 1 else "1 prosess"
    rader = [
        Resultat(f"RSS for tjeneren i ro ({database}, {hele})", f"{i_ro[1]:.0f} MB",
                 f"største prosess {i_ro[0]:.0f} MB", f"< {MAAL_RSS_MB:.0f} MB",
                 i_ro[1] < MAAL_RSS_MB),
        Resultat(f"Topp RSS for tjeneren under innsendingene med innlogging ({database}, {hele})",
                 f"{topp[1]:.0f} MB", f"største prosess {topp[0]:.0f} MB",
                 f"< {MAAL_RSS_MB:.0f} MB", topp[1] < MAAL_RSS_MB),
    ]  # fmt: skip
    print(f"RSS ({hele}): i ro {i_ro[1]:.0f} MB (største {i_ro[0]:.0f}), topp {topp[1]:.0f} MB "
          f"(største {topp[0]:.0f})")  # fmt: skip
    return rader


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
            time.sleep(2)  # every worker up and its start-up garbage settled
            i_ro, prosesser = tjener.rss_mb(), len(_etterkommere(tjener.prosess.pid))
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
                forside = sekretariat.get("/saker").text
                antall_saker = re.search(r"<h2>([\d\s]+) saker</h2>", forside)
            rush = []
            for klienter, per_klient in RUSH:
                bar_innsending = samtidig(bar_post(bar, per_klient, "/skjema"), klienter)
                uten_lesing = samtidig(bar_post(bar, per_klient, "/"), klienter)
                innsendt = samtidig(innsending(base, per_klient), klienter)
                rush.append((klienter, innsendt, bar_innsending, uten_lesing))
            topp = tjener.topp_rss_mb()
    innsendt = [r for _, alle, _, _ in rush for r in alle]
    feil = sum(1 for _, ok in innsendt if not ok)
    # The page groups thousands with a no-break space, as bokmål writes them.
    synlige = "".join(antall_saker.group(1).split()) if antall_saker else "?"
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
    ]
    resultater += [rushlinje(db, klienter, [t for t, _ in alle], [t for t, _ in bar_alle],
                             [t for t, _ in uten])
                   for klienter, alle, bar_alle, uten in rush]  # fmt: skip
    print(f"Innsendinger: {len(innsendt)}, feil: {feil}")
    print(f"Tjeneren: oppstart {tjener.oppstart_sekunder:.2f} s")
    resultater += minnelinjer(db, i_ro, topp, prosesser)
    resultater += [
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
