"""Pausing Python's cyclic garbage collector while building or analysing a large network.

A 100k-person network is millions of small objects (links, tuples, dict entries).
Each allocation burst triggers collections that walk every live object again: with
the collector on, projecting and ranking 100k persons took twice as long. Nothing
built here needs the collector: it is acyclic, and reference counting frees it.

On leaving a block that built a great deal (over `FREEZE_ABOVE` objects the collector
tracks), what exists goes to the permanent generation (`gc.freeze`) before the collector
comes back: otherwise its first collection walks all those objects at once (0.5-1 s after
a 100k projection). Frozen objects are still freed by reference counting; the price is
that cyclic garbage frozen with them (a few driver and thread objects, or another request's
in the service) is never collected. Small blocks, such as the service's cases, never
freeze, so a long-running service does not accumulate it call after call.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

#: Net objects allocated in the block (gc's generation-0 count) above which freezing pays:
#: a 100k-person projection makes millions, a case of a few hundred persons thousands.
FREEZE_ABOVE = 1_000_000


@contextmanager
def paused_gc() -> Iterator[None]:
    """Turn the cyclic collector off for the block; on leaving it, freeze what exists if the
    block built a great deal, and turn the collector back on if it was on."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            if gc.get_count()[0] > FREEZE_ABOVE:
                gc.freeze()
            gc.enable()
