"""Words on pages and in queued e-mails (issue 21): no raw codes where people read, and a
kommune's postmottak addressed as in a letter. SQLite and PostgreSQL (the `app` fixture)."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient
from sqlmodel import col

from tests.e2e.test_nettsider import SEKR, logg_inn
from tests.e2e.test_utboks_oversikt import INNSPILL, klient, revisjon  # noqa: F401 (fixtures)
from tests.utboksinnhold import utboksrader
from tilskudd_flow.bootstrap import App
from tilskudd_flow.models.outbox import OutboxMessage

_SNAKE = re.compile(r"\b[a-zæøå0-9]+(?:_[a-zæøå0-9]+)+\b")
_USYNLIG = re.compile(r"<(script|style|head)\b.*?</\1>|<[^>]+>|https?://\S+", re.S)


def synlig_tekst(side: str) -> str:
    """What a reader sees: no markup, no attributes, no addresses."""
    return html.unescape(_USYNLIG.sub(" ", side))


def test_the_scan_sees_a_code_in_text_but_not_in_an_attribute() -> None:
    side = '<a href="/saker?type=rs_soknad" id="send_inn">Send inn</a> <td>paa_vent</td>'
    assert _SNAKE.findall(synlig_tekst(side)) == ["paa_vent"]


def test_the_pages_a_sekretariat_reads_show_no_codes(
    klient: TestClient,  # noqa: F811
    revisjon: int,  # noqa: F811
) -> None:
    logg_inn(klient, SEKR)
    sider = ["/utboks", "/historikk", "/epostmaler", f"/epostmaler?mal={INNSPILL}",
             f"/saker/{revisjon}", "/saker", "/oppgaver", "/aarshjul"]  # fmt: skip
    funnet = {}
    for adresse in sider:
        svar = klient.get(adresse)
        assert svar.status_code == 200, adresse
        if koder := set(_SNAKE.findall(synlig_tekst(svar.text))):
            funnet[adresse] = koder
    assert funnet == {}


def test_a_notice_to_a_kommunes_postmottak_opens_til_and_a_person_is_greeted(
    app: App,
    revisjon: int,  # noqa: F811
) -> None:
    # Issue 22: rendered at delivery; read them as the recipient will.
    rader = utboksrader(app, col(OutboxMessage.mal) == INNSPILL)
    vefsn = next(r for r in rader if r.til_adresse == "postmottak@vefsn.kommune.example")
    assert vefsn.tekst.startswith("Til Vefsn kommune\n\n")
    assert "<p>Til Vefsn kommune</p>" in vefsn.html
    assert not [r.til_navn for r in rader if r.tekst.startswith("Hei ") and "kommune" in r.til_navn]
