"""The pages' thread pool is as large as `[web] traader`, not AnyIO's 40 (issue 22)."""

from __future__ import annotations

from anyio import to_thread
from fastapi.testclient import TestClient

from tilskudd_flow.bootstrap import App
from tilskudd_flow.web.app import lag_webapp


def _traader() -> float:
    return to_thread.current_default_thread_limiter().total_tokens


def test_the_server_works_on_as_many_requests_at_once_as_configured(app: App) -> None:
    assert app.innstillinger.web.traader == 8
    with TestClient(lag_webapp(app)) as klient:
        assert klient.portal is not None
        assert klient.portal.call(_traader) == 8
