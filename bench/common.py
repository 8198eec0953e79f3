"""Shared by the benchmarks: a throw-away local Neo4j, and a throw-away victim-data key."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from neo4j import Driver

from graph.db import connect
from graph.runtime import LocalNeo4j, free_port
from graph.schema import apply_schema
from graph.sealing import KEY_VARIABLE, new_key
from graph.settings import Settings

# Scratch data, scratch key: never the user's key file (child processes inherit it).
os.environ.setdefault(KEY_VARIABLE, new_key())


def jvm_cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process so far (the local runtime's JVM), from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def empty_database(driver: Driver) -> None:
    """Remove every node and link of a scratch database, in batches."""
    with driver.session() as session:
        session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()


@contextmanager
def scratch_neo4j(with_runtime: bool = False) -> Iterator[tuple]:
    """A fresh database in a temporary folder, stopped and removed afterwards: (driver, uri), and
    with `with_runtime` its `LocalNeo4j` too (for the JVM's process)."""
    with tempfile.TemporaryDirectory(prefix="thbgraph-bench-") as tmp:
        db = LocalNeo4j(Settings(), Path(tmp) / "db", free_port())
        db.start()
        try:
            with connect(Settings(), uri=db.uri) as driver:
                apply_schema(driver)
                yield (driver, db.uri, db) if with_runtime else (driver, db.uri)
        finally:
            db.stop()
