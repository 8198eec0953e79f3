"""Analysts' Cypher on threads of its own, a few at a time, and a few per analyst.

Why: a query holds a thread for as long as Neo4j computes it, and Neo4j stops a query only
between rows. One expression (`reduce(s = '', x IN range(1, 300000) | s + 'xxxxxxxxxx')`)
ran on for minutes after its transaction had timed out; no setting of Neo4j 5 community
stops it (docs/api.md, "Read-only Cypher"). On the service's shared thread pool, forty such
queries took every thread, and an investigator's `GET /persons/P002` waited behind them.
Here they wait for one of `workers` threads of their own, without holding any other; an
analyst has at most `per_user` queries in flight (429 beyond), counted until Neo4j has
really finished each; and the client gets its answer when the transaction's timeout (plus
`GRACE_S`) has passed, even if the thread is still busy.

Per process: with `thbgraph serve --workers N`, N times as many.
"""

from __future__ import annotations

import asyncio
import threading
from collections import Counter
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import TypeVar

from service.cypher_guard import CypherTimedOut
from service.problems import Problem

T = TypeVar("T")
#: How long past the transaction's timeout the client waits for Neo4j's own answer.
GRACE_S = 5.0


def _begin(started: asyncio.Future[None]) -> None:
    """On the request's loop: its query has a thread now."""
    if not started.done():
        started.set_result(None)


class CypherPool:
    def __init__(self, workers: int, per_user: int) -> None:
        self.workers, self.per_user = workers, per_user
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="cypher")
        self._lock = threading.Lock()
        self._in_flight: Counter[str] = Counter()

    def in_flight(self, user: str) -> int:
        with self._lock:
            return self._in_flight[user]

    async def run(self, user: str, timeout: float, work: Callable[[], T]) -> T:
        """`work()` on the pool for `user`, whose transaction times out after `timeout` seconds:
        429 if they have `per_user` queries in flight, 503 if no thread was free within `timeout`."""
        with self._lock:
            if self._in_flight[user] >= self.per_user:
                raise Problem(429, "too-many-requests", f"you have {self.per_user} Cypher queries running: wait "
                              "for one to finish (one that Neo4j could not stop counts until it ends)",
                              headers={"Retry-After": str(int(timeout + GRACE_S))})
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
        future.add_done_callback(lambda _: self._done(user))  # also when cancelled before it started
        try:
            await asyncio.wait_for(asyncio.shield(started), timeout)
        except TimeoutError:
            if future.cancel():
                raise Problem(503, "cypher-busy", "every Cypher worker stayed busy: try again shortly",
                              headers={"Retry-After": str(int(timeout))}) from None
        try:
            return await asyncio.wait_for(asyncio.shield(asyncio.wrap_future(future)), timeout + GRACE_S)
        except TimeoutError:
            raise CypherTimedOut(f"the query ran longer than {timeout:g} s; Neo4j has not stopped it yet, and it "
                                 "counts as one of your running queries until it has") from None

    def _done(self, user: str) -> None:
        with self._lock:
            self._in_flight[user] -= 1
            if not self._in_flight[user]:
                del self._in_flight[user]

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
