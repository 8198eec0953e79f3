"""What a reviewer waits for nomenklatura's start (issue 25, item 6): `match list` and the matches page.

    .venv/bin/python -m bench.bench_matching --start      (or: python -m bench.bench_match_start)

On a scratch Neo4j holding the sample and Operation Korso (tests/data/korso.json: records of two
cases that match), in a fresh THBGRAPH_HOME:

- `thbgraph match list` in a new process, three times: the first scores every pair (it starts
  nomenklatura, as every run did before resolve/scores.py), the next ones find the pairs in
  THBGRAPH_HOME/match-scores.sqlite3 and do not start it. Wall and CPU seconds of each process.
- `thbgraph serve` without and with THBGRAPH_WARM_MATCHER: the matches page's first load, asked as
  soon as /health answers, and (with the warm-up) once the service has gone idle after its start
  (the CPU time of its processes still for 2 s: the matcher's child has loaded nomenklatura).
  Then a second load.
"""

from __future__ import annotations

import os
import re
import resource
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench.common import scratch_neo4j, start_service
from ingest.catalogue import load_catalogue
from ingest.writer import load_bundle
from service.auth import Role, UserStore

ROOT = Path(__file__).resolve().parent.parent
SAMPLE, KORSO, CASE = ROOT / "ingest" / "sample", ROOT / "tests" / "data" / "korso.json", "SE-KORSO"


def cli_run(env: dict[str, str]) -> tuple[float, float, int]:
    """One `thbgraph match list` process: wall s, CPU s (its own), pairs listed."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", "from cli.main import app; app()", "match", "list", "--format", "json"],
                          env=env, capture_output=True, text=True, check=True)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout.count('"left"')


def _cpu_s(pid: int) -> float:
    """CPU seconds of the process and its descendants (the matcher's child process, say)."""
    stats = {}
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit():
            try:
                fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            stats[int(proc.name)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    tree, grown = {pid}, True
    while grown:
        more = {p for p, (parent, _) in stats.items() if parent in tree} - tree
        tree |= more
        grown = bool(more)
    return sum(stats[p][1] for p in tree if p in stats) / os.sysconf("SC_CLK_TCK")


def _until_idle(pid: int, still_s: float = 2.0, limit_s: float = 300) -> float:
    started, last, since = time.monotonic(), _cpu_s(pid), time.monotonic()
    while time.monotonic() - started < limit_s:
        time.sleep(0.5)
        now = _cpu_s(pid)
        if now - last > 0.05:
            last, since = now, time.monotonic()
        elif time.monotonic() - since >= still_s:
            break
    return time.monotonic() - started


def _signed_in(client: httpx.Client, token: str) -> None:
    form = client.get("/web/sign-in").text
    csrf = re.search(r'name="(csrf[^"]*)" value="([^"]+)"', form)
    assert csrf, "no CSRF field on the sign-in page"
    answer = client.post("/web/sign-in", data={"token": token, csrf.group(1): csrf.group(2)})
    assert answer.status_code in (200, 303) and "/web/cases" in answer.headers.get("location", "/web/cases"), answer.text


def page_loads(env: dict[str, str], home: Path, warm: bool) -> None:
    env = {**env, "THBGRAPH_HOME": str(home), "THBGRAPH_SECRET_KEY": secrets.token_urlsafe(32),
           "THBGRAPH_PSEUDONYM_KEY": secrets.token_urlsafe(32), "THBGRAPH_WARM_MATCHER": "1" if warm else "0"}
    token = UserStore(home / "users.sqlite3", env["THBGRAPH_SECRET_KEY"]).add("bench", Role.investigator,
                                                                              ["NO-GLANS", CASE])
    started = time.perf_counter()
    server, base = start_service(env)
    up = time.perf_counter() - started
    try:
        with httpx.Client(base_url=base, timeout=300) as client:
            _signed_in(client, token)
            idle = _until_idle(server.pid) if warm else 0.0
            loads = []
            for _ in range(2):
                t = time.perf_counter()
                page = client.get(f"/web/cases/{CASE}/matches")
                loads.append(time.perf_counter() - t)
                assert page.status_code == 200 and "K001" in page.text, page.text[:300]
        when = f"after the service went idle ({idle:.1f} s after /health)" if warm else "at once after /health"
        print(f"serve, warm-up {'on ' if warm else 'off'}: /health after {up:.1f} s; matches page first load {when}: "
              f"{loads[0]:.2f} s, second: {loads[1]:.2f} s", flush=True)
    finally:
        server.terminate()
        server.wait(60)


def main() -> None:
    with scratch_neo4j() as (driver, uri), tempfile.TemporaryDirectory(prefix="thbgraph-bench-") as tmp:
        load_catalogue(driver)
        load_bundle(driver, SAMPLE)
        load_bundle(driver, KORSO)
        env = {**os.environ, "NEO4J_URI": uri, "THBGRAPH_HOME": str(Path(tmp) / "cli"), "COLUMNS": "200"}
        for run in ("first (scores every pair)", "second (from the file)", "third (from the file)"):
            wall, cpu, pairs = cli_run(env)
            print(f"match list, {run}: {wall:.2f} s wall, {cpu:.2f} s CPU, {pairs} pairs", flush=True)
        page_loads(env, Path(tmp) / "cold", warm=False)
        page_loads(env, Path(tmp) / "warm", warm=True)


if __name__ == "__main__":
    main()
