"""The API's docs page works in a real browser under the app's own CSP (issue 17, item 8):
it loaded Swagger UI from a CDN that `script-src 'self'` blocked, so it stayed blank."""

from __future__ import annotations

from playwright.sync_api import ConsoleMessage, Page, Request, expect

from tests.e2e.nettleser.conftest import skjermbilde


def test_the_api_docs_page_lists_the_operations_with_no_csp_violation_or_outside_request(
    side: Page, tjener: str
) -> None:
    konsoll: list[str] = []
    utenfor: list[str] = []

    def _konsoll(melding: ConsoleMessage) -> None:
        if melding.type in ("error", "warning"):
            konsoll.append(melding.text)

    def _foresporsel(foresporsel: Request) -> None:
        if not foresporsel.url.startswith((tjener, "data:")):
            utenfor.append(foresporsel.url)

    side.on("console", _konsoll)
    side.on("request", _foresporsel)
    svar = side.goto(f"{tjener}/api/dokumentasjon")
    assert svar is not None
    assert "script-src 'self';" in svar.headers["content-security-policy"]

    operasjoner = side.locator(".opblock")
    expect(operasjoner.first).to_be_visible()
    sak = side.locator(".opblock-get:has(.opblock-summary-path[data-path='/api/saker/{sak_id}'])")
    expect(sak).to_have_count(1)
    assert operasjoner.count() == 6
    sak.locator(".opblock-summary").click()
    expect(side.locator(".responses-table .response-col_status", has_text="404")).to_be_visible()
    skjermbilde(side, "api-dokumentasjon")

    assert not [m for m in konsoll if "Content Security Policy" in m], konsoll
    assert utenfor == []


def test_favicon_answers_and_points_at_the_svg_icon(side: Page, tjener: str) -> None:
    svar = side.request.get(f"{tjener}/favicon.ico")
    assert svar.status == 200
    assert svar.headers["content-type"].startswith("image/svg+xml")
