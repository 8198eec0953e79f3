"""A disk too full for a step says so in one line, naming the folder, before the step starts; and what
the tests write is removed even when they fail or are stopped.

The last CI run of main filled its disk and ended after 22 minutes in 126 errors (Neo4j's "critical
error", tempfile's "No usable temporary directory") that all hid the one cause. The space a folder
has is not faked here: each test asks for more than the disk really has free.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

import graph.jars
import graph.runtime
from cli.main import app
from graph.disk import free_mb
from graph.errors import DiskFull
from graph.settings import Settings
from tests.paths import ROOT
from tests.test_runtime import local_home  # noqa: F401 (a fixture)


def _pytest(*args: str, **env: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", *args], cwd=ROOT,
                            env=os.environ | env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_the_suite_stops_at_once_in_one_line_when_the_temporary_folder_is_too_full():
    need = free_mb(Path(tempfile.gettempdir())) + 10_000
    run = _pytest("tests/test_error_tree.py", THBGRAPH_TEST_DISK_MB=str(need))
    out, err = run.communicate(timeout=120)
    assert run.returncode == pytest.ExitCode.USAGE_ERROR, out + err
    assert "passed" not in out, "tests ran"
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1, err
    assert tempfile.gettempdir() in lines[0] and f"{need:,} MB" in lines[0] and "TMPDIR" in lines[0], lines[0]


def test_neo4j_start_refuses_in_one_line_when_the_stores_disk_is_too_full(local_home, monkeypatch):  # noqa: F811
    monkeypatch.setattr(graph.runtime, "START_MB", free_mb(local_home) + 10_000)
    started = CliRunner().invoke(app, ["neo4j", "start"])
    assert started.exit_code == 1, started.output
    assert f"{local_home / 'neo4j'}" in started.output and "THBGRAPH_HOME" in started.output, started.output
    assert "Traceback" not in started.output and not (local_home / "neo4j" / "data").exists()


def test_fetching_the_jars_refuses_when_the_cache_is_too_full(tmp_path, monkeypatch):
    monkeypatch.setattr(graph.jars, "FETCH_MB", free_mb(tmp_path) + 10_000)
    settings = Settings().model_copy(update={"cache": tmp_path / "cache"})
    with pytest.raises(DiskFull, match="THBGRAPH_CACHE") as refused:
        graph.jars.ensure_runtime(settings, say=lambda _: None)
    assert str(tmp_path / "cache") in str(refused.value)


CHILD = '''
import time
import pytest


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    folder = tmp_path_factory.mktemp("store")
    try:
        yield folder
    finally:
        (folder / "torn-down").write_text("")


def test_waits(store, tmp_path):
    (tmp_path.parent / "running").write_text(str(store))
    time.sleep(120)
'''


def test_a_run_stopped_by_sigterm_tears_its_fixtures_down(tmp_path):
    # `timeout` and CI stop a run with SIGTERM: Python's default is to die at once, leaving every
    # fixture's JVM running and its store, npm build or clone on the disk.
    (tmp_path / "test_child.py").write_text(CHILD)
    base = tmp_path / "base"
    run = _pytest("-p", "tests.conftest", "--rootdir", str(tmp_path), "--basetemp", str(base), "-s",
                  str(tmp_path / "test_child.py"), PYTHONPATH=str(ROOT), THBGRAPH_TEST_DISK_MB="0")
    try:
        deadline = time.monotonic() + 120
        while not (base / "running").exists() and run.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        assert (base / "running").exists(), run.communicate(timeout=5)
        run.send_signal(signal.SIGTERM)
        out, err = run.communicate(timeout=60)
    finally:
        run.kill()
    assert run.returncode == pytest.ExitCode.INTERRUPTED, out + err
    assert (Path((base / "running").read_text()) / "torn-down").exists(), out + err


def test_the_cli_fixture_keeps_its_home_in_the_tests_folder(cli, tmp_path):
    # Without it, `key-persons --all` (tests/test_gds_neo4j.py) wrote its arrays into the user's ~/.thbgraph.
    from graph.settings import get_settings

    assert get_settings().home.is_relative_to(tmp_path), get_settings().home


#: Neo4j's own failure when its disk fills under a write, as the driver makes it from the server's answer.
FULL_COMMIT = {"code": "Neo.DatabaseError.Transaction.TransactionCommitFailed",
               "message": "Could not apply the transaction to the store after written to log: No space left on device"}


def test_a_write_that_fills_the_stores_disk_is_one_line_naming_the_folder(local_home, monkeypatch):  # noqa: F811
    """A real load into a real local Neo4j; only the server's answer to the write is its full disk's
    (filling a real disk needs a file system of its own to fill)."""
    import ingest.writer
    from neo4j.exceptions import Neo4jError

    def full(*args: object, **kwargs: object) -> None:
        raise Neo4jError._hydrate_neo4j(**FULL_COMMIT)

    monkeypatch.setattr(ingest.writer, "seal_victims", full)  # inside the write transaction, after every table
    loaded = CliRunner().invoke(app, ["load", str(ROOT / "ingest" / "sample")])
    assert isinstance(loaded.exception, SystemExit) and loaded.exit_code == 1, (loaded.exception, loaded.output)
    said = [line for line in loaded.output.splitlines() if line.startswith("error:")]
    assert len(said) == 1 and f"no space left in {local_home / 'neo4j'}" in said[0], loaded.output
    assert "THBGRAPH_HOME" in said[0], said[0]
