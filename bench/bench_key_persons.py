"""`key-persons` of the whole graph end to end, both paths side by side, on generated bundles.

    .venv/bin/python -m bench.bench_key_persons [--sizes 100000 1000000] [--runs 1] [--paths gds python]

For each size: generate a bundle (`thbgraph generate`, about 5 links per person), load it
into a scratch Neo4j (the load time is printed), then for each path, in a child process
of its own so that its peak memory (RSS) is its own:

- gds: degree, PageRank, betweenness and components measured in the database by GDS
  (`queries.gds_centrality`), then the projection and the ranking on those measures;
- python: the projection (`Projector.everything`), then `rank_key_persons` measuring the
  structure in igraph.

Each child warms the query plans with one run, then times ``--runs`` runs. Aims: 5 s at
100,000 persons, 60 s and 2 GB at 1,000,000.
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import scratch_neo4j
from graph.runtime import ensure_runtime
from graph.settings import Settings
from ingest.generate import generate_bundle
from ingest.writer import load_bundle

AIMS = {100_000: 5.0, 1_000_000: 60.0}
ROOT = Path(__file__).resolve().parent.parent


def child(uri: str, path: str, runs: int) -> None:
    """In a child process: time one path, print JSON lines (one per run) with the peak RSS."""
    from graph.db import connect  # noqa: PLC0415
    from queries.gds_centrality import gds_centrality  # noqa: PLC0415
    from queries.key_persons import rank_key_persons  # noqa: PLC0415
    from queries.projection import Projector  # noqa: PLC0415

    with connect(Settings(), uri=uri) as driver:
        for run in range(runs + 1):  # run 0 warms the plans, as a second run by a user would
            started = time.perf_counter()
            central = gds_centrality(driver) if path == "gds" else None
            measured = time.perf_counter() - started
            network = Projector(driver).everything()
            projected = time.perf_counter() - started - measured
            result = rank_key_persons(network, top=10, central=central)
            total = time.perf_counter() - started
            if run:
                print(json.dumps({
                    "in_database": measured, "projection": projected, "ranking": total - measured - projected,
                    "total": total, "links": len(network.links), "method": result.method.describe(),
                    "top": [p.person_id for p in result.ranking],
                    "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
                }), flush=True)
            del network, result, central


def run(size: int, runs: int, paths: list[str]) -> None:
    with tempfile.TemporaryDirectory() as tmp, scratch_neo4j() as (driver, uri):
        generate_bundle(Path(tmp) / "bundle", persons=size, seed=1)
        started = time.perf_counter()
        report = load_bundle(driver, Path(tmp) / "bundle")
        loaded = time.perf_counter() - started
        print(f"{size:>9,} persons: loaded {report.rows:,} rows in {loaded:.1f} s ({report.rows / loaded:,.0f} rows/s)", flush=True)
        aim = AIMS.get(size)
        tops = {}
        for path in paths:
            out = subprocess.run([sys.executable, "-m", "bench.bench_key_persons", "--child", uri, path, str(runs)],
                                 capture_output=True, text=True, cwd=ROOT)
            if out.returncode:
                print(f"  {path}: failed\n{out.stderr[-2000:]}", flush=True)
                continue
            for line in out.stdout.strip().splitlines():
                r = json.loads(line)
                tops[path] = r["top"]
                versus = f" ({r['total'] / aim:.2f} of the {aim:.0f} s aim)" if aim else ""
                print(f"  {path:>6}: in the database {r['in_database']:6.2f} s + projection {r['projection']:6.2f} s "
                      f"+ ranking {r['ranking']:6.2f} s = {r['total']:6.2f} s{versus}; peak RSS {r['peak_mb']:,.0f} MB; "
                      f"{r['links']:,} links; {r['method']}", flush=True)
        if len(tops) == 2:
            print(f"  top 10 in common: {len(set(tops['gds']) & set(tops['python']))} of 10", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=1, help="timed runs per path on the same database")
    parser.add_argument("--paths", nargs="+", default=["gds", "python"], choices=["gds", "python"])
    args = parser.parse_args()
    ensure_runtime(Settings())
    for size in args.sizes:
        run(size, args.runs, args.paths)


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        main()
