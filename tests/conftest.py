"""Fixtures for tests against a real Neo4j.

The database is, in order: THBGRAPH_TEST_NEO4J_URI if set (a server kept for tests, with
THBGRAPH_TEST_NEO4J_USER and THBGRAPH_TEST_NEO4J_PASSWORD); a testcontainers Neo4j 5.26 when
a Docker engine answers; otherwise the local runtime (Neo4j's own jars in a JVM). Never a
mock: a mock proves nothing about the Cypher.

Never the user's database: NEO4J_URI is where the README tells users to point thbgraph at
their real case data, so the tests drop it (and its credentials) from the environment before
anything reads it, and refuse a test server that already holds data they did not create.
"""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from neo4j import Driver

from graph.db import connect
from graph.disk import free_mb
from graph.jars import FETCH_MB, runtime_dir
from graph.runtime import LocalNeo4j, free_port
from graph.sealing import KEY_VARIABLE, new_key
from graph.schema import apply_schema
from graph.settings import Settings
from tests.store_picture import empty_store  # noqa: F401 (a fixture: the bulk modules share one empty store)

NEO4J_IMAGE = "neo4j:5.26-community"
TEST_URI = "THBGRAPH_TEST_NEO4J_URI"
ANALYSIS_URI = "THBGRAPH_ANALYSIS_NEO4J_URI"

for _name in ("NEO4J_URI", "NEO4J_USER", "NEO4J_PASSWORD", "NEO4J_DATABASE", ANALYSIS_URI):
    os.environ.pop(_name, None)

# No terminal size from outside: Rich fixes a console's width and height to COLUMNS and LINES when
# the console is made (cli/console.py's, at collection), and the tests that look at tables set
# COLUMNS themselves. pytest-xdist's workers start with COLUMNS=80 and LINES=24: they showed every
# table 80 columns wide.
for _name in ("COLUMNS", "LINES"):
    os.environ.pop(_name, None)

# One victim-data key for the session, as an operator would set it (never the user's key file).
os.environ.setdefault(KEY_VARIABLE, new_key())
# The local runtime's per-transaction memory limit, small enough for a test to exceed it at once
# and large enough for every load of the suite (test_api_limits.py checks it is applied).
os.environ.setdefault("THBGRAPH_NEO4J_TX_MEMORY_MB", "512")
#: The JVM options of every JVM the suite starts (its Neo4j runtimes, the CLI's and the services' that
#: the tests start, neo4j-admin): its JVMs live seconds to minutes, where C2's compiles never pay back
#: (docs/benchmarks.md, "The suite, sixth pass"). Set before anything reads the settings; inherited by
#: every child process.
SUITE_JVM_FLAGS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
os.environ.setdefault("THBGRAPH_JVM_FLAGS", SUITE_JVM_FLAGS)
# The rebuild tests' `npm ci` (test_labext_build.py, test_web_assets.py) takes the packages' metadata
# from npm's cache without asking the registry whether it is stale: our lockfiles name no tarball URLs,
# so npm otherwise fetches and parses every package's metadata anew (5-7 of its 18-25 CPU s). It still
# installs exactly the lockfile, each tarball checked against its integrity hash; a package missing
# from the cache is still fetched (docs/benchmarks.md, "The suite, seventh pass").
os.environ.setdefault("npm_config_prefer_offline", "true")
#: The session's Neo4j alone keeps both compilers: it runs the whole suite's graph work (key persons,
#: OpenGDS, the reworked queries), where C1's code cost more than C2's compiles (docs/benchmarks.md,
#: "The suite, sixth pass: two workers"). Its C2 compiles at 8 times HotSpot's thresholds: they took
#: a third of its CPU, mostly on code run too little to pay them back; the hot paths still get C2
#: ("The suite, seventh pass: the session's Neo4j").
SESSION_JVM_FLAGS = ("-XX:+UseSerialGC -XX:Tier4InvocationThreshold=40000 -XX:Tier4MinInvocationThreshold=4800 "
                     "-XX:Tier4CompileThreshold=120000 -XX:Tier4BackEdgeThreshold=320000")


#: What a whole run writes at its peak in the temporary folder (stores, bundles, npm's installs,
#: Chromium's profiles), with a margin (CONTRIBUTING.md, "Disk"). THBGRAPH_TEST_DISK_MB overrides it (0: no check).
SUITE_TMP_MB = 1500


