"""In a real browser against the real OpenID Provider set up as ID-porten: the invitee binds
through the invitation, a too-low level is refused, and Logg ut ends the provider's session
too (through its end_session_endpoint, past our CSP); logging out at the provider ends ours
(front-channel logout: its logout page frames ours, which our CSP lets it alone do)."""

from __future__ import annotations

import dataclasses
import re
import threading
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn
from joserfc.jwk import RSAKey
from playwright.sync_api import Page, expect
from pydantic import SecretStr

from tests.e2e.oidc import med_oidc
from tests.e2e.test_ekte_oidc import PID, start_ekte_utsteder
from tests.e2e.test_kontoer import kontoposter, lenke_i
from tests.e2e.test_oidc_id_porten import HEGES_EPOST
from tilskudd_flow.adapters.epostoppsamler import ledig_port
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.domain.kodeverk import Rolle
from tilskudd_flow.kontoer.brukere import NyBruker
from tilskudd_flow.kontoer.engangslenker import inviter_bruker
from tilskudd_flow.motor.tilgang import hent_aktor
from tilskudd_flow.web.app import lag_webapp


@pytest.fixture(scope="module")
def klientnokkel() -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": "tilskudd-1", "alg": "RS256"})


@pytest.fixture
def id_porten_tjener(
    app: App, demo: Demosammendrag, klientnokkel: RSAKey, tmp_path: Path
) -> Iterator[str]:
    """The app on a free port, logging in through the real provider registered for it."""
    port = ledig_port()
    base_url = f"http://127.0.0.1:{port}"
    fil = tmp_path / "klient.pem"
    fil.write_bytes(klientnokkel.as_pem(private=True))
    with start_ekte_utsteder(klientnokkel, base_url) as utsteder:
        oppsett = med_oidc(
            app, utsteder, klientautentisering="private_key_jwt", privat_nokkel_fil=str(fil),
            nokkel_id="tilskudd-1", brukerkrav="pid", pid_nokkel=SecretStr("k" * 40),
            omfang="openid profile", acr_values="idporten-loa-high",
            knappetekst="Logg inn med ID-porten", frontkanal_utlogging=True,
        )  # fmt: skip
        oppsett = dataclasses.replace(oppsett, innstillinger=oppsett.innstillinger.model_copy(
            update={"base_url": base_url}))  # fmt: skip
        server = uvicorn.Server(uvicorn.Config(lag_webapp(oppsett), host="127.0.0.1", port=port,
                                               log_level="warning"))  # fmt: skip
        traad = threading.Thread(target=server.run, daemon=True)
        traad.start()
        while not server.started:
            traad.join(0.05)
        yield base_url
        server.should_exit = True
        traad.join(10)


def inviter_hege(app: App) -> str:
    with app.uow() as uow:
        admin = hent_aktor(uow.session, "admin")
        ny = NyBruker("hege.hattfjelldal", "Hege Hattfjelldal", HEGES_EPOST, (Rolle.SOKER,),
                      ("1826",))  # fmt: skip
        inviter_bruker(uow.session, app.miljo, aktor=admin, ny=ny, naa=app.miljo.klokke.now())
        uow.commit()
    *_, epost = kontoposter(app, HEGES_EPOST)
    return lenke_i(epost)


def logg_inn_hos_utstederen(side: Page, acr: str) -> None:
    """The provider's login page is the test's: it says who logs in, at which level."""
    side.wait_for_url(re.compile(r"/interaction/"))
    side.goto(f"{side.url}?konto={PID}&acr={acr}")


def test_bind_refuse_a_low_level_and_log_out_at_the_provider(
    app: App, id_porten_tjener: str, side: Page
) -> None:
    lenke = inviter_hege(app)
    side.goto(f"{id_porten_tjener}{lenke}")
    side.get_by_role("link", name="Logg inn med ID-porten").click()
    logg_inn_hos_utstederen(side, "idporten-loa-high")
    expect(side.get_by_role("button", name="Logg ut")).to_be_visible()

    side.get_by_role("button", name="Logg ut").click()
    side.wait_for_url(f"{id_porten_tjener}/logg-inn")  # via the provider's logout and back
    side.get_by_role("link", name="Logg inn med ID-porten").click()
    logg_inn_hos_utstederen(side, "idporten-loa-substantial")  # asked again: session gone
    expect(side.get_by_text("lavere sikkerhetsnivå enn tjenesten krever")).to_be_visible()


def test_logging_out_at_the_provider_ends_the_session_here_through_its_iframe(
    app: App, id_porten_tjener: str, side: Page
) -> None:
    avvist: list[str] = []
    side.on("console", lambda melding: avvist.append(melding.text))
    side.goto(f"{id_porten_tjener}{inviter_hege(app)}")
    side.get_by_role("link", name="Logg inn med ID-porten").click()
    side.wait_for_url(re.compile(r"/interaction/"))
    utsteder = urlsplit(side.url)
    logg_inn_hos_utstederen(side, "idporten-loa-high")
    expect(side.get_by_role("button", name="Logg ut")).to_be_visible()

    side.goto(f"{utsteder.scheme}://{utsteder.netloc}/session/end")
    side.wait_for_url(re.compile(r"/session/end/success"))  # after our frame loaded
    assert not [m for m in avvist if "frame-ancestors" in m or "X-Frame-Options" in m], avvist
    side.goto(f"{id_porten_tjener}/saker")
    side.wait_for_url(re.compile(r"/logg-inn"))
