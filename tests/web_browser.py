"""Stand-in for web-core's tests/web_support.py until it is merged (same names and behaviour): a live
web app over the sample (uvicorn in a thread), Debian's Chromium through Playwright, sign-in per user."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from neo4j import Driver

from api.app import create_app
from api.auth import Role
from tests.api_support import ASSIGNED, UNASSIGNED, sample_once, service_settings  # noqa: F401 (fixture)
from tests.paths import ROOT

SCREENSHOTS = ROOT / "tests" / "screenshots"
VIEWPORT = {"width": 1280, "height": 800}


@dataclass
class WebService:
    base: str
    home: Path
    tokens: dict[str, str] = field(default_factory=dict)


@pytest.fixture(scope="module")
def web_service(tmp_path_factory: pytest.TempPathFactory, sample_once: Driver) -> Iterator[WebService]:  # noqa: F811
    import uvicorn

    from web.app import mount_web

    home = tmp_path_factory.mktemp("web")
    app = mount_web(create_app(service_settings(home), sample_once))
    users = app.state.services.users
    service = WebService("", home)
    for role in (Role.investigator, Role.prosecutor, Role.analyst, Role.admin):
        service.tokens[role.value] = users.add(role.value, role, [ASSIGNED])
    service.tokens["nordlys"] = users.add("nordlys", Role.investigator, [UNASSIGNED])
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    service.base = f"http://127.0.0.1:{port}"
    try:
        yield service
    finally:
        server.should_exit = True
        thread.join(10)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    assert chromium, "the web tests need Debian's chromium (.ci/run installs it)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=chromium)
        yield b
        b.close()


@dataclass
class Visit:
    page: object
    bodies: list[str] = field(default_factory=list)

    def seen(self) -> str:
        return "\n".join(self.bodies) + self.page.content()  # type: ignore[attr-defined]


def sign_in(browser: object, service: WebService, user: str) -> Visit:
    context = browser.new_context(viewport=VIEWPORT)  # type: ignore[attr-defined]
    page = context.new_page()
    visit = Visit(page)

    def record(response: object) -> None:
        try:
            visit.bodies.append(response.body().decode("utf-8", "replace"))  # type: ignore[attr-defined]
        except Exception:  # noqa: BLE001 (a redirect has no body to read)
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
