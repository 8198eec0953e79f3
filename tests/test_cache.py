"""The service's cache under concurrent callers, against the real Neo4j (its counts are the fingerprint).

No test here races the wall clock (test-audit findings 4-6): time is a clock the test moves,
and "the others waited" is seen on the waits themselves, not guessed from sleeps.
"""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest
from neo4j import Driver

import service.cache
from service.cache import FINGERPRINT_MAX_AGE_S, FINGERPRINT_REUSE_S, GraphCache

CALLERS = 20


class Clock:
    """Time as the test says: it moves only when told to."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


class Waits:
    """Counts callers blocked on a value being computed (every `_Flight.done.wait`)."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.count, self.changed = 0, threading.Condition()
        waits = self

        class CountedEvent(threading.Event):
            def wait(self, timeout: float | None = None) -> bool:
                with waits.changed:
                    waits.count += 1
                    waits.changed.notify_all()
                return super().wait(timeout)

        monkeypatch.setattr(service.cache, "_Flight", lambda: type("F", (), {"done": CountedEvent()})())

    def until(self, n: int) -> None:
        with self.changed:
            assert self.changed.wait_for(lambda: self.count >= n, timeout=30), (self.count, n)


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


def test_callers_arriving_together_compute_once(driver: Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    waits = Waits(monkeypatch)
    cache, compute = GraphCache(driver, None, ttl=60, max_entries=4, clock=Clock()), Counting()
    compute.release.clear()
    results = ThreadPoolExecutor(1).submit(_together, cache, compute)
    waits.until(CALLERS - 1)  # every other caller is waiting on the one computing
    compute.release.set()
    assert results.result(30) == ["v1"] * CALLERS
    assert compute.calls == 1


def test_a_value_past_its_ttl_is_served_while_one_caller_refreshes_it(driver: Driver) -> None:
    clock = Clock()
    cache = GraphCache(driver, None, ttl=10, max_entries=4, clock=clock)
    assert cache.get("key", Counting("v1")) == "v1"
    clock.now += 11
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


def test_after_a_change_to_the_graph_everyone_waits_for_the_new_value(
    driver: Driver, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits, clock = Waits(monkeypatch), Clock()
    cache = GraphCache(driver, None, ttl=60, max_entries=4, clock=clock)
    assert cache.get("key", Counting("old")) == "old"
    driver.execute_query("CREATE (:Person {person_id: 'P-cache-test'})")
    clock.now += FINGERPRINT_MAX_AGE_S
    fresh = Counting("new")
    fresh.release.clear()
    results = ThreadPoolExecutor(1).submit(_together, cache, fresh)
    assert fresh.started.wait(30)
    waits.until(CALLERS - 1)  # the old value is not served: they wait for the new one
    fresh.release.set()
    assert results.result(30) == ["new"] * CALLERS
    assert fresh.calls == 1


class HeldAnswer:
    """The real driver, its answer held until released: as while Neo4j's JVM pauses."""

    def __init__(self, driver: Driver) -> None:
        self.driver, self.entered, self.release = driver, threading.Event(), threading.Event()
        self.release.set()

    def execute_query(self, *args: Any, **kwargs: Any) -> Any:
        self.entered.set()
        assert self.release.wait(30)
        return self.driver.execute_query(*args, **kwargs)


def test_while_one_caller_rereads_the_counts_the_others_do_not_wait(driver: Driver) -> None:
    held, clock = HeldAnswer(driver), Clock()
    cache = GraphCache(held, None, ttl=60, max_entries=4, clock=clock)  # type: ignore[arg-type]
    assert cache.get("key", Counting("v1")) == "v1"
    held.entered.clear()
    held.release.clear()
    clock.now += FINGERPRINT_REUSE_S  # due for a re-read, young enough to be used meanwhile
    rereading = ThreadPoolExecutor(1).submit(cache.get, "key", Counting("never"))
    assert held.entered.wait(30)  # it is the one reading, and Neo4j holds its answer
    others = Counting("never")
    assert _together(cache, others, CALLERS - 1) == ["v1"] * (CALLERS - 1)  # returned while it is held
    assert others.calls == 0 and not rereading.done()
    held.release.set()
    assert rereading.result(30) == "v1"


def test_when_the_computing_caller_fails_a_waiting_one_computes(driver: Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    waits = Waits(monkeypatch)
    cache = GraphCache(driver, None, ttl=60, max_entries=4, clock=Clock())
    held, failing = threading.Event(), threading.Event()

    def fail() -> str:
        failing.set()
        assert held.wait(10)
        raise RuntimeError("Neo4j went away")

    first = ThreadPoolExecutor(1).submit(cache.get, "key", fail)
    assert failing.wait(10)
    second = ThreadPoolExecutor(1).submit(cache.get, "key", Counting("v1"))
    waits.until(1)  # waiting for the first caller's value
    assert not second.done()
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
