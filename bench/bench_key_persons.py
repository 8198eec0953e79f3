"""`key-persons` end to end: projection from Neo4j plus ranking, on generated bundles.

    .venv/bin/python -m bench.bench_key_persons [--sizes 1000 10000 100000] [--runs 1]

For each size: generate a bundle (`thbgraph generate`), load it into a scratch Neo4j,
then time the whole-graph projection (`Projector.everything`) and `rank_key_persons`
separately, and print their sum against the 10 s aim. With `--runs N`, the projection and
ranking are timed N times on the same database (the first runs right after the load, the
later ones on a database that has been queried for a while).
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from bench.common import scratch_neo4j
from graph.runtime import ensure_runtime
from graph.settings import Settings
from ingest.generate import generate_bundle
from ingest.writer import load_bundle
from queries.key_persons import rank_key_persons
from queries.projection import Projector

AIM_SECONDS = 10.0


def run(size: int, runs: int = 1) -> None:
    with tempfile.TemporaryDirectory() as tmp, scratch_neo4j() as (driver, _):
        generate_bundle(Path(tmp) / "bundle", persons=size, seed=1)
        started = time.perf_counter()
        load_bundle(driver, Path(tmp) / "bundle")
        loaded = time.perf_counter() - started
        Projector(driver).everything()  # warm the query plans, as a second run by a user would
        for _ in range(runs):
            started = time.perf_counter()
            network = Projector(driver).everything()
            projected = time.perf_counter() - started
            started = time.perf_counter()
            result = rank_key_persons(network, top=10)
            ranked = time.perf_counter() - started
            total = projected + ranked
            print(f"{size:>7} persons, {len(network.links):>7} links: projection {projected:6.2f} s + ranking {ranked:6.2f} s "
                  f"= {total:6.2f} s ({total / AIM_SECONDS:.2f} of the {AIM_SECONDS:.0f} s aim); load took {loaded:.0f} s; "
                  f"{result.method.describe()}", flush=True)
            del network, result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--runs", type=int, default=1, help="timed runs per size on the same database")
    args = parser.parse_args()
    ensure_runtime(Settings())
    for size in args.sizes:
        run(size, args.runs)


if __name__ == "__main__":
    main()
