"""Analysts' Cypher on threads of its own, a few at a time, and a few per analyst.

Why: a query holds a thread for as long as Neo4j computes it. On the service's shared thread
pool, forty slow queries took every thread, and an investigator's `GET /persons/P002` waited
behind them. Here they wait for one of `workers` threads of their own, without holding any
other; an analyst has at most `per_user` queries running (429 beyond).

At its time limit a query is stopped: `stop()` has Neo4j terminate its transaction at once
(Neo4j's own timeout would act up to 2 s later, at its monitor's next check), the analyst gets
`CypherTimedOut`, and their slot is free again. Neo4j stops a terminated query only at its next
check, between rows or store reads; one long expression (`reduce(...)` over a large range, a
shortest path search) runs on for a while. Such a *runaway* keeps its thread until Neo4j has
finished, but not the analyst's slot. Their running queries and runaways together hold at most
`per_user + runaways_per_user` threads (429 beyond), so that no one fills every thread with
queries Neo4j cannot stop.

Per process: with `thbgraph serve --workers N`, N times as many.
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any, TypeVar

from service.cypher_guard import CypherTimedOut
from service.problems import Problem

T = TypeVar("T")
#: How long after terminating its transaction the service waits for a query's thread to end,
#: before counting the query as a runaway and answering.
STOP_WAIT_S = 1.0
#: How long terminating a transaction may take (Neo4j answers in milliseconds when it answers).
STOP_CALL_S = 5.0
log = logging.getLogger(__name__)


def _begin(started: asyncio.Future[None]) -> None:
    """On the request's loop: its query has a thread now."""
    if not started.done():
        started.set_result(None)


def _retrieved(future: asyncio.Future[Any]) -> None:
    """An answer no one waits for any more (the client was answered at the timeout): read, so that
    asyncio does not log "Future exception was never retrieved" for each timed-out query."""
    if not future.cancelled():
        future.exception()


class _Query:
    """One query's place in its analyst's counts: running, then perhaps a runaway."""

    runaway = False
    finished = False


class CypherPool:
    def __init__(self, workers: int, per_user: int, runaways_per_user: int = 1) -> None:
        self.workers, self.per_user, self.runaways_per_user = workers, per_user, runaways_per_user
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cypher")
        self._lock = threading.Lock()
        self._in_flight: Counter[str] = Counter()
        self._runaways: Counter[str] = Counter()

    def in_flight(self, user: str) -> int:
        """The analyst's queries running: the slots they hold."""
        with self._lock:
            return self._in_flight[user]

    def runaways(self, user: str) -> int:
        """The analyst's timed-out queries that Neo4j has not finished yet (each holds a thread)."""
        with self._lock:
            return self._runaways[user]

    async def run(self, user: str, timeout: float, work: Callable[[], T],
                  stop: Callable[[], object] | None = None) -> T:
        """`work()` on the pool for `user`, stopped after `timeout` seconds (`stop()` terminates its
        transaction): 429 if they have `per_user` queries running, or `per_user + runaways_per_user`
        running and runaway,
        503 if no thread was free within `timeout`, CypherTimedOut at the timeout."""
        query = _Query()
        with self._lock:
            self._admit(user, timeout)
            self._in_flight[user] += 1
        loop = asyncio.get_running_loop()
        started: asyncio.Future[None] = loop.create_future()

        def start() -> T:
            try:
                loop.call_soon_threadsafe(_begin, started)
            except RuntimeError:  # the request is gone (its loop closed): run anyway, it was taken
                pass
            return work()

        future: Future[T] = self._executor.submit(start)
        future.add_done_callback(lambda _: self._done(user, query))  # also when cancelled before it started
        try:
            await asyncio.wait_for(asyncio.shield(started), timeout)
        except TimeoutError:
            if future.cancel():
                raise Problem(503, "cypher-busy", "every Cypher worker stayed busy: try again shortly",
                              headers={"Retry-After": str(int(timeout))}) from None
        answer = asyncio.wrap_future(future)
        answer.add_done_callback(_retrieved)
        try:
            return await asyncio.wait_for(asyncio.shield(answer), timeout)
        except TimeoutError:
            pass
        if stop is not None:
            try:
                await asyncio.wait_for(asyncio.to_thread(stop), STOP_CALL_S)
            except Exception:  # Neo4j's own timeout still stops it, up to 2 s later
                log.warning("could not terminate a timed-out Cypher query", exc_info=True)
        try:
            await asyncio.wait_for(asyncio.shield(answer), STOP_WAIT_S)
        except TimeoutError:
            self._run_away(user, query)
            raise CypherTimedOut(f"the query ran longer than {timeout:g} s and was stopped; Neo4j is still finishing "
                                 "it, and it counts as your runaway query until it has") from None
        except Exception:  # noqa: BLE001 (stopped: Neo4j says "terminated" or "timed out")
            pass
        raise CypherTimedOut(f"the query ran longer than {timeout:g} s and was stopped")

    def _admit(self, user: str, timeout: float) -> None:
        retry = {"Retry-After": str(int(timeout))}
        if self._in_flight[user] >= self.per_user:
            raise Problem(429, "too-many-requests", f"you have {self.per_user} Cypher queries running: wait for one "
                          "to finish", headers=retry)
        if self._in_flight[user] + self._runaways[user] >= self.per_user + self.runaways_per_user:
            raise Problem(429, "too-many-requests", f"Neo4j is still finishing {self._runaways[user]} of your "
                          "timed-out queries, which it could not stop at once (one long expression, such as a "
                          "reduce() over a large range, runs on): wait for one to end", headers=retry)

    def _run_away(self, user: str, query: _Query) -> None:
        """The query's slot freed, its thread still busy: counted as a runaway until it ends."""
        with self._lock:
            if query.finished or query.runaway:
                return
            query.runaway = True
            self._in_flight[user] -= 1
            self._runaways[user] += 1

    def _done(self, user: str, query: _Query) -> None:
        with self._lock:
            query.finished = True
            counts = self._runaways if query.runaway else self._in_flight
            counts[user] -= 1
            if not counts[user]:
                del counts[user]

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
