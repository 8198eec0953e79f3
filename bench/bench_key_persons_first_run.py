"""The whole `thbgraph key-persons --all` command, the first run after Neo4j starts, source trees side by side.

    git archive OLD | tar -x -C /tmp/old
    .venv/bin/python -m bench.bench_key_persons --sizes 100000 --keep DIR --load-only
    .venv/bin/python -m bench.bench_key_persons_first_run --keep DIR/100000 --tree before=/tmp/old \\
        --tree after=. [--reps 2] [--modes warm-up cold]

One kept database (bench/bench_key_persons.py ``--keep``), started once. Each tree gets a
THBGRAPH_HOME of its own, primed by one `key-persons --all` (arrays, structure and the note of the
persons shown kept, as after any earlier run on an unchanged graph). Then, ``--reps`` times, for
each mode and each tree in turn (the order flipped every rep, so both meet the same load): Neo4j
restarted; with ``warm-up``, the tree's warm-up of `thbgraph neo4j start` run to its end
(`python -m queries.key_persons.warm_up URI`); a process that only imports what the command imports
up front (`IMPORTS`); then the tree's `thbgraph key-persons --all` (its
pyproject entry point, a fresh interpreter of this virtualenv with the tree first on the path).
Printed: each process's wall time, when each progress line came (seconds from the process's
start: the first one comes after the imports, the connection and the schema reads), the load
average, whether every run printed the same, and the ratio of the trees' walls per rep and mode.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.bench_key_persons import loaded
from bench.bench_small_load import entry_point
from graph.bolt_auth import USER, password_file
from graph.runtime import LocalNeo4j


def credentials(db: LocalNeo4j) -> dict[str, str]:
    """The runtime's user and password, given outright: its entry in the cache's registry is shared
    with every other runtime of the machine's user, and one run lost it to another's."""
    return {"NEO4J_USER": USER, "NEO4J_PASSWORD": password_file(db.data_dir).read_text().strip()}


def command(db: LocalNeo4j, tree: Path, home: Path) -> tuple[float, list[tuple[float, str]], str]:
    """The tree's `key-persons --all` (its table and panel, as a user sees them): wall seconds,
    progress lines timed, a digest of what it printed."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "THBGRAPH_HOME"))}
    env |= {"NEO4J_URI": db.uri, "THBGRAPH_HOME": str(home), "PYTHONPATH": str(tree)} | credentials(db)
    with tempfile.TemporaryFile() as printed:  # a file: the panel alone outgrows a pipe's buffer
        started = time.perf_counter()
        child = subprocess.Popen([sys.executable, "-c", entry_point(tree), "key-persons", "--all"],
                                 cwd=tree, env=env, stdout=printed, stderr=subprocess.PIPE, text=True)
        assert child.stderr is not None
        lines = [(time.perf_counter() - started, line.rstrip()) for line in child.stderr]
        code = child.wait()
        printed.seek(0)
        out = printed.read().decode()
    if code:
        raise SystemExit(f"{tree}: key-persons --all failed:\n" + "\n".join(line for _, line in lines[-30:]))
    wall = time.perf_counter() - started
    return wall, lines, hashlib.sha256(out.encode()).hexdigest()[:16]


#: What `thbgraph key-persons --all` imports before it connects (cli/key_persons.py), as the program does.
IMPORTS = ("from cli.lean_driver import driver_without_pandas; driver_without_pandas(); import cli.main; "
           "from cli.render import key_persons_table; from graph.local import database; "
           "from queries.key_persons.gds.centrality import structure_in_database; "
           "from queries.key_persons.rank_all import rank_whole_database")


def imports(tree: Path) -> float:
    """Wall seconds of a fresh interpreter that only imports what the command imports up front."""
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", IMPORTS], cwd=tree, env=os.environ | {"PYTHONPATH": str(tree)}, check=True)
    return time.perf_counter() - started


def warm_up(db: LocalNeo4j, tree: Path, home: Path) -> str:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NEO4J_", "THBGRAPH_HOME"))}
    env |= {"THBGRAPH_HOME": str(home), "PYTHONPATH": str(tree)} | credentials(db)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-m", "queries.key_persons.warm_up", db.uri], cwd=tree, env=env,
                          capture_output=True, text=True, check=True)
    return f"warm-up {time.perf_counter() - started:.1f} s ({done.stdout.strip()})"


def restart(db: LocalNeo4j) -> float:
    started = time.perf_counter()
    db.stop()
    db.start(say=lambda _: None)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", type=Path, required=True, help="a kept database (bench_key_persons --keep DIR/SIZE)")
    parser.add_argument("--tree", action="append", required=True, metavar="NAME=DIR")
    parser.add_argument("--reps", type=int, default=2)
    parser.add_argument("--modes", nargs="+", default=["warm-up", "cold"], choices=["warm-up", "cold"])
    parser.add_argument("--homes", type=Path, default=Path("/tmp/bench-key-persons-first-run"))
    args = parser.parse_args()
    trees = {name: Path(folder).resolve() for name, folder in (t.split("=", 1) for t in args.tree)}
    homes = {name: args.homes / name for name in trees}
    size = json.loads((args.keep / "loaded.json").read_text())["persons"]
    walls: dict[tuple[int, str], dict[str, float]] = {}
    printed: set[str] = set()
    with loaded(size, "bundle", args.keep) as db:
        print(f"start {time.strftime('%H:%M:%S', time.gmtime())} UTC, load {os.getloadavg()[0]:.1f}", flush=True)
        for name, tree in trees.items():
            homes[name].mkdir(parents=True, exist_ok=True)
            wall, _, top = command(db, tree, homes[name])
            printed.add(top)
            print(f"{name}: primed in {wall:.1f} s", flush=True)
        for rep in range(args.reps):
            for mode in args.modes:
                for name in (list(trees) if rep % 2 == 0 else list(trees)[::-1]):
                    said = f"restart {restart(db):.1f} s"
                    if mode == "warm-up":
                        said += ", " + warm_up(db, trees[name], homes[name])
                    said += f", its imports alone {imports(trees[name]):.2f} s"
                    load = os.getloadavg()[0]
                    wall, lines, top = command(db, trees[name], homes[name])
                    printed.add(top)
                    walls.setdefault((rep, mode), {})[name] = wall
                    print(f"## rep {rep + 1} {mode} {name}: {wall:.2f} s, load {load:.1f} -> {os.getloadavg()[0]:.1f} "
                          f"({said})", flush=True)
                    for at, line in lines:
                        print(f"   {at:7.2f}  {line[:110]}", flush=True)
        print(f"end {time.strftime('%H:%M:%S', time.gmtime())} UTC, load {os.getloadavg()[0]:.1f}", flush=True)
    names = list(trees)
    for (rep, mode), by in walls.items():
        ratio = "" if len(names) < 2 else f"; {names[-1]}/{names[0]} = {by[names[-1]] / by[names[0]]:.2f}"
        print(f"rep {rep + 1} {mode}: " + ", ".join(f"{n} {by[n]:.2f} s" for n in names) + ratio)
    print("the same output in every run" if len(printed) == 1 else f"OUTPUTS DIFFER: {sorted(printed)}")


if __name__ == "__main__":
    main()
