"""PDF exports on a few renderers shared by every user, taken in turn, and a few exports per user.

Why: each export starts a Chromium (about 9 processes, 240 MB). Unbounded, one analyst sending six
network exports at once ran 54 Chromium processes (1.45 GB) and made another investigator's plain
`GET /persons/P002` eight times slower (security probe 3, finding 8); forty would have held every
thread of the service's shared pool. Here an export waits for one of `workers` threads of its own
(each runs one Chromium at a time), so at most `workers` Chromiums run per process whoever asks.
A free renderer goes to the waiting user with the fewest exports rendering (then the earliest), so
one user's queue never stands before another user's first export. A user has at most `per_user`
exports waiting or rendering: 429 beyond, with a Retry-After from the recent render times. An
export that found no renderer within `wait_s` is 503.

Per process: with `thbgraph serve --workers N`, N times as many.
"""

from __future__ import annotations

import asyncio
import itertools
import math
import threading
import time
from collections import Counter
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import TypeVar

from service.problems import Problem

T = TypeVar("T")
#: What one export is assumed to take before any has been timed (one network PDF alone: about 6 s).
FIRST_GUESS_S = 10.0


@dataclass
class _Waiter:
    seq: int
    user: str = field(compare=False)
    loop: asyncio.AbstractEventLoop = field(compare=False)
    granted: asyncio.Future[None] = field(compare=False)
    taken: bool = field(default=False, compare=False)  # a renderer is held for it (set under the lock)


class PdfPool:
    def __init__(self, workers: int, per_user: int, wait_s: float = 300.0) -> None:
        self.workers, self.per_user, self.wait_s = workers, per_user, wait_s
        self._executor = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="pdf")
        self._lock = threading.Lock()
        self._in_flight: Counter[str] = Counter()  # waiting or rendering, per user
        self._rendering: Counter[str] = Counter()
        self._waiting: list[_Waiter] = []
        self._seq = itertools.count()
        self._mean_s = FIRST_GUESS_S

    def in_flight(self, user: str) -> int:
        with self._lock:
            return self._in_flight[user]

    def rendering(self) -> int:
        with self._lock:
            return sum(self._rendering.values())

    async def run(self, user: str, work: Callable[[], T]) -> T:
        """`work()` (one export) on a renderer, for `user`."""
        loop = asyncio.get_running_loop()
        with self._lock:
            if self._in_flight[user] >= self.per_user:
                wait = math.ceil(self._mean_s * self._in_flight[user] / self.workers)
                raise Problem(429, "too-many-exports", f"you have {self.per_user} PDF exports waiting or being "
                              "printed: wait for one to finish", headers={"Retry-After": str(max(wait, 1))})
            self._in_flight[user] += 1
            waiter = _Waiter(next(self._seq), user, loop, loop.create_future())
            self._waiting.append(waiter)
            self._grant()
        try:
            try:
                await asyncio.wait_for(asyncio.shield(waiter.granted), self.wait_s)
            except TimeoutError:
                with self._lock:
                    if not waiter.taken:
                        self._waiting.remove(waiter)
                        raise Problem(503, "pdf-busy", "every PDF renderer stayed busy: try again shortly",
                                      headers={"Retry-After": str(math.ceil(self._mean_s))}) from None
            except asyncio.CancelledError:  # the client left while waiting: give the turn on
                with self._lock:
                    if waiter.taken:
                        self._release(user)
                    else:
                        self._waiting.remove(waiter)
                raise
            return await asyncio.shield(loop.run_in_executor(self._executor, self._timed, user, work))
        finally:
            with self._lock:
                self._in_flight[user] -= 1
                if not self._in_flight[user]:
                    del self._in_flight[user]

    def _timed(self, user: str, work: Callable[[], T]) -> T:
        started = time.monotonic()
        try:
            return work()
        finally:
            with self._lock:
                self._mean_s = 0.8 * self._mean_s + 0.2 * (time.monotonic() - started)
                self._release(user)

    def _grant(self) -> None:
        """Under the lock: give free renderers to the waiting users with the fewest rendering."""
        while self._waiting and sum(self._rendering.values()) < self.workers:
            waiter = min(self._waiting, key=lambda w: (self._rendering[w.user], w.seq))
            self._waiting.remove(waiter)
            try:
                waiter.loop.call_soon_threadsafe(_set, waiter.granted)
            except RuntimeError:  # its request's loop has closed: nobody to render for
                continue
            self._rendering[waiter.user] += 1
            waiter.taken = True

    def _release(self, user: str) -> None:
        """Under the lock: `user`'s renderer is free again."""
        self._rendering[user] -= 1
        if not self._rendering[user]:
            del self._rendering[user]
        self._grant()

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)


def _set(future: asyncio.Future[None]) -> None:
    if not future.done():
        future.set_result(None)
