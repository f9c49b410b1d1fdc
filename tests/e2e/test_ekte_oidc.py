"""Against a real, certified OpenID Provider (`oidc-provider` from npm, pinned in
tests/ekte_oidc) set up as ID-porten is: pid in the ID token, pairwise sub, acr levels, PKCE
required, private_key_jwt, RP-initiated logout. Node.js comes from Debian's packages
(scripts/systempakker.sh); the provider is installed with `npm ci` when missing."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from html import unescape
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urljoin, urlsplit

import httpx2
import pytest
from fastapi.testclient import TestClient
from joserfc.jwk import RSAKey
from pydantic import SecretStr

from tests.e2e.oidc import KLIENT_ID, er_utlogget, med_oidc
from tests.e2e.test_kontoer import inviter, kontoposter, lenke_i, post
from tests.e2e.test_nettsider import logg_inn
from tests.e2e.test_oidc_id_porten import HEGES_EPOST, databasen_som_tekst
from tests.e2e.test_oidc_utlogging import LOGGET_UT, videre_til
from tilskudd_flow.adapters.epostoppsamler import ledig_port
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import Demosammendrag
from tilskudd_flow.web.app import lag_webapp
from tilskudd_flow.web.oidc import FRONTKANAL
from tilskudd_flow.web.ruter_innlogging import UTLOGGING

EKTE = Path(__file__).resolve().parents[1] / "ekte_oidc"
PID = "24016512345"  # made up
HOY = "idporten-loa-high"
KARINS_EPOST = "karin.ingebrigtsen@vefsn.kommune.example"  # vefsn.soker in the demo


def installer_utstederen() -> None:
    """oidc-provider from the npm registry, at the version package-lock.json pins."""
    if shutil.which("node") is None:
        pytest.fail("Node.js mangler: kjør scripts/systempakker.sh (installerer Debians nodejs)")
    if not (EKTE / "node_modules" / "oidc-provider").is_dir():
        subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=EKTE,
                       check=True, timeout=600)  # fmt: skip


@pytest.fixture(scope="module")
def klientnokkel() -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": "tilskudd-1", "alg": "RS256"})


@pytest.fixture(scope="module")
def ekte_utsteder(klientnokkel: RSAKey) -> Iterator[str]:
    """oidc-provider on a free port of 127.0.0.1 for this module's tests."""
    with start_ekte_utsteder(klientnokkel, "http://127.0.0.1:8000") as url:
        yield url


@contextmanager
def start_ekte_utsteder(klientnokkel: RSAKey, base_url: str) -> Iterator[str]:
    """oidc-provider on a free port, with our client registered for `base_url`."""
    installer_utstederen()
    port = ledig_port()
    oppsett = {"port": port, "klient_id": KLIENT_ID,
               "redirect_uri": f"{base_url}/logg-inn/oidc/tilbake",
               "post_logout_redirect_uri": f"{base_url}/logg-inn/oidc/logget-ut",
               "frontchannel_logout_uri": f"{base_url}{FRONTKANAL}",
               "klientnokkel": klientnokkel.as_dict(private=False)}  # fmt: skip
    prosess = subprocess.Popen(["node", "utsteder.mjs"], cwd=EKTE, text=True,
                               env={**os.environ, "OIDC_OPPSETT": json.dumps(oppsett)},
                               stdout=subprocess.PIPE)  # fmt: skip
    assert prosess.stdout is not None
    utskrift = [prosess.stdout.readline() for _ in range(1)]
    while not utskrift[-1].startswith("klar") and prosess.poll() is None:
        utskrift.append(prosess.stdout.readline())
    assert utskrift[-1].startswith("klar"), "".join(utskrift)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        prosess.terminate()
        prosess.wait(10)


@pytest.fixture
def klient(
    app: App, demo: Demosammendrag, ekte_utsteder: str, klientnokkel: RSAKey, tmp_path: Path
) -> Iterator[TestClient]:
    fil = tmp_path / "klient.pem"
    fil.write_bytes(klientnokkel.as_pem(private=True))
    oppsett = med_oidc(
        app, ekte_utsteder, klientautentisering="private_key_jwt", privat_nokkel_fil=str(fil),
        nokkel_id="tilskudd-1", brukerkrav="pid", pid_nokkel=SecretStr("k" * 40),
        omfang="openid profile", acr_values=HOY, knappetekst="Logg inn med ID-porten",
        frontkanal_utlogging=True,
    )  # fmt: skip
    with TestClient(lag_webapp(oppsett)) as klient, httpx2.Client() as nettleser:
        klient.nettleser = nettleser  # type: ignore[attr-defined]
        yield klient


def hos_utstederen(klient: TestClient, adresse: str, acr: str, konto: str = PID) -> str:
    """Follow the provider's redirects, log in as `konto` at `acr` on its interaction page;
    where it sends the browser back to us."""
    nettleser: httpx2.Client = klient.nettleser  # type: ignore[attr-defined]
    for _ in range(10):
        if adresse.startswith(("http://127.0.0.1:8000", "/")):
            return adresse
        if "/interaction/" in adresse and "konto=" not in adresse:
            adresse += f"?{urlencode({'konto': konto, 'acr': acr})}"
        svar = nettleser.get(adresse, follow_redirects=False)
        assert svar.status_code in (302, 303), svar.text
        adresse = urljoin(adresse, svar.headers["location"])
    raise AssertionError("for mange omdirigeringer hos utstederen")


def tilbake_hos_oss(klient: TestClient, adresse: str) -> httpx2.Response:
    tilbake = urlsplit(adresse)
    return klient.get(f"{tilbake.path}?{tilbake.query}", follow_redirects=False)


