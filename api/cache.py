"""What the service computes from the graph (case projections, the victims' index), kept while
the graph stays the same.

"The same" is judged by counts from Neo4j's count store (nodes, relationships, persons, roles,
identifiers), read in constant time on every use: any load that adds something is seen at
once. A load that only changes properties of existing rows (a corrected name, re-loaded from
the command line) changes no count: such values are re-read after `ttl` seconds at the latest.
Uploads through the API clear the cache themselves.
"""

from __future__ import annotations

import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Any, TypeVar

from neo4j import Driver

from graph.cypher import query

T = TypeVar("T")
#: One request asks several times (the projection, its analysis, the redaction index); many
#: requests a second ask again. The counts are re-read at most this often: a load becomes
#: visible this much later, and the count store is not asked hundreds of times a second.
FINGERPRINT_REUSE_S = 0.1


class GraphCache:
    def __init__(self, driver: Driver, database: str | None, ttl: float, max_entries: int) -> None:
        self.driver, self.database, self.ttl, self.max_entries = driver, database, ttl, max_entries
        self._lock = threading.Lock()
        self._entries: OrderedDict[Hashable, tuple[Any, tuple[int, ...], float]] = OrderedDict()
        self._fingerprint_at: tuple[tuple[int, ...], float] = ((), -FINGERPRINT_REUSE_S)

    def _fingerprint(self) -> tuple[int, ...]:
        fingerprint, at = self._fingerprint_at
        if time.monotonic() - at < FINGERPRINT_REUSE_S:
            return fingerprint
        records, _, _ = self.driver.execute_query(query("graph_fingerprint"), database_=self.database, routing_="r")
        self._fingerprint_at = (tuple(records[0].values()), time.monotonic())
        return self._fingerprint_at[0]

    def get(self, key: Hashable, compute: Callable[[], T]) -> T:
        """The value under `key`, computed afresh if the graph changed or it is older than `ttl`."""
        fingerprint = self._fingerprint()
        with self._lock:
            hit = self._entries.get(key)
            if hit and hit[1] == fingerprint and time.monotonic() - hit[2] < self.ttl:
                self._entries.move_to_end(key)
                return hit[0]
        # Computed outside the lock: two requests missing at once both compute; neither waits.
        value = compute()
        with self._lock:
            self._entries[key] = (value, fingerprint, time.monotonic())
            self._entries.move_to_end(key)
            while len(self._entries) > self.max_entries:
                self._entries.popitem(last=False)
        return value

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()
            self._fingerprint_at = ((), -FINGERPRINT_REUSE_S)
