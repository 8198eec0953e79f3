"""THBGRAPH_JVM_FLAGS: options for every JVM thbgraph starts (the local runtime, neo4j-admin),
validated, passed as separate arguments; the suite runs its JVMs with them (tests/conftest.py)."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

from graph.db import connect
from graph.errors import LocalRuntimeError, ThbgraphError
from graph.jars import ensure_runtime
from graph.runtime import JVM_FLAGS, LocalNeo4j, free_port, jvm_flags
from graph.settings import Settings, SettingsInvalid, get_settings

#: Accepted by our check, refused by the JVM itself, naming it: proof that the option reached the JVM.
OUT_OF_RANGE = "-XX:TieredStopAtLevel=9"


@pytest.mark.parametrize("value", ["-cp /tmp/x", "-jar evil.jar", "Main", "-javaagent:a.jar", "-agentlib:jdwp",
                                   "-XX:OnError=sh", "-XX:OnOutOfMemoryError=sh", "-XX:Flags=/tmp/more",
                                   "-Xbootclasspath/a:x.jar", "--class-path=x", "-XX:+UseSerialGC; rm -rf x"])
def test_a_value_that_is_not_jvm_options_is_refused_naming_the_setting(monkeypatch, value):
    monkeypatch.setenv("THBGRAPH_JVM_FLAGS", value)
    get_settings.cache_clear()
    try:
        with pytest.raises(SettingsInvalid, match="THBGRAPH_JVM_FLAGS: .*is not a JVM option"):
            get_settings()
    finally:
        get_settings.cache_clear()


def test_options_come_after_ours_each_as_one_argument(tmp_path):
    settings = Settings(THBGRAPH_JVM_FLAGS="  -XX:TieredStopAtLevel=1\t-Xss512k  -Dthbgraph.note=a;b ")
    assert settings.jvm_options == ("-XX:TieredStopAtLevel=1", "-Xss512k", "-Dthbgraph.note=a;b")
    command = LocalNeo4j(settings, tmp_path / "db", free_port()).command(tmp_path)
    assert command[:1 + len(JVM_FLAGS) + 3] == ["java", *JVM_FLAGS, *settings.jvm_options]


def test_a_collector_chosen_replaces_ours(tmp_path):
    # The JVM refuses two collectors ("Conflicting collector combinations").
    assert "-XX:+UseG1GC" in jvm_flags(Settings(THBGRAPH_JVM_FLAGS="-XX:TieredStopAtLevel=1"))
    flags = jvm_flags(Settings(THBGRAPH_JVM_FLAGS="-XX:+UseParallelGC"))
    assert "-XX:+UseG1GC" not in flags and flags[-1] == "-XX:+UseParallelGC"
    assert "--add-opens=java.base/java.nio=ALL-UNNAMED" in flags


def test_the_local_runtime_starts_its_jvm_with_them(tmp_path):
    db = LocalNeo4j(Settings(THBGRAPH_JVM_FLAGS=OUT_OF_RANGE), tmp_path / "db", free_port())
    with pytest.raises(LocalRuntimeError, match="TieredStopAtLevel=9 is outside the allowed range"):
        db.start(say=lambda _: None)


def test_neo4j_admin_runs_with_them(tmp_path):
    from ingest.bulk import _import  # noqa: PLC0415

    settings = Settings(THBGRAPH_JVM_FLAGS=OUT_OF_RANGE)
    work = tmp_path / "work"
    work.mkdir()
    with pytest.raises(ThbgraphError, match="TieredStopAtLevel=9 is outside the allowed range"):
        _import(settings, ensure_runtime(settings), work, [f"Person={tmp_path / 'p.csv'}"], [])


def _running_with(uri: str) -> tuple[list[str], list[str]]:
    """A running Neo4j's JVM's input arguments and the names of its collectors, read from the JVM itself."""
    with connect(Settings(), uri=uri) as driver:
        runtime, _, _ = driver.execute_query("CALL dbms.queryJmx($name) YIELD attributes RETURN attributes",
                                             name="java.lang:type=Runtime")
        collectors, _, _ = driver.execute_query("CALL dbms.queryJmx($name) YIELD name RETURN name",
                                                name="java.lang:type=GarbageCollector,*")
    names = sorted(re.search(r"name=([^,]+)", r["name"]).group(1) for r in collectors)  # type: ignore[union-attr]
    return runtime[0]["attributes"]["InputArguments"]["value"], names


def test_the_suites_neo4j_runs_with_the_suites_flags(analysis_uri):
    from tests.conftest import SUITE_JVM_FLAGS  # noqa: PLC0415

    assert os.environ["THBGRAPH_JVM_FLAGS"] == SUITE_JVM_FLAGS, "a run that sets its own flags checks nothing here"
    arguments, collectors = _running_with(analysis_uri)
    for option in SUITE_JVM_FLAGS.split():
        assert option in arguments
    assert "-XX:+UseG1GC" not in arguments
    assert collectors == ["Copy", "MarkSweepCompact"]  # Serial's young and old collectors


def test_the_sessions_neo4j_keeps_both_compilers(neo4j_uri):
    from tests.conftest import SESSION_JVM_FLAGS, SUITE_JVM_FLAGS  # noqa: PLC0415

    assert os.environ["THBGRAPH_JVM_FLAGS"] == SUITE_JVM_FLAGS, "a run that sets its own flags checks nothing here"
    arguments, collectors = _running_with(neo4j_uri)
    assert [a for a in arguments if a.startswith("-XX:TieredStopAtLevel")] == []
    for option in SESSION_JVM_FLAGS.split():
        assert option in arguments
    assert collectors == ["Copy", "MarkSweepCompact"]


def test_the_class_archive_is_shared_with_the_suites_flags(tmp_path: Path):
    from graph.class_archive import archive_for  # noqa: PLC0415

    from tests.conftest import SUITE_JVM_FLAGS  # noqa: PLC0415

    command = ["java", "-cp", f"{tmp_path / 'lib'}/*", "Main"]
    assert archive_for(command, tuple(SUITE_JVM_FLAGS.split())) == archive_for(command)
