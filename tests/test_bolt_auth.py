"""The local runtime's Bolt port asks for a password: another user of the machine, or anyone
without the store's password file, cannot read the graph through it (security probe, finding 17)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from neo4j import GraphDatabase
from neo4j.exceptions import AuthError

from graph import bolt_auth
from graph.db import connect
from graph.errors import LocalRuntimeError
from graph.runtime import LocalNeo4j, free_port
from graph.settings import Settings


CACHE = Settings().cache


def _refused(uri: str, auth) -> bool:
    """Turned away at login. The default password still set would answer CredentialsExpired (a
    ClientError, not an AuthError): accepted, and open to whoever changes it first."""
    with GraphDatabase.driver(uri, auth=auth) as bare:
        try:
            bare.execute_query("MATCH (n) RETURN count(n) AS n")
        except AuthError:
            return True
    return False


@pytest.fixture(scope="module")
def runtime(tmp_path_factory):
    """One runtime for the module's tests that only connect to it or read its password (a start each before)."""
    db = LocalNeo4j(Settings(), tmp_path_factory.mktemp("bolt") / "db", free_port())
    db.start()
    yield db
    db.stop()


def test_the_port_answers_only_with_the_stores_password(runtime):
    with connect(Settings(), uri=runtime.uri) as driver:  # finds it: the runtime is listed while it runs
        driver.execute_query("CREATE (:Person {person_id: 'P1', name: 'Kari Nordmann'})")
    assert _refused(runtime.uri, None)
    assert _refused(runtime.uri, ("neo4j", "neo4j"))  # the default password never answers
    assert _refused(runtime.uri, ("neo4j", "wrong-password"))
    password = bolt_auth.password_file(runtime.data_dir)
    assert stat.S_IMODE(password.stat().st_mode) == 0o600
    with GraphDatabase.driver(runtime.uri, auth=("neo4j", password.read_text().strip())) as owner:
        assert owner.execute_query("MATCH (p:Person) RETURN p.name AS name").records[0]["name"] == "Kari Nordmann"