def logg_inn_ekte(
    klient: TestClient, start: str = "/logg-inn/oidc", acr: str = HOY
) -> httpx2.Response:
    svar = klient.get(start, follow_redirects=False)
    assert svar.status_code == 302, svar.text
    return tilbake_hos_oss(klient, hos_utstederen(klient, svar.headers["location"], acr))


def bind_hege(app: App, klient: TestClient) -> httpx2.Response:
    logg_inn(klient, "admin")
    assert inviter(klient).status_code == 303
    *_, epost = kontoposter(app, HEGES_EPOST)
    post(klient, "/logg-ut", {})
    side = klient.get(lenke_i(epost)).text
    [knytt] = [a for a in side.split('"') if a.startswith("/logg-inn/oidc?knytt=")]
    return logg_inn_ekte(klient, unescape(knytt))


def test_an_invitee_binds_logs_in_again_by_pid_and_no_pid_is_stored(
    app: App, klient: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    assert bind_hege(app, klient).status_code == 303
    assert not er_utlogget(klient)
    post(klient, "/logg-ut", {})
    klient.get(UTLOGGING)  # the provider's logout is the next test's business
    assert logg_inn_ekte(klient).status_code == 303
    assert not er_utlogget(klient)
    assert PID not in databasen_som_tekst(app)
    assert PID not in caplog.text


def test_a_login_below_the_required_level_is_refused(app: App, klient: TestClient) -> None:
    assert bind_hege(app, klient).status_code == 303
    post(klient, "/logg-ut", {})
    klient.get(UTLOGGING)
    klient.nettleser.cookies.clear()  # type: ignore[attr-defined]
    svar = logg_inn_ekte(klient, acr="idporten-loa-substantial")
    assert svar.status_code == 403
    assert "lavere sikkerhetsnivå enn tjenesten krever (nivå høyt)" in svar.text
    assert er_utlogget(klient)


def test_logout_ends_the_session_at_the_provider_so_the_next_login_asks_again(
    app: App, klient: TestClient
) -> None:
    assert bind_hege(app, klient).status_code == 303
    post(klient, "/logg-ut", {})
    assert er_utlogget(klient)
    adresse = videre_til(klient.get(UTLOGGING).text)
    nettleser: httpx2.Client = klient.nettleser  # type: ignore[attr-defined]
    skjema = nettleser.get(adresse)
    assert skjema.status_code == 200, skjema.text
    xsrf = re.search(r'name="xsrf" value="([^"]+)"', skjema.text)
    handling = re.search(r'action="([^"]+)"', skjema.text)
    assert xsrf and handling, skjema.text
    svar = nettleser.post(urljoin(adresse, handling.group(1)),
                          data={"xsrf": xsrf.group(1), "logout": "yes"})  # fmt: skip
    assert svar.status_code in (302, 303), svar.text
    assert svar.headers["location"].startswith(LOGGET_UT + "?state=")
    start = klient.get("/logg-inn/oidc", follow_redirects=False)
    etter = nettleser.get(start.headers["location"], follow_redirects=False)
    assert "/interaction/" in etter.headers["location"]  # not straight back in


def test_logging_out_at_the_provider_ends_our_session_through_the_front_channel(
    app: App, klient: TestClient, ekte_utsteder: str
) -> None:
    """The person logs out at the provider, not here: its logout page frames our
    frontchannel_logout_uri with its iss and the sid it put in our ID token."""
    assert bind_hege(app, klient).status_code == 303
    nettleser: httpx2.Client = klient.nettleser  # type: ignore[attr-defined]
    side = nettleser.get(f"{ekte_utsteder}/session/end")
    assert side.status_code == 200, side.text
    ramme = re.search(r'<iframe id="frontkanal" src="([^"]+)"', side.text)
    assert ramme is not None, side.text
    adresse = urlsplit(unescape(ramme.group(1)))
    assert adresse.path == FRONTKANAL
    assert parse_qs(adresse.query)["iss"] == [ekte_utsteder]
    assert not er_utlogget(klient)
    with TestClient(klient.app) as iframe:  # a third-party frame: none of our cookies
        svar = iframe.get(f"{adresse.path}?{adresse.query}")
    assert svar.status_code == 200
    assert f"frame-ancestors {ekte_utsteder};" in svar.headers["content-security-policy"]
    assert er_utlogget(klient)


def test_with_the_providers_defaults_e_mail_matching_reads_the_address_from_userinfo(
    app: App, demo: Demosammendrag, ekte_utsteder: str, klientnokkel: RSAKey, tmp_path: Path
) -> None:
    """oidc-provider's default gives scope claims such as `email` only from UserInfo (OIDC
    Core §5.4), the setting that once made every e-mail login fail."""
    fil = tmp_path / "klient.pem"
    fil.write_bytes(klientnokkel.as_pem(private=True))
    oppsett = med_oidc(
        app, ekte_utsteder, klientautentisering="private_key_jwt", privat_nokkel_fil=str(fil),
        nokkel_id="tilskudd-1", brukerkrav="email", omfang="openid email", acr_values=HOY,
    )  # fmt: skip
    with TestClient(lag_webapp(oppsett)) as klient, httpx2.Client() as nettleser:
        klient.nettleser = nettleser  # type: ignore[attr-defined]
        start = klient.get("/logg-inn/oidc", follow_redirects=False)
        assert start.status_code == 302, start.text
        adresse = hos_utstederen(klient, start.headers["location"], HOY, konto=KARINS_EPOST)
        svar = tilbake_hos_oss(klient, adresse)
        assert svar.status_code == 303, svar.text
        assert "Karin Ingebrigtsen" in klient.get("/").text