def require_disk(config: pytest.Config) -> None:
    """Stop at once, in one line, when the disk where the tests write is too full for a run: else
    the run goes on for many minutes and ends in a hundred errors (Neo4j's "critical error",
    tempfile's "No usable temporary directory") that all hide the one cause."""
    need = int(os.environ.get("THBGRAPH_TEST_DISK_MB", SUITE_TMP_MB))
    if not need or hasattr(config, "workerinput"):  # a pytest-xdist worker: its controller has checked
        return
    settings = Settings()
    wanted = [(Path(config.option.basetemp or tempfile.gettempdir()), need, "TMPDIR")]
    if not (runtime_dir(settings) / "READY").exists():
        wanted.append((settings.cache, FETCH_MB, "THBGRAPH_CACHE"))
    for folder, mb, variable in wanted:
        if free_mb(folder) < mb:
            raise pytest.UsageError(
                f"not enough disk for the tests: {folder} has {free_mb(folder):,} MB free and a run needs about "
                f"{mb:,} MB: free some, or point {variable} at a folder on a disk with room")


def _interrupted(signum: int, _frame: object) -> None:
    raise KeyboardInterrupt(f"signal {signum}")


def drop_store(db: LocalNeo4j) -> None:
    """A stopped session database's store, removed at once; its logs stay for a run that failed."""
    shutil.rmtree(db.data_dir / "data", ignore_errors=True)


def _docker_answers() -> bool:
    try:
        import docker

        docker.from_env().ping()
    except Exception:  # noqa: BLE001 (no client, no socket, no daemon: all mean "no engine")
        return False
    return True


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    if os.environ.get(TEST_URI):
        for name in ("USER", "PASSWORD"):
            if os.environ.get(f"THBGRAPH_TEST_NEO4J_{name}"):
                os.environ[f"NEO4J_{name}"] = os.environ[f"THBGRAPH_TEST_NEO4J_{name}"]
        yield os.environ[TEST_URI]
        return
    if os.environ.get("THBGRAPH_TEST_DOCKER", "1") == "1" and _docker_answers():
        from testcontainers.community.neo4j import Neo4jContainer  # noqa: PLC0415

        # GDS as on a user's server: tests/test_gds_neo4j.py compares its path with Python's.
        container = (Neo4jContainer(NEO4J_IMAGE).with_env("NEO4J_PLUGINS", '["graph-data-science"]')
                     .with_env("NEO4J_dbms_security_procedures_unrestricted", "gds.*"))
        with container:
            os.environ["NEO4J_USER"], os.environ["NEO4J_PASSWORD"] = "neo4j", container.password
            yield container.get_connection_url()
        return
    # With OpenGDS, as tests/test_gds_neo4j.py needs; the other runtimes tests start go without.
    flags = SESSION_JVM_FLAGS if os.environ["THBGRAPH_JVM_FLAGS"] == SUITE_JVM_FLAGS else os.environ["THBGRAPH_JVM_FLAGS"]
    db = LocalNeo4j(Settings().model_copy(update={"jvm_flags": flags}), tmp_path_factory.mktemp("neo4j"), free_port(), gds=True)
    db.start(say=lambda msg: print(msg, flush=True))
    try:
        yield db.uri
    finally:
        db.stop()
        drop_store(db)


