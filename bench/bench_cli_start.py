"""CPU seconds of the CLI's answers that need no database: help and argument errors.

    .venv/bin/python -m bench.bench_cli_start --runs 5

Each command runs in a fresh process; the figure is that process's user + system CPU time
(resource.getrusage of the child), the median and the worst of ``--runs``.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
from pathlib import Path

THBGRAPH = Path(sys.executable).parent / "thbgraph"
COMMANDS = (
    ["--help"],
    ["load", "--help"],
    ["key-persons", "--help"],
    ["match", "list", "--help"],
    ["export", "--help"],
    ["key-persons", "--no-such-option"],
    ["load"],
)


def cpu_seconds(args: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([str(THBGRAPH), *args], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    print(f"{'command':40} {'median CPU s':>12} {'worst':>8}")
    for args in COMMANDS:
        times = [cpu_seconds(args) for _ in range(runs)]
        print(f"{'thbgraph ' + ' '.join(args):40} {statistics.median(times):12.2f} {max(times):8.2f}")


if __name__ == "__main__":
    main()
