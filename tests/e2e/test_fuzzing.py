"""Schema-driven fuzzing (issue 17): Schemathesis generates valid and invalid requests from
/openapi.json and sends them in-process, as the sekretariat and as an applicant. No API answer
may be a 5xx, and every one must be a documented status with a body that matches its schema;
the GET pages are fuzzed the same way for 5xx. Deterministic (derandomized), so CI never
flakes on a new seed."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode, checks
from schemathesis.core.result import Ok
from schemathesis.schemas import APIOperation

from tests.e2e.ruteliste import alle_ruter
from tests.e2e.test_nettsider import logg_inn
from tilskudd_flow.bootstrap import App
from tilskudd_flow.demo.data import DEMOPASSORD, Demosammendrag
from tilskudd_flow.web.app import lag_webapp

EKSEMPLER = 50  # per operation and mode: 5 operations × 2 modes × 2 users ≈ 1000 requests
SJEKKER = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.response_schema_conformance,
    checks.content_type_conformance,
]
Operasjon = APIOperation[Any, Any, Any, Any]
# Logging out would end the token the rest of the run uses.
UTELATT = {("POST", "/api/utlogging")}


@pytest.fixture
def web(app: App, demo: Demosammendrag) -> FastAPI:
    return lag_webapp(app)


def _token(web: FastAPI, brukernavn: str) -> str:
    with TestClient(web) as klient:
        svar = klient.post(
            "/api/innlogging", json={"brukernavn": brukernavn, "passord": DEMOPASSORD}
        )
    assert svar.status_code == 200, svar.text
    token: str = svar.json()["token"]
    return token


def _operasjoner(web: FastAPI) -> list[Operasjon]:
    skjema = schemathesis.openapi.from_asgi("/openapi.json", web)
    alle: list[Operasjon] = []
    for resultat in skjema.get_all_operations():
        if not isinstance(resultat, Ok):
            pytest.fail(f"OpenAPI-beskrivelsen er ugyldig: {resultat.err()}")
        alle.append(resultat.ok())
    return [op for op in alle if (op.method.upper(), op.path) not in UTELATT]


def _fuzz(
    operasjon: Operasjon,
    modus: GenerationMode,
    hoder: dict[str, str],
    sjekker: list[Any] = SJEKKER,
    eksempler: int = EKSEMPLER,
) -> Counter[int]:
    """Run one operation in one mode; the status codes seen, counted."""
    svar: Counter[int] = Counter()

    @given(case=operasjon.as_strategy(generation_mode=modus))
    @settings(
        max_examples=eksempler,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def kjor(case: schemathesis.Case[Any]) -> None:
        svar[case.call_and_validate(headers=hoder, checks=sjekker).status_code] += 1

    try:
        kjor()
    except Unsatisfiable:
        # Only in negative mode: every value is valid (no parameters, or free text), so
        # Hypothesis proved there is no invalid request to send.
        assert modus is GenerationMode.NEGATIVE, operasjon.label
    return svar


@pytest.mark.parametrize("brukernavn", ["samhandlingssjef", "vefsn.soker"])
def test_fuzzed_api_requests_get_no_5xx_and_only_documented_answers(
    web: FastAPI, brukernavn: str
) -> None:
    hoder = {"Authorization": f"Bearer {_token(web, brukernavn)}"}
    operasjoner = _operasjoner(web)
    assert len(operasjoner) >= 5, [op.label for op in operasjoner]
    for operasjon in operasjoner:
        sett: Counter[int] = Counter()
        for modus in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            sett += _fuzz(operasjon, modus, hoder)
        print(operasjon.label, sorted(sett.items()))
        # The token held: the fuzzing reached the operation, not just the 401 in front of it.
        assert sum(sett.values()) > sett[401], (operasjon.label, sett)


@pytest.mark.parametrize("modus", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_fuzzed_soknader_come_as_json_and_as_multipart_with_files(
    web: FastAPI, modus: GenerationMode
) -> None:
    """#19: the søknad's body has two content types; both are generated, files included."""
    hoder = {"Authorization": f"Bearer {_token(web, 'vefsn.soker')}"}
    operasjon = next(op for op in _operasjoner(web) if op.path == "/api/soknader")
    sendt: Counter[str] = Counter()

    @given(case=operasjon.as_strategy(generation_mode=modus))
    @settings(max_examples=EKSEMPLER, derandomize=True, database=None, deadline=None,
              phases=[Phase.explicit, Phase.generate],
              suppress_health_check=list(HealthCheck))  # fmt: skip
    def kjor(case: schemathesis.Case[Any]) -> None:
        case.call_and_validate(headers=hoder, checks=SJEKKER)
        sendt[str(case.media_type)] += 1
        filer = case.body.get("vedlegg") if isinstance(case.body, dict) else None
        if case.media_type == "multipart/form-data" and filer:
            sendt["med filer"] += 1

    kjor()
    assert sendt["application/json"] and sendt["multipart/form-data"], sendt
    assert sendt["med filer"], sendt


# The pages, too: the same generator over every GET page, logged in. Only "no 5xx" is checked
# here; pages answer HTML, redirects and forms, which the API's OpenAPI does not describe.
SIDEEKSEMPLER = 20


def _sideskjema(web: FastAPI) -> None:
    """Serve an OpenAPI description of the GET pages at a test-only address."""
    sider = [
        r for r in alle_ruter() if "GET" in (r.methods or ()) and not r.path.startswith("/api/")
    ]
    skjema = get_openapi(title="sider", version="1", routes=sider)
    web.add_api_route("/sider-openapi.json", lambda: skjema, include_in_schema=False)


def _okt(web: FastAPI, brukernavn: str) -> str:
    with TestClient(web) as klient:
        logg_inn(klient, brukernavn)
        okt: str = klient.cookies["tilskudd_okt"]
    return okt


@pytest.mark.parametrize("brukernavn", ["samhandlingssjef", "vefsn.soker"])
def test_fuzzed_page_requests_get_no_5xx(web: FastAPI, brukernavn: str) -> None:
    _sideskjema(web)
    hoder = {"Cookie": f"tilskudd_okt={_okt(web, brukernavn)}"}
    skjema = schemathesis.openapi.from_asgi("/sider-openapi.json", web)
    operasjoner = [r.ok() for r in skjema.get_all_operations() if isinstance(r, Ok)]
    assert len(operasjoner) >= 30, [op.label for op in operasjoner]
    for operasjon in operasjoner:
        sett: Counter[int] = Counter()
        for modus in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
            sett += _fuzz(operasjon, modus, hoder, [checks.not_a_server_error], SIDEEKSEMPLER)
        print(operasjon.label, sorted(sett.items()))
