"""Fixtures of the end-to-end tests: the fake OpenID issuer and its keys."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.e2e.oidc import EPOST, HEMMELIGHET, KLIENT_ID, TILBAKE
from tests.oidc_utsteder import Nokler, Utsteder, lag_nokler, start_utsteder


@pytest.fixture(scope="session")
def nokler() -> Nokler:
    """The issuer's signing keys: made once, RSA key generation is slow."""
    return lag_nokler()


@pytest.fixture
def utsteder(nokler: Nokler) -> Iterator[Utsteder]:
    """The fake issuer on a free port, the test client registered, the e-mail in its tokens."""
    oppsett = Utsteder(nokler, KLIENT_ID, HEMMELIGHET, redirect_uri=TILBAKE, epost=EPOST)
    with start_utsteder(oppsett) as utsteder:
        yield utsteder
