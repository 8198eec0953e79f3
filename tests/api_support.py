"""Fixtures and helpers for the API tests (imported by each tests/test_api_*.py).

Fixture strategy: `sample_once` loads the sample bundle and the catalogue once per module,
for modules whose tests only read; modules that write use the function-scoped
`sample_loaded` from conftest.py. `api` builds the app over either, with a fresh users
store and audit log, and one user per role assigned to NO-GLANS (never to NO-NORDLYS).
"""

from __future__ import annotations

import secrets
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from neo4j import Driver

from api.app import create_app
from service.auth import Role
from service.settings import ServiceSettings
from graph.runtime import free_port
from tests.conftest import wipe

ASSIGNED, UNASSIGNED = "NO-GLANS", "NO-NORDLYS"
#: A suspect of each case, and the victims of the sample with what identifies them.
SUSPECT = {ASSIGNED: "P002", UNASSIGNED: "P020"}
VICTIMS = {
    "P010": ("Andrei Munteanu", "1998-04-22"), "P011": ("Vasyl Kovalenko", "1994-09-08"),
    "P012": ("Oleksandr Melnyk", "2001-12-03"), "P013": ("Dmytro Bondar", "1999-06-17"),
    "P014": ("Florin Stoica", "2000-02-29"), "P021": ("Blessing Okafor", "1999-08-01"),
    "P022": ("Joy Eze", "2002-05-19"), "P023": ("Precious Adeyemi", "2006-11-27"),
    "P024": ("Faith Nwosu", "1996-01-09"),
}
PURPOSE = {"X-Purpose": "API test"}


def service_settings(home: Path, **overrides: object) -> ServiceSettings:
    values = {"THBGRAPH_SECRET_KEY": secrets.token_urlsafe(32), "THBGRAPH_PSEUDONYM_KEY": secrets.token_urlsafe(32),
              "THBGRAPH_HOME": str(home), "THBGRAPH_CYPHER_TIMEOUT_S": 1.0, **overrides}
    return ServiceSettings(**values)  # type: ignore[arg-type]


@dataclass
class Api:
    client: TestClient
    tokens: dict[Role, str] = field(default_factory=dict)

    def headers(self, role: Role | None, **extra: str) -> dict[str, str]:
        auth = {"Authorization": f"Bearer {self.tokens[role]}"} if role else {}
        return {**auth, **PURPOSE, **extra}

    def add_user(self, name: str, role: Role, cases: list[str]) -> str:
        return self.client.app.state.services.users.add(name, role, cases)  # type: ignore[attr-defined]

    @property
    def services(self):  # noqa: ANN201
        return self.client.app.state.services


def make_api(driver: Driver, home: Path, **overrides: object) -> Api:
    app = create_app(service_settings(home, **overrides), driver)
    api = Api(TestClient(app, raise_server_exceptions=False))
    api.tokens = {role: api.add_user(f"{role.value}-glans", role, [ASSIGNED]) for role in Role}
    return api


@pytest.fixture(scope="module")
def sample_once(session_driver: Driver, analysis_uri: str) -> Iterator[Driver]:
    from ingest.catalogue import load_catalogue
    from ingest.writer import load_bundle
    from tests.paths import SAMPLE

    wipe(session_driver)
    load_catalogue(session_driver)
    load_bundle(session_driver, SAMPLE)
    yield session_driver
    wipe(session_driver)


@pytest.fixture(scope="module")
def api(sample_once: Driver, tmp_path_factory: pytest.TempPathFactory) -> Api:
    # A query's time limit as the other modules give theirs: the 1 s of service_settings (for the tests
    # of the limit) a trivial query exceeded on a loaded machine (the matrix's analyst /cypher, load 10).
    return make_api(sample_once, tmp_path_factory.mktemp("api"), THBGRAPH_CYPHER_TIMEOUT_S=20.0)


@contextmanager
def uvicorn_thread(app: FastAPI) -> Iterator[str]:
    """The app behind a real uvicorn on a free loopback port, in a thread; its address."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started, "uvicorn did not start"
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


@contextmanager
def analyst_service(driver: Driver, home: Path, user: str, cases: list[str], **overrides: object) -> Iterator[tuple[str, str]]:
    """The real service on a free port with one analyst of `cases`: its URL and the analyst's token."""
    app = create_app(service_settings(home, **overrides), driver)
    token = app.state.services.users.add(user, Role.analyst, cases)
    with uvicorn_thread(app) as url:
        yield url, token


def serve(env: dict[str, str], *options: str) -> tuple[subprocess.Popen, str]:
    """`thbgraph serve` started, and its address once /health answers. The matcher is not warmed at
    start (7-10 CPU s each time) unless `env` asks for it: tests/test_web_matches.py does."""
    env = {"THBGRAPH_WARM_MATCHER": "0", **env}
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", "from cli.main import app; app()", "serve", "--port", str(port),
                               *options], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    base, deadline = f"http://127.0.0.1:{port}", time.monotonic() + 180
    while server.poll() is None and time.monotonic() < deadline:
        try:
            if httpx.get(f"{base}/health").status_code == 200:
                break
        except httpx.TransportError:
            time.sleep(0.2)
    return server, base


def stop(server: subprocess.Popen) -> str:
    server.terminate()
    output, _ = server.communicate(timeout=90)
    assert server.returncode == 0, output
    return output
