"""The PDF pool alone (service/pdf_pool.py), with exports that wait for the test: at most `workers`
render at once, a user's exports beyond `per_user` are refused with 429 and a Retry-After, a free
renderer goes to another user's first export before one user's queue, and a client that leaves
gives its turn on."""

from __future__ import annotations

import asyncio
import threading

import pytest

from service.pdf_pool import PdfPool
from service.problems import Problem


def _run(scenario) -> None:  # noqa: ANN001
    """`asyncio.run` on a thread of its own: once the session's Chromium is up (sync Playwright, any
    browser test run before this module), the main thread holds Playwright's running loop."""
    failure: list[BaseException] = []

    def main() -> None:
        try:
            asyncio.run(scenario())
        except BaseException as exc:  # noqa: BLE001 (raised again in the test's thread)
            failure.append(exc)

    thread = threading.Thread(target=main)
    thread.start()
    thread.join()
    if failure:
        raise failure[0]


async def _until(condition, what: str) -> None:  # noqa: ANN001
    for _ in range(2000):
        if condition():
            return
        await asyncio.sleep(0.005)
    raise AssertionError(f"never: {what}")


def test_renderers_are_bounded_shared_in_turn_and_limited_per_user() -> None:
    async def scenario() -> None:
        pool = PdfPool(workers=2, per_user=3)
        started: list[str] = []
        gates: dict[str, threading.Event] = {}

        def export(name: str):  # noqa: ANN202
            gates[name] = threading.Event()

            def work() -> str:
                started.append(name)
                assert gates[name].wait(30)
                return name
            return work

        a = [asyncio.create_task(pool.run("ana", export(f"a{i}"))) for i in range(3)]
        await _until(lambda: len(started) == 2, "two of ana's exports rendering")
        assert pool.rendering() == 2 and pool.in_flight("ana") == 3
        with pytest.raises(Problem) as refused:  # her fourth: 429, whatever is free
            await pool.run("ana", export("a3"))
        assert refused.value.status == 429 and refused.value.slug == "too-many-exports"
        assert int(refused.value.headers["Retry-After"]) >= 1
        b = asyncio.create_task(pool.run("ivan", export("b0")))
        await _until(lambda: pool.in_flight("ivan") == 1, "ivan's export waiting")
        assert started == ["a0", "a1"]  # no third renderer for him
        gates["a0"].set()
        await _until(lambda: len(started) == 3, "a renderer given on")
        assert started[2] == "b0"  # his first export before her queued one
        for gate in ("a1", "b0"):
            gates[gate].set()
        await _until(lambda: len(started) == 4, "her last export")
        gates["a2"].set()
        assert await asyncio.gather(*a, b) == ["a0", "a1", "a2", "b0"]
        assert pool.rendering() == 0 and pool.in_flight("ana") == pool.in_flight("ivan") == 0
        pool.close()

    _run(scenario)


def test_a_client_that_leaves_while_waiting_gives_its_turn_on() -> None:
    async def scenario() -> None:
        pool = PdfPool(workers=1, per_user=2)
        gate, ran = threading.Event(), []

        def blocking() -> None:
            ran.append("first")
            assert gate.wait(30)

        first = asyncio.create_task(pool.run("ana", blocking))
        await _until(lambda: ran == ["first"], "the first rendering")
        left = asyncio.create_task(pool.run("ana", lambda: ran.append("left")))
        await _until(lambda: pool.in_flight("ana") == 2, "the second waiting")
        left.cancel()
        await asyncio.gather(left, return_exceptions=True)
        assert pool.in_flight("ana") == 1
        gate.set()
        await first
        await pool.run("ivan", lambda: ran.append("next"))  # the renderer is free, not held by the one that left
        assert ran == ["first", "next"] and pool.rendering() == 0
        pool.close()

    _run(scenario)
