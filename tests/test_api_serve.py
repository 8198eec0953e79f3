"""`thbgraph serve` as a user runs it: a real process, worker processes, the real Neo4j."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

import httpx
import pytest
import typer
from neo4j import Driver
from typer.testing import CliRunner

from service.auth import Role, UserStore
from cli.service import serve_command
from tests.api_support import serve, stop
from graph.runtime import free_port

SECRET = secrets.token_urlsafe(32)


def _service_env(home: Path, neo4j_uri: str) -> dict[str, str]:
    return {**os.environ, "NEO4J_URI": neo4j_uri, "THBGRAPH_HOME": str(home), "THBGRAPH_SECRET_KEY": SECRET,
            "THBGRAPH_PSEUDONYM_KEY": secrets.token_urlsafe(32),
            # As by default: nomenklatura loads at start. On a thread, it held the interpreter's lock
            # for its 10-60 s: each worker's requests timed out, and uvicorn took them for dead.
            "THBGRAPH_WARM_MATCHER": "1"}


def test_serve_with_two_workers(tmp_path: Path, neo4j_uri: str, sample_read_only: Driver) -> None:
    token = UserStore(tmp_path / "users.sqlite3", SECRET).add("kari", Role.investigator, ["NO-GLANS"])
    server, base = serve(_service_env(tmp_path, neo4j_uri), "--workers", "2", "--access-log")
    headers = {"Authorization": f"Bearer {token}", "X-Purpose": "test"}
    try:
        # A worker's first answer waits for its start on a loaded machine: no 5 s read timeout.
        assert httpx.get(f"{base}/me", headers=headers, timeout=60).json()["name"] == "kari"
        # New connections, so that the kernel may hand them to either worker.
        for _ in range(10):
            with httpx.Client(base_url=base, headers=headers) as client:
                assert client.get("/cases/NO-GLANS/persons/P002/options").status_code == 200
    finally:
        output = stop(server)
    assert output.count("Started server process") == 2, output
    assert "GET /me HTTP/1.1\" 200" in output, output  # asked for with --access-log


def test_serve_starts_the_local_neo4j_for_its_workers(tmp_path: Path) -> None:
    """No NEO4J_URI and no key in the environment: a user's first `thbgraph serve` on their own machine."""
    env = _service_env(tmp_path, "")
    for name in ("NEO4J_URI", "THBGRAPH_VICTIM_DATA_KEY", "THBGRAPH_ANALYSIS_NEO4J_URI"):
        env.pop(name, None)
    env["THBGRAPH_NEO4J_PORT"] = str(free_port())
    token = UserStore(tmp_path / "users.sqlite3", SECRET).add("ola", Role.analyst, ["NO-GLANS"])
    headers = {"Authorization": f"Bearer {token}"}
    server, base = serve(env, "--workers", "2")
    try:
        me = httpx.get(f"{base}/me", headers=headers, timeout=60)
        assert me.json().get("name") == "ola", me.text
        # The analyst's first query starts that worker's analysis database (empty: NO-GLANS is not loaded).
        answer = httpx.post(f"{base}/cypher", json={"query": "MATCH (n) RETURN count(n)"}, headers=headers, timeout=180)
        assert answer.status_code == 200 and answer.json()["rows"] == [[0]], answer.text
        assert len(list(tmp_path.glob("analysis-neo4j-*"))) == 1
    finally:
        output = stop(server)
    assert output.count("Started server process") == 2 and "Stopped the local Neo4j" in output, output
    assert not list(tmp_path.glob("analysis-neo4j-*")), output  # stopped, and its folder removed
    assert "GET /me" not in output, output  # no access log unless asked: a path may hold a typed name
    assert (tmp_path / "victim-data.key").exists()


def test_serve_says_when_neo4j_does_not_answer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from graph.settings import get_settings

    for name, value in _service_env(tmp_path, "bolt://127.0.0.1:1").items():
        monkeypatch.setenv(name, value)
    get_settings.cache_clear()
    app = typer.Typer()
    app.command("serve")(serve_command)
    app.command("other")(lambda: None)  # two commands, so `serve` is a subcommand as in the real CLI
    try:
        result = CliRunner().invoke(app, ["serve", "--port", "1"])
    finally:
        get_settings.cache_clear()
    assert result.exit_code == 1 and "does not answer" in result.output, result.output
