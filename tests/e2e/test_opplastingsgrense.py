"""Issue 17 (uploads): a 200 MB body was read whole before the 20 MB rule refused it. Now the
form's size is enforced while it streams: a declared Content-Length above the limit is refused
before a byte is read, an undeclared one is cut off one chunk past the limit."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime

import anyio
import httpx2
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from tests.e2e.test_nettsider import logg_inn, token
from tests.zipbombe import docx_bombe
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.data import DEMOPASSORD, Demosammendrag
from tilskudd_flow.demo.skjemaeksempel import PDF, komplett
from tilskudd_flow.web.app import lag_webapp

MB = 1024 * 1024
BIT = 64 * 1024  # what the client sends per chunk
GRENSE = "-----grense17"


@pytest.fixture
def web(app: App, demo: Demosammendrag, klokke: FixedClock) -> FastAPI:
    klokke.set(datetime(2025, 9, 20, 10, 0, tzinfo=UTC))
    app.innstillinger.vedlegg.maks_skjema_mb = 4  # small, so the test streams little
    return lag_webapp(app)


@pytest.fixture
def soker(web: FastAPI) -> Iterator[TestClient]:
    with TestClient(web) as klient:
        logg_inn(klient, "vefsn.soker")
        yield klient


class Kilde:
    """A multipart form whose file part never ends (200 MB of it), counting what is taken."""

    def __init__(self, felt: dict[str, str], storrelse: int) -> None:
        self.start = (
            "".join(
                f'--{GRENSE}\r\nContent-Disposition: form-data; name="{navn}"\r\n\r\n{verdi}\r\n'
                for navn, verdi in felt.items()
            ).encode()
            + (
                f'--{GRENSE}\r\nContent-Disposition: form-data; name="vedlegg_budsjett"; '
                'filename="stor.pdf"\r\nContent-Type: application/pdf\r\n\r\n'
            ).encode()
            + PDF
        )
        self.storrelse = storrelse
        self.levert = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        # Counted as each chunk is handed over, so a chunk the app took last is included.
        self.levert = len(self.start)
        yield self.start
        null = bytes(BIT)
        while self.levert < self.storrelse:
            self.levert += BIT
            yield null


def utenfor_loekken(send: Callable[[], Awaitable[httpx2.Response]]) -> httpx2.Response:
    """Run the streaming client on a thread of its own: a browser test's Playwright (sync
    API) keeps an event loop running on the main thread for the rest of the session."""
    with ThreadPoolExecutor(max_workers=1) as traad:
        return traad.submit(anyio.run, send).result()


def send_strom(
    web: FastAPI, soker: TestClient, kilde: Kilde, lengde: int | None
) -> httpx2.Response:
    hoder = {"Content-Type": f"multipart/form-data; boundary={GRENSE}"}
    if lengde is not None:
        hoder["Content-Length"] = str(lengde)

    async def send() -> httpx2.Response:
        transport = httpx2.ASGITransport(app=web)
        async with httpx2.AsyncClient(
            transport=transport, base_url="http://testserver", cookies=dict(soker.cookies)
        ) as klient:
            return await klient.post("/soknader/ny", content=kilde, headers=hoder)

    return utenfor_loekken(send)


def skjemafelt(soker: TestClient) -> dict[str, str]:
    felt = komplett(token(soker.get("/soknader/ny").text))
    return {navn: str(verdi) for navn, verdi in felt.items() if isinstance(verdi, str)}


def test_a_200_mb_body_without_a_length_is_cut_off_one_chunk_past_the_limit(
    web: FastAPI, soker: TestClient
) -> None:
    kilde = Kilde(skjemafelt(soker), 200 * MB)
    svar = send_strom(web, soker, kilde, lengde=None)
    assert svar.status_code == 413
    assert "Filene er for store" in svar.text
    assert "4 MB til sammen" in svar.text
    assert kilde.levert <= 4 * MB + BIT  # not 200 MB: at most one chunk past the limit


def test_a_declared_length_above_the_limit_is_refused_before_the_body_is_read(
    web: FastAPI, soker: TestClient
) -> None:
    kilde = Kilde(skjemafelt(soker), 200 * MB)
    svar = send_strom(web, soker, kilde, lengde=200 * MB)
    assert svar.status_code == 413
    assert kilde.levert == 0  # the generator was never started


def test_the_api_gets_the_refusal_as_json(web: FastAPI, soker: TestClient) -> None:
    kilde = Kilde({}, 200 * MB)
    hoder = {
        "Content-Type": f"multipart/form-data; boundary={GRENSE}",
        "Authorization": f"Bearer {api_token(web)}",
    }

    async def send() -> httpx2.Response:
        transport = httpx2.ASGITransport(app=web)
        async with httpx2.AsyncClient(transport=transport, base_url="http://testserver") as k:
            return await k.post("/api/soknader", content=kilde, headers=hoder)

    svar = utenfor_loekken(send)
    assert svar.status_code == 413, kilde.levert
    assert "større enn 4 MB" in svar.json()["detail"]
    assert kilde.levert <= 4 * MB + BIT


def test_a_form_under_the_limit_still_reaches_the_per_file_rule_beside_the_field(
    app: App, demo: Demosammendrag, klokke: FixedClock
) -> None:
    """With the default settings (20 MB per file, 64 MB per form) a 21 MB file is not cut
    off by the stream limit; the form shows the per-file message beside its field."""
    klokke.set(datetime(2025, 9, 20, 10, 0, tzinfo=UTC))
    with TestClient(lag_webapp(app)) as soker:
        logg_inn(soker, "vefsn.soker")
        skjema = soker.get("/soknader/ny")
        svar = soker.post(
            "/soknader/ny",
            data={**komplett(token(skjema.text)), "handling": "lagre"},
            files=[("vedlegg_budsjett", ("stor.pdf", PDF + bytes(21 * MB), "application/pdf"))],
        )
    assert svar.status_code == 400
    melding = re.search(r'id="feil-vedlegg_budsjett">(.*?)</p>', svar.text, re.S)
    assert melding is not None
    assert "filen er større enn 20 MB" in melding.group(1)


def test_a_form_with_more_file_parts_than_allowed_is_refused_and_nothing_is_stored(
    soker: TestClient, app: App
) -> None:
    """Starlette's default is 1000 files per form, each spooled to its own temporary file."""
    mappe = app.innstillinger.data_dir / app.innstillinger.vedlegg.mappe
    for_innsending = sorted(mappe.iterdir())
    felt = komplett(token(soker.get("/soknader/ny").text))
    filer = [("vedlegg_andre", (f"{nr}.pdf", PDF, "application/pdf")) for nr in range(21)]
    svar = soker.post("/soknader/ny", data={**felt, "handling": "lagre"}, files=filer)
    assert svar.status_code == 400
    assert sorted(mappe.iterdir()) == for_innsending


