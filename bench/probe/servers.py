"""A scratch local Neo4j and `thbgraph serve` on 127.0.0.1, each stopped by its process."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import httpx
from neo4j import Driver

from bench.probe.common import ReplayError, _thbgraph
from graph.db import connect
from graph.runtime import LocalNeo4j, free_port
from graph.schema import apply_schema
from graph.settings import Settings


@contextmanager
def scratch_neo4j(folder: Path) -> Iterator[tuple[Driver, str, Path]]:
    """A fresh local Neo4j in `folder`, on a free port; stopped (by its process) afterwards."""
    db = LocalNeo4j(Settings(), folder / "db", free_port())
    db.start(say=lambda m: print(m, file=sys.stderr))
    try:
        with connect(Settings(), uri=db.uri) as driver:
            apply_schema(driver)
            yield driver, db.uri, db.data_dir
    finally:
        db.stop()


class Server:
    """`thbgraph serve` on 127.0.0.1, its output in a file; stopped by its pid."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        with open(log, "ab") as out:
            self.process = subprocess.Popen([*_thbgraph(), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                                            env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ReplayError(f"thbgraph serve exited with {self.process.returncode}: {log.read_text()[-2000:]}")
            with suppress(httpx.TransportError):
                if httpx.get(f"{self.base}/health", timeout=5).status_code == 200:
                    return
            time.sleep(0.3)
        self.stop()
        raise ReplayError("thbgraph serve did not answer /health within 180 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(30)
