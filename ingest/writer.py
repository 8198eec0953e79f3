"""Writing a validated bundle into Neo4j: all or nothing.

Every row is validated before the first write (`read_bundle`). The writes then
run as batched `UNWIND $rows` statements inside ONE explicit transaction, so a
failure at any point (a bad row the database refuses, Neo4j dying, Ctrl-C)
rolls back and leaves the graph exactly as it was.

Victims' identifying values are sealed in the same transaction (graph/sealing.py):
free text, and the bundle's own victims' names, birth dates and the identifiers they hold,
are sealed before they are sent. Before the commit, every other victim the load touched is
read back and sealed: a person an earlier load wrote in clear whom this load makes a victim,
a person of this bundle who is a victim by an earlier load's role, an earlier holder's
spelling of a victim's identifier.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator
from contextlib import closing
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from queue import Queue
from threading import Thread
from typing import Any

from neo4j import Driver, ManagedTransaction, Transaction

from graph.cypher import query
from graph.sealing import Sealer, SealingError, sealer_for, spelling_record
from graph.settings import get_settings
from ingest.bundle import TABLES, Bundle, read_bundle
from ingest.statements import statement_for
from ingest.victim_rows import Touched, seal_identifier, seal_person, victims_and_held
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
    #: Wall seconds per phase, where the loader times them (`load --initial`).
    seconds: dict[str, float] = field(default_factory=dict)

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def graph_known_ids(driver: Driver, database: str | None = None) -> Callable[[set[str]], dict[str, str]]:
    """Lets a bundle refer to cases, persons and businesses loaded before."""

    def known(ids: set[str]) -> dict[str, str]:
        if not ids:
            return {}
        records, _, _ = driver.execute_query(
            query("ingest", "ingest_known_ids"), ids=sorted(ids), database_=database, routing_="r"
        )
        return {r["id"]: r["kind"] for r in records}

    return known


def link_id(row: dict[str, Any]) -> str:
    """Stable key of a link, so loading the same bundle twice gives one link, not two."""
    since = row.get("since")
    key = "|".join(str(x or "") for x in (row["source_id"], row["type"], row["target_id"], row.get("case_id"), since))
    return hashlib.sha1(key.encode()).hexdigest()[:20]


def _params(table: str, row: Any, sealer: Sealer, touched: Touched) -> dict[str, Any]:
    """A row (a dict from `Bundle.records`, or a model) as the ingest query's parameters."""
    values = row if isinstance(row, dict) else row.model_dump()
    if table == "links":
        values["link_id"] = link_id(values)
        values["note_enc"] = sealer.seal(values.pop("note"), record=values["link_id"], field="note")
    elif table == "evidence":
        values["description_enc"] = sealer.seal(values.pop("description"), record=values["evidence_id"],
                                                field="description")
    elif table == "identifiers":
        values["identifier_id"] = sealer.blind(values["kind"], values["value"])
        touched.identifier_ids.add(values["identifier_id"])
        touched.person_ids.add(values["owner_id"])  # a business id here is harmless: it matches no Person
        if values["identifier_id"] in touched.victims_hold:
            seal_identifier(values, sealer)
    elif table in ("persons", "roles"):
        touched.person_ids.add(values["person_id"])
        if table == "persons" and values["person_id"] in touched.victims:
            touched.sent_sealed[values["person_id"]] = values["birth_date"]
            seal_person(values, sealer)
    return values


def _sent(values: dict[str, Any]) -> dict[str, Any]:
    """A row as sent: an absent key reads as null in Cypher, so nulls need not be packed."""
    return {k: v for k, v in values.items() if v is not None}


