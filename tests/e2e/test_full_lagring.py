"""A full upload directory (a real, small tmpfs): the applicant is told beside the attachment
field, everything typed is still in the form, and no case, søknad or file is left behind.
Once there is room again, the same submission goes through."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from tests.e2e.test_nettsider import logg_inn, token
from tests.liten_disk import fyll, liten_disk
from tilskudd_flow.bootstrap import App
from tilskudd_flow.clock import FixedClock
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.demo.skjemaeksempel import PDF, docx, komplett
from tilskudd_flow.web.app import lag_webapp

STOR_PDF = PDF + b"%" + b"x" * 300_000 + b"\n"  # larger than the 64 KiB disk


@pytest.fixture
def vedleggsmappe(app: App) -> Iterator[Path]:
    with liten_disk(app.innstillinger.data_dir / app.innstillinger.vedlegg.mappe, kib=64) as m:
        yield m


@pytest.fixture
def soker(app: App, demo: Demosammendrag, klokke: FixedClock) -> Iterator[TestClient]:
    klokke.set(datetime(2025, 9, 20, 10, 0, tzinfo=UTC))
    with TestClient(lag_webapp(app)) as klient:
        logg_inn(klient, "vefsn.soker")
        yield klient


def rader(app: App) -> dict[str, int]:
    with app.engine.connect() as tilkobling:
        return {
            tabell: tilkobling.execute(sa.text(f"SELECT count(*) FROM {tabell}")).scalar_one()
            for tabell in ("workflow_case", "soknad", "vedlegg", "audit_entry", "outbox_message")
        }


def send_inn(soker: TestClient, budsjett: bytes, adresse: str = "/soknader/ny") -> tuple[int, str]:
    skjema = soker.get(adresse)
    svar = soker.post(
        adresse,
        data={**komplett(token(skjema.text)), "handling": "send_inn"},
        files=[
            ("vedlegg_signert_avtale", ("avtale.pdf", PDF, "application/pdf")),
            ("vedlegg_budsjett", ("budsjett.pdf", budsjett, "application/pdf")),
        ],
        follow_redirects=False,
    )
    return svar.status_code, svar.text


def utkast_id(html: str) -> int | None:
    treff = re.search(r'action="/soknader/(\d+)/rediger"', html)
    return int(treff[1]) if treff else None


def feltfeil(html: str) -> dict[str, str]:
    return dict(re.findall(r'<li><a href="#([^"]+)">(.*?)</a>', html))


def test_an_attachment_too_large_for_the_disk_is_refused_and_nothing_is_kept(
    soker: TestClient, app: App, vedleggsmappe: Path
) -> None:
    for_innsending = rader(app)
    status, html = send_inn(soker, STOR_PDF)  # the first file fits, the second does not
    assert status == 400
    assert "lagringsplassen er full" in feltfeil(html)["vedlegg_budsjett"]
    assert 'value="Felles legevaktsamarbeid Vefsn og Grane"' in html  # nothing typed is lost
    # The form never loses work (#19): what was typed is kept as a draft with the file that
    # fitted; nothing is sent in, and no half file is left.
    etter = rader(app)
    assert (etter["workflow_case"], etter["soknad"], etter["outbox_message"]) == (
        for_innsending["workflow_case"] + 1,
        for_innsending["soknad"] + 1,
        for_innsending["outbox_message"],
    )
    assert utkast_id(html) is not None
    assert etter["vedlegg"] == for_innsending["vedlegg"] + len(list(vedleggsmappe.iterdir()))
    assert all(f.stat().st_size == len(PDF) for f in vedleggsmappe.iterdir())


def test_a_full_disk_refuses_every_attachment_then_room_lets_the_same_soknad_in(
    soker: TestClient, app: App, vedleggsmappe: Path
) -> None:
    fyll(vedleggsmappe)
    for_innsending = rader(app)
    status, html = send_inn(soker, PDF)
    assert status == 400 and "lagringsplassen er full" in html
    assert [f.name for f in vedleggsmappe.iterdir()] == ["fyll"]
    utkast = utkast_id(html)  # what was typed is kept as a draft, without files
    assert utkast is not None
    assert rader(app)["vedlegg"] == for_innsending["vedlegg"]

    (vedleggsmappe / "fyll").unlink()  # the operator frees space; no restart needed
    status, _ = send_inn(soker, PDF, f"/soknader/{utkast}/rediger")
    assert status == 303
    etter = rader(app)
    assert (etter["workflow_case"], etter["soknad"], etter["vedlegg"]) == (
        for_innsending["workflow_case"] + 1,
        for_innsending["soknad"] + 1,
        for_innsending["vedlegg"] + 2,
    )
    assert len(list(vedleggsmappe.iterdir())) == 2


def test_a_report_file_on_a_full_disk_is_refused_beside_the_field(
    soker: TestClient, app: App, vedleggsmappe: Path
) -> None:
    fyll(vedleggsmappe)
    svar = soker.get("/soknader/2/rapporter")
    assert svar.status_code == 200
    levert = soker.post(
        "/soknader/2/rapporter",
        data={"csrf_token": token(svar.text), "type": "aarsrapport"},
        files=[("rapportfil", ("rapport.docx", docx(), "application/octet-stream"))],
    )
    assert levert.status_code == 400
    assert "lagringsplassen er full" in levert.text
    assert [f.name for f in vedleggsmappe.iterdir()] == ["fyll"]
