"""nomenklatura in a process of its own, for the service: its name tables take 10-60 s to build, in
a call that holds the interpreter's lock all along. Built on a thread of the service, they stopped
every request of that worker for as long (and uvicorn took a worker that did not answer its pings
for dead). In a child process they are built at the service's start without stopping anything, and
pairs the score file (resolve/scores.py) does not hold are scored there.
"""

from __future__ import annotations

import logging
import multiprocessing
import os
import time
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool

from resolve.candidates import Candidate, Record, score, warm

log = logging.getLogger("thbgraph.api")


def _warm() -> float:
    started = time.monotonic()
    warm()
    return time.monotonic() - started


class MatchProcess:
    """One child process that scores pairs; `start` has it load nomenklatura at once."""

    def __init__(self) -> None:
        # spawn: the service's threads (uvicorn, the driver's) are not forked half-held. Niced: the
        # 7-10 CPU s of the load give way to requests on a busy machine.
        self.pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                        initializer=os.nice, initargs=(10,))

    def start(self) -> None:
        self.pool.submit(_warm).add_done_callback(
            lambda f: log.info("matcher ready (nomenklatura loaded in %.1f s)", f.result()) if not f.exception() else None)

    def score(self, a: Record, b: Record) -> Candidate:
        """`candidates.score` in the child; in this process if the child is gone."""
        try:
            return self.pool.submit(score, a, b).result()
        except BrokenProcessPool:
            log.warning("the matcher's process is gone: scoring in the service's own")
            return score(a, b)

    def close(self) -> None:
        """Stop the child now: a load in progress is not waited for (the service's exit would wait for
        it, and a stop would take up to a minute)."""
        processes = list(getattr(self.pool, "_processes", {}).values())  # no public way before Python 3.14
        self.pool.shutdown(wait=False, cancel_futures=True)
        for process in processes:
            process.terminate()
        for process in processes:
            process.join(10)
