"""The HTTP service under load: 20 concurrent clients on loopback against a real uvicorn.

    .venv/bin/python -m bench.bench_api [--clients 20] [--requests 100] [--workers 1] [--client raw|httpx]
                                        [--uri bolt://...]

Loads the sample case into a scratch Neo4j (or the empty one at --uri: one holding data is refused), starts
`uvicorn` in its own process (so the clients do not share its interpreter), then for the
person, key-persons and options endpoints, as an investigator (identities shown, purpose
stated, disclosures audited) and as an analyst (everything pseudonymised): requests per
second and p50/p99 latency, against the aims of issue 6 (p99 under 100 ms for person and
options, under 500 ms for key persons).
"""

from __future__ import annotations

import argparse
import asyncio
import os
import secrets
import statistics
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
from neo4j import Driver

from service.auth import Role, UserStore
from service.pseudonyms import Pseudonyms
from bench import http_load
from bench.common import scratch_neo4j, start_service
from graph.db import connect
from graph.settings import Settings
from ingest.catalogue import load_catalogue
from ingest.writer import load_bundle

SAMPLE = Path(__file__).resolve().parent.parent / "ingest" / "sample"
CASE = "NO-GLANS"
#: (label, path, p99 aim in ms). P010 is a victim: an investigator's read of it is audited; an
#: analyst knows her only by pseudonym and asks under it (`path_for`).
#: `/me` (token check, redaction and audit pass, no graph query) shows the service's floor.
ENDPOINTS = [
    ("me (baseline)", "/me", None),
    ("person (suspect)", "/persons/P002", 100),
    ("person (victim)", "/persons/P010", 100),
    ("key persons", f"/cases/{CASE}/key-persons", 500),
    ("options", f"/cases/{CASE}/persons/P002/options", 100),
]


@contextmanager
def neo4j(uri: str | None) -> Iterator[tuple[Driver, str]]:
    if uri is None:
        with scratch_neo4j() as (driver, scratch_uri):
            yield driver, scratch_uri
        return
    with connect(Settings(), uri=uri) as driver:
        held = driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
        if held:  # a user's URI may be real case data: never wiped
            raise SystemExit(f"--uri {uri}: the database holds {held:,} nodes; give an empty one")
        yield driver, uri


@contextmanager
def service(uri: str, home: Path, workers: int) -> Iterator[tuple[str, dict[Role, str], Pseudonyms]]:
    """`thbgraph serve`, as a user starts it, without the access log."""
    env = {**os.environ, "NEO4J_URI": uri, "THBGRAPH_HOME": str(home),
           "THBGRAPH_SECRET_KEY": secrets.token_urlsafe(32), "THBGRAPH_PSEUDONYM_KEY": secrets.token_urlsafe(32)}
    users = UserStore(home / "users.sqlite3", env["THBGRAPH_SECRET_KEY"])
    tokens = {role: users.add(f"bench-{role.value}", role, [CASE]) for role in (Role.investigator, Role.analyst)}
    server, base = start_service(env, "--workers", str(workers))
    try:
        yield base, tokens, Pseudonyms(env["THBGRAPH_PSEUDONYM_KEY"])
    finally:
        server.terminate()
        server.wait(30)


async def _httpx_client(client: httpx.AsyncClient, path: str, n: int, latencies: list[float]) -> None:
    for _ in range(n):
        started = time.perf_counter()
        response = await client.get(path)
        latencies.append(time.perf_counter() - started)
        response.raise_for_status()


async def _httpx_run(base: str, path: str, headers: dict[str, str], clients: int,
                     requests: int) -> tuple[list[float], float]:
    """The same load through one shared httpx.AsyncClient: kept to show what the client costs."""
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, headers=headers, limits=limits, timeout=60) as client:
        await asyncio.gather(*(_httpx_client(client, path, 2, []) for _ in range(clients)))  # warm up
        latencies: list[float] = []
        started = time.perf_counter()
        await asyncio.gather(*(_httpx_client(client, path, requests, latencies) for _ in range(clients)))
        return latencies, time.perf_counter() - started


LOADERS = {"raw": http_load.run, "httpx": _httpx_run}


async def measure(base: str, token: str, path: str, clients: int, requests: int,
                  loader: str = "raw") -> tuple[float, float, float]:
    headers = {"Authorization": f"Bearer {token}", "X-Purpose": "benchmark"}
    latencies, elapsed = await LOADERS[loader](base, path, headers, clients, requests)
    cuts = statistics.quantiles(latencies, n=100)
    return len(latencies) / elapsed, cuts[49] * 1000, cuts[98] * 1000


def path_for(role: Role, path: str, pseudonyms: Pseudonyms) -> str:
    """The path as the role asks it: an analyst names a victim by the pseudonym the service shows her."""
    if role is Role.analyst and path == "/persons/P010":
        return f"/persons/{pseudonyms.victim('P010')}"
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--requests", type=int, default=100, help="Per client and endpoint.")
    parser.add_argument("--client", choices=sorted(LOADERS), default="raw",
                        help="raw: one keep-alive connection per client (default); httpx: a shared httpx.AsyncClient.")
    parser.add_argument("--workers", type=int, default=1, help="Service processes (`thbgraph serve --workers`).")
    parser.add_argument("--uri", help="An empty Neo4j to use instead of a scratch one (one with data is refused).")
    args = parser.parse_args()
    with neo4j(args.uri) as (driver, uri), tempfile.TemporaryDirectory() as home:
        load_catalogue(driver)
        load_bundle(driver, SAMPLE)
        with service(uri, Path(home), args.workers) as (base, tokens, pseudonyms):
            print(f"{args.clients} clients x {args.requests} requests per endpoint and role, sample case {CASE}, "
                  f"{args.client} client, {args.workers} worker(s)")
            print(f"{'endpoint':<18} {'role':<13} {'req/s':>7} {'p50 ms':>7} {'p99 ms':>7}  aim p99")
            for label, path, aim in ENDPOINTS:
                for role, token in tokens.items():
                    asked = path_for(role, path, pseudonyms)
                    rate, p50, p99 = asyncio.run(measure(base, token, asked, args.clients, args.requests, args.client))
                    verdict = "-" if aim is None else f"{aim} ms {'ok' if p99 <= aim else 'MISSED'}"
                    print(f"{label:<18} {role.value:<13} {rate:7.0f} {p50:7.1f} {p99:7.1f}  {verdict}")


if __name__ == "__main__":
    main()