def test_a_zip_bomb_docx_is_refused_beside_its_field_and_not_stored(
    soker: TestClient, app: App
) -> None:
    """Issue 17: a 1 GiB zip-bomb DOCX, about 1 MB on the wire, was accepted and forwarded."""
    mappe = app.innstillinger.data_dir / app.innstillinger.vedlegg.mappe
    for_innsending = sorted(mappe.iterdir())
    skjema = soker.get("/soknader/ny")
    svar = soker.post(
        "/soknader/ny",
        data={**komplett(token(skjema.text)), "handling": "lagre"},
        files=[("vedlegg_budsjett", ("budsjett.docx", docx_bombe(), "application/octet-stream"))],
    )
    assert svar.status_code == 400
    melding = re.search(r'id="feil-vedlegg_budsjett">(.*?)</p>', svar.text, re.S)
    assert melding is not None
    assert "«budsjett.docx» er avvist: filen pakkes ut til 1024 MB" in melding.group(1)
    assert sorted(mappe.iterdir()) == for_innsending


class JsonKilde:
    """A JSON body that never ends (a 200 MB string), counting what is taken."""

    def __init__(self, storrelse: int) -> None:
        self.storrelse = storrelse
        self.levert = 0

    async def __aiter__(self) -> AsyncIterator[bytes]:
        self.levert = 1
        yield b'"'
        while self.levert < self.storrelse:
            self.levert += BIT
            yield b"a" * BIT


def api_token(web: FastAPI) -> str:
    """A signed-in API client: the API refuses an anonymous upload before reading it (401),
    so the body limits are shown for a client that may send."""
    with TestClient(web) as klient:
        svar = klient.post(
            "/api/innlogging", json={"brukernavn": "vefsn.soker", "passord": DEMOPASSORD}
        )
    return str(svar.json()["token"])


def send_json(web: FastAPI, kilde: JsonKilde, lengde: int | None) -> httpx2.Response:
    hoder = {"Content-Type": "application/json", "Authorization": f"Bearer {api_token(web)}"}
    if lengde is not None:
        hoder["Content-Length"] = str(lengde)

    async def send() -> httpx2.Response:
        transport = httpx2.ASGITransport(app=web)
        async with httpx2.AsyncClient(transport=transport, base_url="http://testserver") as k:
            return await k.post("/api/soknader", content=kilde, headers=hoder)

    return utenfor_loekken(send)


def test_a_200_mb_json_body_is_cut_off_one_chunk_past_the_body_limit(
    app: App, demo: Demosammendrag
) -> None:
    """Issue 17: only upload forms were limited; a JSON body was read whole before parsing."""
    app.innstillinger.web.maks_kropp_kb = 256
    web = lag_webapp(app)
    kilde = JsonKilde(200 * MB)
    svar = send_json(web, kilde, lengde=None)
    assert svar.status_code == 413
    assert svar.json() == {
        "detail": "Forespørselen er større enn 0,25 MB, og ble avvist før den var lest ferdig."
    }
    assert kilde.levert <= 256 * 1024 + BIT
    kilde = JsonKilde(200 * MB)
    assert send_json(web, kilde, lengde=200 * MB).status_code == 413
    assert kilde.levert == 0


def test_an_ordinary_json_request_is_below_the_body_limit(app: App, demo: Demosammendrag) -> None:
    with TestClient(lag_webapp(app)) as klient:
        svar = klient.post(
            "/api/innlogging", json={"brukernavn": "samhandlingssjef", "passord": "helgeland-demo"}
        )
    assert svar.status_code == 200
