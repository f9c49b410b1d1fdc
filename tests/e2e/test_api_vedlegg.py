"""Issue 19: the API submits a whole søknad, attachments included, as multipart/form-data,
by the same rules and with the same refusals as the web form and the søknad files; a
refusal names the field and stores nothing (no case, no file on disk)."""

from __future__ import annotations

import hashlib
import html
import io
import json
import os
import re
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx2
import pytest
from fastapi.testclient import TestClient
from openpyxl import Workbook
from sqlmodel import select

from tests.e2e.test_api import hode
from tests.e2e.test_nettsider import logg_inn
from tests.tjenere import start_tjeneste, vent_paa_port
from tilskudd_flow.adapters.epostoppsamler import ledig_port
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FileClock
from tilskudd_flow.demo.data import DEMOPASSORD, Demosammendrag
from tilskudd_flow.demo.skjemaeksempel import PDF
from tilskudd_flow.models.soknad import Vedlegg
from tilskudd_flow.web.api_soknad import eksempel
from tilskudd_flow.web.app import lag_webapp

SOKER = "vefsn.soker"
Deler = list[tuple[str, tuple[str | None, bytes | str] | tuple[str, bytes | str, str]]]


def budsjett_xlsx() -> bytes:
    """A real spreadsheet, as the applicants attach their budget."""
    bok = Workbook()
    ark = bok.active
    assert ark is not None
    ark.append(["Kostnadspost", "2026", "2027"])
    ark.append(["Prosjektleder", 900_000, 900_000])
    buffer = io.BytesIO()
    bok.save(buffer)
    return buffer.getvalue()


def soknad(**endret: Any) -> dict[str, Any]:
    """The docs' example søknad: complete, field 11 in full, two attachments named."""
    return {**eksempel(), **endret}


def deler(dokument: dict[str, Any], *filer: tuple[str, bytes]) -> Deler:
    """The parts curl sends for `-F soknad=@soknad.json;type=application/json -F vedlegg=@…`."""
    tekst = json.dumps(dokument, ensure_ascii=False).encode()
    return [("soknad", ("soknad.json", tekst, "application/json")),
            *(("vedlegg", (navn, innhold)) for navn, innhold in filer)]  # fmt: skip


def begge_filer() -> tuple[tuple[str, bytes], tuple[str, bytes]]:
    return ("signert-avtale.pdf", PDF), ("budsjett.xlsx", budsjett_xlsx())


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        yield klient


@pytest.fixture
def hoder(klient: TestClient) -> dict[str, str]:
    return hode(klient, SOKER)


def send(klient: TestClient, hoder: dict[str, str], filer: Deler, *, send_inn: bool = True) -> Any:
    adresse = "/api/soknader?send_inn=true" if send_inn else "/api/soknader"
    return klient.post(adresse, headers=hoder, files=filer)


def filer_paa_disk(app: App) -> list[Path]:
    mappe = app.innstillinger.data_dir / app.innstillinger.vedlegg.mappe
    return sorted(mappe.iterdir()) if mappe.exists() else []


def vedleggsrader(app: App, sak_id: int) -> list[Vedlegg]:
    with app.uow(skriv=False) as uow:
        return list(uow.session.exec(select(Vedlegg).where(Vedlegg.soknad_id == sak_id)).all())


class Foer:
    """What exists before a refused request, to show it is all that exists after it."""

    def __init__(self, klient: TestClient, hoder: dict[str, str], app: App) -> None:
        self._klient, self._hoder, self._app = klient, hoder, app
        self.saker = self._saker()
        self.filer = filer_paa_disk(app)

    def _saker(self) -> int:
        totalt: int = self._klient.get("/api/saker", headers=self._hoder).json()["totalt"]
        return totalt

    def uendret(self) -> None:
        assert self._saker() == self.saker
        assert filer_paa_disk(self._app) == self.filer