def test_a_child_process_given_only_the_uri_connects(runtime, tmp_path):
    # What a test's or benchmark's child, or the CLI given NEO4J_URI, does; with a TMPDIR and a
    # THBGRAPH_HOME of its own, as a killed-loader test's child has.
    code = ("from graph.db import connect; from graph.settings import Settings; import sys; "
            "d = connect(Settings(), uri=sys.argv[1]); print(d.execute_query('RETURN 41 + 1 AS x').records[0]['x'])")
    env = {k: v for k, v in os.environ.items() if k not in ("NEO4J_PASSWORD", "NEO4J_USER")}
    env.update(TMPDIR=str(tmp_path), THBGRAPH_HOME=str(tmp_path / "home"))
    done = subprocess.run([sys.executable, "-c", code, runtime.uri], capture_output=True, text=True, env=env,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "42"


def test_a_stopped_runtime_is_no_longer_listed_and_a_changed_password_file_takes_effect_at_the_next_start(tmp_path):
    # Two checks on one pair of starts (each had a start of its own).
    # The path a store made before passwords takes too: the launcher sets the file's password.
    (tmp_path / "db").mkdir(mode=0o755)  # as an older version may have left it
    (tmp_path / "db").chmod(0o755)
    db = LocalNeo4j(Settings(), tmp_path / "db", free_port())
    db.start()
    assert bolt_auth.local_auth(CACHE, db.uri) is not None
    assert bolt_auth.local_store(CACHE, db.uri) == db.data_dir  # named when its disk is full (graph/store_full.py)
    assert stat.S_IMODE((tmp_path / "db").stat().st_mode) == 0o700
    old = bolt_auth.password_file(db.data_dir).read_text().strip()
    db.stop()
    # Whatever listens on the port next is not sent the password.
    assert bolt_auth.local_auth(CACHE, db.uri) is None and bolt_auth.local_store(CACHE, db.uri) is None
    bolt_auth.password_file(db.data_dir).write_text("0123456789abcdef-new-password")
    db = LocalNeo4j(Settings(), tmp_path / "db", free_port())
    db.start()
    try:
        assert _refused(db.uri, ("neo4j", old))
        assert not _refused(db.uri, ("neo4j", "0123456789abcdef-new-password"))
    finally:
        db.stop()


def test_a_list_others_can_open_is_refused(tmp_path):
    folder = tmp_path / "bolt"
    folder.mkdir(mode=0o755)
    folder.chmod(0o755)
    with pytest.raises(LocalRuntimeError, match="no one else can open"):
        bolt_auth.registry(tmp_path)
    folder.chmod(0o700)
    assert bolt_auth.registry(tmp_path) == folder


def test_other_servers_get_no_local_password(runtime):
    port = runtime.port
    assert bolt_auth.local_auth(CACHE, f"bolt://db.example.org:{port}") is None
    assert bolt_auth.local_auth(CACHE, f"neo4j+s://example.databases.neo4j.io:{port}") is None
    assert bolt_auth.local_store(CACHE, f"bolt://db.example.org:{port}") is None
    assert bolt_auth.local_auth(CACHE, f"bolt://127.0.0.1:{port}") is not None


def _environments(pid: int) -> list[bytes]:
    import psutil  # noqa: PLC0415

    found = []
    for p in [psutil.Process(pid), *psutil.Process(pid).children(recursive=True)]:
        try:
            found.append(Path(f"/proc/{p.pid}/environ").read_bytes())
        except (OSError, psutil.NoSuchProcess):
            pass
    return found


KEYS = {"THBGRAPH_SECRET_KEY": "s3cr3t-marker-of-the-service-key-0001", "THBGRAPH_PSEUDONYM_KEY":
        "s3cr3t-marker-of-the-pseudonym-key-02", "THBGRAPH_VICTIM_DATA_KEY": "s3cr3t-marker-of-the-victim-key-0003",
        "NEO4J_PASSWORD": "s3cr3t-marker-of-a-neo4j-password-04"}


def test_the_jvm_and_chromium_inherit_no_key(tmp_path, monkeypatch):
    """Probe 3, low 13: the JVM that runs analysts' Cypher, and the Chromium that prints exhibits, get
    the environment without the service's keys and Neo4j's password."""
    for name, value in KEYS.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("NEO4J_PASSWORD")  # the runtime would take it as its password; checked below alone
    db = LocalNeo4j(Settings(), tmp_path / "db", free_port())
    monkeypatch.setenv("NEO4J_PASSWORD", KEYS["NEO4J_PASSWORD"])
    db.start()
    try:
        seen = _environments(db.process.pid)
        assert seen and b"THBGRAPH_BOLT_PASSWORD_FILE" in seen[0]  # read: the JVM's own environment
        assert not [v for v in KEYS.values() if any(v.encode() in e for e in seen)]
    finally:
        db.stop()
    from playwright.sync_api import BrowserType  # noqa: PLC0415

    import web.pdf  # noqa: PLC0415

    launch, browsers = BrowserType.launch, []

    def watched(self, **options):  # noqa: ANN001, ANN202
        browser = launch(self, **options)
        import psutil  # noqa: PLC0415

        browsers.extend(e for p in psutil.Process().children(recursive=True) if "chrom" in p.name().lower()
                        for e in _environments(p.pid))
        return browser

    monkeypatch.setattr(BrowserType, "launch", watched)
    # In a thread of its own, as the service prints: after a browser module, this worker's thread holds
    # the session's Playwright, whose running event loop refuses a second Sync API.
    with ThreadPoolExecutor(1) as printer:
        assert printer.submit(web.pdf.html_to_pdf, "<p>exhibit</p>").result().startswith(b"%PDF")
    assert browsers and not [v for v in KEYS.values() if any(v.encode() in e for e in browsers)]
