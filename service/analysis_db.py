"""The analysis database: where analysts' Cypher runs, a Neo4j server apart from the main graph
that holds one set of cases at a time, written by the service already pseudonymised
(service/analysis_content.py) with the public rule catalogue beside it.

Need-to-know by construction: what an analyst's query can reach is what was written there for
their cases, so no query (a scalar, a map projection, `substring`, `reverse`) can return another
case's data or a victim's real value or id: they are not in that database. Neo4j community
holds one user database per server, hence a server of its own (a local runtime the service
starts, or THBGRAPH_ANALYSIS_NEO4J_URI: a server given to one service process, which empties it).

One content at a time: queries of analysts with the same cases (and the same version of the
graph, `key`) share it and run together; another set of cases waits for them to finish, then
the database is emptied and rewritten for it (new arrivals for the old content wait meanwhile,
so a rewrite is never starved). Cost: one rewrite per switch (docs/benchmarks.md).
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Any

from neo4j import Driver

from service.analysis_content import AnalysisContent
from service.cypher_guard import CypherTimedOut
from graph.cypher import query
from graph.db import connect
from graph.runtime import LocalNeo4j, free_port
from graph.schema import apply_schema
from graph.settings import Settings

#: Write queries in the order they must run (each row refers only to what came before).
TABLES = (("analysis_cases", "cases"), ("analysis_persons", "persons"), ("analysis_businesses", "businesses"),
          ("analysis_links", "links"), ("analysis_evidence", "evidence"), ("analysis_identifiers", "identifiers"))


class AnalysisServer:
    """The server: `uri` if given, else a local runtime started on first use (data in a fresh
    private folder under THBGRAPH_HOME, removed when it stops)."""

    def __init__(self, settings: Settings, uri: str | None, say: Callable[[str], None] = print) -> None:
        self.settings, self.uri, self.say = settings, uri, say
        self._lock = threading.Lock()
        self._driver: Driver | None = None
        self._local: LocalNeo4j | None = None

    def driver(self) -> Driver:
        with self._lock:
            if self._driver is None:
                uri = self.uri or self._start()
                # A server given for it has the main one's credentials; the local runtime has none.
                settings = self.settings if self.uri else self.settings.model_copy(update={"neo4j_password": None})
                self._driver = connect(settings, uri=uri)
                apply_schema(self._driver)  # the main graph's indexes: analysts' queries plan alike
            return self._driver

    def _start(self) -> str:
        self.settings.home.mkdir(mode=0o700, parents=True, exist_ok=True)
        folder = tempfile.mkdtemp(prefix="analysis-neo4j-", dir=self.settings.home)
        local = self._local = LocalNeo4j(self.settings, self.settings.home / folder, free_port())
        self.say(f"Starting the analysis Neo4j on {local.uri} (analysts' Cypher runs there)...")
        atexit.register(_stop, local)  # an app that is never shut down (a test's) leaves no JVM behind
        return local.start(say=self.say)

    def close(self) -> None:
        # Not behind the lock: a server still starting (in `driver`, which holds it) is stopped too,
        # and its start fails; one started after this is stopped at exit (atexit, in `_start`).
        local, self._local = self._local, None
        if local is not None:
            _stop(local)
        with self._lock:
            if self._driver is not None:
                self._driver.close()
                self._driver = None


def _stop(local: LocalNeo4j) -> None:
    local.stop()
    shutil.rmtree(local.data_dir, ignore_errors=True)


class AnalysisDatabase:
    """The content of the server, for one key at a time (see the module's doc)."""

    def __init__(self, server: AnalysisServer, build: Callable[[frozenset[str]], AnalysisContent],
                 catalogue: Callable[[], dict[str, list[Any]]], batch_size: int = 5000) -> None:
        self.server, self._build, self._catalogue, self.batch_size = server, build, catalogue, batch_size
        self._cond = threading.Condition()
        self._loaded: Hashable | None = None
        self._readers = 0
        self._writing = False
        self._wanted: Counter[Hashable] = Counter()
        #: How many times the content was written; the last time, how long (seconds) it took to
        #: build from the main graph, and to empty the database and write it.
        self.rewrites, self.last_build_s, self.last_write_s = 0, 0.0, 0.0

    @contextmanager
    def reading(self, key: Hashable, cases: frozenset[str], wait_s: float) -> Iterator[Driver]:
        """A driver to the database holding `cases` (written now if it holds something else), for
        as long as the block runs; CypherTimedOut if it could not be had within `wait_s`."""
        self._enter(key, cases, time.monotonic() + wait_s)
        try:
            yield self.server.driver()
        finally:
            with self._cond:
                self._readers -= 1
                self._cond.notify_all()

    def _enter(self, key: Hashable, cases: frozenset[str], deadline: float) -> None:
        with self._cond:
            self._wanted[key] += 1
            try:
                while True:
                    others = any(k != key for k, n in self._wanted.items() if n)
                    if not self._writing and self._loaded == key and not others:
                        self._readers += 1
                        return
                    if not self._writing and not self._readers and self._loaded != key:
                        self._writing = True
                        break
                    left = deadline - time.monotonic()
                    if left <= 0:
                        raise CypherTimedOut("the analysis database stayed busy with other analysts' cases: "
                                             "try again shortly")
                    self._cond.wait(left)
            finally:
                self._wanted[key] -= 1
                if not self._wanted[key]:
                    del self._wanted[key]
                self._cond.notify_all()  # one who gave up no longer holds the others back
        loaded = None
        try:
            self._rewrite(cases)
            loaded = key
        finally:
            with self._cond:
                self._loaded, self._writing = loaded, False
                if loaded is not None:
                    self._readers += 1
                self._cond.notify_all()

    def _rewrite(self, cases: frozenset[str]) -> None:
        started = time.perf_counter()
        content = self._build(cases) if cases else AnalysisContent()
        catalogue = self._catalogue() if content.size() else None  # with no case, not even the catalogue
        built = time.perf_counter()
        driver = self.server.driver()
        with driver.session() as session:  # IN TRANSACTIONS needs an implicit transaction
            session.run(query("service", "analysis_wipe")).consume()
        if catalogue:
            self._write_catalogue(driver, catalogue)
        for name, table in TABLES:
            self._write(driver, name, getattr(content, table))
        self.rewrites += 1
        self.last_build_s, self.last_write_s = built - started, time.perf_counter() - built

    def _write(self, driver: Driver, name: str, rows: list[dict[str, Any]]) -> list[Any]:
        records: list[Any] = []
        for at in range(0, len(rows), self.batch_size):
            found, _, _ = driver.execute_query(query("service", name), rows=rows[at:at + self.batch_size])
            records += found
        return records

    def _write_catalogue(self, driver: Driver, catalogue: dict[str, list[Any]]) -> None:
        nodes = [{"ref": ref, "labels": labels, "props": props} for ref, labels, props in sorted(catalogue["nodes"])]
        new = {r["ref"]: r["element_id"] for r in self._write(driver, "analysis_catalogue_nodes", nodes)}
        self._write(driver, "analysis_catalogue_relationships", [
            {"start": new[a], "type": kind, "end": new[b], "props": props}
            for a, kind, b, props in sorted(catalogue["relationships"], key=lambda r: r[:3])])
