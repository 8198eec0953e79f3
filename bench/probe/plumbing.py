"""The replay's state and plumbing: requests, CLI runs, reloads of the sample, the audit log, rows."""

from __future__ import annotations

import argparse
import json
import os
import secrets
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
from neo4j import Driver

from bench.probe.common import PURPOSE, ReplayError, Row, SAMPLE, USERS, _short, _thbgraph
from bench.probe.servers import Server
from graph.sealing import KEY_VARIABLE, Sealer, parse_key
from ingest.catalogue import load_catalogue
from ingest.writer import load_bundle


class Plumbing:
    """State of one replay, and how it talks to the server, the CLI and the database."""

    def __init__(self, args: argparse.Namespace, tmp: Path, driver: Driver, uri: str, db_dir: Path) -> None:
        self.args, self.tmp, self.driver, self.db_dir = args, tmp, driver, db_dir
        self.home = tmp / "home"
        self.victim_key = os.environ[KEY_VARIABLE]
        self.sealer = Sealer.from_key(parse_key(self.victim_key))
        self.env = {**os.environ, "NEO4J_URI": uri, "THBGRAPH_HOME": str(self.home),
                    "THBGRAPH_SECRET_KEY": secrets.token_urlsafe(32),
                    "THBGRAPH_PSEUDONYM_KEY": secrets.token_urlsafe(32), KEY_VARIABLE: self.victim_key,
                    "THBGRAPH_CACHE_TTL_S": "1", "COLUMNS": "400"}
        self.rows: list[Row] = []
        self.tokens: dict[str, str] = {}
        self.server: Server | None = None
        self.client: httpx.Client | None = None
        self.requests = 0
        self.analysis: Driver | None = None

    # --- plumbing ---------------------------------------------------------------------------------------

    def cli(self, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*_thbgraph(), *args], env={**self.env, **env}, capture_output=True, text=True,
                              timeout=120)

    def start(self, **env: str) -> None:
        self.server = Server({**self.env, **env}, self.tmp / "serve.log")
        self.client = httpx.Client(base_url=self.server.base, timeout=90)

    def stop(self) -> None:
        if self.client is not None:
            self.client.close()
            self.client = None
        if self.server is not None:
            self.server.stop()
            self.server = None

    def call(self, who: str | None, method: str, path: str, *, purpose: str | bytes | None = PURPOSE,
             headers: dict[str, Any] | None = None, **kwargs: Any) -> httpx.Response:
        assert self.client is not None
        self.requests += 1
        h: dict[str, Any] = {}
        if who:
            h["Authorization"] = f"Bearer {self.tokens[who]}"
        if purpose is not None:
            h["X-Purpose"] = purpose
        return self.client.request(method, path, headers={**h, **(headers or {})}, **kwargs)

    def upload(self, who: str, body: bytes | dict, media_type: str = "application/json",
               dry_run: bool = False, **headers: str) -> httpx.Response:
        content = json.dumps(body).encode() if isinstance(body, dict) else body
        return self.call(who, "POST", "/bundles" + ("?dry_run=true" if dry_run else ""), content=content,
                         headers={"Content-Type": media_type, **headers})

    def cypher(self, who: str, query: str, **parameters: Any) -> httpx.Response:
        return self.call(who, "POST", "/cypher", json={"query": query, "parameters": parameters})

    def reload(self) -> None:
        """Wipe the database and load the sample again, as the probe did after tests that change data."""
        self.driver.execute_query("MATCH (n) DETACH DELETE n")
        load_catalogue(self.driver)
        load_bundle(self.driver, SAMPLE, sealer=self.sealer)
        time.sleep(1.6)  # THBGRAPH_CACHE_TTL_S=1, and counts re-read within 0.5 s

    def counts(self) -> tuple[int, int]:
        nodes = self.driver.execute_query("MATCH (n) RETURN count(n) AS n").records[0]["n"]
        rels = self.driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n").records[0]["n"]
        return nodes, rels

    def audit_lines(self) -> list[bytes]:
        path = self.home / "audit.jsonl"
        return path.read_bytes().splitlines() if path.exists() else []

    def audit_records(self) -> list[dict[str, Any]]:
        return [json.loads(line) for line in self.audit_lines() if line.strip()]

    def add(self, finding: str, attack: str, expected: str, observed: str, verdict: str | bool) -> None:
        if isinstance(verdict, bool):
            verdict = "holds" if verdict else "FAILS"
        self.rows.append(Row(finding, attack, expected, observed, verdict))
        print(f"  [{verdict}] {finding}: {_short(observed, 200)}", file=sys.stderr)

    def run_step(self, name: str, step: Callable[[], None]) -> None:
        print(f"finding {name} ...", file=sys.stderr)
        started = time.monotonic()
        try:
            step()
        except Exception as exc:  # noqa: BLE001 (one replay failing does not stop the others)
            self.add(name, "(replay)", "-", f"replay error: {type(exc).__name__}: {_short(str(exc), 300)}",
                     "not replayed")
        print(f"  ({time.monotonic() - started:.1f} s)", file=sys.stderr)

    # --- set-up -------------------------------------------------------------------------------------------

    def setup(self) -> None:
        self.home.mkdir(mode=0o700)
        load_catalogue(self.driver)
        load_bundle(self.driver, SAMPLE, sealer=self.sealer)
        for name, (role, cases) in USERS.items():
            done = self.cli("users", "add", name, "--role", role, *[a for c in cases for a in ("--case", c)])
            token = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else ""
            if done.returncode != 0 or not token.startswith("thb_"):
                raise ReplayError(f"thbgraph users add {name}: exit {done.returncode}: {done.stderr[-500:]}")
            self.tokens[name] = token
