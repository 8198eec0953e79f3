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
from web.session import COOKIE, MAX_AGE_S, SIGN_IN_COOKIE, Session, codec


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


#: Every change the web app makes, with a body it would accept.
CHANGES = [("/web/sign-out", {}), ("/web/cases/NO-GLANS/reveal", {"purpose": "a reason"}),
           ("/web/cases/NO-GLANS/hide", {}), ("/web/cases/NO-GLANS/plans/save", {"title": "t", "action": "x"}),
           ("/web/cases/NO-GLANS/matches/decide", {"left": "P001", "right": "P002", "judgement": "same"}),
           ("/web/cases/NO-GLANS/matches/undo", {"left": "P001", "right": "P002"}),
           ("/web/cases/NO-GLANS/plans/export.pdf", {"plan": "saved:1"}),
           ("/web/cases/NO-GLANS/network/export.pdf", {})]


@pytest.mark.parametrize("wrong", ["another-sessions-token", "csr", "csrf2", "CSRF", " csrf"])
def test_a_wrong_csrf_token_is_refused_as_form_field_and_as_header(web: TestClient, wrong: str) -> None:
    """Mutation 3, #1a/#1b: the token must be present and be *the session's*: any other non-empty one is
    refused with 403 before the route runs, and the session is not signed out by it."""
    now = time.time()
    cookie = _cookie(web, f"user-{len(wrong)}-{wrong.strip()}", started=now, seen=now)  # its token is "csrf"
    for path, form in CHANGES:
        for how in ("form", "header"):
            web.cookies.clear()
            web.cookies.set(COOKIE, cookie)
            answer = (web.post(path, data=form | {"csrf_token": wrong}) if how == "form" else
                      web.post(path, data=form, headers={"X-CSRF-Token": wrong}))
            assert answer.status_code == 403, (path, how, answer.status_code)
            assert COOKIE not in answer.cookies  # no session written back: nothing changed
    assert _get(web, cookie).status_code == 200  # still signed in: the refused sign-outs did nothing
    web.cookies.clear()
    web.cookies.set(COOKIE, cookie)
    assert web.post("/web/sign-out", headers={"X-CSRF-Token": "csrf"}).status_code == 303  # the right one works
    assert _get(web, cookie).status_code == 303


def test_hiding_identities_ends_the_copy_of_the_cookie_that_revealed(web: TestClient) -> None:
    """Probe 3, low 11: a cookie kept from before "Hide identities" opens nothing after it (no reveal
    replayed without a new `reveal` record); the session goes on under the cookie the hide set."""
    services = web.app.state.services  # type: ignore[attr-defined]
    token = services.users.add("hider", Role.investigator, ["NO-GLANS"])
    now = time.time()
    revealed = codec(services).dumps(Session(services.users.digest(token), "csrf", now, now, {"NO-GLANS": "a reason"}))
    web.cookies.clear()
    web.cookies.set(COOKIE, revealed)
    hidden = web.post("/web/cases/NO-GLANS/hide", headers={"X-CSRF-Token": "csrf"})
    assert hidden.status_code == 303
    fresh = hidden.cookies.get(COOKIE)
    assert fresh and codec(services).loads(fresh).reveals == {}  # type: ignore[union-attr]
    assert _get(web, revealed).status_code == 303  # the kept copy: signed out, not revealing
    assert _get(web, fresh).status_code == 200


def test_a_sign_in_posted_from_another_origin_is_refused(web: TestClient) -> None:
    """Probe 3, low 10 (login CSRF): a page on another port of the host, or a sibling subdomain, can plant
    the sign-in cookie and post the matching token; the browser says where the form came from, and a
    sign-in from anywhere but this origin is refused, so nobody is signed in as the attacker."""
    services = web.app.state.services  # type: ignore[attr-defined]
    attacker = services.users.add("attacker", Role.admin)
    web.cookies.clear()
    planted = web.get("/web/sign-in").cookies[SIGN_IN_COOKIE]  # a real pair, fetched by the attacker
    for headers in ({"Sec-Fetch-Site": "same-site", "Origin": "http://127.0.0.1:9999"},
                    {"Sec-Fetch-Site": "cross-site", "Origin": "https://evil.example"},
                    {"Origin": "http://127.0.0.1:9999"}):  # a browser without Fetch Metadata
        web.cookies.clear()
        web.cookies.set(SIGN_IN_COOKIE, planted)
        answer = web.post("/web/sign-in", data={"token": attacker, "csrf_token": planted}, headers=headers)
        assert answer.status_code == 403, headers
        assert COOKIE not in answer.cookies
    web.cookies.clear()
    web.cookies.set(SIGN_IN_COOKIE, planted)
    own = {"Sec-Fetch-Site": "same-origin", "Origin": "http://testserver"}
    answer = web.post("/web/sign-in", data={"token": attacker, "csrf_token": planted}, headers=own)
    assert answer.status_code == 303 and COOKIE in answer.cookies  # the form of this site still signs in
