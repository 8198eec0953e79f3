"""The first load of an empty database, through `neo4j-admin database import`.

A case-bundle load writes through Cypher in one transaction (ingest/writer.py). For the first
load of a large data set into an empty local runtime, Neo4j's offline importer writes the store
files directly and is far faster. The same validation comes first; the files it imports hold
the graph the loader would write (ingest/bulk_csv.py); the schema is applied afterwards. The
database must be offline (the local runtime stopped) and empty: anything else is refused.

All or nothing: the importer writes into a staging folder, and the database is replaced only
when it succeeds (an import that fails or is interrupted leaves the empty database as it was).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
import time
from collections.abc import Callable
from datetime import datetime, timezone
from pathlib import Path

from graph.db import connect
from graph.errors import ThbgraphError
from graph.runtime import JVM_FLAGS, LocalNeo4j, ensure_runtime, free_port, running_local
from graph.schema import apply_schema
from graph.sealing import Sealer, sealer_for
from graph.settings import Settings
from ingest.bulk_csv import write_import_files
from ingest.bundle import read_bundle
from ingest.writer import LoadReport
from rules import indicator_vocabulary

__all__ = ["BulkLoadRefused", "initial_load", "import_bundle"]

DATABASE = "neo4j"


class BulkLoadRefused(ThbgraphError):
    pass


def initial_load(settings: Settings, path: Path, *, say: Callable[[str], None] = print) -> LoadReport:
    """`thbgraph load --initial`: the bundle at `path` into the local runtime's empty database."""
    if settings.neo4j_uri:
        raise BulkLoadRefused(
            "--initial writes the store files of the local runtime, and NEO4J_URI points at a server: "
            "load without --initial, or run neo4j-admin database import on that server")
    if running_local(settings):
        raise BulkLoadRefused("the local Neo4j is running: stop it first (`thbgraph neo4j stop`); "
                              "neo4j-admin imports only into a database that is offline")
    return import_bundle(settings, settings.home / "neo4j", path, sealer_for(settings, create=True, say=say), say=say)


def import_bundle(settings: Settings, data_dir: Path, path: Path, sealer: Sealer, *,
                  say: Callable[[str], None] = print) -> LoadReport:
    """Validate the bundle, refuse unless the database in `data_dir` is empty, import, apply the schema."""
    bundle = read_bundle(Path(path), known_ids=None, indicators=indicator_vocabulary())
    try:
        _refuse_unless_empty(settings, data_dir)
        runtime = ensure_runtime(settings, say)
        data_dir.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        data_dir.mkdir(mode=0o700, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="thbgraph-import-") as tmp:
            files = write_import_files(bundle, sealer, Path(tmp), datetime.now(timezone.utc).date())
            _import(runtime, data_dir, Path(tmp), files.nodes, files.relationships)
    finally:
        bundle.close()
    _with_database(settings, data_dir, apply_schema)
    return LoadReport(Path(path), dict(bundle.counts), written=True)


def _with_database(settings: Settings, data_dir: Path, work: Callable) -> object:
    db = LocalNeo4j(settings, data_dir, free_port())
    db.start(say=lambda _: None)
    try:
        with connect(settings, uri=db.uri) as driver:
            return work(driver)
    finally:
        db.stop()


def _refuse_unless_empty(settings: Settings, data_dir: Path) -> None:
    if not (data_dir / "data" / "databases" / DATABASE).exists():
        return  # never started: nothing to lose

    def count(driver) -> int:
        records, _, _ = driver.execute_query("MATCH (n) RETURN count(n) AS n")
        return records[0]["n"]

    nodes = _with_database(settings, data_dir, count)
    if nodes:
        raise BulkLoadRefused(
            f"the database in {data_dir} is not empty ({nodes:,} nodes): --initial only fills an empty database; "
            "load the bundle without --initial (all or nothing, into the existing graph)")


def _import(runtime: Path, data_dir: Path, work: Path, nodes: list[str], relationships: list[str]) -> None:
    """neo4j-admin from the runtime's jars, into a staging home; its database then replaces the empty one."""
    staging = Path(tempfile.mkdtemp(prefix=".import-", dir=data_dir))
    try:
        (staging / "conf").mkdir()
        (staging / "conf" / "neo4j.conf").write_text("")
        cmd = ["java", *JVM_FLAGS, "-cp", f"{runtime / 'lib'}/*", "org.neo4j.cli.AdminTool",
               "database", "import", "full", DATABASE, "--multiline-fields=true",
               f"--report-file={work / 'import.report'}",
               *(f"--nodes={n}" for n in nodes), *(f"--relationships={r}" for r in relationships)]
        env = os.environ | {"NEO4J_HOME": str(staging), "NEO4J_CONF": str(staging / "conf")}
        done = subprocess.run(cmd, env=env, capture_output=True, text=True)
        if done.returncode != 0:
            tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
            raise ThbgraphError(f"neo4j-admin database import failed (exit {done.returncode}):\n{tail}")
        _publish(staging / "data", data_dir / "data")
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _publish(imported: Path, data: Path) -> None:
    """Swap the imported store and its transaction logs in for the empty database's."""
    for part in ("databases", "transactions"):
        source, target = imported / part / DATABASE, data / part / DATABASE
        target.parent.mkdir(parents=True, exist_ok=True)
        if target.exists():
            old = target.with_name(f".{DATABASE}-replaced-{time.time_ns()}")
            target.rename(old)
            shutil.rmtree(old)
        source.rename(target)
