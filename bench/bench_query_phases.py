"""Where the time of an analyst's Cypher goes, phase by phase, on a generated case: the named-query
benchmark (bench/bench_named_queries.py) with each phase of the service's Cypher route timed as it
runs (the preparation, the rewrite of the analysis database, the query in Neo4j, the victims' index
and the case projections behind it), one line per call with its start and its thread.

    .venv/bin/python -m bench.bench_query_phases [--persons 10000] [--only case_list co_offenders ...]

Found with it (issue 27): the first query after a rewrite of 10,000 persons ran 0.11 s in Neo4j
and then rebuilt the victims' index for 34 s within its own 10 s limit (docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import functools
import threading
import time
from typing import Any

import api.routes.cypher as route
import service.analysis_db as analysis_db
import service.services as services
from bench import bench_named_queries

T0 = time.perf_counter()


def timed(owner: Any, name: str, label: str) -> None:
    original = getattr(owner, name)

    @functools.wraps(original)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            took = time.perf_counter() - started
            print(f"    [{started - T0:8.2f}] {label:28} {took:7.2f} s  ({threading.current_thread().name})", flush=True)

    setattr(owner, name, wrapper)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, nargs="+", default=[10000])
    parser.add_argument("--only", nargs="+", default=["case_list", "co_offenders", "persons_sharing"])
    args = parser.parse_args()
    for owner, name in [(route, "_prepare"), (route, "_answer"), (route, "run_read_only"),
                        (services.Services, "victims"), (services.Services, "case_network"),
                        (services.Services, "analysis_content"), (analysis_db.AnalysisDatabase, "_rewrite")]:
        timed(owner, name, f"{getattr(owner, '__name__', '')}.{name}".lstrip("."))
    for persons in args.persons:
        bench_named_queries.run(persons, 10.0, args.only)


if __name__ == "__main__":
    main()
