"""Web sessions without a browser: idle expiry, the 12-hour limit, forged and revoked sessions."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from api.app import create_app
from service.auth import Role
from tests.api_support import service_settings
from web.app import mount_web
from web.session import COOKIE, MAX_AGE_S, Session, codec


@pytest.fixture
def web(session_driver: Driver, tmp_path: Path) -> TestClient:
    app = mount_web(create_app(service_settings(tmp_path, THBGRAPH_WEB_IDLE_MINUTES=30), session_driver))
    return TestClient(app, follow_redirects=False)


def _get(client: TestClient, cookie: str, **headers: str):  # noqa: ANN202
    client.cookies.clear()  # only this cookie (not one the last answer refreshed)
    client.cookies.set(COOKIE, cookie)
    return client.get("/web/cases", headers=headers)


def _cookie(client: TestClient, name: str, *, started: float, seen: float) -> str:
    services = client.app.state.services  # type: ignore[attr-defined]
    token = services.users.add(name, Role.admin)  # admins read no case: the page needs no graph
    return codec(services).dumps(Session(services.users.digest(token), "csrf", started, seen))


def test_a_session_ends_when_idle_and_after_twelve_hours(web: TestClient) -> None:
    now = time.time()
    fresh = _cookie(web, "fresh", started=now - 60, seen=now - 60)
    answer = _get(web, fresh)
    assert answer.status_code == 200 and "Signed in as" in answer.text
    refreshed = answer.cookies.get(COOKIE)
    assert refreshed and codec(web.app.state.services).loads(refreshed).seen > now - 1  # type: ignore[attr-defined, union-attr]
    idle = _cookie(web, "idle", started=now - 3600, seen=now - 31 * 60)
    old = _cookie(web, "old", started=now - MAX_AGE_S - 1, seen=now - 10)
    for cookie in (idle, old, fresh[:-1] + ("0" if fresh[-1] != "0" else "1")):  # idle, too old, forged
        answer = _get(web, cookie)
        assert answer.status_code == 303 and answer.headers["location"] == "/web/sign-in"
    # htmx is told to leave the page, not to swap the sign-in form into a panel.
    answer = _get(web, idle, **{"HX-Request": "true"})
    assert answer.status_code == 204 and answer.headers["hx-redirect"] == "/web/sign-in"


def test_a_revoked_user_is_signed_out(web: TestClient) -> None:
    now = time.time()
    cookie = _cookie(web, "leaving", started=now, seen=now)
    assert _get(web, cookie).status_code == 200
    web.app.state.services.users.revoke("leaving")  # type: ignore[attr-defined]
    assert _get(web, cookie).status_code == 303
