"""A 100-person case by `thbgraph load`, end to end, from source trees side by side (issue 25 item 5).

    git archive OLD | tar -x -C /tmp/old
    .venv/bin/python -m bench.bench_small_load --tree before=/tmp/old --tree after=. [--runs 5]

One scratch Neo4j (started once, a warm-up case loaded in this process), then `--runs` rounds: in
each, every tree loads a 100-person case of its own (ids prefixed) through its own `thbgraph`
entry point (pyproject's [project.scripts], run in a fresh interpreter of this virtualenv with the
tree first on the path), and `thbgraph --help` likewise, so the trees meet the same database,
machine and load. The figures are each process's wall time and CPU time (user + system); the
medians per tree, and the load average.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tomllib
from pathlib import Path

from bench.bench_case_load import case_bundle, load_average
from bench.common import scratch_neo4j
from ingest.generate import generate_bundle
from ingest.writer import load_bundle


def entry_point(tree: Path) -> str:
    """The tree's `thbgraph` as Python code, as the console script pip writes for it runs it."""
    scripts = tomllib.loads((tree / "pyproject.toml").read_text())["project"]["scripts"]
    module, name = scripts["thbgraph"].split(":")
    return f"import sys; from {module} import {name}; sys.exit({name}())"


def timed(command: list[str], env: dict[str, str], cwd: Path) -> tuple[float, float]:
    """(wall, CPU) seconds of one child process, which must succeed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, cwd=cwd, capture_output=True, text=True, check=False)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", action="append", required=True, metavar="NAME=DIR",
                        help="a source tree to run `thbgraph` from (repeat)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--persons", type=int, default=100)
    args = parser.parse_args()
    trees = {name: Path(folder).resolve() for name, folder in (t.split("=", 1) for t in args.tree)}
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
    helps: dict[str, list[tuple[float, float]]] = {name: [] for name in trees}
    with tempfile.TemporaryDirectory(prefix="thbgraph-bench-small-") as tmp, scratch_neo4j() as (driver, uri):
        work = Path(tmp)
        generate_bundle(work / "template", persons=args.persons, seed=args.persons)
        load_bundle(driver, case_bundle(work / "template", work / "warm", "W-"))
        base = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "PYTHON"))} | {"NEO4J_URI": uri}
        print(f"{args.persons}-person cases into a scratch Neo4j at {uri}; load average {load_average()}", flush=True)
        for run in range(args.runs):
            for name, tree in trees.items():
                case = case_bundle(work / "template", work / f"{name}-{run}", f"{name}{run}-")
                env = base | {"PYTHONPATH": str(tree)}
                wall, cpu = timed([sys.executable, "-c", entry_point(tree), "load", str(case)], env, tree)
                times[name].append((wall, cpu))
                help_wall, help_cpu = timed([sys.executable, "-c", entry_point(tree), "--help"], env, tree)
                helps[name].append((help_wall, help_cpu))
                print(f"  run {run} {name:>8}: `thbgraph load` {wall:.2f} s wall, {cpu:.2f} s CPU; `thbgraph --help` "
                      f"{help_wall:.2f} s wall, {help_cpu:.2f} s CPU; load average {load_average()}", flush=True)
    for what, measured in (("load", times), ("--help", helps)):
        for name, got in measured.items():
            walls, cpus = [w for w, _ in got], [c for _, c in got]
            print(f"{name:>8} `thbgraph {what}`: median {statistics.median(walls):.2f} s wall (runs "
                  f"{' '.join(f'{w:.2f}' for w in walls)}), {statistics.median(cpus):.2f} s CPU (runs "
                  f"{' '.join(f'{c:.2f}' for c in cpus)})")
    print(f"load average {load_average()}")


if __name__ == "__main__":
    main()
