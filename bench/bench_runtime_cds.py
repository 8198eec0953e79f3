"""The local runtime's start and stop, before and after issue 25 item 9: a class-data-sharing archive
of Neo4j's classes (graph/class_archive.py) and Bolt's Netty quiet period at the stop (5 s per group
before, 0 now).

Three modes, each with its database folder, started once untimed (the store, and the archive for
"after", are made then), then restarted `--runs` times, the modes alternating so that a change in
the machine's load falls on all. Printed per start: seconds until Neo4j answers, the JVM's CPU
seconds by then, and the seconds its stop took.

    .venv/bin/python -m bench.bench_runtime_cds [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from bench.bench_runtime_start import cpu_s
from graph.runtime import LocalNeo4j, free_port
from graph.settings import Settings

QUIET = "internal.dbms.bolt.netty_server_shutdown_quiet_period"


class QuietPeriod5(LocalNeo4j):
    """The runtime as before: Netty's default quiet period of 5 s at the stop."""

    def neo4j_settings(self, runtime: Path) -> dict[str, str]:
        return super().neo4j_settings(runtime) | {QUIET: "5"}


#: mode: (runtime class, class sharing)
MODES = {"before (no archive, quiet 5 s)": (QuietPeriod5, False),
         "no archive, quiet 0": (LocalNeo4j, False),
         "after (archive, quiet 0)": (LocalNeo4j, True)}


def start_stop(data_dir: Path, mode: str) -> tuple[float, float, float]:
    kind, sharing = MODES[mode]
    db = kind(Settings().model_copy(update={"class_sharing": sharing}), data_dir, free_port())
    began = time.perf_counter()
    db.start(say=lambda _: None)
    ready = time.perf_counter() - began
    assert db.process is not None
    cpu = cpu_s(db.process.pid)
    began = time.perf_counter()
    db.stop()
    return ready, cpu, time.perf_counter() - began


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    seen: dict[str, list[tuple[float, float, float]]] = {mode: [] for mode in MODES}
    with tempfile.TemporaryDirectory(prefix="thbgraph-bench-cds-") as tmp:
        folders = {mode: Path(tmp) / str(i) for i, mode in enumerate(MODES)}
        for mode in MODES:
            start_stop(folders[mode], mode)  # the store (and the archive, if absent): not timed
        for run in range(args.runs):
            for mode in MODES:
                ready, cpu, stop = start_stop(folders[mode], mode)
                seen[mode].append((ready, cpu, stop))
                print(f"run {run + 1} {mode:31}: ready {ready:6.2f} s, JVM CPU {cpu:5.2f} s, stop {stop:5.2f} s, "
                      f"load {os.getloadavg()[0]:.2f}", flush=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    for mode, runs in seen.items():
        ready, cpu, stop = (statistics.median(r[i] for r in runs) for i in range(3))
        print(f"{mode:31}: median ready {ready:.2f} s, JVM CPU {cpu:.2f} s, stop {stop:.2f} s, start+stop {ready + stop:.2f} s")


if __name__ == "__main__":
    main()