def test_a_complete_soknad_with_both_attachments_is_received_and_they_can_be_downloaded(
    klient: TestClient, hoder: dict[str, str], app: App
) -> None:
    avtale, budsjett = begge_filer()
    svar = send(klient, hoder, deler(soknad(), avtale, budsjett))
    assert svar.status_code == 201, svar.text
    sak_id = svar.json()["sak_id"]
    sak = klient.get(f"/api/saker/{sak_id}", headers=hoder).json()
    assert sak["sak"]["tilstand"] == "mottatt"
    rader = {v.filnavn: v for v in vedleggsrader(app, sak_id)}
    assert {navn: v.type.value for navn, v in rader.items()} == {
        "signert-avtale.pdf": "signert_avtale",
        "budsjett.xlsx": "budsjett",
    }
    logg_inn(klient, SOKER)  # the attachment route is the pages' own, behind the login
    for navn, innhold in (avtale, budsjett):
        assert rader[navn].sha256 == hashlib.sha256(innhold).hexdigest()
        lenke = next(v["href"] for v in sak["detaljer"]["Vedlegg"] if navn in v["tekst"])
        nedlastet = klient.get(lenke)
        assert nedlastet.status_code == 200
        assert nedlastet.content == innhold


def test_a_multipart_draft_keeps_its_attachments_and_stays_a_draft(
    klient: TestClient, hoder: dict[str, str], app: App
) -> None:
    foer = filer_paa_disk(app)
    svar = send(klient, hoder, deler(soknad(), *begge_filer()), send_inn=False)
    assert svar.status_code == 201, svar.text
    sak_id = svar.json()["sak_id"]
    assert klient.get(f"/api/saker/{sak_id}", headers=hoder).json()["sak"]["tilstand"] == "utkast"
    assert len(vedleggsrader(app, sak_id)) == 2
    assert len(filer_paa_disk(app)) == len(foer) + 2


def test_a_row_may_name_its_file_with_a_folder_as_the_soknad_files_do(
    klient: TestClient, hoder: dict[str, str]
) -> None:
    """The same JSON as a søknad file next to its `vedlegg/` folder: clients send bare names."""
    rader = [{"type": "signert_avtale", "fil": "vedlegg/signert-avtale.pdf"},
             {"type": "budsjett", "fil": "vedlegg/budsjett.xlsx"}]  # fmt: skip
    svar = send(klient, hoder, deler(soknad(vedlegg=rader), *begge_filer()))
    assert svar.status_code == 201, svar.text


REFUSALS = {
    "named but not uploaded": (
        lambda: deler(soknad(), ("signert-avtale.pdf", PDF)),
        "vedlegg[1].fil: filen «budsjett.xlsx» er ikke lastet opp",
    ),
    "uploaded but not named": (
        lambda: deler(soknad(), *begge_filer(), ("notat.pdf", PDF)),
        "vedlegg «notat.pdf»: filen er lastet opp, men ikke nevnt i søknadens vedlegg",
    ),
    "uploaded twice": (
        lambda: deler(soknad(), *begge_filer(), ("budsjett.xlsx", budsjett_xlsx())),
        "vedlegg «budsjett.xlsx»: filen er lastet opp flere ganger",
    ),
    "a refused type": (
        lambda: deler(soknad(), ("signert-avtale.pdf", PDF), ("budsjett.xlsx", b"MZ\x90\x00")),
        "vedlegg[1].fil: «budsjett.xlsx» er ikke en gyldig PDF, DOCX, XLSX eller ODT-fil",
    ),
    "an empty file": (
        lambda: deler(soknad(), ("signert-avtale.pdf", PDF), ("budsjett.xlsx", b"")),
        "vedlegg[1].fil: filen er tom",
    ),
    "the budget missing": (
        lambda: deler(soknad(vedlegg=[eksempel()["vedlegg"][0]]), ("signert-avtale.pdf", PDF)),
        "budsjett",
    ),
    "the signed agreement missing": (
        lambda: deler(soknad(vedlegg=[eksempel()["vedlegg"][1]]), begge_filer()[1]),
        "signert avtale",
    ),
}


@pytest.mark.parametrize("tilfelle", list(REFUSALS))
def test_a_refused_submission_names_the_field_and_stores_nothing(
    klient: TestClient, hoder: dict[str, str], app: App, tilfelle: str
) -> None:
    lag_deler, melding = REFUSALS[tilfelle]
    foer = Foer(klient, hoder, app)
    svar = send(klient, hoder, lag_deler())
    assert svar.status_code == 422, svar.text
    assert melding in svar.json()["detail"]
    foer.uendret()


