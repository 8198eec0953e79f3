"""The local Neo4j runtime as users drive it: `thbgraph neo4j start|status|stop`."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from cli.main import app
from graph import runtime
from graph.errors import LocalRuntimeError
from graph.runtime import free_port
from graph.settings import get_settings


@pytest.fixture
def local_home(tmp_path, monkeypatch):
    monkeypatch.delenv("NEO4J_URI", raising=False)
    monkeypatch.setenv("THBGRAPH_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("THBGRAPH_NEO4J_PORT", str(free_port()))
    get_settings.cache_clear()
    yield tmp_path / "home"
    get_settings.cache_clear()


def test_start_status_stop(local_home):
    runner = CliRunner()
    try:
        started = runner.invoke(app, ["neo4j", "start"])
        assert started.exit_code == 0, started.output
        assert "running at bolt://127.0.0.1:" in started.stdout
        status = runner.invoke(app, ["neo4j", "status"])
        assert status.exit_code == 0 and "running" in status.stdout
        again = runner.invoke(app, ["neo4j", "start"])  # idempotent: the same server
        assert again.exit_code == 0 and again.stdout == started.stdout
    finally:
        stopped = runner.invoke(app, ["neo4j", "stop"])
    assert stopped.exit_code == 0 and "Stopped" in stopped.stdout
    status = runner.invoke(app, ["neo4j", "status"])
    assert status.exit_code == 3 and "not running" in status.stdout
    assert (local_home / "neo4j").is_dir()  # the data stays for next time


def test_commands_without_a_database_say_what_to_do(local_home, monkeypatch):
    monkeypatch.setattr(runtime, "ensure_runtime", _refuse)
    result = CliRunner().invoke(app, ["key-persons", "--case", "X"])
    assert result.exit_code == 1
    assert "no java here" in result.stderr


def _refuse(*args, **kwargs):
    raise LocalRuntimeError("no java here")


def test_missing_java_or_maven_is_refused_clearly(monkeypatch):
    monkeypatch.setattr(runtime.shutil, "which", lambda name: None)
    with pytest.raises(LocalRuntimeError, match="Java 17 or newer"):
        runtime.check_tools()
    monkeypatch.setattr(runtime.shutil, "which", lambda name: "/usr/bin/java" if name == "java" else None)
    with pytest.raises(LocalRuntimeError, match="Maven"):
        runtime.check_tools()


def test_a_busy_port_is_refused_with_the_setting_to_change(tmp_path):
    import socket

    from graph.runtime import LocalNeo4j
    from graph.settings import Settings

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        db = LocalNeo4j(Settings(), tmp_path / "db", busy.getsockname()[1])
        with pytest.raises(LocalRuntimeError, match="THBGRAPH_NEO4J_PORT"):
            db.start()
