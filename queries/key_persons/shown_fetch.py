"""The persons shown by `key-persons --all`, fetched from Neo4j while the ranking is computed.

The fetch of the persons shown (`Projector.shown`) waits on Neo4j, and on the first run after a
start most of that wait is Neo4j's own warming (its code and query plans, its page cache); the
ranking before it is Python's and igraph's work. Which persons are shown is known only once the
ranking is done, but on an unchanged graph it is what the last run showed: the same arrays give the
same scores. So when the last run's note (`queries.key_persons.warm_up.SHOWN_FILE`: the ids asked
for, and the graph's version) is of the graph's present version, the same fetch starts at once in a
thread of its own, and the two waits overlap on the machine's cores.

Its network is used only when the ids the ranking then asks for are the very ids it fetched: then it
is what `Projector.shown` returns for those ids, so the result is the same as fetching after the
ranking. Otherwise (another version, other ids, the early fetch failed) the fetch runs after the
ranking as before, and the note is rewritten. Nothing is written to Neo4j.

`rank_whole_database` asks for it only with ``fetch_early=True``: measured on 2 busy cores, the
thread decoding Neo4j's answers slowed the ranking's own Python (the igraph graph: 2.4 s instead of
0.4 s, one interpreter lock) by more than the overlap saved once `thbgraph neo4j start` had warmed
Neo4j up (docs/benchmarks.md, "Key persons cold, second pass").
"""

from __future__ import annotations

from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from types import TracebackType

from neo4j import Driver
from neo4j.exceptions import DriverError, Neo4jError

from queries.key_persons.warm_up import SHOWN_FILE, noted_shown, remember_shown
from queries.network.model import CaseNetwork
from queries.network.projection import Projector

__all__ = ["ShownFetch"]

Inputs = dict[str, list[str]]


class ShownFetch:
    """`Projector.shown` of the persons shown, started early from the last run's note when it is
    of this version of the graph (``home``: THBGRAPH_HOME, None for no note; ``version`` of the
    graph the arrays are of, None when not known). A context: leaving it waits for the early fetch."""

    def __init__(self, driver: Driver, database: str | None, home: Path | None, version: str | None,
                 is_business: Callable[[str], bool], *, early: bool = True) -> None:
        self.projector = Projector(driver, database)
        self.note = home / SHOWN_FILE if home is not None and version is not None else None
        self.version, self.is_business = version, is_business
        self.early: Inputs | None = None
        self._pool: ThreadPoolExecutor | None = None
        self._future: Future[CaseNetwork] | None = None
        noted = noted_shown(self.note) if self.note is not None and early else None
        if noted is not None and noted[1] == version:
            self.early = noted[0]
            self._pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="shown-fetch")
            self._future = self._pool.submit(self.projector.shown, **self.early, is_business=is_business)

    @property
    def started_early(self) -> bool:
        return self._future is not None

    def network(self, inputs: Inputs) -> tuple[CaseNetwork, bool]:
        """What `Projector.shown(**inputs)` returns, and whether the early fetch gave it."""
        early = self._early_result()
        if early is not None and inputs == self.early:
            return early, True
        if self.note is not None:  # for the next run, and the warm-up after the next start (ids only)
            remember_shown(self.note, inputs, self.version)
        return self.projector.shown(**inputs, is_business=self.is_business), False

    def _early_result(self) -> CaseNetwork | None:
        if self._future is None:
            return None
        try:
            return self._future.result()
        except (DriverError, Neo4jError):  # fetched again after the ranking, where an error is the user's
            return None
        finally:
            self._close()

    def _close(self) -> None:
        if self._pool is not None:
            self._pool.shutdown(wait=True, cancel_futures=True)
        self._pool, self._future = None, None

    def __enter__(self) -> ShownFetch:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        self._close()
