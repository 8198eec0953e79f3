"""`key-persons --all` end to end, both engines side by side, on generated bundles.

    .venv/bin/python -m bench.bench_key_persons [--sizes 100000 1000000] [--runs 1] [--paths gds python]
        [--keep DIR] [--load-only] [--cold]

For each size: generate a bundle (`thbgraph generate`, about 5 links per person), load it
into a scratch Neo4j (`--load`: the case-bundle load, or `thbgraph load --initial`'s bulk
import, the default from 1,000,000 persons; the load time is printed), then for each engine,
in a child process of its own so that its peak memory (RSS) is its own, the array path
(`queries.key_persons.rank_all.rank_whole_database`, top 10):

- gds: degree, PageRank, betweenness and components measured in the database by GDS
  (`queries.key_persons.gds.centrality`), then the arrays, the scores and the persons shown;
- python: the same with the structure measured in igraph.

Printed per engine: in the database (GDS), projection (the arrays read, and the persons
shown projected), ranking (ties, structure, scores; reasons), total and peak RSS. With
``--keep DIR`` each size's database stays in DIR/<size> (with its victim-data key) and later
runs reuse it: a million persons take 10-25 minutes to generate and load.

Each child runs once on cold caches and query plans (printed too), then ``--runs`` times. Aims: 5 s at 100,000 persons, 60 s and 2 GB at 1,000,000.

``--cold``: the first run after Neo4j starts, before and after the arrays are kept in THBGRAPH_HOME
(`queries.network.whole_cache`), side by side: Neo4j restarted, the arrays read from the database
(before: every run reads them); one run that reads and keeps them (what a changed graph costs);
Neo4j restarted again, the kept arrays used; and restarted once more, the key-persons queries
warmed up first as `thbgraph neo4j start` does (`queries.key_persons.warm_up`: the persons shown last);
with the python path, once more with igraph's measures computed again (`queries.key_persons.central_cache`'s
file removed), so that a first run that reads them is never taken for one that computes them.
Each leg after a restart prints its first run and ``--runs`` warm ones (the last leg: its first run).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bench.common import KEY_VARIABLE  # importing bench.common sets a scratch victim-data key
from graph.db import connect
from graph.jars import ensure_runtime
from graph.runtime import LocalNeo4j, free_port
from graph.schema import apply_schema
from graph.sealing import Sealer, parse_key
from graph.settings import Settings
from ingest.bulk import import_bundle
from ingest.generate import generate_bundle
from ingest.writer import load_bundle
from queries.key_persons.central_cache import FILE as STRUCTURE_FILE

AIMS = {100_000: 5.0, 1_000_000: 60.0}
ROOT = Path(__file__).resolve().parent.parent


#: Progress messages of `rank_whole_database` that end a phase, and the phase they end.
PHASES = (("shared identifiers read", "arrays"), ("person ties built", "ties"),
          ("structure measured in the database", "gds"), ("scored", "scoring"), ("projected the", "shown"))


def child(uri: str, engine: str, runs: int, kept: str = "-") -> None:
    """In a child process: time one engine on the array path, print JSON lines (one per run,
    the first one on cold caches and query plans) with the peak RSS. ``kept``: the file of kept
    arrays, "-" for none."""
    from graph.db import connect  # noqa: PLC0415
    from queries.key_persons.rank_all import rank_whole_database  # noqa: PLC0415

    with connect(Settings(), uri=uri) as driver:
        for run in range(runs + 1):  # run 0 warms the caches and plans, as a second run by a user would
            started = time.perf_counter()
            marks: dict[str, float] = {}
            gds_steps: list[str] = []

            def mark(message: str) -> None:
                if message.startswith("GDS: "):
                    gds_steps.append(message[5:])
                for start, phase in PHASES:
                    if start in message:
                        marks[phase] = time.perf_counter() - started

            result = rank_whole_database(driver, engine=engine, top=10, progress=mark,
                                         kept=None if kept == "-" else Path(kept))
            total = time.perf_counter() - started
            in_database = marks["gds"] - marks["ties"] if "gds" in marks else 0.0
            phases = {"arrays": marks["arrays"], "scoring": marks["scoring"] - marks["arrays"] - in_database,
                      "shown": marks["shown"] - marks["scoring"], "reasons": total - marks["shown"]}
            print(json.dumps({
                "run": run, "in_database": in_database, "projection": phases["arrays"] + phases["shown"],
                "ranking": phases["scoring"] + phases["reasons"], "total": total, "phases": phases,
                "persons": result.persons, "ties": result.ties, "method": result.method.describe(),
                "top": [p.person_id for p in result.ranking], "offenders": len(result.victim_offenders),
                "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, "gds_steps": gds_steps,
                "load": os.getloadavg()[0],
            }), flush=True)
            del result


@contextmanager
def loaded(size: int, how: str, keep: Path | None = None) -> Iterator[LocalNeo4j]:
    """A scratch database holding a generated bundle of `size` persons; prints how long the load took.

    With ``keep``, the database lives in ``keep/db`` and stays there: a later run with the same
    ``keep`` starts it again instead of generating and loading (a million persons take 10-25 min).
    """
    if keep is not None:
        keep.mkdir(parents=True, exist_ok=True)
        with _kept(keep, size, how) as db:
            yield db
        return
    with tempfile.TemporaryDirectory(prefix="thbgraph-bench-") as tmp:
        db = LocalNeo4j(Settings(), Path(tmp) / "db", free_port(), gds=True)
        with _load(db, Path(tmp) / "bundle", size, how) as loaded_db:
            yield loaded_db


@contextmanager
def _kept(keep: Path, size: int, how: str) -> Iterator[LocalNeo4j]:
    key_file, done = keep / "victim-data.key", keep / "loaded.json"
    if not key_file.exists():
        key_file.write_text(os.environ[KEY_VARIABLE])
    os.environ[KEY_VARIABLE] = key_file.read_text().strip()  # the children inherit it
    db = LocalNeo4j(Settings(), keep / "db", free_port(), gds=True)
    if done.exists() and json.loads(done.read_text())["persons"] == size:
        print(f"{size:>9,} persons: the database kept in {keep} ({json.loads(done.read_text())['load']})", flush=True)
        db.start(say=lambda _: None)
        try:
            yield db
        finally:
            db.stop()
        return
    if done.exists():
        raise SystemExit(f"{keep} holds a database of another size: remove it or choose another --keep")
    shutil.rmtree(keep / "db", ignore_errors=True)
    with _load(db, keep / "bundle", size, how, done) as loaded_db:
        yield loaded_db


@contextmanager
def _load(db: LocalNeo4j, bundle: Path, size: int, how: str, done: Path | None = None) -> Iterator[LocalNeo4j]:
    generate_bundle(bundle, persons=size, seed=1)
    started = time.perf_counter()
    if how == "initial":  # neo4j-admin database import into an empty database, then start it
        sealer = Sealer.from_key(parse_key(os.environ[KEY_VARIABLE]))
        report = import_bundle(Settings(), db.data_dir, bundle, sealer, say=lambda _: None)
    db.start(say=lambda _: None)
    try:
        if how != "initial":
            with connect(Settings(), uri=db.uri) as driver:
                apply_schema(driver)
                report = load_bundle(driver, bundle)
        seconds = time.perf_counter() - started
        shutil.rmtree(bundle)
        what = "thbgraph load --initial" if how == "initial" else "thbgraph load"
        line = f"{what} of {report.rows:,} rows in {seconds:.1f} s ({report.rows / seconds:,.0f} rows/s)"
        if done is not None:
            done.write_text(json.dumps({"persons": size, "load": line}))
        print(f"{size:>9,} persons: {line}", flush=True)
        yield db
    finally:
        db.stop()


def run(size: int, runs: int, paths: list[str], how: str, keep: Path | None, cold: bool = False) -> None:
    with loaded(size, how, keep / str(size) if keep else None) as db:
        tops = {}
        for path in paths:
            if not cold:
                tops[path] = _timed(db.uri, path, runs, size)
                continue
            with tempfile.TemporaryDirectory(prefix="thbgraph-bench-kept-") as home:
                kept = Path(home) / "whole-graph.npz"
                print(f"  {path}: before, the arrays read from the database (Neo4j restarted: "
                      f"{_restart(db):.1f} s)", flush=True)
                tops[path] = _timed(db.uri, path, runs, size)
                print(f"  {path}: after, a graph not seen before: the arrays read and kept", flush=True)
                _timed(db.uri, path, 0, size, kept, first="  the run that keeps them:")
                print(f"  {path}: after, the arrays kept (Neo4j restarted: {_restart(db):.1f} s)", flush=True)
                if _timed(db.uri, path, runs, size, kept) != tops[path]:
                    print("  the kept arrays gave ANOTHER top 10", flush=True)
                print(f"  {path}: after, the arrays kept and the queries warmed up as `neo4j start` does "
                      f"({_restart_warmed(db, home)})", flush=True)
                if _timed(db.uri, path, runs, size, kept, first="  first run after the warm-up:") != tops[path]:
                    print("  the kept arrays gave ANOTHER top 10", flush=True)
                if path == "python":  # the same without igraph's kept measures: computed, not read
                    (Path(home) / STRUCTURE_FILE).unlink(missing_ok=True)
                    print(f"  {path}: the same, the structure measured again ({STRUCTURE_FILE} removed; "
                          f"{_restart_warmed(db, home)})", flush=True)
                    if _timed(db.uri, path, 0, size, kept, first="  first run after the warm-up:") != tops[path]:
                        print("  the kept arrays gave ANOTHER top 10", flush=True)
        if len(tops) == 2:
            print(f"  top 10 in common: {len(set(tops['gds']) & set(tops['python']))} of 10", flush=True)


def _restart_warmed(db: LocalNeo4j, home: str) -> str:
    """Neo4j restarted, then the warm-up of `thbgraph neo4j start` run to its end; what they took."""
    restarted = _restart(db)
    started = time.perf_counter()
    warmed = subprocess.run([sys.executable, "-m", "queries.key_persons.warm_up", db.uri], check=True, cwd=ROOT,
                            env={**os.environ, "THBGRAPH_HOME": home}, capture_output=True, text=True)
    return (f"Neo4j restarted: {restarted:.1f} s; the warm-up, a process of its own: "
            f"{time.perf_counter() - started:.1f} s, {warmed.stdout.strip()}")


def _restart(db: LocalNeo4j) -> float:
    started = time.perf_counter()
    db.stop()
    db.start(say=lambda _: None)
    return time.perf_counter() - started


def _timed(uri: str, path: str, runs: int, size: int, kept: Path | None = None,
           first: str = "  first run, cold caches:") -> list[str] | None:
    """One child's runs, printed; its top 10."""
    aim = AIMS.get(size)
    out = subprocess.run([sys.executable, "-m", "bench.bench_key_persons", "--child", uri, path, str(runs),
                          str(kept) if kept else "-"], capture_output=True, text=True, cwd=ROOT)
    if out.returncode:
        print(f"  {path}: failed\n{out.stderr[-2000:]}", flush=True)
        return None
    top = None
    for line in out.stdout.strip().splitlines():
        r = json.loads(line)
        top = r["top"]
        versus = f" ({r['total'] / aim:.2f} of the {aim:.0f} s aim)" if aim else ""
        p = r["phases"]
        print(first if r["run"] == 0 else f"  run {r['run']}:")
        print(f"  {path:>6}: in the database {r['in_database']:6.2f} s + projection {r['projection']:6.2f} s "
              f"+ ranking {r['ranking']:6.2f} s = {r['total']:6.2f} s{versus}; peak RSS {r['peak_mb']:,.0f} MB; "
              f"load average {r['load']:.1f}\n"
              f"          (arrays read {p['arrays']:.2f} s, ties, structure and scores {p['scoring']:.2f} s, "
              f"persons shown projected {p['shown']:.2f} s, reasons {p['reasons']:.2f} s); {r['persons']:,} "
              f"persons, {r['ties']:,} ties, {r['offenders']:,} victims who exploit others; {r['method']}"
              + (f"\n          GDS, cumulative: {'; '.join(r['gds_steps'])}" if r["gds_steps"] else ""),
              flush=True)
    return top


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--runs", type=int, default=1, help="timed runs per path on the same database")
    parser.add_argument("--paths", nargs="+", default=["gds", "python"], choices=["gds", "python"])
    parser.add_argument("--load", choices=["bundle", "initial", "auto"], default="auto",
                        help="how the generated bundle is loaded; auto: --initial from 1,000,000 persons")
    parser.add_argument("--keep", type=Path, help="keep each size's database in KEEP/<size> and reuse it in later runs")
    parser.add_argument("--load-only", action="store_true", help="load (with --keep) and stop: no timing")
    parser.add_argument("--cold", action="store_true",
                        help="the first run after Neo4j starts, the arrays read vs kept in THBGRAPH_HOME, side by side")
    args = parser.parse_args()
    ensure_runtime(Settings())
    for size in args.sizes:
        how = args.load if args.load != "auto" else ("initial" if size >= 1_000_000 else "bundle")
        run(size, args.runs, [] if args.load_only else args.paths, how, args.keep, args.cold)


if __name__ == "__main__":
    if len(sys.argv) in (5, 6) and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3], int(sys.argv[4]), *sys.argv[5:])
    else:
        main()
