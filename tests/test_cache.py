"""The service's cache under concurrent callers, against the real Neo4j (its counts are the fingerprint)."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from neo4j import Driver

from api.cache import FINGERPRINT_MAX_AGE_S, FINGERPRINT_REUSE_S, GraphCache

CALLERS = 20


class Counting:
    """A computation that counts its calls and can be held until released."""

    def __init__(self, value: Any = "v1") -> None:
        self.value, self.calls = value, 0
        self.started, self.release = threading.Event(), threading.Event()
        self.release.set()
        self._lock = threading.Lock()

    def __call__(self) -> Any:
        with self._lock:
            self.calls += 1
        self.started.set()
        assert self.release.wait(10)
        return self.value


def _together(cache: GraphCache, compute: Counting, callers: int = CALLERS) -> list[Any]:
    barrier = threading.Barrier(callers)

    def one(_: int) -> Any:
        barrier.wait()
        return cache.get("key", compute)

    with ThreadPoolExecutor(callers) as pool:
        return list(pool.map(one, range(callers)))


def test_callers_arriving_together_compute_once(driver: Driver) -> None:
    cache, compute = GraphCache(driver, None, ttl=60, max_entries=4), Counting()
    compute.release.clear()
    threading.Timer(0.2, compute.release.set).start()  # long enough for every caller to arrive
    assert _together(cache, compute) == ["v1"] * CALLERS
    assert compute.calls == 1


def test_a_value_past_its_ttl_is_served_while_one_caller_refreshes_it(driver: Driver) -> None:
    cache = GraphCache(driver, None, ttl=0.05, max_entries=4)
    assert cache.get("key", Counting("v1")) == "v1"
    time.sleep(0.1)
    refresh = Counting("v2")
    refresh.release.clear()
    refreshing = ThreadPoolExecutor(1).submit(cache.get, "key", refresh)
    assert refresh.started.wait(10)
    # The others do not wait for the refresh, and do not start one of their own.
    others = Counting("never")
    assert _together(cache, others, CALLERS - 1) == ["v1"] * (CALLERS - 1)
    assert others.calls == 0
    refresh.release.set()
    assert refreshing.result(10) == "v2"
    assert cache.get("key", others) == "v2" and others.calls == 0


def test_after_a_change_to_the_graph_everyone_waits_for_the_new_value(driver: Driver) -> None:
    cache = GraphCache(driver, None, ttl=60, max_entries=4)
    assert cache.get("key", Counting("old")) == "old"
    driver.execute_query("CREATE (:Person {person_id: 'P-cache-test'})")
    time.sleep(FINGERPRINT_MAX_AGE_S)
    fresh = Counting("new")
    fresh.release.clear()
    threading.Timer(0.2, fresh.release.set).start()
    assert _together(cache, fresh) == ["new"] * CALLERS
    assert fresh.calls == 1


class SlowToAnswer:
    """The real driver, answering late: as Neo4j does while its JVM pauses."""

    def __init__(self, driver: Driver, delay: float) -> None:
        self.driver, self.delay = driver, delay

    def execute_query(self, *args: Any, **kwargs: Any) -> Any:
        time.sleep(self.delay)
        return self.driver.execute_query(*args, **kwargs)


def test_while_one_caller_rereads_the_counts_the_others_do_not_wait(driver: Driver) -> None:
    slow = SlowToAnswer(driver, delay=0)
    cache = GraphCache(slow, None, ttl=60, max_entries=4)  # type: ignore[arg-type]
    assert cache.get("key", Counting("v1")) == "v1"
    slow.delay = 0.3
    time.sleep(FINGERPRINT_REUSE_S)
    rereading = ThreadPoolExecutor(1).submit(cache.get, "key", Counting("never"))
    time.sleep(0.05)
    started = time.monotonic()
    assert _together(cache, Counting("never"), CALLERS - 1) == ["v1"] * (CALLERS - 1)
    assert time.monotonic() - started < 0.2
    assert not rereading.done()
    assert rereading.result(10) == "v1"


def test_when_the_computing_caller_fails_a_waiting_one_computes(driver: Driver) -> None:
    cache = GraphCache(driver, None, ttl=60, max_entries=4)
    held, failing = threading.Event(), threading.Event()

    def fail() -> str:
        failing.set()
        assert held.wait(10)
        raise RuntimeError("Neo4j went away")

    first = ThreadPoolExecutor(1).submit(cache.get, "key", fail)
    assert failing.wait(10)
    second = ThreadPoolExecutor(1).submit(cache.get, "key", Counting("v1"))
    time.sleep(0.1)
    assert not second.done()  # waiting for the first caller's value
    held.set()
    with pytest.raises(RuntimeError, match="went away"):
        first.result(10)
    assert second.result(10) == "v1"


def test_a_value_computed_across_a_clear_is_not_kept(driver: Driver) -> None:
    cache, before = GraphCache(driver, None, ttl=60, max_entries=4), Counting("before")
    before.release.clear()
    computing = ThreadPoolExecutor(1).submit(cache.get, "key", before)
    assert before.started.wait(10)
    cache.clear()  # as an upload through the API does
    before.release.set()
    assert computing.result(10) == "before"  # its caller asked before the clear
    assert cache.get("key", Counting("after")) == "after"


def test_least_recently_used_values_go_first(driver: Driver) -> None:
    cache = GraphCache(driver, None, ttl=60, max_entries=2)
    for key in ("a", "b"):
        cache.get(key, lambda key=key: key)
    cache.get("a", Counting("recomputed"))  # a hit: "a" becomes the most recent
    cache.get("c", lambda: "c")
    assert cache.get("a", Counting("recomputed")) == "a"
    assert cache.get("b", Counting("recomputed")) == "recomputed"
