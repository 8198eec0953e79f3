"""Writing a validated bundle into Neo4j: all or nothing.

Every row is validated before the first write (`read_bundle`). The writes then
run as batched `UNWIND $rows` statements inside ONE explicit transaction, so a
failure at any point (a bad row the database refuses, Neo4j dying, Ctrl-C)
rolls back and leaves the graph exactly as it was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from queue import Queue
from threading import Thread
from typing import Any

from neo4j import Driver, Transaction

from graph.cypher import query
from ingest.bundle import TABLES, Bundle, read_bundle
from rules import indicator_vocabulary

#: Called after each batch with (table, rows written so far in it); may raise to abort.
Progress = Callable[[str, int], None]


@dataclass
class LoadReport:
    path: Path
    counts: dict[str, int]
    written: bool
    batches: int = 0
    tables: list[str] = field(default_factory=list)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def graph_known_ids(driver: Driver, database: str | None = None) -> Callable[[set[str]], dict[str, str]]:
    """Lets a bundle refer to cases, persons and businesses loaded before."""

    def known(ids: set[str]) -> dict[str, str]:
        if not ids:
            return {}
        records, _, _ = driver.execute_query(
            query("ingest_known_ids"), ids=sorted(ids), database_=database, routing_="r"
        )
        return {r["id"]: r["kind"] for r in records}

    return known


def link_id(row: dict[str, Any]) -> str:
    """Stable key of a link, so loading the same bundle twice gives one link, not two."""
    since = row.get("since")
    key = "|".join(str(x or "") for x in (row["source_id"], row["type"], row["target_id"], row.get("case_id"), since))
    return hashlib.sha1(key.encode()).hexdigest()[:20]


def _params(table: str, row: Any) -> dict[str, Any]:
    values = row.model_dump()
    if table == "links":
        values["link_id"] = link_id(values)
    elif table == "identifiers":
        values["identifier_id"] = f"{values['kind']}:{values['value']}"
    return values


def _batched(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


def _prefetched(batches: Iterator[list[dict[str, Any]]], depth: int = 2) -> Iterator[list[dict[str, Any]]]:
    """Read and convert the next batches in a thread while Neo4j writes the current one."""
    queue: Queue[Any] = Queue(maxsize=depth)
    done = object()

    def produce() -> None:
        try:
            for batch in batches:
                queue.put(batch)
            queue.put(done)
        except BaseException as exc:  # re-raised in the writing thread
            queue.put(exc)

    Thread(target=produce, daemon=True, name="bundle-reader").start()
    while (item := queue.get()) is not done:
        if isinstance(item, BaseException):
            raise item
        yield item


def _forget_consumed(tx: Transaction) -> None:
    # The driver keeps every Result of an open transaction, and each Result keeps its
    # parameters: over one large all-or-nothing load that is the whole bundle in memory.
    # Consumed results are never read again, so let them go. (Private attribute of the
    # neo4j 6.x driver; tests/test_ingest_neo4j.py checks the load still commits.)
    tx._results = [r for r in tx._results if not r.closed()]


def write_bundle(
    driver: Driver,
    bundle: Bundle,
    *,
    database: str | None = None,
    batch_size: int = 5000,
    progress: Progress | None = None,
) -> int:
    """Write every table of a validated bundle in one transaction; returns the batch count."""
    batches = 0
    with driver.session(database=database) as session:
        tx = session.begin_transaction()
        try:
            for table in TABLES:
                done = 0
                statement = query(f"ingest_{table}")
                converted = ([_params(table, r) for r in b] for b in _batched(bundle.rows(table), batch_size))
                for batch in _prefetched(converted):
                    tx.run(statement, rows=batch).consume()
                    _forget_consumed(tx)
                    batches += 1
                    done += len(batch)
                    if progress:
                        progress(table, done)
            tx.commit()
        finally:
            # A no-op after commit; otherwise the whole load is undone.
            if not tx.closed():
                tx.rollback()
    return batches


def validate_bundle(
    driver: Driver, path: Path, *, database: str | None = None, indicators: frozenset[str] | None = None
) -> Bundle:
    """Every row checked, ids resolved against the bundle and the graph, indicators against the rule packs."""
    return read_bundle(Path(path), known_ids=graph_known_ids(driver, database),
                       indicators=indicators or indicator_vocabulary())


def load_bundle(
    driver: Driver,
    path: Path,
    *,
    dry_run: bool = False,
    database: str | None = None,
    batch_size: int = 5000,
    indicators: frozenset[str] | None = None,
    progress: Progress | None = None,
) -> LoadReport:
    """Validate a bundle (raises BundleInvalid naming every bad row) and load it."""
    bundle = validate_bundle(driver, path, database=database, indicators=indicators)
    report = LoadReport(Path(path), dict(bundle.counts), written=False)
    if dry_run:
        return report
    report.batches = write_bundle(driver, bundle, database=database, batch_size=batch_size, progress=progress)
    report.written = True
    return report
