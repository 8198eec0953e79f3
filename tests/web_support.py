"""Fixtures of the web app's browser tests: the real `thbgraph serve` over the sample, one Chromium.

Playwright drives the system's Chromium (`chromium`; `playwright install` needs the internet). Each
test signs in through the sign-in page, in a fresh browser context (its own cookies), at 1280x800;
every response the page receives is recorded, so that a test can say what the browser was sent.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from neo4j import Driver

from service.auth import Role, UserStore
from tests.api_support import ASSIGNED, UNASSIGNED, serve
from tests.paths import ROOT

SCREENSHOTS = ROOT / "tests" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}


@dataclass
class WebService:
    base: str
    home: Path
    tokens: dict[str, str] = field(default_factory=dict)  # user name -> API token
    secret: str = ""
    pseudonym_key: str = field(default_factory=lambda: secrets.token_urlsafe(32))

    def pseudonym(self, person_id: str) -> str:
        """A victim's pseudonym in this service: a pseudonymised view knows her by it, her id is missing there."""
        from service.pseudonyms import Pseudonyms  # noqa: PLC0415

        return Pseudonyms(self.pseudonym_key).victim(person_id)

    def add_user(self, name: str, role: Role, cases: list[str]) -> None:
        """Another user, for a test that needs other cases assigned (the server reads the same store)."""
        self.tokens[name] = UserStore(self.home / "users.sqlite3", self.secret).add(name, role, cases)

    def audit(self) -> list[dict]:
        import json  # noqa: PLC0415

        path = self.home / "audit.jsonl"
        return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


@contextmanager
def running(service: WebService, neo4j_uri: str, **env: str) -> Iterator[WebService]:
    """`thbgraph serve` over the test database with `service`'s home and secret, until the block ends
    (its address in `service.base`); `env` adds settings (THBGRAPH_WARM_MATCHER=1, say)."""
    env = {**os.environ, "NEO4J_URI": neo4j_uri, "THBGRAPH_HOME": str(service.home),
           "THBGRAPH_SECRET_KEY": service.secret, "THBGRAPH_PSEUDONYM_KEY": service.pseudonym_key, **env}
    server, service.base = serve(env)
    try:
        yield service
    finally:
        server.terminate()  # one worker: uvicorn ends on the signal it re-raises (-15), not 0
        output, _ = server.communicate(timeout=90)
        assert server.returncode in (0, -15), output
        assert "Traceback" not in output, output


@pytest.fixture(scope="module")
def web_service(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, neo4j_uri: str,
                sample_read_only: Driver) -> Iterator[WebService]:
    """The service over the sample, with a user per role on NO-GLANS; a test module's `SERVICE_ENV`
    (a dict) adds settings."""
    from ingest.catalogue import load_catalogue  # noqa: PLC0415

    load_catalogue(sample_read_only)
    home = tmp_path_factory.mktemp("web")
    secret = secrets.token_urlsafe(32)
    users = UserStore(home / "users.sqlite3", secret)
    service = WebService("", home, secret=secret)
    for role in (Role.investigator, Role.prosecutor, Role.analyst, Role.admin):
        service.tokens[role.value] = users.add(role.value, role, [ASSIGNED])
    service.tokens["nordlys"] = users.add("nordlys", Role.investigator, [UNASSIGNED])
    with running(service, neo4j_uri, **getattr(request.module, "SERVICE_ENV", {})):
        yield service


@pytest.fixture
def browser(chromium: object) -> Iterator[object]:
    """The session's Chromium (tests/conftest.py): each test signs in in a context of its own, closed
    when the test ends. Left open, their pages ran on through every later test (a drawn network page
    keeps its renderer 4-6 % of a core busy), and their connections were still open when the module's service was
    stopped."""
    yield chromium
    for context in list(chromium.contexts):  # type: ignore[attr-defined]
        context.close()


@dataclass
class Visit:
    """A signed-in browser tab and every response body it received (HTML, JSON, scripts)."""

    page: object
    bodies: list[str] = field(default_factory=list)

    def seen(self) -> str:
        return "\n".join(self.bodies) + self.page.content()  # type: ignore[attr-defined]


def sign_in(browser: object, service: WebService, user: str) -> Visit:
    context = browser.new_context(viewport=VIEWPORT, accept_downloads=True)  # type: ignore[attr-defined]
    page = context.new_page()
    visit = Visit(page)

    def record(response: object) -> None:
        try:
            visit.bodies.append(response.body().decode("utf-8", "replace"))  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 (a redirect or a download has no body to read)
            pass

    page.on("response", record)
    page.goto(f"{service.base}/web/sign-in")
    page.get_by_label("API token").fill(service.tokens[user])
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url("**/web/cases")
    return visit


def shoot(page: object, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))  # type: ignore[attr-defined]
    return path


def act(page: object, script: str) -> None:
    """Runs `script` in the page for what it does, and takes nothing back. `page.evaluate` sends back the
    script's value, serialised object by object: a Cytoscape element or collection (what select(),
    unselect(), position({...}) and emit() return) reaches the whole graph, its renderer and its canvases,
    and cost the page 10-30 CPU s each time."""
    page.evaluate(f"{script};\nundefined")  # type: ignore[attr-defined]


def htmx_ready(page: object) -> None:
    """Waits for htmx (an ES module) to be loaded: before it is, a link of the page is followed as a
    plain link (progressive enhancement) instead of opening the panel in place."""
    for _ in range(300):
        if page.evaluate("Boolean(window.htmx)"):  # type: ignore[attr-defined]
            return
        page.wait_for_timeout(100)  # type: ignore[attr-defined]
    raise AssertionError("htmx never loaded")
