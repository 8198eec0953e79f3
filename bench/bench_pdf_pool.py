"""Other users' latency while one user sends six network PDF exports at once, before and after the PDF
pool (service/pdf_pool.py), in one run over the same scratch Neo4j and sample.

    .venv/bin/python -m bench.bench_pdf_pool [--before c91d4f1] [--exports 6] [--idle 100]

"before" is the code of a git revision (default: c91d4f1, main before the pool), unpacked with
`git archive` into a temporary directory and served from there; "after" is this working tree. For
each: `thbgraph serve` (one worker); an investigator's `GET /persons/P002` (bearer token, one
keep-alive connection, one request after another) `--idle` times with nothing else running, then
for as long as an analyst's `--exports` network exports (the whole view, posted at once through her
web session) run. Printed: the investigator's p50/p99 idle and under the exports, their ratio, the
exports' answers and wall time, and the most Chromium processes (browsers and their helpers) seen
under the server. Timings depend on the machine's load: the load average is printed beside each.
"""

from __future__ import annotations

import argparse
import functools
import os
import re
import secrets
import statistics
import subprocess
import tarfile
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psutil

from bench.bench_api import SAMPLE, neo4j
from bench.common import start_service
from ingest.catalogue import load_catalogue
from ingest.writer import load_bundle
from service.auth import Role, UserStore

CASE = "NO-GLANS"
ROOT = Path(__file__).resolve().parent.parent
print = functools.partial(print, flush=True)  # noqa: A001 (progress shows while it runs)


def unpack(revision: str, into: Path) -> Path:
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", revision], check=True,
                             capture_output=True).stdout
    with tempfile.TemporaryFile() as f:
        f.write(archive)
        f.seek(0)
        with tarfile.open(fileobj=f) as tar:
            tar.extractall(into, filter="data")
    return into


def serve(code: Path, uri: str, home: Path) -> tuple[subprocess.Popen, str, dict[str, str]]:
    env = {**os.environ, "NEO4J_URI": uri, "THBGRAPH_HOME": str(home), "PYTHONPATH": str(code),
           "THBGRAPH_SECRET_KEY": secrets.token_urlsafe(32), "THBGRAPH_PSEUDONYM_KEY": secrets.token_urlsafe(32)}
    users = UserStore(home / "users.sqlite3", env["THBGRAPH_SECRET_KEY"])
    tokens = {"exporter": users.add("exporter", Role.analyst, [CASE]),
              "reader": users.add("reader", Role.investigator, [CASE])}
    server, base = start_service(env, cwd=code)
    return server, base, tokens


def web_session(base: str, token: str) -> tuple[httpx.Client, dict[str, str]]:
    """A signed-in web client, and the network export form of the whole view."""
    client = httpx.Client(base_url=base, timeout=900)
    csrf = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/web/sign-in").text)
    assert csrf
    client.post("/web/sign-in", data={"token": token, "csrf_token": csrf.group(1)})
    session_csrf = re.search(r'"X-CSRF-Token": "([^"]+)"', client.get("/web/cases").text)
    assert session_csrf, "not signed in"
    view = client.get(f"/web/api/cases/{CASE}/network").json()
    return client, {"csrf_token": session_csrf.group(1), "parties": " ".join(n["id"] for n in view["nodes"]),
                    "types": ",".join(view["link_types"]), "caption": "bench"}


def chromiums(server: int) -> int:
    found = 0
    for p in psutil.Process(server).children(recursive=True):
        try:
            found += "chrom" in p.name().lower()
        except psutil.NoSuchProcess:
            pass
    return found


def cuts(latencies: list[float]) -> tuple[float, float]:
    q = statistics.quantiles(latencies, n=100)
    return q[49] * 1000, q[98] * 1000


def measure(label: str, code: Path, uri: str, exports: int, idle: int) -> None:
    with tempfile.TemporaryDirectory() as home:
        server, base, tokens = serve(code, uri, Path(home))
        try:
            reader = httpx.Client(base_url=base, timeout=900,
                                  headers={"Authorization": f"Bearer {tokens['reader']}", "X-Purpose": "bench"})
            exporter, form = web_session(base, tokens["exporter"])

            def get() -> float:
                started = time.perf_counter()
                reader.get("/persons/P002").raise_for_status()
                return time.perf_counter() - started

            for _ in range(5):
                get()  # warm up: caches and the connection
            quiet = [get() for _ in range(idle)]
            busy: list[float] = []
            peak, done = 0, threading.Event()

            def export() -> tuple[int, float]:
                started = time.perf_counter()
                status = exporter.post(f"/web/cases/{CASE}/network/export.pdf", data=form).status_code
                return status, time.perf_counter() - started

            started = time.perf_counter()
            with ThreadPoolExecutor(exports) as pool:
                futures = [pool.submit(export) for _ in range(exports)]
                while not all(f.done() for f in futures):
                    busy.append(get())
                    peak = max(peak, chromiums(server.pid))
                answers = [f.result() for f in futures]
            wall = time.perf_counter() - started
            done.set()
            load = os.getloadavg()
            (q50, q99), (b50, b99) = cuts(quiet), cuts(busy)
            statuses = ",".join(f"{s}x{n}" for s, n in sorted(
                {s: sum(1 for a, _ in answers if a == s) for s, _ in answers}.items()))
            print(f"{label:<7} idle p50 {q50:6.1f} ms p99 {q99:7.1f} ms | under {exports} exports ({len(busy)} GETs) "
                  f"p50 {b50:6.1f} ms p99 {b99:7.1f} ms | p99 x{b99 / q99:5.1f} | exports {statuses} "
                  f"in {wall:5.1f} s (each {min(t for _, t in answers):.1f}-{max(t for _, t in answers):.1f} s) | "
                  f"Chromium processes at most {peak} | load {load[0]:.2f} {load[1]:.2f} {load[2]:.2f}")
        finally:
            server.terminate()
            server.wait(60)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--before", default="c91d4f1", help="git revision measured as 'before'")
    parser.add_argument("--exports", type=int, default=6)
    parser.add_argument("--idle", type=int, default=100, help="the reader's requests with nothing else running")
    args = parser.parse_args()
    with neo4j(None) as (driver, uri), tempfile.TemporaryDirectory() as old:
        load_catalogue(driver)
        load_bundle(driver, SAMPLE)
        print(f"{args.exports} network exports at once by one analyst; an investigator's GET /persons/P002 meanwhile")
        measure("before", unpack(args.before, Path(old)), uri, args.exports, args.idle)
        measure("after", ROOT, uri, args.exports, args.idle)


if __name__ == "__main__":
    main()
