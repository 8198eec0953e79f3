"""Replay the security probe's attacks (docs/api.md, "Replaying the security probe") against a real
`thbgraph serve`, and print a table: finding, attack, expected, observed, verdict.

    .venv/bin/python -m bench.probe_replay [--json] [--reduce-range 150000] [--zip-rows 200000]

The findings are those of the security probe of 2026-11 (issue 13), and rows `p3-*` for the third
probe's (issue 24, bench/probe/third.py), made with other names, ids and files than that probe's. Everything runs on throw-away
state: its own local Neo4j on a free port in a temporary folder (never NEO4J_URI, which the script
drops from the environment), a second one for the servers' analysis database (where analysts'
Cypher runs: THBGRAPH_ANALYSIS_NEO4J_URI), a scratch THBGRAPH_HOME with fresh keys, `thbgraph serve` on 127.0.0.1,
the sample bundle (`ingest/sample`, NO-GLANS and NO-NORDLYS) and the probe's users made with
`thbgraph users add`. Data is wiped and the sample loaded again after each test that changes it (or
could have, had the attack worked). Every request goes to 127.0.0.1, with a timeout, and the number
of requests is bounded (a few hundred in all). The server and Neo4j are stopped at the end, by their
process, on error or interruption too.

Three servers run one after another over the same home and database:
1. the defaults but `THBGRAPH_CACHE_TTL_S=1` (so that a reload between tests is seen at once):
   findings 1-6, 9, 10, 12-18, and the cut-tail half of 11;
2. after a torn line was appended to the audit log while no server ran (finding 11), with
   `THBGRAPH_CYPHER_TIMEOUT_S=2` so that the reduce query of finding 8 can be short;
3. with `THBGRAPH_AUDIT_LOG=/dev/full` (finding 7).

Verdicts: `holds` (the attack is stopped as expected), `FAILS` (it is not), `limit` (it is not, and
docs/api.md or README.md says so as a known limit; the observed column names where), `not replayed`
(why is in the observed column). Exit status 0 when nothing FAILS and every replay ran, 1 otherwise.
"""


from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

from bench.probe.replay import Replay
from bench.probe.report import _order, table
from bench.probe.servers import scratch_neo4j
from graph.sealing import KEY_VARIABLE, new_key
from graph.settings import get_settings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--json", action="store_true", help="Print the rows as JSON instead of a table.")
    parser.add_argument("--reduce-range", type=int, default=150_000,
                        help="Finding 8: the range of the reduce query (quadratic cost; the probe's was 300,000).")
    parser.add_argument("--zip-rows", type=int, default=200_000,
                        help="Finding 9: bad rows in the zip (the probe's was 1,000,000).")
    args = parser.parse_args()

    def stop_on_term(signum: int, _frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, stop_on_term)
    # Never the user's database nor their settings (NEO4J_URI is where their case data lives): dropped
    # before anything reads them, so that this process and its children see only the scratch ones.
    for name in list(os.environ):
        if name.startswith("NEO4J_") or (name.startswith("THBGRAPH_") and name != "THBGRAPH_CACHE"):
            os.environ.pop(name)
    get_settings.cache_clear()
    os.environ[KEY_VARIABLE] = new_key()  # scratch data, scratch key
    started = time.monotonic()
    tmp = Path(tempfile.mkdtemp(prefix="thbgraph-probe-"))
    os.environ["THBGRAPH_HOME"] = str(tmp / "cli-home")  # nothing of this process touches ~/.thbgraph
    replay: Replay | None = None
    try:
        with scratch_neo4j(tmp) as (driver, uri, db_dir), scratch_neo4j(tmp / "analysis") as (analysis, a_uri, _):
            replay = Replay(args, tmp, driver, uri, db_dir)
            # The servers' analysis database (analysts' Cypher): one the replay can watch (finding 8).
            replay.analysis, replay.env["THBGRAPH_ANALYSIS_NEO4J_URI"] = analysis, a_uri
            try:
                replay.run()
            finally:
                replay.stop()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    rows = sorted(replay.rows, key=_order) if replay else []
    elapsed = time.monotonic() - started
    if args.json:
        print(json.dumps([asdict(r) for r in rows], indent=2, ensure_ascii=False))
    else:
        print(table(rows))
        counts = {v: sum(r.verdict == v for r in rows) for v in ("holds", "FAILS", "limit", "not replayed")}
        print(f"\n{len(rows)} rows: " + ", ".join(f"{n} {v}" for v, n in counts.items())
              + f"; {replay.requests if replay else 0} requests; {elapsed:.0f} s")
    errors = [r for r in rows if r.observed.startswith("replay error")]
    return 1 if any(r.verdict == "FAILS" for r in rows) or errors else 0


if __name__ == "__main__":
    sys.exit(main())
