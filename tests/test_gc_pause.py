"""The collector pause: off inside, back on after; only large blocks freeze."""

from __future__ import annotations

import gc

from queries.network.gc_pause import FREEZE_ABOVE, paused_gc


def test_the_collector_is_off_inside_and_back_on_after() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_small_block_freezes_nothing_a_large_one_freezes() -> None:
    gc.collect()
    frozen = gc.get_freeze_count()
    with paused_gc():
        small = [[i] for i in range(1000)]
    assert gc.get_freeze_count() == frozen
    with paused_gc():
        large = [[i] for i in range(FREEZE_ABOVE + 10)]
    try:
        assert gc.get_freeze_count() >= frozen + len(large)
    finally:
        gc.unfreeze()
    assert small and large


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
