"""The benchmarks (docs/benchmarks.md), each run as `python -m bench.NAME`."""

from __future__ import annotations

import signal


def _stopped(signum: int, _frame: object) -> None:
    raise SystemExit(128 + signum)


# Stopped by `timeout` or a closed terminal (SIGTERM, SIGHUP), a benchmark unwinds as after Ctrl-C: its
# `with` blocks stop their JVMs and remove their stores (517 MB each were found left in /tmp). Under
# pytest (tests import some benchmarks) tests/conftest.py has set its own handler first.
for _sig in (signal.SIGTERM, signal.SIGHUP):
    if signal.getsignal(_sig) is signal.SIG_DFL:
        signal.signal(_sig, _stopped)