@pytest.fixture(scope="session")
def analysis_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A second local Neo4j for the service's analysis database (service/analysis_db.py), which the
    service empties and rewrites: started once, for the test modules that build the service (the
    services they build find it in THBGRAPH_ANALYSIS_NEO4J_URI)."""
    small = Settings().model_copy(update={"pagecache_mb": 64, "heap_mb": 512})
    db = LocalNeo4j(small, tmp_path_factory.mktemp("analysis-neo4j"), free_port())
    db.start(say=lambda msg: print(msg, flush=True))
    os.environ[ANALYSIS_URI] = db.uri
    try:
        yield db.uri
    finally:
        os.environ.pop(ANALYSIS_URI, None)
        db.stop()
        drop_store(db)


@pytest.fixture(scope="session")
def session_driver(neo4j_uri: str) -> Iterator[Driver]:
    driver = connect(Settings(), uri=neo4j_uri)
    refuse_unless_empty(driver, neo4j_uri)
    apply_schema(driver)
    yield driver
    driver.close()


class NotATestDatabase(RuntimeError):
    pass


def refuse_unless_empty(driver: Driver, uri: str) -> None:
    """Tests wipe what they use: they start only on a database that holds nothing."""
    records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n")
    if records[0]["n"]:
        driver.close()
        raise NotATestDatabase(
            f"{uri} holds {records[0]['n']} nodes the tests did not create: refusing to run against it "
            f"(set {TEST_URI} to an empty server kept for tests, or unset it to use a throw-away one)"
        )


def wipe(driver: Driver) -> None:
    # IN TRANSACTIONS needs an implicit transaction: session.run, not execute_query.
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


@pytest.fixture
def driver(session_driver: Driver) -> Iterator[Driver]:
    """A driver on an empty graph (schema kept); cleaned again afterwards."""
    wipe(session_driver)
    yield session_driver
    wipe(session_driver)


@pytest.fixture
def sample_loaded(driver: Driver, analysis_uri: str) -> Driver:
    """The sample bundle and the rule-pack catalogue, loaded into an empty graph."""
    from ingest.catalogue import load_catalogue
    from ingest.writer import load_bundle
    from tests.paths import SAMPLE

    load_catalogue(driver)
    load_bundle(driver, SAMPLE)
    return driver


def _load_catalogued_sample(driver: Driver) -> list[str]:
    from ingest.catalogue import load_catalogue
    from ingest.writer import load_bundle
    from tests.graph_snapshot import snapshot
    from tests.paths import SAMPLE

    wipe(driver)
    load_catalogue(driver)
    load_bundle(driver, SAMPLE)
    return snapshot(driver)


@pytest.fixture(scope="module")
def _catalogued_sample(session_driver: Driver, analysis_uri: str) -> Iterator[dict[str, list[str]]]:
    yield {"loaded": _load_catalogued_sample(session_driver)}
    wipe(session_driver)


@pytest.fixture
def sample_catalogued_read_only(session_driver: Driver, _catalogued_sample: dict[str, list[str]]) -> Iterator[Driver]:
    """`sample_loaded`'s graph (catalogue and sample), loaded once per module for tests that only
    read it: each load costs the session's Neo4j and the worker a write of the whole sample. Each
    test starts on the whole graph as loaded (loaded again if a `driver` test of the module wiped
    it) and must leave it so, else it fails: a test that writes takes `sample_loaded`."""
    from tests.graph_snapshot import snapshot

    if snapshot(session_driver) != _catalogued_sample["loaded"]:
        _catalogued_sample["loaded"] = _load_catalogued_sample(session_driver)
    yield session_driver
    assert snapshot(session_driver) == _catalogued_sample["loaded"], "this test changed the shared sample: give it sample_loaded"


@pytest.fixture(scope="module")
def sample_read_only(session_driver: Driver) -> Iterator[Driver]:
    """The sample loaded once for a module whose tests only read it."""
    from ingest.writer import load_bundle
    from tests.paths import SAMPLE

    wipe(session_driver)
    load_bundle(session_driver, SAMPLE)
    yield session_driver
    wipe(session_driver)


@pytest.fixture(scope="session")
def chromium() -> Iterator[object]:
    """One Chromium for the session's browser tests (tests/web_support.py's `browser`): launched once,
    not once per module; each test opens a browser context of its own (its own cookies)."""
    import shutil  # noqa: PLC0415

    from playwright.sync_api import sync_playwright  # noqa: PLC0415

    executable = shutil.which("chromium")
    assert executable, "the web tests need Debian's chromium (.ci/run installs it)"
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=executable)
        yield b
        b.close()


@pytest.fixture
def cli(neo4j_uri: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    """Runs `thbgraph ...` in-process against the test database; returns (exit code, stdout, stderr)."""
    from typer.testing import CliRunner

    from cli.main import app
    from graph.settings import get_settings

    monkeypatch.setenv("NEO4J_URI", neo4j_uri)
    # Never the user's ~/.thbgraph: `key-persons --all` keeps the whole graph's arrays there, and
    # other commands their keys.
    monkeypatch.setenv("THBGRAPH_HOME", str(tmp_path / "thbgraph-home"))
    monkeypatch.setenv("COLUMNS", "200")
    get_settings.cache_clear()
    runner = CliRunner()

    def run(*args: str):
        result = runner.invoke(app, list(args), catch_exceptions=False)
        return result.exit_code, result.stdout, result.stderr

    yield run
    get_settings.cache_clear()


#: Fixtures that start or reach a Neo4j: a test using any of them, directly or through another
#: fixture, is marked `neo4j` here, so that `make test-fast` (`-m "not neo4j"`) leaves it out.
DATABASE_FIXTURES = frozenset({"neo4j_uri", "analysis_uri", "session_driver"})


#: Tests that need no fixture above but start processes of their own (a Neo4j, `thbgraph serve`,
#: npm, a child pytest): by module, or by module::test. Marked `slow`: `make test-fast` leaves them out.
SLOW = frozenset({
    "test_bolt_auth", "test_api_serve",
    "test_runtime::test_start_status_stop", "test_runtime::test_key_persons_with_gds_loads_it_or_says_how",
    "test_web_assets::test_a_rebuild_from_the_lockfile_gives_the_same_bytes",
    "test_labext_browser", "test_labext_build::test_a_rebuild_from_the_lockfile_gives_the_same_bytes",
    "test_test_isolation::test_a_session_started_with_the_users_uri_never_sees_it",
    "test_class_archive::test_the_local_runtime_drops_an_archive_it_cannot_map_and_writes_a_good_one",
    "test_disk_room::test_the_suite_stops_at_once_in_one_line_when_the_temporary_folder_is_too_full",
    "test_disk_room::test_a_run_stopped_by_sigterm_tears_its_fixtures_down",
    "test_disk_room::test_a_write_that_fills_the_stores_disk_is_one_line_naming_the_folder",
    "test_api_disk_full::test_an_upload_that_fills_the_stores_disk_is_507_and_the_folder_only_in_the_log",
    "test_jvm_flags::test_the_local_runtime_starts_its_jvm_with_them", "test_jvm_flags::test_neo4j_admin_runs_with_them",
})


#: The modules that take longest (each starts Neo4j JVMs, `thbgraph serve`, Chromium or notebooks
#: of its own, or works the session's Neo4j for long), slowest first, as measured in a serial run
#: (docs/benchmarks.md, "The suite, sixth pass: two workers"). Under pytest-xdist (`make test`: two
#: workers, whole files to each, in the order collected) the workers take these first, so that none
#: is left running alone at the end.
SLOWEST_FIRST = (
    "test_key_persons_all_neo4j", "test_bulk_kill_neo4j", "test_query_rework", "test_readme_commands",
    "test_gds_neo4j", "test_runtime", "test_notebooks", "test_bulk_kill_columns_neo4j", "test_web",
    "test_bulk_neo4j", "test_api_schemathesis", "test_api_serve", "test_web_notes_parties", "test_web_network",
    "test_class_archive", "test_bulk_multiline_neo4j", "test_api_cypher_limits", "test_bulk_frames",
    "test_web_matches", "test_web_network_scale", "test_ingest_neo4j", "test_bolt_auth", "test_labext_build",
    "test_analyst", "test_api_redaction", "test_web_pdf_limits", "test_web_markup", "test_analyst_agreement",
    "test_web_network_export", "test_shown_fetch_neo4j", "test_api_disk_full", "test_cli_start",
)


def pytest_configure(config: pytest.Config) -> None:
    require_disk(config)
    # Stopped by `timeout` or CI (SIGTERM, SIGHUP), a run unwinds as after Ctrl-C: the fixtures' teardowns
    # stop their JVMs and remove their stores and builds, which a plain kill left on the disk.
    for sig in (signal.SIGTERM, signal.SIGHUP):
        if signal.getsignal(sig) is signal.SIG_DFL:
            signal.signal(sig, _interrupted)
    # The controller of a parallel run fetches Neo4j's jars (once per machine) before its workers
    # start: on a clean clone they would otherwise each run Maven into the same repository at once.
    if getattr(config.option, "numprocesses", None) and not hasattr(config, "workerinput") and not os.environ.get(TEST_URI):
        from graph.jars import ensure_runtime  # noqa: PLC0415

        ensure_runtime(Settings())


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if hasattr(config, "workerinput"):  # a pytest-xdist worker: every worker sorts alike (stable sort)
        rank = {stem: i for i, stem in enumerate(SLOWEST_FIRST)}
        items.sort(key=lambda item: rank.get(item.path.stem, len(rank)))
    for item in items:
        # A module named *_neo4j is about the database even where a test builds its own.
        if DATABASE_FIXTURES & set(getattr(item, "fixturenames", ())) or item.path.stem.endswith("_neo4j"):
            item.add_marker(pytest.mark.neo4j)
        name = getattr(item, "originalname", item.name)
        if item.path.stem in SLOW or f"{item.path.stem}::{name}" in SLOW:
            item.add_marker(pytest.mark.slow)