def test_a_file_above_the_size_limit_is_refused_and_nothing_is_kept(
    klient: TestClient, hoder: dict[str, str], app: App
) -> None:
    app.innstillinger.vedlegg.maks_mb = 0.001  # about 1 KB: the budget is larger
    foer = Foer(klient, hoder, app)
    svar = send(klient, hoder, deler(soknad(), *begge_filer()))
    assert svar.status_code == 422, svar.text
    assert svar.json()["detail"] == "vedlegg[1].fil: filen er større enn 0.001 MB"
    foer.uendret()


def test_a_body_above_the_forms_limit_is_413_before_it_is_read(
    app: App, demo: Demosammendrag
) -> None:
    app.innstillinger.vedlegg.maks_skjema_mb = 1
    with TestClient(lag_webapp(app)) as klient:
        hoder = hode(klient, SOKER)
        foer = Foer(klient, hoder, app)
        stor = ("budsjett.xlsx", budsjett_xlsx() + bytes(2 * 1024 * 1024))
        svar = send(klient, hoder, deler(soknad(), ("signert-avtale.pdf", PDF), stor))
        assert svar.status_code == 413
        assert svar.json()["detail"].startswith("Skjemaet med filene er større enn 1 MB")
        foer.uendret()


def test_a_user_who_represents_no_party_is_refused_and_the_files_are_removed(
    klient: TestClient, app: App
) -> None:
    hoder = hode(klient, "rana.soker")
    foer = Foer(klient, hoder, app)
    svar = send(klient, hoder, deler(soknad(), *begge_filer()))
    assert svar.status_code == 403, svar.text
    foer.uendret()


@pytest.mark.parametrize(
    ("filer", "sted", "type_"),
    [
        ([("vedlegg", ("signert-avtale.pdf", PDF))], ["body", "soknad"], "value_error"),
        ([("soknad", (None, "{ikke json"))], ["body", "soknad"], "json_invalid"),
        ([("soknad", (None, '{"runde": 2026}'))], ["body", "soknad", "prosjektnavn"], "missing"),
        ([("soknad", (None, "{}")), ("annet", (None, "x"))], ["body", "annet"], "value_error"),
        ([("soknad", (None, "{}")), ("vedlegg", (None, "tekst"))], ["body", "vedlegg"],
         "value_error"),
    ],
)  # fmt: skip
def test_a_malformed_multipart_body_names_the_part(
    klient: TestClient,
    hoder: dict[str, str],
    app: App,
    filer: Deler,
    sted: list[str],
    type_: str,
) -> None:
    foer = Foer(klient, hoder, app)
    svar = send(klient, hoder, filer)
    assert svar.status_code == 422, svar.text
    assert {"loc": sted, "type": type_} in [
        {"loc": f["loc"], "type": f["type"]} for f in svar.json()["detail"]
    ]
    foer.uendret()


def test_a_body_of_another_content_type_is_refused(
    klient: TestClient, hoder: dict[str, str]
) -> None:
    tekst = json.dumps(soknad(vedlegg=[]))
    svar = klient.post("/api/soknader", headers={**hoder, "Content-Type": "text/plain"},
                       content=tekst)  # fmt: skip
    assert svar.status_code == 422
    assert svar.json()["detail"][0]["msg"].startswith("send søknaden som application/json")


def test_the_openapi_documents_both_content_types_with_the_example(klient: TestClient) -> None:
    skjema = klient.get("/openapi.json").json()
    kropp = skjema["paths"]["/api/soknader"]["post"]["requestBody"]
    json_del = kropp["content"]["application/json"]
    skjemadel = kropp["content"]["multipart/form-data"]
    assert json_del["schema"] == {"$ref": "#/components/schemas/Soknadsfil"}
    assert {"Soknadsfil", "Budsjett", "Vedleggsrad"} <= set(skjema["components"]["schemas"])
    assert skjemadel["schema"]["properties"]["vedlegg"]["items"]["format"] == "binary"
    assert skjemadel["encoding"]["soknad"]["contentType"] == "application/json"
    assert skjemadel["example"]["soknad"]["vedlegg"] == eksempel()["vedlegg"]
    assert json_del["example"]["vedlegg"] == []


