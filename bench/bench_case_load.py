"""A case load costs what the case weighs (issue 25 item 5).

    .venv/bin/python -m bench.bench_case_load [--persons 1000000] [--bundle DIR] [--runs 3]

In one run: a database of `--persons` persons made with `load --initial` (its phases printed:
the national first load of item 4), then 1,000-person cases loaded (`load_bundle`: validation
against the graph, the write, one transaction) into it and into an empty database, `--runs` each
after one warm-up load, and a 100-person case loaded end to end by the CLI (`thbgraph load`, a
fresh interpreter) into each. Every case has ids of its own (a prefix per load), so each load
writes a new case; its phones and addresses may meet the big database's, as a real case's do.
Prints the medians and the ratio big / empty, with the load average.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars as pl

from bench.common import KEY_VARIABLE  # importing bench.common sets a scratch victim-data key
from graph.db import connect
from graph.runtime import LocalNeo4j, free_port
from graph.schema import apply_schema
from graph.sealing import Sealer, parse_key
from graph.settings import Settings
from ingest.bulk import import_bundle
from ingest.generate import generate_bundle
from ingest.writer import load_bundle

THBGRAPH = Path(sys.executable).with_name("thbgraph")
#: The id columns of each table: prefixed so that a case's ids are its own.
ID_COLUMNS = {"cases": ["case_id"], "persons": ["person_id"], "businesses": ["business_id"],
              "roles": ["case_id", "person_id"], "links": ["source_id", "target_id", "case_id", "evidence_id"],
              "evidence": ["evidence_id", "case_id", "about_id", "given_by"], "identifiers": ["owner_id"]}


def case_bundle(template: Path, out: Path, prefix: str) -> Path:
    """`template` with every id prefixed."""
    out.mkdir(parents=True)
    for file in template.glob("*.csv"):
        frame = pl.read_csv(file, infer_schema=False)
        frame = frame.with_columns(pl.concat_str(pl.lit(prefix), pl.col(c)).alias(c)
                                   for c in ID_COLUMNS[file.stem] if c in frame.columns)
        frame.write_csv(out / file.name, null_value="")
    return out


def load_average() -> str:
    return "/".join(f"{x:.1f}" for x in os.getloadavg())


def measure(name: str, data_dir: Path, templates: dict[int, Path], work: Path, runs: int) -> dict[str, list[float]]:
    """Load cases into the database in `data_dir`: one warm-up, `runs` timed 1,000-person loads, then
    `runs` 100-person loads through the CLI."""
    db = LocalNeo4j(Settings(), data_dir, free_port())
    db.start(say=lambda _: None)
    times: dict[str, list[float]] = {"case": [], "cli": []}
    try:
        with connect(Settings(), uri=db.uri) as driver:
            apply_schema(driver)
            count, _, _ = driver.execute_query("MATCH (p:Person) RETURN count(p) AS n")
            print(f"{name}: {count[0]['n']:,} persons before; load average {load_average()}", flush=True)
            load_bundle(driver, case_bundle(templates[100], work / f"{name}-warm", f"{name}W-"))
            for run in range(runs):
                case = case_bundle(templates[1000], work / f"{name}-{run}", f"{name}{run}-")
                started = time.perf_counter()
                report = load_bundle(driver, case)
                times["case"].append(time.perf_counter() - started)
                print(f"  {name}: 1,000-person case, {report.rows:,} rows in {times['case'][-1]:.2f} s; "
                      f"load average {load_average()}", flush=True)
        env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")} | {"NEO4J_URI": db.uri}
        for run in range(runs):
            case = case_bundle(templates[100], work / f"{name}-cli-{run}", f"{name}C{run}-")
            started = time.perf_counter()
            subprocess.run([str(THBGRAPH), "load", str(case)], env=env, check=True, capture_output=True)
            times["cli"].append(time.perf_counter() - started)
            print(f"  {name}: 100-person case, `thbgraph load` end to end {times['cli'][-1]:.2f} s; "
                  f"load average {load_average()}", flush=True)
    finally:
        db.stop()
    return times


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=1_000_000)
    parser.add_argument("--bundle", type=Path, help="the big bundle, generated before (else generated, seed 1)")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    sealer = Sealer.from_key(parse_key(os.environ[KEY_VARIABLE]))
    with tempfile.TemporaryDirectory(prefix="thbgraph-bench-case-") as tmp:
        work = Path(tmp)
        templates = {size: work / f"template-{size}" for size in (100, 1000)}
        for size, folder in templates.items():
            generate_bundle(folder, persons=size, seed=size)
        bundle = args.bundle
        if bundle is None:
            bundle = work / "big"
            generate_bundle(bundle, persons=args.persons, seed=1)
        print(f"load --initial of {bundle}; load average {load_average()}", flush=True)
        started = time.perf_counter()
        report = import_bundle(Settings(), work / "big-db", bundle, sealer, say=lambda _: None)
        seconds = time.perf_counter() - started
        phases = ", ".join(f"{k} {v:.1f} s" for k, v in report.seconds.items())
        importer = report.seconds.get("neo4j-admin", 0.0)
        print(f"  {report.rows:,} rows in {seconds:.1f} s = {report.rows / seconds:,.0f} rows/s ({phases}; without "
              f"neo4j-admin {report.rows / (seconds - importer):,.0f} rows/s); peak RSS "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB, of its largest child "
              f"(a worker or a JVM) {resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024:,.0f} MB; "
              f"load average {load_average()}", flush=True)
        big = measure("big", work / "big-db", templates, work, args.runs)
        empty = measure("empty", work / "empty-db", templates, work, args.runs)
    medians = {(name, kind): statistics.median(t[kind]) for name, t in (("big", big), ("empty", empty))
               for kind in ("case", "cli")}
    print(json.dumps({"big": big, "empty": empty}))
    print(f"1,000-person case: {medians['big', 'case']:.2f} s into {args.persons:,} persons, "
          f"{medians['empty', 'case']:.2f} s into an empty database: ratio "
          f"{medians['big', 'case'] / medians['empty', 'case']:.2f} (aim: at most 1.20)")
    print(f"100-person case end to end (`thbgraph load`): {medians['big', 'cli']:.2f} s into {args.persons:,} "
          f"persons, {medians['empty', 'cli']:.2f} s into an empty database (aim: under 2 s); "
          f"load average {load_average()}")


if __name__ == "__main__":
    main()
