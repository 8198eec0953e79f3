"""Shared by the benchmarks: a throw-away local Neo4j, a throw-away victim-data key, and `thbgraph serve`
started as a user starts it."""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
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


def start_service(env: dict[str, str], *options: str, cwd: Path | None = None,
                  timeout: float = 180) -> tuple[subprocess.Popen, str]:
    """`thbgraph serve` on a free port without the access log (`cwd`: the code run from there), and its
    address once /health answers; stopped, and an error raised, if it does not come up."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-c", "from cli.main import app; app()", "serve", "--port", str(port),
                               "--no-access-log", *options], env=env, cwd=cwd, stdout=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and server.poll() is None:
        try:
            if httpx.get(f"{base}/health").status_code == 200:
                return server, base
        except httpx.TransportError:
            time.sleep(0.2)
    server.terminate()
    raise RuntimeError(f"the service{f' from {cwd}' if cwd else ''} did not come up (exit code {server.poll()})")
