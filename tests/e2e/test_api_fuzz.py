"""Schema-driven fuzzing of the JSON API (issue 17): Schemathesis generates valid and invalid
requests from /openapi.json and sends them in-process, as the sekretariat and as an applicant.
No answer may be a 5xx, and every answer must be a documented status with a body that
matches its schema. Deterministic (derandomized), so CI never flakes on a new seed."""

from __future__ import annotations

from collections import Counter
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis import GenerationMode, checks
from schemathesis.core.result import Ok
from schemathesis.schemas import APIOperation

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


def _fuzz(operasjon: Operasjon, modus: GenerationMode, hoder: dict[str, str]) -> Counter[int]:
    """Run one operation in one mode; the status codes seen, counted."""
    svar: Counter[int] = Counter()

    @given(case=operasjon.as_strategy(generation_mode=modus))
    @settings(
        max_examples=EKSEMPLER,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def kjor(case: schemathesis.Case[Any]) -> None:
        svar[case.call_and_validate(headers=hoder, checks=SJEKKER).status_code] += 1

    kjor()
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
