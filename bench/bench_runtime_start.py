"""What loading OpenGDS costs the local runtime: start time and memory, with and without it.

Each mode gets its own database folder, started once untimed (the store is created then), then
restarted `--runs` times, the modes alternating so that a change in the machine's load falls on
both. Printed per start: seconds until Neo4j answers, the CPU seconds its JVM used by then, and its resident memory then.

    .venv/bin/python -m bench.bench_runtime_start [--runs 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

from graph.runtime import LocalNeo4j, free_port
from graph.settings import Settings

MODES = ("on", "off")


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError(f"no VmRSS for {pid}")


def cpu_s(pid: int) -> float:
    """User and system CPU seconds the process has used: less swayed by the machine's load than wall time."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def start_once(data_dir: Path, gds: str) -> tuple[float, float, float]:
    db = LocalNeo4j(Settings().model_copy(update={"gds": gds}), data_dir, free_port())  # "on" or "off"
    began = time.perf_counter()
    db.start(say=lambda _: None)
    took = time.perf_counter() - began
    try:
        assert db.process is not None
        return took, cpu_s(db.process.pid), rss_mb(db.process.pid)
    finally:
        db.stop()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    print(f"load average before: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    seen: dict[str, list[tuple[float, float, float]]] = {mode: [] for mode in MODES}
    with tempfile.TemporaryDirectory(prefix="thbgraph-bench-start-") as tmp:
        for mode in MODES:
            start_once(Path(tmp) / mode, mode)  # creates the store: not timed
        for run in range(args.runs):
            for mode in MODES:
                took, cpu, rss = start_once(Path(tmp) / mode, mode)
                seen[mode].append((took, cpu, rss))
                print(f"run {run + 1} GDS {mode:3}: start {took:6.2f} s, JVM CPU {cpu:6.2f} s, "
                      f"resident {rss:5.0f} MB, load {os.getloadavg()[0]:.2f}", flush=True)
    print(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    medians = {mode: [statistics.median(run[i] for run in seen[mode]) for i in range(3)] for mode in MODES}
    for mode, (took, cpu, rss) in medians.items():
        print(f"GDS {mode:3}: median start {took:.2f} s (min {min(r[0] for r in seen[mode]):.2f}, max "
              f"{max(r[0] for r in seen[mode]):.2f}), CPU {cpu:.2f} s, resident {rss:.0f} MB")
    (on_t, on_c, on_r), (off_t, off_c, off_r) = medians["on"], medians["off"]
    print(f"GDS adds {on_t - off_t:+.2f} s to a start ({on_t / off_t:.2f}x), {on_c - off_c:+.2f} CPU s "
          f"({on_c / off_c:.2f}x) and {on_r - off_r:+.0f} MB resident")

if __name__ == "__main__":
    main()
