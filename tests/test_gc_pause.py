"""The collector pause: off inside, back on after; only large blocks freeze."""

from __future__ import annotations

import gc
import subprocess
import sys

from queries.network.gc_pause import paused_gc
from tests.paths import ROOT


def test_the_collector_is_off_inside_and_back_on_after() -> None:
    assert gc.isenabled()
    with paused_gc():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_small_block_freezes_nothing_a_large_one_freezes() -> None:
    # In a process of its own: undoing the freeze afterwards (gc.unfreeze) would also thaw what an
    # app made earlier in this test session froze at its start.
    script = """
import gc
from queries.network.gc_pause import FREEZE_ABOVE, paused_gc
gc.collect()
frozen = gc.get_freeze_count()
with paused_gc():
    small = [[i] for i in range(1000)]
assert gc.get_freeze_count() == frozen, "a small block froze"
with paused_gc():
    large = [[i] for i in range(FREEZE_ABOVE + 10)]
assert gc.get_freeze_count() >= frozen + len(large), "a large block did not freeze"
assert small and large
"""
    done = subprocess.run([sys.executable, "-c", script], cwd=ROOT, capture_output=True, text=True, timeout=120,
                          check=False)
    assert done.returncode == 0, done.stderr


def test_a_disabled_collector_stays_disabled() -> None:
    gc.disable()
    try:
        with paused_gc():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