def _batched(rows: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(rows)
    while batch := list(islice(it, size)):
        yield batch


Batch = tuple[str, list[dict[str, Any]]]
#: Rows held back for grouping, in batches (see `_grouped`).
_HELD = 4


def _grouped(table: str, rows: Iterable[dict[str, Any]], kinds: dict[str, str], size: int) -> Iterator[Batch]:
    """(statement, rows) batches: rows that one statement writes (`ingest.statements`), at most
    `size` each. Links have some thirty statements: past `_HELD` batches' worth of rows waiting,
    the fullest group goes, so memory stays a few batches deep."""
    pending: dict[str, list[dict[str, Any]]] = {}
    held = 0
    for row in rows:
        statement = statement_for(table, row, kinds)
        batch = pending.setdefault(statement, [])
        batch.append(row)
        held += 1
        if len(batch) >= size or held >= _HELD * size:
            fullest = max(pending, key=lambda s: len(pending[s]))
            held -= len(pending[fullest])
            yield fullest, pending.pop(fullest)
    yield from pending.items()


def _prefetched(batches: Iterator[Batch], depth: int = 2) -> Iterator[Batch]:
    """Read and convert the next batches in a thread while Neo4j writes the current one."""
    queue: Queue[Any] = Queue(maxsize=depth)
    done = object()

    def produce() -> None:
        try:
            for batch in batches:
                queue.put(batch)
            queue.put(done)
        except BaseException as exc:  # noqa: BLE001 (re-raised in the writing thread)
            queue.put(exc)

    Thread(target=produce, daemon=True, name="bundle-reader").start()
    while (item := queue.get()) is not done:
        if isinstance(item, BaseException):
            raise item
        yield item


def _forget_consumed(tx: Transaction | ManagedTransaction) -> None:
    # The driver keeps every Result of an open transaction, and each Result keeps its
    # parameters: over one large all-or-nothing load that is the whole bundle in memory.
    # Consumed results are never read again, so let them go. (Private attribute of the
    # neo4j 6.x driver; tests/test_ingest_neo4j.py checks the load still commits.)
    tx._results = [r for r in tx._results if not r.closed()]  # noqa: SLF001 (see above)


def _check_key(tx: Transaction | ManagedTransaction, sealer: Sealer) -> None:
    graph_key = tx.run(query("graph", "sealing_key"), key_id=sealer.key_id).single(strict=True)["key_id"]
    if graph_key != sealer.key_id:
        raise SealingError(f"the graph's victim data is sealed under key {graph_key}, the configured key is "
                           f"{sealer.key_id}: set THBGRAPH_VICTIM_DATA_KEY to the graph's key")


def seal_victims(tx: Transaction | ManagedTransaction, sealer: Sealer, touched: Touched, batch_size: int = 5000) -> None:
    """Seal the clear identifying values of victims among what the load touched (after marking
    minors: the birth date is read once more while it is still in clear, or given, for a person
    sent sealed). Persons sent sealed are not read back."""
    minors = [_sent({"person_id": p, "birth_date": touched.sent_sealed.get(p)}) for p in sorted(touched.person_ids)]
    for batch in _batched(minors, batch_size):
        tx.run(query("ingest", "ingest_minors"), rows=batch).consume()
    persons = [seal_person(dict(r), sealer) for r in tx.run(
        query("graph", "seal_persons_found"), person_ids=sorted(touched.person_ids - touched.sent_sealed.keys()))]
    identifiers = [
        {"identifier_id": r["identifier_id"],
         "value_enc": sealer.seal(r["value"], record=r["identifier_id"], field="value"),
         "spellings": [{"owner_id": s["owner_id"],
                        "raw_value_enc": sealer.seal(s["raw_value"], record=spelling_record(s["owner_id"], r["identifier_id"]),
                                                     field="raw_value")} for s in r["spellings"]]}
        for r in tx.run(query("graph", "seal_identifiers_found"), person_ids=sorted(touched.person_ids),
                        identifier_ids=sorted(touched.identifier_ids))
    ]
    for name, rows in (("seal_persons", persons), ("seal_identifiers", identifiers)):
        for batch in _batched(rows, batch_size):
            tx.run(query("graph", name), rows=batch).consume()
            _forget_consumed(tx)


def write_bundle(
    driver: Driver,
    bundle: Bundle,
    *,
    sealer: Sealer,
    database: str | None = None,
    batch_size: int = 5000,
    progress: Progress | None = None,
    after: Callable[[ManagedTransaction], None] | None = None,
) -> int:
    """Write every table of a validated bundle in one transaction; returns the batch count.

    `after` writes more in the same transaction, after the tables (an FtM load's kept entities).

    A managed write transaction: on a cluster or Aura (`neo4j://`, `neo4j+s://`) it goes to the
    leader, and a transient failure (a leader switch) replays the whole load in a fresh
    transaction, so it stays all or nothing. Anything else rolls it back whole.
    """
    victims, victims_hold = victims_and_held(bundle, sealer)

    def work(tx: ManagedTransaction) -> int:
        batches, touched = 0, Touched(victims=victims, victims_hold=victims_hold)
        _check_key(tx, sealer)
        for table in TABLES:
            done = 0
            rows = (_sent(_params(table, r, sealer, touched)) for r in bundle.records(table))
            for statement, batch in _prefetched(_grouped(table, rows, bundle.kinds, batch_size)):
                tx.run(statement, rows=batch).consume()
                _forget_consumed(tx)
                batches += 1
                done += len(batch)
                if progress:
                    progress(table, done)
        if after:
            after(tx)
        seal_victims(tx, sealer, touched, batch_size)
        return batches

    with driver.session(database=database) as session:
        return session.execute_write(work)


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
    sealer: Sealer | None = None,
) -> LoadReport:
    """Validate a bundle (raises BundleInvalid naming every bad row) and load it.

    Without a `sealer`, the configured victim-data key (THBGRAPH_VICTIM_DATA_KEY, or the
    local runtime's key file) seals victims' identifying values.
    """
    bundle = validate_bundle(driver, path, database=database, indicators=indicators)
    report = LoadReport(Path(path), dict(bundle.counts), written=False)
    with closing(bundle):  # its rows spilled to disk go, written or not
        if dry_run:
            return report
        sealer = sealer or sealer_for(get_settings(), create=True)
        report.batches = write_bundle(driver, bundle, sealer=sealer, database=database, batch_size=batch_size,
                                      progress=progress)
    report.written = True
    return report
