"""The local Neo4j runtime as users drive it: `thbgraph neo4j start|status|stop`."""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from cli.main import app
from graph import jars
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
    # A fresh store is small: Neo4j's default preallocates 256 MB per database's transaction log
    # (system and neo4j), and the suite's stores filled a CI machine's disk.
    used = sum(f.stat().st_blocks * 512 for f in (local_home / "neo4j").rglob("*") if f.is_file())
    assert used < 64 * 1024 * 1024, f"a fresh store takes {used / 2**20:.0f} MiB of disk"


def test_an_exited_runtime_is_not_taken_for_a_live_one():
    # Started and stopped by one process (a notebook; the tests' CliRunner), the stopped JVM is that
    # process's child until reaped, and signal 0 still reaches it: `neo4j stop` took it for alive and
    # waited its whole 60 s for it to end, then sent SIGKILL to the dead.
    from graph.runtime import _alive

    ended = subprocess.Popen(["true"])
    stat = Path(f"/proc/{ended.pid}/stat")
    while stat.read_text().rsplit(")", 1)[1].split()[0] != "Z":  # exited, not reaped
        time.sleep(0.01)
    assert not _alive(ended.pid)
    running = subprocess.Popen(["sleep", "60"])
    try:
        assert _alive(running.pid)
    finally:
        running.kill()
        running.wait()


def test_commands_without_a_database_say_what_to_do(local_home, monkeypatch, tmp_path):
    # A machine without Java, no runtime fetched yet: the real check answers, in one line that
    # says what to install or which setting to use instead, never a traceback.
    monkeypatch.setenv("THBGRAPH_CACHE", str(tmp_path / "no-runtime-yet"))
    get_settings.cache_clear()
    monkeypatch.setattr(jars.shutil, "which", lambda name: None)
    result = CliRunner().invoke(app, ["key-persons", "--case", "X"])
    assert result.exit_code == 1
    assert "Java 17 or newer" in result.stderr and "NEO4J_URI" in result.stderr, result.stderr
    assert "Traceback" not in result.stderr


def test_missing_java_or_maven_is_refused_clearly(monkeypatch):
    monkeypatch.setattr(jars.shutil, "which", lambda name: None)
    with pytest.raises(LocalRuntimeError, match="Java 17 or newer"):
        jars.check_tools()
    monkeypatch.setattr(jars.shutil, "which", lambda name: "/usr/bin/java" if name == "java" else None)
    with pytest.raises(LocalRuntimeError, match="Maven"):
        jars.check_tools()


def test_opengds_jars_and_only_they_go_to_the_plugins_folder(tmp_path):
    # One Maven run names each jar by group and artifact; Neo4j registers procedures only from
    # the plugins folder, and a GDS jar on the main classpath would load GDS into every start.
    lib = tmp_path / "lib"
    lib.mkdir()
    names = ["org.neo4j.gds.proc-centrality-2.13.9.jar", "org.neo4j.gds.gds-values-2.13.9.jar",
             "org.neo4j.neo4j-kernel-5.26.30.jar", "org.neo4j.app.neo4j-server-5.26.30.jar",
             "io.netty.netty-common-4.1.jar", "org.neo4j.gdsx.other-1.0.jar"]
    for name in names:
        (lib / name).write_bytes(b"")
    moved = jars.move_plugins(lib, tmp_path / "plugins")
    assert moved == ["org.neo4j.gds.gds-values-2.13.9.jar", "org.neo4j.gds.proc-centrality-2.13.9.jar"]
    assert sorted(p.name for p in (tmp_path / "plugins").iterdir()) == moved
    assert sorted(p.name for p in lib.iterdir()) == sorted(set(names) - set(moved))


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


@pytest.mark.parametrize(("setting", "asked", "loaded"), [
    ("auto", False, False), ("auto", True, True), ("on", False, True), ("on", True, True),
    ("off", False, False), ("off", True, False)])
def test_gds_is_loaded_only_when_asked_for_or_on(tmp_path, setting, asked, loaded):
    from graph.jars import ensure_runtime
    from graph.runtime import LocalNeo4j
    from graph.settings import Settings

    settings = Settings(THBGRAPH_GDS=setting)
    db = LocalNeo4j(settings, tmp_path / "db", free_port(), gds=asked)
    folder = ensure_runtime(settings) / "plugins"
    assert db.loads_gds is loaded
    assert (str(folder) in " ".join(db.command(folder.parent))) is loaded
    assert ("server.directories.plugins" in db.neo4j_settings(folder.parent)) is loaded


def test_key_persons_with_gds_loads_it_or_says_how(local_home, monkeypatch):
    # A runtime started for `--engine gds` loads GDS under the default (auto); with
    # THBGRAPH_GDS=off the command says which setting keeps it out.
    from tests.paths import SAMPLE

    runner = CliRunner()
    assert runner.invoke(app, ["load", str(SAMPLE)]).exit_code == 0
    monkeypatch.setenv("THBGRAPH_GDS", "off")
    get_settings.cache_clear()
    refused = runner.invoke(app, ["key-persons", "--all", "--engine", "gds"])
    assert refused.exit_code == 1
    assert "no Graph Data Science plugin" in refused.stderr and "set THBGRAPH_GDS=auto" in refused.stderr
    monkeypatch.delenv("THBGRAPH_GDS")
    get_settings.cache_clear()
    ran = runner.invoke(app, ["key-persons", "--all", "--engine", "gds"])
    assert ran.exit_code == 0, ran.output
    assert "measured in the database by Neo4j GDS" in ran.stderr