@contextmanager
def ekte_tjener(app: App, tmp_path: Path) -> Iterator[str]:
    """`tilskudd tjeneste start` (uvicorn, the real multipart parser) on the test's database
    and data folder, its base_url its own address."""
    klokkefil = tmp_path / "klokke"
    FileClock(klokkefil).set(app.miljo.klokke.now())
    port = ledig_port()
    url = f"http://127.0.0.1:{port}"
    tjener = start_tjeneste(klokkefil, ledig_port(), port, tmp_path / "tjener.log",
                            TILSKUDD_BASE_URL=url)  # fmt: skip
    try:
        vent_paa_port(tjener, port)
        yield url
    finally:
        tjener.terminate()
        try:
            tjener.wait(timeout=60)
        except subprocess.TimeoutExpired:
            tjener.kill()


def tilstand(url: str, hoder: dict[str, str], sak_id: int) -> str:
    svar = httpx2.get(f"{url}/api/saker/{sak_id}", headers=hoder, timeout=30)
    verdi: str = svar.json()["sak"]["tilstand"]
    return verdi


def test_over_real_http_a_multipart_soknad_is_received_and_a_refused_one_leaves_nothing(
    app: App, demo: Demosammendrag, tmp_path: Path
) -> None:
    with ekte_tjener(app, tmp_path) as url:
        innlogging = {"brukernavn": SOKER, "passord": DEMOPASSORD}
        token = httpx2.post(f"{url}/api/innlogging", json=innlogging, timeout=30).json()["token"]
        hoder = {"Authorization": f"Bearer {token}"}
        adresse = f"{url}/api/soknader?send_inn=true"
        svar = httpx2.post(adresse, headers=hoder, files=deler(soknad(), *begge_filer()),
                           timeout=30)  # fmt: skip
        assert svar.status_code == 201, svar.text
        assert tilstand(url, hoder, svar.json()["sak_id"]) == "mottatt"
        foer = filer_paa_disk(app)
        avvist = httpx2.post(adresse, headers=hoder, files=deler(soknad(), begge_filer()[0]),
                             timeout=30)  # fmt: skip
        assert avvist.status_code == 422
        assert avvist.json()["detail"].startswith("vedlegg[1].fil: filen «budsjett.xlsx»")
        assert filer_paa_disk(app) == foer


def test_the_docs_pages_curl_example_works_as_written(
    app: App, demo: Demosammendrag, tmp_path: Path
) -> None:
    """The page's own command, run by curl against the real server, with the example file
    the page links to and two files of the names it uses."""
    with ekte_tjener(app, tmp_path) as url:
        side = httpx2.get(f"{url}/api/dokumentasjon", timeout=30).text
        funn = re.search(r'<code id="curl-soknad">(.*?)</code>', side, re.DOTALL)
        assert funn is not None, side
        eksempelfil = re.search(r'<a href="([^"]+)" download="soknad.json">', side)
        assert eksempelfil is not None
        mappe = tmp_path / "soker"
        mappe.mkdir()
        eksempelsvar = httpx2.get(f"{url}{eksempelfil.group(1)}", timeout=30)
        (mappe / "soknad.json").write_bytes(eksempelsvar.content)
        for navn, innhold in begge_filer():
            (mappe / navn).write_bytes(innhold)
        innlogging = {"brukernavn": SOKER, "passord": DEMOPASSORD}
        token = httpx2.post(f"{url}/api/innlogging", json=innlogging, timeout=30).json()["token"]
        kjoring = subprocess.run(
            ["bash", "-c", html.unescape(funn.group(1))], cwd=mappe, capture_output=True,
            env={**os.environ, "TOKEN": token}, timeout=60, check=True,
        )  # fmt: skip
        sak_id = json.loads(kjoring.stdout)["sak_id"]
        assert tilstand(url, {"Authorization": f"Bearer {token}"}, sak_id) == "mottatt"
