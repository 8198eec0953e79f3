"""Ingest throughput: `thbgraph load` (all or nothing, through Cypher), `thbgraph load --initial`
(neo4j-admin database import into an empty database) and a naive one-row-per-transaction loader.

    .venv/bin/python -m bench.bench_ingest [--persons 100000] [--naive-rows 5000] [--repeat 1]
    .venv/bin/python -m bench.bench_ingest --initial-only --persons 1000000 [--bundle DIR]
        [--tree before=DIR --tree after=. --runs 2]

Prints rows/s of each, validation included, and peak memory: RSS of a child process that
does only that load, so the figure is the loader's own (for --initial, also the importer's
JVM, a process of its own). With --tree, `load --initial` of each source tree (e.g. `git archive`
of an older commit) takes turns on the same bundle, each in a child run from that tree, --runs times.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from neo4j import Driver

from bench.common import empty_database, jvm_cpu_seconds, scratch_neo4j
from graph.sealing import KEY_VARIABLE, Sealer, new_key, parse_key
from ingest.bundle import TABLES, read_bundle
from ingest.generate import generate_bundle
from ingest.victim_rows import Touched
from ingest.writer import _params, graph_known_ids

# What a py2neo-era script does: one MERGE per row, one transaction per row.
NAIVE = {
    "persons": "MERGE (p:Person {person_id: $person_id}) SET p.name = $name",
    "businesses": "MERGE (b:Business {business_id: $business_id}) SET b.name = $name",
}


def naive_load(driver: Driver, bundle, limit: int) -> tuple[int, float]:
    rows = 0
    sealer = Sealer.from_key(parse_key(new_key()))
    started = time.perf_counter()
    for table in ("persons", "businesses"):
        for row in bundle.rows(table):
            if rows >= limit:
                break
            values = _params(table, row, sealer, Touched())
            with driver.session() as session:
                session.execute_write(lambda tx: tx.run(NAIVE[table], values).consume())
            rows += 1
    return rows, time.perf_counter() - started


def child_load(uri: str, path: str, jvm_pid: str) -> None:
    """Runs in a child process: load (as `load_bundle` does, timing validation apart), then report
    time, peak RSS, and the CPU seconds of this loader and of Neo4j's JVM during the load."""
    from graph.db import connect  # noqa: PLC0415
    from graph.sealing import sealer_for  # noqa: PLC0415
    from graph.settings import Settings  # noqa: PLC0415
    from ingest.writer import validate_bundle, write_bundle  # noqa: PLC0415

    with connect(Settings(), uri=uri) as driver:
        started, server_cpu = time.perf_counter(), jvm_cpu_seconds(int(jvm_pid))
        client_cpu = time.process_time()
        bundle = validate_bundle(driver, Path(path))
        validated = time.perf_counter()
        try:
            write_bundle(driver, bundle, sealer=sealer_for(Settings(), create=True))
        finally:
            bundle.close()
        seconds = time.perf_counter() - started
        server_cpu = jvm_cpu_seconds(int(jvm_pid)) - server_cpu
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"rows": sum(bundle.counts.values()), "seconds": seconds, "validation": validated - started,
                      "peak_mb": peak_mb, "client_cpu": time.process_time() - client_cpu, "server_cpu": server_cpu}))


def child_naive(uri: str, path: str, limit: str) -> None:
    """Runs in a child process: the naive loader over the first `limit` rows, then time and peak RSS."""
    from graph.db import connect  # noqa: PLC0415
    from graph.settings import Settings  # noqa: PLC0415

    with connect(Settings(), uri=uri) as driver:
        bundle = read_bundle(Path(path), known_ids=graph_known_ids(driver))
        rows, seconds = naive_load(driver, bundle, int(limit))
        bundle.close()
    print(json.dumps({"rows": rows, "seconds": seconds,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))


def child_initial(path: str) -> None:
    """Runs in a child process: the initial bulk load into a fresh data folder, then time and peak RSS."""
    from graph.settings import Settings  # noqa: PLC0415
    from ingest.bulk import import_bundle  # noqa: PLC0415

    sealer = Sealer.from_key(parse_key(os.environ[KEY_VARIABLE]))
    with tempfile.TemporaryDirectory(prefix="thbgraph-bench-import-") as tmp:
        started = time.perf_counter()
        report = import_bundle(Settings(), Path(tmp) / "db", Path(path), sealer, say=lambda _: None)
        seconds = time.perf_counter() - started
    print(json.dumps({"rows": report.rows, "seconds": seconds, "phases": report.seconds,
                      "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                      "children_peak_mb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024}))


def _child(*args: str, tree: Path | None = None) -> dict:
    # Run from `tree`: `python -m` puts its folder first on sys.path, so its modules are the ones loaded.
    out = subprocess.run([sys.executable, "-m", "bench.bench_ingest", *args], capture_output=True, text=True,
                         check=True, cwd=tree or Path(__file__).resolve().parent.parent)
    return json.loads(out.stdout.strip().splitlines()[-1])


def _print_initial(bulk: dict, tree: str = "") -> None:
    phases = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in bulk["phases"].items())
    importer = bulk["phases"].get("neo4j-admin", 0.0)
    print(f"{tree + ': ' if tree else ''}thbgraph load --initial: {bulk['rows']} rows in {bulk['seconds']:.1f} s = "
          f"{bulk['rows'] / bulk['seconds']:,.0f} rows/s (validation, import files, neo4j-admin, schema); "
          f"phases: {phases}; without neo4j-admin {bulk['rows'] / (bulk['seconds'] - importer):,.0f} rows/s, "
          f"neo4j-admin alone {bulk['rows'] / importer:,.0f} rows/s; "
          f"peak RSS {bulk['peak_mb']:.0f} MB (neo4j-admin's JVM {bulk['children_peak_mb']:.0f} MB); "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)


