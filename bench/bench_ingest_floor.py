"""The server's own floor for a case-bundle load: what Neo4j spends when Python costs nothing.

    .venv/bin/python -m bench.bench_ingest_floor [--persons 100000] [--runs 2]

Every statement and batch of `thbgraph load` is prepared in memory first (validated, sealed,
grouped, exactly as the writer sends them); only then is the clock started, and the batches are
sent back to back in one transaction, then committed. The time measured is the part of a load no
client-side work can remove. It prints, per table and for the commit, the wall time and the CPU
seconds of Neo4j's JVM (from /proc), so the floor for any split into parallel transactions
is visible too: the JVM's CPU seconds divided by the cores.

Each run starts from an empty database (the previous run's data is removed first); the first
run also warms the JVM, so the figures to compare are the later runs'.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from neo4j import Driver

from bench.common import empty_database, jvm_cpu_seconds, scratch_neo4j
from graph.sealing import sealer_for
from graph.settings import Settings
from ingest.bundle import TABLES
from ingest.generate import generate_bundle
from ingest.victim_rows import Touched, victims_and_held
from ingest.writer import _check_key, _grouped, _params, _sent, seal_victims, validate_bundle

AIM = 50_000


def prepared(driver: Driver, path: Path, batch_size: int):
    """The bundle's batches as the writer sends them, all in memory, and what sealing needs."""
    sealer = sealer_for(Settings(), create=True)
    bundle = validate_bundle(driver, path)
    victims, held = victims_and_held(bundle, sealer)
    touched = Touched(victims=victims, victims_hold=held)
    batches = {table: list(_grouped(table, (_sent(_params(table, r, sealer, touched)) for r in bundle.records(table)),
                                    bundle.kinds, batch_size))
               for table in TABLES}
    rows = sum(bundle.counts.values())
    bundle.close()
    return sealer, touched, batches, rows


def one_run(driver: Driver, pid: int, sealer, touched: Touched, batches) -> dict[str, tuple[float, float]]:
    phases: dict[str, tuple[float, float]] = {}
    last = (time.perf_counter(), jvm_cpu_seconds(pid))

    def mark(name: str) -> None:
        nonlocal last
        now = (time.perf_counter(), jvm_cpu_seconds(pid))
        phases[name] = (now[0] - last[0], now[1] - last[1])
        last = now

    with driver.session() as session, session.begin_transaction() as tx:
        _check_key(tx, sealer)
        for table in TABLES:
            for statement, batch in batches[table]:
                tx.run(statement, rows=batch).consume()
            mark(table)
        seal_victims(tx, sealer, touched)  # reads `touched` only: every run seals the same
        mark("sealing")
        tx.commit()
        mark("commit")
    return phases


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=5000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp, scratch_neo4j(with_runtime=True) as (driver, _, runtime):
        bundle_dir = Path(tmp) / "bundle"
        generate_bundle(bundle_dir, persons=args.persons, seed=1)
        sealer, touched, batches, rows = prepared(driver, bundle_dir, args.batch_size)
        print(f"{rows:,} rows prepared in memory; the floor is the server's time to write and commit them")
        for run in range(1, args.runs + 1):
            empty_database(driver)
            phases = one_run(driver, runtime.process.pid, sealer, touched, batches)
            wall = sum(w for w, _ in phases.values())
            cpu = sum(c for _, c in phases.values())
            print(f"\nrun {run}: {wall:.1f} s = {rows / wall:,.0f} rows/s with no client work; "
                  f"Neo4j's JVM used {cpu:.1f} CPU s (load average {os.getloadavg()[0]:.1f})")
            for name, (w, c) in phases.items():
                print(f"  {name:<12} {w:6.1f} s   JVM {c:6.1f} CPU s")
            budget = rows / AIM
            print(f"  aim {AIM:,} rows/s = {budget:.1f} s for the whole load, validation included; "
                  f"the server alone took {wall / budget:.2f}x that in one transaction, and its CPU "
                  f"over {os.cpu_count()} cores is {cpu / os.cpu_count() / budget:.2f}x it")


if __name__ == "__main__":
    main()
