"""What the service computes from the graph (case projections, the victims' index), kept while
the graph stays the same.

"The same" is judged by counts from Neo4j's count store (nodes, relationships, persons, roles,
identifiers), read in constant time: any load that adds something is seen within half a
second (`FINGERPRINT_MAX_AGE_S`). A load that only changes properties of existing rows (a
corrected name, re-loaded from the command line) changes no count: such values are re-read
after `ttl` seconds at the latest.
Uploads through the API clear the cache themselves.

Under load, many requests want the same value at the same moment. Each value is computed by one
caller at a time: after a change to the graph the others wait for it; when a value has only
grown older than `ttl`, the others keep getting it until its successor is ready. Otherwise
twenty requests arriving as a case's projection expires would all rebuild it at once.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from neo4j import Driver

from graph.cypher import query

T = TypeVar("T")
#: One request asks several times (the projection, its analysis, the redaction index); many
#: requests a second ask again. The counts are re-read at most this often, by one caller: the
#: count store is not asked hundreds of times a second.
FINGERPRINT_REUSE_S = 0.1
#: While that caller waits for Neo4j, the others go on with the last counts if they are at most
#: this old (one slow answer, a pause of Neo4j's JVM say, then delays one request, not all).
#: A load outside the service is seen by every request this much later at most.
FINGERPRINT_MAX_AGE_S = 0.5


@dataclass
class _Entry:
    value: Any
    fingerprint: tuple[int, ...]
    at: float


@dataclass
class _Flight:
    """A value being computed (or counts being read); callers that need it fresh wait for `done`."""

    done: threading.Event = field(default_factory=threading.Event)


class GraphCache:
    def __init__(
        self, driver: Driver, database: str | None, ttl: float, max_entries: int,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.driver, self.database, self.ttl, self.max_entries = driver, database, ttl, max_entries
        self._clock = clock  # a test's own clock: no test races the wall clock
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, _Entry] = OrderedDict()
        self._flights: dict[Hashable, _Flight] = {}
        self._generation = 0  # bumped by `clear`: values computed before it are not kept
        self._fingerprint_at: tuple[tuple[int, ...], float] = ((), -FINGERPRINT_MAX_AGE_S)
        self._reading_fingerprint: _Flight | None = None  # one caller reads the counts at a time

    def _fingerprint(self) -> tuple[int, ...]:
        while True:
            with self._lock:
                fingerprint, at = self._fingerprint_at
                age = self._clock() - at
                if age < FINGERPRINT_REUSE_S:
                    return fingerprint
                reading = self._reading_fingerprint
                if reading is None:
                    reading = self._reading_fingerprint = _Flight()
                    break
                if age < FINGERPRINT_MAX_AGE_S:
                    return fingerprint
            reading.done.wait()
        try:
            records, _, _ = self.driver.execute_query(query("service", "graph_fingerprint"), database_=self.database,
                                                      routing_="r")
            fingerprint = tuple(records[0].values())
            with self._lock:
                self._fingerprint_at = (fingerprint, self._clock())
            return fingerprint
        finally:
            with self._lock:
                self._reading_fingerprint = None
            reading.done.set()

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value under `key`, computed afresh if the graph changed or it is older than `ttl`."""
        fingerprint = self._fingerprint()
        while True:
            with self._lock:
                hit = self._entries.get(key)
                same_graph = hit is not None and hit.fingerprint == fingerprint
                if same_graph and hit is not None and self._clock() - hit.at < self.ttl:
                    self._entries.move_to_end(key)
                    return hit.value
                flight = self._flights.get(key)
                if flight is None:
                    flight = self._flights[key] = _Flight()
                    generation = self._generation
                    break
                if same_graph and hit is not None:
                    return hit.value  # only older than ttl, and its successor is on the way
            # Then the stored value is the fresh one, or (if that caller failed) this caller computes.
            flight.done.wait()
        try:
            value = compute()
        except BaseException:
            self._land(key, flight)
            raise
        self._land(key, flight, _Entry(value, fingerprint, self._clock()), generation)
        return value

    def _land(self, key: Hashable, flight: _Flight, entry: _Entry | None = None, generation: int = -1) -> None:
        with self._lock:
            if self._flights.get(key) is flight:
                del self._flights[key]
            if entry is not None and generation == self._generation:
                self._entries[key] = entry
                self._entries.move_to_end(key)
                while len(self._entries) > self.max_entries:
                    self._entries.popitem(last=False)
        flight.done.set()

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._flights.clear()
            self._generation += 1
            self._fingerprint_at = ((), -FINGERPRINT_MAX_AGE_S)
