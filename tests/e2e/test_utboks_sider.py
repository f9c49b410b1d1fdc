"""/utboks shows why an e-mail stopped, and the sekretariat corrects or drops it there
(issue 17, item 1: a poison contact name stopped all e-mail with no error shown)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa
from fastapi.testclient import TestClient

from tests.e2e.test_nettsider import SEKR, logg_inn, token
from tests.integration.smtp_tjener import smtp_tjener
from tests.integration.test_epost import levering
from tests.integration.test_utboks_giftig import GIFTIGE, legg_inn_giftig, rad
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.web.app import lag_webapp


@pytest.fixture
def klient(app: App, demo: Demosammendrag) -> Iterator[TestClient]:
    with TestClient(lag_webapp(app)) as klient:
        yield klient


@pytest.fixture
def feilet(app: App, klient: TestClient) -> int:
    """The applicant's «Eve\\r\\nBcc: …» row, after the delivery worker has been at it."""
    melding_id = legg_inn_giftig(app, **GIFTIGE["navn"])
    with smtp_tjener() as (_, port):
        levering(app, port).tom_koen()
    assert rad(app, melding_id).status == "feilet"
    return melding_id


def _send(klient: TestClient, sti: str, skjema: dict[str, str]) -> int:
    csrf = token(klient.get("/utboks").text)
    return klient.post(sti, data={**skjema, "csrf_token": csrf}, follow_redirects=False).status_code


def test_the_outbox_page_shows_the_reason_and_the_name_with_its_line_break_visible(
    klient: TestClient, feilet: int
) -> None:
    logg_inn(klient, SEKR)
    liste = klient.get("/utboks?status=feilet").text
    # Issue 20: the reason stands in the recipient's status, in words, not in its own column.
    assert (
        "Feilet: Mottakernavnet «Eve[linjeskift]Bcc: tyv@angriper.example» inneholder linjeskift"
        in liste
    )
    assert f'href="/utboks/{feilet}"' in liste
    side = klient.get(f"/utboks/{feilet}").text
    assert (
        f'action="/utboks/{feilet}/rett"' in side and f'action="/utboks/{feilet}/forkast"' in side
    )
    assert (
        "Eve[linjeskift]Bcc" in side and "\r\nBcc" not in side
    )  # shown, and no line break in a field
    assert 'name="navn" value="Eve Bcc: tyv@angriper.example"' in side
    assert "/send-igjen" not in side  # unchanged, it would only fail again


def test_a_correction_from_the_web_is_checked_audited_and_queues_the_message(
    app: App, klient: TestClient, feilet: int
) -> None:
    logg_inn(klient, SEKR)
    sti = f"/utboks/{feilet}/rett"
    svar = klient.post(sti, data={"adresse": "eve@vefsn.example", "navn": "Eve\nBcc: x@y.no",
                                  "csrf_token": token(klient.get("/utboks").text)})  # fmt: skip
    assert svar.status_code == 400
    assert "Navn: «Eve[linjeskift]Bcc: x@y.no» inneholder linjeskift" in svar.text
    assert _send(klient, sti, {"adresse": "eve@", "navn": "Eve"}) == 400
    utenfor_csrf = klient.post(sti, data={"adresse": "eve@vefsn.example", "navn": "Eve"})
    assert utenfor_csrf.status_code == 403
    assert rad(app, feilet).status == "feilet"
    assert _send(klient, sti, {"adresse": "eve@vefsn.example", "navn": "Eve Olsen"}) == 303
    melding = rad(app, feilet)
    assert (melding.status, melding.til_navn, melding.til_adresse) == (
        "klar", "Eve Olsen", "eve@vefsn.example")  # fmt: skip
    assert "Mottakeren er rettet" in klient.get(f"/utboks/{feilet}?utfort=rettet").text
    assert _hendelser(app, feilet) == ["rett_mottaker"]


def test_a_drop_from_the_web_needs_the_box_ticked_and_is_audited(
    app: App, klient: TestClient, feilet: int
) -> None:
    logg_inn(klient, SEKR)
    assert _send(klient, f"/utboks/{feilet}/forkast", {}) == 400
    assert rad(app, feilet).status == "feilet"
    assert _send(klient, f"/utboks/{feilet}/forkast", {"bekreft": "ja"}) == 303
    assert rad(app, feilet).status == "forkastet"
    assert _hendelser(app, feilet) == ["forkast"]
    assert "Forkastet" in klient.get("/utboks?status=forkastet").text


def test_an_applicant_can_neither_correct_nor_drop(
    app: App, klient: TestClient, feilet: int
) -> None:
    logg_inn(klient, "vefsn.soker")
    csrf = token(klient.get("/logg-inn").text)
    for sti, skjema in ((f"/utboks/{feilet}/rett", {"adresse": "tyv@angriper.example"}),
                        (f"/utboks/{feilet}/forkast", {"bekreft": "ja"})):  # fmt: skip
        assert klient.post(sti, data={**skjema, "csrf_token": csrf}).status_code == 403
    assert rad(app, feilet).status == "feilet"
    assert _hendelser(app, feilet) == []


def _hendelser(app: App, melding_id: int) -> list[str]:
    with app.engine.connect() as tilkobling:
        return list(
            tilkobling.execute(
                sa.text("SELECT hendelse FROM audit_entry WHERE objekt_type = 'utboks' "
                        "AND objekt_id = :id ORDER BY id"), {"id": melding_id}
            ).scalars()
        )  # fmt: skip