def initial_only(persons: int, bundle: Path | None, trees: list[str] | None = None, runs: int = 1) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        if bundle is None:
            bundle = Path(tmp) / "bundle"
            generate_bundle(bundle, persons=persons, seed=1)
        counts = {f.stem: sum(1 for _ in f.open()) - 1 for f in bundle.glob("*.csv")}
        size_mb = sum(f.stat().st_size for f in bundle.glob("*.csv")) / 1e6
        print(f"bundle {bundle}: {sum(counts.values())} rows, {size_mb:.1f} MB of CSV; load average "
              f"{os.getloadavg()[0]:.1f}", flush=True)
        if not trees:
            _print_initial(_child("--child-initial", str(bundle)))
            return
        for run in range(1, runs + 1):
            for tree in trees:
                name, _, folder = tree.partition("=")
                _print_initial(_child("--child-initial", str(bundle), tree=Path(folder).resolve()), f"{name} (run {run})")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--naive-rows", type=int, default=5_000)
    parser.add_argument("--initial-only", action="store_true",
                        help="only `load --initial` (a national first load: no Cypher load, no naive loader)")
    parser.add_argument("--bundle", type=Path, help="a bundle generated before (else one is generated)")
    parser.add_argument("--tree", action="append", metavar="NAME=DIR",
                        help="with --initial-only: a source tree whose `load --initial` takes its turn (repeatable)")
    parser.add_argument("--runs", type=int, default=1, help="with --tree: turns of each tree")
    parser.add_argument("--repeat", type=int, default=1,
                        help="load the bundle this many times (emptied between): the first meets a cold JVM")
    args = parser.parse_args()
    if args.initial_only:
        initial_only(args.persons, args.bundle, args.tree, args.runs)
        return
    with tempfile.TemporaryDirectory() as tmp, scratch_neo4j(with_runtime=True) as (driver, uri, runtime):
        bundle_dir = Path(tmp) / "bundle"
        counts = generate_bundle(bundle_dir, persons=args.persons, seed=1)
        size_mb = sum(f.stat().st_size for f in bundle_dir.iterdir()) / 1e6
        print(f"bundle: {args.persons} persons, {sum(counts.values())} rows, {size_mb:.1f} MB of CSV")
        for run in range(1, args.repeat + 1):
            if run > 1:
                empty_database(driver)
            fast = _child("--child", uri, str(bundle_dir), str(runtime.process.pid))
            fast_rate = fast["rows"] / fast["seconds"]
            print(f"thbgraph load (run {run}): {fast['rows']} rows in {fast['seconds']:.1f} s = "
                  f"{fast_rate:,.0f} rows/s (validation included: {fast['validation']:.1f} s), "
                  f"peak RSS {fast['peak_mb']:.0f} MB; CPU: the loader {fast['client_cpu']:.1f} s, Neo4j {fast['server_cpu']:.1f} s, together "
                  f"{(fast['client_cpu'] + fast['server_cpu']) / fast['seconds']:.2f} cores busy; load average "
                  f"{os.getloadavg()[0]:.1f}", flush=True)
        bulk = _child("--child-initial", str(bundle_dir))
        _print_initial(bulk)
        empty_database(driver)
        naive = _child("--child-naive", uri, str(bundle_dir), str(args.naive_rows))
        naive_rate = naive["rows"] / naive["seconds"]
        print(f"naive loader: {naive['rows']} rows in {naive['seconds']:.1f} s = {naive_rate:,.0f} rows/s, "
              f"peak RSS {naive['peak_mb']:.0f} MB (it validated the whole bundle first, not timed)")
        print(f"ratio: {fast_rate / naive_rate:.1f}x")
        print("\nloader                  rows/s   peak RSS")
        for name, run in (("thbgraph load", fast), ("load --initial", bulk), ("naive", naive)):
            print(f"{name:<20} {run['rows'] / run['seconds']:>9,.0f} {run['peak_mb']:>7,.0f} MB")
        budget = fast["rows"] / 50_000
        print(f"aim for thbgraph load: 50,000 rows/s at 100,000 persons ({fast_rate / 50_000:.2f} of it): the whole "
              f"load in {budget:.1f} s, i.e. {os.cpu_count() * budget:.1f} CPU s on {os.cpu_count()} cores; the last "
              f"run used {fast['client_cpu'] + fast['server_cpu']:.1f} CPU s")
        for table in TABLES:
            print(f"  {table}: {counts.get(table, 0)} rows")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child_load(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 5 and sys.argv[1] == "--child-naive":
        child_naive(sys.argv[2], sys.argv[3], sys.argv[4])
    elif len(sys.argv) == 3 and sys.argv[1] == "--child-initial":
        child_initial(sys.argv[2])
    else:
        main()
