"""Replay the security probe's attacks (docs/api.md, "Replaying the security probe") against a real
`thbgraph serve`, and print a table: finding, attack, expected, observed, verdict.

    .venv/bin/python -m bench.probe_replay [--json] [--reduce-range 150000] [--zip-rows 200000]

The findings are those of the security probe of 2026-11 (issue 13). Everything runs on throw-away
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
import io
import json
import os
import re
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import textwrap
import threading
import time
import zipfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx
from neo4j import Driver, GraphDatabase

from graph.db import connect
from graph.runtime import LocalNeo4j, free_port
from graph.schema import apply_schema
from graph.sealing import KEY_VARIABLE, Sealer, new_key, parse_key
from graph.settings import Settings, get_settings
from ingest.catalogue import load_catalogue
from ingest.writer import load_bundle

SAMPLE = Path(__file__).resolve().parent.parent / "ingest" / "sample"
GLANS, NORDLYS = "NO-GLANS", "NO-NORDLYS"
PURPOSE = "security probe replay"
#: The probe's users (its `ana_zero` and `revoked` took part only in the role matrix, not replayed here).
USERS = {"inv_g": ("investigator", [GLANS]), "pros_g": ("prosecutor", [GLANS]), "ana_g": ("analyst", [GLANS]),
         "inv_n": ("investigator", [NORDLYS]), "ana_n": ("analyst", [NORDLYS]), "adm": ("admin", []),
         "ana_none": ("analyst", [])}
GLANS_CASE = {"case_id": GLANS, "title": "Operation Glans", "jurisdiction": "NO", "opened_on": "2024-03-04",
              "status": "open"}
NORDLYS_CASE = {"case_id": NORDLYS, "title": "Operation Nordlys", "jurisdiction": "NO", "opened_on": "2024-09-16",
                "status": "open"}
P002 = {"person_id": "P002", "name": "Marius Popescu", "birth_date": "1981-02-03", "nationality": "RO",
        "immigration_status": "resident"}
#: Victims' values of the other case (NO-NORDLYS) and of the analyst's own, each beside a value that is no one's.
OTHER_VALUES = [("Blessing Okafor", "Kari Nordmann"), ("Joy Eze", "Per Hansen"), ("P021", "P999"),
                ("2002-05-19", "1990-01-01"), ("+234 803 555 0142", "+47 400 00 001"),
                ("Tollbugata 14B", "Fjordgata 9")]
OWN_VALUES = [("Andrei Munteanu", "Ola Nordmann"), ("Munteanu", "Nordmann"), ("1998-04-22", "1991-02-03"),
              ("+40 751 003 417", "+47 400 00 002"), ("Strandgata 21", "Fjordgata 7")]
SIGNS = ("V-", "ID-", "[withheld]")
#: Values of the sample's victims that must not appear in clear in an analyst's answer.
#: What an analyst of NO-GLANS must never read of NO-NORDLYS: its ids, title, names and identifiers.
NORDLYS_MARKERS = re.compile(r"NO-NORDLYS|Nordlys|\bP02[0-6]\b|\bB004\b|\bE002[1-9]\b|Kristoffer|Aas\b|Sofie|Nilsen|"
                             r"Jonas Dahl|Sentrum Utleie|Blessing|Okafor|Tollbugata|412 34 567|41234567|917 66 430")
GLANS_VICTIM_VALUES = ["Andrei Munteanu", "Vasyl Kovalenko", "Oleksandr Melnyk", "Dmytro Bondar", "Florin Stoica",
                       "1998-04-22", "1994-09-08", "2001-12-03", "1999-06-17", "2000-02-29"]
CASES_CSV = b"case_id,title,jurisdiction,opened_on,status\nNO-LIMITS,Limits,NO,2024-01-02,open\n"
LIMITS_CASE = {"case_id": "NO-LIMITS", "title": "Limits", "jurisdiction": "NO", "opened_on": "2024-01-02",
               "status": "open"}
TORN = b'{"action":"read","at":"2026-11-0'  # an append cut short by a crash or a full disk


@dataclass
class Row:
    finding: str
    attack: str
    expected: str
    observed: str
    verdict: str  # holds | FAILS | limit | not replayed


class ReplayError(Exception):
    """The replay itself could not run (not a verdict on the service)."""


def _short(text: str, n: int = 160) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[:n] + "..."


def _thbgraph() -> list[str]:
    script = Path(sys.executable).with_name("thbgraph")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from cli.main import app; app()"]


def _rss_mb(pid: int) -> tuple[float, float]:
    """(current, peak) resident memory of a process, in MB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024


@contextmanager
def scratch_neo4j(folder: Path) -> Iterator[tuple[Driver, str, Path]]:
    """A fresh local Neo4j in `folder`, on a free port; stopped (by its process) afterwards."""
    db = LocalNeo4j(Settings(), folder / "db", free_port())
    db.start(say=lambda m: print(m, file=sys.stderr))
    try:
        with connect(Settings(), uri=db.uri) as driver:
            apply_schema(driver)
            yield driver, db.uri, db.data_dir
    finally:
        db.stop()


class Server:
    """`thbgraph serve` on 127.0.0.1, its output in a file; stopped by its pid."""

    def __init__(self, env: dict[str, str], log: Path) -> None:
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = log
        with open(log, "ab") as out:
            self.process = subprocess.Popen([*_thbgraph(), "serve", "--host", "127.0.0.1", "--port", str(self.port)],
                                            env=env, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise ReplayError(f"thbgraph serve exited with {self.process.returncode}: {log.read_text()[-2000:]}")
            with suppress(httpx.TransportError):
                if httpx.get(f"{self.base}/health", timeout=5).status_code == 200:
                    return
            time.sleep(0.3)
        self.stop()
        raise ReplayError("thbgraph serve did not answer /health within 180 s")

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(30)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(30)


class Replay:
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

    # --- the findings -------------------------------------------------------------------------------------

    def f1_foreign_rows(self) -> None:
        def glans(**tables: list[dict[str, Any]]) -> dict[str, Any]:
            return {"cases": [GLANS_CASE], "persons": [P002], **tables}

        attempts = [
            ("roles: P021 (NO-NORDLYS victim) as witness",
             glans(roles=[{"case_id": GLANS, "person_id": "P021", "role": "witness"}]), False),
            ("roles: P020 (NO-NORDLYS suspect) as victim",
             glans(roles=[{"case_id": GLANS, "person_id": "P020", "role": "victim"}]), False),
            ("businesses: B004 renamed (dry run)", glans(businesses=[{"business_id": "B004", "name": "Renamed AS"}]),
             True),
            ("identifiers: a phone for P021 (dry run)",
             glans(identifiers=[{"owner_id": "P021", "kind": "phone", "value": "+47 400 00 001"}]), True),
            ("evidence about P020 (dry run)",
             glans(evidence=[{"evidence_id": "E9001", "case_id": GLANS, "about_id": "P020",
                              "indicator": "debt_bondage", "kind": "financial", "independent_of_victim": True}]),
             True),
            ("links: P002 HOUSED P021 (dry run)",
             glans(links=[{"source_id": "P002", "type": "HOUSED", "target_id": "P021", "case_id": GLANS}]), True),
        ]
        before = self.counts()
        statuses = [self.upload("inv_g", bundle, dry_run=dry).status_code for _, bundle, dry in attempts]
        after = self.counts()
        person = self.call("inv_g", "GET", "/persons/P021")
        p020 = self.call("ana_n", "GET", "/persons/P020")
        p020_name = p020.json().get("name") if p020.status_code == 200 else None
        ok = all(s == 403 for s in statuses) and before == after and person.status_code == 404 \
            and p020_name == "Kristoffer Aas"
        written = [a for (a, _, _), s in zip(attempts, statuses) if s < 300]
        observed = (f"{' '.join(map(str, statuses))}; graph {'unchanged' if before == after else 'CHANGED'}; "
                    f"inv_g GET /persons/P021 (X-Purpose) {person.status_code}; ana_n sees P020 as {p020_name!r}")
        if written:
            observed += f"; accepted: {'; '.join(written)}"
        self.add("1", "inv_g POST /bundles with rows about NO-NORDLYS: " + "; ".join(a for a, _, _ in attempts),
                 "403 for each, nothing written; /persons/P021 404 for inv_g; P020 keeps his name for ana_n",
                 observed, ok)
        if written:
            self.reload()

    def f2_audit_stopped(self) -> None:
        def audited_read() -> tuple[int, list[str]]:
            response = self.call("inv_g", "GET", "/persons/P010")
            last = self.audit_records()[-1]
            return response.status_code, (last.get("records") or []) if last.get("path") == "/persons/P010" else []

        def longest() -> int:
            return max(len(line) for line in self.audit_lines())

        parameters = {f"p{i:04d}_" + "x" * 58: i for i in range(1100)}
        attempts = [
            ("ana_g POST /cypher RETURN 1 with 1,100 parameter names of 64 characters",
             lambda: self.call("ana_g", "POST", "/cypher", json={"query": "RETURN 1", "parameters": parameters})),
            ("inv_g POST /bundles?dry_run=true with a 70 kB X-Purpose",
             lambda: self.upload("inv_g", b"{}", dry_run=True, **{"X-Purpose": "y" * 70_000})),
            ("inv_g POST /bundles?dry_run=true with a 70 kB Content-Type",
             lambda: self.upload("inv_g", b"{}", media_type="y" * 70_000, dry_run=True)),
        ]
        for attack, send in attempts:
            response = send()
            status, records = audited_read()
            verify = self.cli("audit", "verify")
            ok = status == 200 and "P010" in records and longest() < 64 * 1024 and verify.returncode == 0
            self.add("2", f"{attack}; then inv_g GET /persons/P010 (an audited read)",
                     "the audited read is served (200) and audited; every audit line < 64 KiB; audit verify rc 0",
                     f"attack {response.status_code}; read {status}, audited with records {records}; longest audit "
                     f"line {longest():,} B; audit verify rc {verify.returncode}", ok)

    def f3_lookup_oracle(self) -> None:
        pairs = OTHER_VALUES + OWN_VALUES

        def text(response: httpx.Response, value: str) -> str:
            return f"{response.status_code} {response.text.replace(json.dumps(value)[1:-1], '<v>')}"

        differ: list[str] = []
        marked: list[str] = []
        routes = {"GET /cases/{v}": lambda v: self.call("ana_g", "GET", f"/cases/{quote(v, safe='')}"),
                  "GET /catalogue/{v}": lambda v: self.call("ana_g", "GET", f"/catalogue/{quote(v, safe='')}"),
                  "POST /cypher RETURN $x": lambda v: self.cypher("ana_g", "RETURN $x AS x", x=v)}
        for route, send in routes.items():
            for value, other in pairs:
                a, b = text(send(value), value), text(send(other), other)
                if a != b:
                    differ.append(f"{route} {value!r}: {_short(a, 120)} vs {_short(b, 120)}")
                if any(s in a for s in SIGNS):
                    marked.append(f"{route} {value!r}: {_short(a, 120)}")
        n = len(routes) * len(pairs)
        self.add("3", "ana_g: GET /cases/{v}, GET /catalogue/{v}, POST /cypher RETURN $x, for 6 NO-NORDLYS victim "
                 "values (Blessing Okafor, Joy Eze, P021, 2002-05-19, +234 803 555 0142, Tollbugata 14B) and 5 "
                 "NO-GLANS ones, each against a value that is no one's",
                 "a victim's value answers exactly like any other (echoed as sent), no V-/ID-/[withheld]",
                 f"{n - len(differ)}/{n} pairs identical; {len(marked)} answers with V-/ID-/[withheld]"
                 + (f"; first difference: {differ[0]}" if differ else "") + (f"; first mark: {marked[0]}" if marked
                                                                             else ""),
                 not differ and not marked)

        # Investigators: without X-Purpose the answer was 400 (unaudited) for a victim's value, 404 otherwise;
        # with it, a 404 was audited as a disclosure of the victim.
        differ, disclosed = [], []
        seen = len(self.audit_lines())
        for value, other in OTHER_VALUES:
            for path in ("/cases/{v}", "/persons/{v}"):
                a = text(self.call("inv_g", "GET", path.format(v=quote(value, safe="")), purpose=None), value)
                b = text(self.call("inv_g", "GET", path.format(v=quote(other, safe="")), purpose=None), other)
                if a != b:
                    differ.append(f"{path} {value!r}: {_short(a, 100)} vs {_short(b, 100)}")
            self.call("inv_g", "GET", f"/cases/{quote(value, safe='')}")
        for record in self.audit_records()[seen:]:
            if set(record.get("records") or []) & {"P021", "P022", "P023", "P024"}:
                disclosed.append(f"{record['path']} -> {record['records']}")
        self.add("3", "inv_g: GET /cases/{v} and /persons/{v} without X-Purpose, NO-NORDLYS victim values vs "
                 "no one's; GET /cases/{v} with X-Purpose",
                 "the same answer for both; no audit record naming a NO-NORDLYS victim",
                 f"{2 * len(OTHER_VALUES) - len(differ)}/{2 * len(OTHER_VALUES)} pairs identical; "
                 f"{len(disclosed)} audit records naming P021-P024"
                 + (f"; first difference: {differ[0]}" if differ else "")
                 + (f"; {disclosed[0]}" if disclosed else ""), not differ and not disclosed)

    def f4_global_index(self) -> None:
        urls = ["/persons/P002", f"/cases/{GLANS}/network?limit=500", f"/cases/{GLANS}/key-persons"]
        before = {u: self.call("ana_g", "GET", u).json() for u in urls}
        bundle = {"cases": [NORDLYS_CASE],
                  "persons": [{"person_id": "P970", "name": "Marius Popescu", "nationality": "RO"},
                              {"person_id": "P971", "name": "Suspect Victim", "nationality": "RO"}],
                  "roles": [{"case_id": NORDLYS, "person_id": "P970", "role": "victim"},
                            {"case_id": NORDLYS, "person_id": "P971", "role": "victim"}],
                  "identifiers": [{"owner_id": "P970", "kind": "phone", "value": "+47 468 90 312"}]}
        upload = self.upload("inv_n", bundle)
        time.sleep(0.6)
        after = {u: self.call("ana_g", "GET", u).json() for u in urls}
        changed = [u for u in urls if after[u] != before[u]]
        person = after["/persons/P002"]
        detail = (f"P002 name {person.get('name')!r}, role {[r.get('role') for r in person.get('roles', [])]}, "
                  f"key 'victim' {'present' if 'victim' in person else 'MISSING'}, phones "
                  f"{sorted(i.get('raw_value') or i.get('value') for i in person.get('identifiers', []) if i.get('kind') == 'phone')}")
        self.add("4", "inv_n uploads NO-NORDLYS victims P970 'Marius Popescu' (phone +47 468 90 312) and P971 "
                 "'Suspect Victim'; ana_g reads /persons/P002, the NO-GLANS network and key persons before and after",
                 "ana_g's three answers unchanged",
                 f"upload {upload.status_code}; {len(urls) - len(changed)}/{len(urls)} answers unchanged"
                 + (f" (changed: {', '.join(changed)})" if changed else "") + f"; {detail}",
                 upload.status_code == 200 and not changed)
        self.reload()

    def f6_existence_oracle(self) -> None:
        def bundle(**tables: list[dict[str, Any]]) -> dict[str, Any]:
            return {"cases": [GLANS_CASE], "persons": [P002], **tables}

        def compare(made: Callable[[str], dict[str, Any]], foreign: str, missing: str) -> tuple[bool, str]:
            a = self.upload("inv_g", made(foreign), dry_run=True)
            b = self.upload("inv_g", made(missing), dry_run=True)
            same = a.status_code == b.status_code and a.text.replace(foreign, missing) == b.text
            return same, f"{foreign} {a.status_code} / {missing} {b.status_code}, bodies {'identical' if same else 'differ'}"

        case_same, case_seen = compare(
            lambda c: bundle(roles=[{"case_id": c, "person_id": "P002", "role": "witness"}]), NORDLYS, "NO-XXX")
        person_same, person_seen = compare(
            lambda p: bundle(roles=[{"case_id": GLANS, "person_id": p, "role": "witness"}]), "P021", "P999")
        self.add("6", "inv_g POST /bundles?dry_run=true: a roles row for case NO-NORDLYS vs NO-XXX; for person P021 "
                 "vs P999", "an unassigned case or person answers exactly like a missing one",
                 f"case: {case_seen}; person: {person_seen}", case_same and person_same)
        defined_same, defined_seen = compare(
            lambda p: {"cases": [GLANS_CASE], "persons": [P002, {"person_id": p, "name": "Probe Person"}],
                       "roles": [{"case_id": GLANS, "person_id": p, "role": "witness"}]}, "P021", "P999")
        self.add("6", "inv_g POST /bundles?dry_run=true: a persons row defining P021 (NO-NORDLYS) vs P999",
                 "the same answer for both",
                 f"{defined_seen} (docs/api.md 'Bundle upload', Limit: that an id is taken can be learnt, not by which "
                 "case)", "holds" if defined_same else "limit")

    def f7_disk_full(self) -> None:
        bundle = {"cases": [{"case_id": "NO-PROBE1", "title": "Probe", "jurisdiction": "NO"}],
                  "persons": [{"person_id": "P901", "name": "Probe Person"}],
                  "roles": [{"case_id": "NO-PROBE1", "person_id": "P901", "role": "witness"}]}
        upload = self.upload("adm", bundle)
        committed = self.driver.execute_query("MATCH (c:Case {case_id: 'NO-PROBE1'}) RETURN count(c) AS n"
                                              ).records[0]["n"]
        victim = self.call("inv_g", "GET", "/persons/P010")
        suspect = self.call("inv_g", "GET", "/persons/P002")
        leaked = "Andrei" in victim.text or "Munteanu" in victim.text
        self.add("7", "THBGRAPH_AUDIT_LOG=/dev/full; adm uploads new case NO-PROBE1; inv_g GET /persons/P010 "
                 "(victim) and /persons/P002 (suspect)",
                 "upload 500 audit-unavailable and NO-PROBE1 not committed; the victim read withheld (500)",
                 f"upload {upload.status_code} {upload.json().get('type')}; NO-PROBE1 in Neo4j: {committed}; "
                 f"victim read {victim.status_code} {victim.json().get('type', '')}"
                 f"{' WITH the victim name' if leaked else ', no victim data'}; suspect read {suspect.status_code}",
                 upload.status_code == 500 and upload.json().get("type") == "/problems/audit-unavailable"
                 and committed == 0 and victim.status_code == 500 and not leaked)
        if committed:
            self.reload()
        self.add("7", "a request that ends in 500 internal-error is audited (the probe's five 500 uploads had no "
                 "record)", "an audit record with status 500",
                 "not replayed: no request from outside ends in 500 any more (finding 14's five now answer 422); "
                 "tests/test_api_audit.py::test_a_request_that_fails_is_audited covers it with a failing route",
                 "not replayed")

    def f8_reduce(self, timeout: float) -> None:
        n = self.args.reduce_range
        query = f"RETURN size(reduce(s = '', x IN range(1, {n}) | s + 'xxxxxxxxxx')) AS n"
        answers: list[tuple[int, str, float]] = []
        lock = threading.Lock()
        self.cypher("ana_g", "RETURN 1")  # the analysis database written for NO-GLANS: not part of the timing
        started = time.monotonic()

        def send() -> None:
            t0 = time.monotonic()
            r = self.cypher("ana_g", query)
            with lock:
                answers.append((r.status_code, r.json().get("type", ""), time.monotonic() - t0))

        threads = [threading.Thread(target=send) for _ in range(3)]
        for t in threads:
            t.start()
            time.sleep(0.2)
        time.sleep(0.5)
        t0 = time.monotonic()
        read = self.call("inv_g", "GET", "/persons/P002")
        read_s = time.monotonic() - t0
        for t in threads:
            t.join(120)

        def running() -> int:  # analysts' Cypher runs on the analysis database
            return sum(d.execute_query(
                "SHOW TRANSACTIONS YIELD currentQuery WHERE currentQuery CONTAINS 'reduce(s' "
                "AND NOT currentQuery CONTAINS 'SHOW' RETURN count(*) AS n").records[0]["n"]
                for d in (self.driver, self.analysis) if d is not None)

        # Answered, but Neo4j may still be at it: its queries count against the analyst until they end.
        still = running()
        during = self.cypher("ana_g", "RETURN 1 AS one").status_code if still else None
        # How long Neo4j went on evaluating (it stops a query only between rows): watched directly.
        neo4j_s = None
        deadline = time.monotonic() + 180
        while time.monotonic() < deadline:
            if not running():
                neo4j_s = time.monotonic() - started
                break
            time.sleep(0.5)
        after = self.cypher("ana_g", "RETURN 1 AS one").status_code
        statuses = sorted(answers)
        timed_out = [a for a in statuses if a[0] == 422 and a[1] == "/problems/cypher-timeout"]
        limited = [a for a in statuses if a[0] == 429]
        bound = timeout + 5 + 5  # the timeout, the pool's grace, slack for a loaded machine
        ok = len(timed_out) == 2 and len(limited) == 1 and all(a[2] <= bound for a in timed_out) \
            and read.status_code == 200 and read_s < 3 and after == 200
        self.add("8", f"ana_g sends 3 at once: {query} (server THBGRAPH_CYPHER_TIMEOUT_S={timeout:g}); meanwhile "
                 "inv_g GET /persons/P002",
                 f"2 answered 422 cypher-timeout within {timeout:g}+5 s, the 3rd 429 (2 per analyst); inv_g's read "
                 "not held up; the analyst's slots free again afterwards",
                 "answers " + ", ".join(f"{s} {t.rsplit('/', 1)[-1]} in {e:.1f} s" for s, t, e in statuses)
                 + f"; inv_g read {read.status_code} in {read_s:.2f} s; "
                 + (f"ana_g RETURN 1 while Neo4j still ran {still} of them: {during}; " if still else "")
                 + f"RETURN 1 once Neo4j was done: {after}", ok)
        self.add("8", "the same reduce queries, in Neo4j", f"Neo4j stops evaluating at the timeout ({timeout:g} s)",
                 (f"Neo4j finished them {neo4j_s:.1f} s after they were sent" if neo4j_s is not None else
                  "Neo4j still evaluating after 180 s") + " (docs/api.md 'Read-only Cypher', Limit: one expression "
                 "runs on after its timeout)", "holds" if neo4j_s is not None and neo4j_s <= timeout + 1 else "limit")

    def f9_many_errors(self) -> None:
        rows = self.args.zip_rows
        persons = b"person_id,name,birth_date,nationality\n" + b"".join(
            b"P%d,Name %d,,XX\n" % (i, i) for i in range(rows))
        body = _zip({"cases.csv": CASES_CSV, "persons.csv": persons})
        assert self.server is not None
        rss_before, peak_before = _rss_mb(self.server.process.pid)
        t0 = time.monotonic()
        response = self.upload("adm", body, media_type="application/zip")
        elapsed = time.monotonic() - t0
        rss_after, peak_after = _rss_mb(self.server.process.pid)
        problem = response.json()
        ok = response.status_code == 422 and len(problem.get("errors", [])) <= 1000 \
            and len(response.content) < 1_000_000 and elapsed < 60
        self.add("9", f"adm POST /bundles: a {len(body) / 1e6:.1f} MB zip, persons.csv of {rows:,} rows with "
                 "nationality=XX", "422 with a bounded list of errors (1,000 and a count of the rest), a small body",
                 f"{response.status_code} in {elapsed:.1f} s, {len(problem.get('errors', [])):,} errors listed, "
                 f"more_errors {problem.get('more_errors')}, body {len(response.content) / 1e3:,.0f} kB; service RSS "
                 f"{rss_before:.0f} -> {rss_after:.0f} MB (peak {max(peak_before, peak_after):.0f} MB)", ok)
        if self.counts()[0] > 1000:
            self.reload()

    def f10_markup(self) -> None:
        purposes = ["[/x] closing tag", "[black on black]hidden reason[/]", "invoice \u202eexe.pdf"]
        statuses = [self.call("inv_g", "GET", "/persons/P010", purpose=p.encode()).status_code for p in purposes]
        show = self.cli("audit", "show")
        as_json = self.cli("audit", "show", "--json")
        shown = [p.replace("\u202e", "<U+202E>") in show.stdout for p in purposes]
        parsed = [json.loads(line) for line in as_json.stdout.splitlines() if line.strip()] \
            if as_json.returncode == 0 else []
        in_json = [any(r.get("purpose") == p for r in parsed) for p in purposes]
        raw_override = "\u202e" in show.stdout or "\u202e" in as_json.stdout
        ok = statuses == [200] * 3 and show.returncode == 0 and as_json.returncode == 0 and all(shown) \
            and all(in_json) and not raw_override
        self.add("10", "inv_g GET /persons/P010 with X-Purpose '[/x] closing tag', '[black on black]hidden reason[/]',"
                 " 'invoice <U+202E>exe.pdf'; then thbgraph audit show / show --json",
                 "both listings exit 0 and show each purpose as written (markup as text, U+202E made visible)",
                 f"reads {statuses}; audit show rc {show.returncode}, purposes shown {shown}; --json rc "
                 f"{as_json.returncode}, purposes found {in_json}; raw U+202E printed: {raw_override}"
                 + (f"; stderr: {_short(show.stderr + as_json.stderr, 200)}" if show.returncode or as_json.returncode
                    else ""), ok)

    def f11_cut_tail(self) -> None:
        verify = self.cli("audit", "verify")
        match = re.search(r"Head ([0-9a-f]{64})", verify.stdout)
        if verify.returncode != 0 or not match:
            raise ReplayError(f"audit verify of the intact log: rc {verify.returncode} {verify.stdout} {verify.stderr}")
        head = match.group(1)
        lines = (self.home / "audit.jsonl").read_bytes().splitlines(keepends=True)
        cut, empty = self.tmp / "audit-cut.jsonl", self.tmp / "audit-empty.jsonl"
        cut.write_bytes(b"".join(lines[:-3]))
        empty.write_bytes(b"")
        plain = self.cli("audit", "verify", THBGRAPH_AUDIT_LOG=str(cut)).returncode
        with_head = self.cli("audit", "verify", "--head", head, THBGRAPH_AUDIT_LOG=str(cut)).returncode
        emptied = self.cli("audit", "verify", "--head", head, THBGRAPH_AUDIT_LOG=str(empty)).returncode
        self.add("11", f"a copy of the audit log ({len(lines)} records) with its last 3 lines dropped, and an emptied "
                 "copy: thbgraph audit verify, and verify --head <head kept earlier>",
                 "tampering detected: verify --head exits 1 for both",
                 f"cut: verify rc {plain} (a shorter chain is valid: docs/api.md 'Audit log'), --head rc {with_head}; "
                 f"emptied: --head rc {emptied}", with_head == 1 and emptied == 1)

    def f11_torn_tail(self) -> None:
        """With no server running: a torn last line (f11_after_restart checks what the next server makes of it)."""
        with open(self.home / "audit.jsonl", "ab") as f:
            f.write(TORN)

    def f11_after_restart(self) -> None:
        read = self.call("inv_g", "GET", "/persons/P010")
        records = self.audit_records()
        verify = self.cli("audit", "verify")
        sides = sorted(p.name for p in self.home.iterdir() if p.name.startswith("audit.jsonl.torn-"))
        repaired = any(r.get("action") == "audit-repair" for r in records)
        last = records[-1] if records else {}
        ok = read.status_code == 200 and "P010" in (last.get("records") or []) and verify.returncode == 0 \
            and len(sides) == 1 and (self.home / sides[0]).read_bytes() == TORN and repaired
        self.add("11", "server stopped; a torn line appended to audit.jsonl; server started again; inv_g GET "
                 "/persons/P010", "the read is served and audited; the torn line set aside; audit verify rc 0",
                 f"read {read.status_code}, audited with records {last.get('records')}; side files {sides}; "
                 f"audit-repair record: {repaired}; audit verify rc {verify.returncode}", ok)

    def f5_analysts_cypher(self) -> None:
        reads = ["MATCH (p:Person)-[r:ROLE_IN]->(c:Case) RETURN c.case_id, c.title, p.person_id, p.name, "
                 "toString(p.birth_date), r.role", "MATCH (n) RETURN n {.*} AS n",
                 "MATCH (p)-[h:HAS_IDENTIFIER]->(i:Identifier) RETURN p.person_id, i.value, h.raw_value",
                 "MATCH (e:Evidence) RETURN e {.*}", "MATCH (a)-[l]->(b) RETURN a {.*}, l {.*}, b {.*}"]
        answers = [self.cypher("ana_none", q) for q in reads]
        rows = [len(r.json().get("rows", [])) if r.status_code == 200 else r.status_code for r in answers]
        self.add("5", f"ana_none (no case): {len(reads)} reads of every case's titles, names, identifiers, evidence "
                 "and links, as scalars and map projections (e.g. " + reads[0] + ")", "no rows: nothing to read",
                 f"rows per query {rows}", all(r.status_code == 200 for r in answers) and not any(rows))
        answers = [self.cypher("ana_g", q) for q in reads]
        foreign = sorted({m for r in answers for m in NORDLYS_MARKERS.findall(r.text)})
        self.add("5", f"ana_g (NO-GLANS): the same {len(reads)} reads", "nothing of NO-NORDLYS",
                 f"statuses {sorted({r.status_code for r in answers})}, rows "
                 f"{[len(r.json().get('rows', [])) for r in answers]}; NO-NORDLYS values: {foreign or 'none'}",
                 all(r.status_code == 200 for r in answers) and not foreign)
        exists, missing = (self.cypher("ana_g", "MATCH (c:Case {case_id: $x}) RETURN c", x=x) for x in (NORDLYS,
                                                                                                          "NO-XXX"))
        self.add("5", "ana_g: MATCH (c:Case {case_id: $x}) RETURN c for NO-NORDLYS and for NO-XXX",
                 "the same answer (no existence oracle)", f"{exists.status_code} {_short(exists.text, 60)} / "
                 f"{missing.status_code} {_short(missing.text, 60)}",
                 exists.status_code == missing.status_code == 200 and exists.json() == missing.json())
        q = ("MATCH (p:Person)-[:HAS_IDENTIFIER]->(i:Identifier) WHERE p.person_id STARTS WITH 'V-' "
             "RETURN p.person_id, i.value, i.identifier_id")
        r = self.cypher("ana_g", q)
        values = [row[1] for row in r.json().get("rows", [])] if r.status_code == 200 else []
        self.add("5", f"ana_g POST /cypher {q}", "victims' identifiers only as ID- pseudonyms",
                 f"{r.status_code}, {len(values)} values, e.g. {values[:2]}",
                 r.status_code == 200 and bool(values) and all(str(v).startswith("ID-") for v in values))

    def f12_relatives(self) -> None:
        q1 = "MATCH (a)-[:FAMILY_OF]->(b) RETURN a.person_id AS a, b.name AS name, reverse(b.name) AS reversed"
        r1 = self.cypher("ana_g", q1)
        rows1 = r1.json().get("rows", []) if r1.status_code == 200 else []
        readable = [row for row in rows1 if any("unaetnuM" in str(v) or "Munteanu" in str(v) for v in row)]
        self.add("12", f"ana_g POST /cypher {q1}",
                 "no victim's surname can be read from a relative's name",
                 f"{r1.status_code}, rows {_short(json.dumps(rows1, ensure_ascii=False), 160)}",
                 r1.status_code == 200 and bool(rows1) and not readable)
        q2 = "MATCH (p:Person) WHERE p.person_id STARTS WITH 'V-' RETURN p.person_id AS id, substring(p.person_id, 1) AS rest"
        r2 = self.cypher("ana_g", q2)
        rows2 = r2.json().get("rows", []) if r2.status_code == 200 else []
        linked = [row for row in rows2 if re.fullmatch(r"\d+", str(row[1]).lstrip("-"))]
        self.add("12", f"ana_g POST /cypher {q2}", "a pseudonym cannot be tied to the person id",
                 f"{r2.status_code}, {len(linked)} of {len(rows2)} rows pair a V- pseudonym with the rest of a "
                 f"person id, e.g. {rows2[:1]}", r2.status_code == 200 and bool(rows2) and not linked)
        q3 = ("MATCH (p:Person)-[r:ROLE_IN {role: 'victim'}]->(c:Case) WHERE c.case_id IN $case_ids "
              "RETURN p {.*} AS p, properties(p) AS props")
        r3 = self.cypher("ana_g", q3)
        found = [v for v in GLANS_VICTIM_VALUES for part in v.split() if part in r3.text]
        self.add("12", f"ana_g POST /cypher {q3}", "no victim's name or birth date in clear",
                 f"{r3.status_code}, {len(r3.json().get('rows', []))} rows; victims' values found: "
                 f"{sorted(set(found)) or 'none'}", r3.status_code in (200, 403) and not found)

    def f13_range(self) -> None:
        assert self.server is not None
        rss_before, _ = _rss_mb(self.server.process.pid)
        t0 = time.monotonic()
        response = self.cypher("ana_g", "RETURN range(1, 2000000) AS r")
        elapsed = time.monotonic() - t0
        rss_after, peak = _rss_mb(self.server.process.pid)
        body = response.json()
        ok = response.status_code == 200 and body.get("truncated") is True and len(response.content) <= 4_100_000
        self.add("13", "ana_g POST /cypher RETURN range(1, 2000000)",
                 "the answer is cut by the byte cap (THBGRAPH_CYPHER_MAX_BYTES, 4 MB): truncated, small",
                 f"{response.status_code} in {elapsed:.1f} s, {len(response.content):,} B, truncated "
                 f"{body.get('truncated')}, rows {len(body.get('rows') or [])}, message {body.get('message')!r}; "
                 f"service RSS {rss_before:.0f} -> {rss_after:.0f} MB (peak {peak:.0f})", ok)

    def f14_malformed(self) -> None:
        def json_bundle(**tables: Any) -> bytes:
            return json.dumps({"cases": [LIMITS_CASE], **tables}).encode()

        bodies = {
            "zip whose central directory says persons.csv is 100 B": ("application/zip", _lying_zip()),
            "JSON nested 100,000 deep": ("application/json",
                                         b'{"cases": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"),
            "an integer of 5,000 digits": ("application/json",
                                           b'{"cases": [{"case_id": "X", "n": ' + b"7" * 5000 + b"}]}"),
            "a person name of 40,000 characters": ("application/json", json_bundle(
                persons=[{"person_id": "P960", "name": "n" * 40_000}])),
            "a case id of 40,000 characters": ("application/json", json.dumps(
                {"cases": [LIMITS_CASE | {"case_id": "C" * 40_000}],
                 "persons": [{"person_id": "P962", "name": "Ana Pop"}]}).encode()),
            "a person id of 40,000 characters": ("application/json", json_bundle(
                persons=[{"person_id": "P" * 40_000, "name": "Ana Pop"}])),
        }
        before = self.counts()
        tracebacks = self.server_log().count("Traceback")
        seen = []
        for what, (media, body) in bodies.items():
            r = self.upload("adm", body, media_type=media)
            seen.append((what, r.status_code, r.json().get("type", "") if r.headers.get("content-type", "").endswith(
                "json") else ""))
        after = self.counts()
        health = self.call(None, "GET", "/health", purpose=None).status_code
        new_tracebacks = self.server_log().count("Traceback") - tracebacks
        ok = all(s == 422 and t == "/problems/bundle-invalid" for _, s, t in seen) and before == after \
            and health == 200
        self.add("14", "adm POST /bundles: " + "; ".join(bodies), "422 bundle-invalid for each; nothing written",
                 "; ".join(f"{s}" for _, s, _ in seen) + f"; graph {'unchanged' if before == after else 'CHANGED'}; "
                 f"/health {health}; new tracebacks in the server log: {new_tracebacks}"
                 + ("".join(f"; {w}: {s} {t}" for w, s, t in seen if s != 422)), ok)
        if before != after:
            self.reload()

    def f15_lengths(self) -> None:
        description = {"cases": [LIMITS_CASE], "persons": [{"person_id": "P1", "name": "Ana Pop"}],
                       "evidence": [{"evidence_id": "E1", "case_id": "NO-LIMITS", "about_id": "P1",
                                     "indicator": "debt_bondage", "kind": "document", "independent_of_victim": True,
                                     "description": "d" * 5_000_000}]}
        name = {"cases": [LIMITS_CASE], "persons": [{"person_id": "P1", "name": "n" * 5_000_000}]}
        seen = []
        for what, bundle, table, field in (("description", description, "evidence", "description"),
                                           ("name", name, "persons", "name")):
            r = self.upload("adm", bundle, dry_run=True)
            named = any(e.get("table") == table and e.get("name") == field for e in r.json().get("errors", []))
            seen.append((what, r.status_code, named, len(r.content)))
        self.add("15", "adm POST /bundles?dry_run=true: an evidence description of 5 MB; a person name of 5 MB",
                 "422 naming the field (values have maximum lengths)",
                 "; ".join(f"{w}: {s}, field named {n}, body {b:,} B" for w, s, n, b in seen),
                 all(s == 422 and n for _, s, n, _ in seen))

    def f16_headers(self) -> None:
        responses = {"victim read": self.call("inv_g", "GET", "/persons/P010"),
                     "404": self.call("inv_g", "GET", "/cases/NO-XXX"),
                     "401": self.call(None, "GET", "/persons/P010")}
        missing = [f"{what}: {h}" for what, r in responses.items() for h, v in
                   (("cache-control", "no-store"), ("x-content-type-options", "nosniff")) if r.headers.get(h) != v]
        servers = [r.headers.get("server") for r in responses.values() if r.headers.get("server")]
        head = self.call(None, "HEAD", "/health", purpose=None).status_code
        self.add("16", "GET /persons/P010 as inv_g (and a 404, a 401): response headers",
                 "Cache-Control: no-store and X-Content-Type-Options: nosniff on each; no server header",
                 f"statuses {[r.status_code for r in responses.values()]}; missing: {missing or 'none'}; server header: "
                 f"{servers or 'none'}; (HEAD /health {head})", not missing and not servers)

    def f17_requests(self) -> None:
        """The requests that once left victims' values in the logs; checked by f17_logs at the end."""
        for who in ("ana_g", "inv_g"):
            for path in ("/cases/Blessing%20Okafor", "/cases/%2B234%20803%20555%200142", "/catalogue/2002-05-19"):
                self.call(who, "GET", path)

    def server_log(self) -> str:
        path = self.tmp / "serve.log"
        return path.read_text(errors="replace") if path.exists() else ""

    def f17_logs(self) -> None:
        values = ["Blessing", "Okafor", "+234 803", "%2B234", "2002-05-19", "Joy Eze", "Tollbugata"]
        log_hits = [v for v in values if v in self.server_log()]
        audit = b"\n".join(self.audit_lines()).decode(errors="replace")
        audit_hits = [v for v in values if v in audit]
        self.add("17", "GET /cases/Blessing%20Okafor, /cases/%2B234%20803%20555%200142, /catalogue/2002-05-19 as "
                 "ana_g and inv_g (and every other request of this run); then search the three servers' output and "
                 "the audit log", "no victim value in either",
                 f"server output: {log_hits or 'none'}; audit log: {audit_hits or 'none'}", not log_hits
                 and not audit_hits)
        loose = _loose(self.home) + _loose(self.db_dir)
        reachable = [entry for entry, open_ in loose if open_]
        sheltered = [entry for entry, open_ in loose if not open_]

        def shown(entries: list[tuple[Path, int]]) -> str:
            return ", ".join(f"{p.relative_to(self.tmp)} {oct(m)}" for p, m in entries[:5])

        self.add("17", "ls -l of THBGRAPH_HOME (users.sqlite3, audit.jsonl, the torn side file) and of the Neo4j "
                 "store", "private: nothing group or others can reach",
                 f"home {oct(stat.S_IMODE(self.home.stat().st_mode))}, store "
                 f"{oct(stat.S_IMODE(self.db_dir.stat().st_mode))}; reachable by others: {shown(reachable) or 'none'}"
                 + (f"; not private but inside a private folder: {shown(sheltered)}" if sheltered else ""),
                 not reachable)
        with GraphDatabase.driver(f"bolt://127.0.0.1:{self.driver_port()}", auth=None) as bare:
            n = bare.execute_query("MATCH (p:Person) RETURN count(p) AS n").records[0]["n"]
        self.add("17", "connect to the local runtime's Bolt port with no credentials and read the graph",
                 "authentication required", f"answered: {n} persons (README.md: 'Embedded Neo4j has no "
                 "authentication, which is why it never listens beyond loopback')", "limit")

    def driver_port(self) -> str:
        return self.env["NEO4J_URI"].rsplit(":", 1)[-1]

    def f18_cross_case(self) -> None:
        admin = self.upload("adm", {"cases": [GLANS_CASE], "persons": [P002],
                                    "roles": [{"case_id": GLANS, "person_id": "P020", "role": "victim"}]})
        time.sleep(0.6)
        inv = self.call("inv_n", "GET", "/persons/P020")
        ana = self.call("ana_n", "GET", "/persons/P020")
        network = self.call("ana_n", "GET", f"/cases/{NORDLYS}/network?limit=500")
        inv_body, ana_body = inv.json(), ana.json()
        roles = sorted({r.get("case_id") for r in inv_body.get("roles", [])})
        nodes = network.json().get("nodes", {}).get("data", []) if network.status_code == 200 else []
        suspects = sorted(n["id"] for n in nodes if any(r.get("role") == "suspect" for r in n.get("roles") or []))
        ok = admin.status_code == 200 and inv.status_code == 200 and inv_body.get("victim") is False \
            and roles == [NORDLYS] and ana_body.get("person_id") == "P020" and "P020" in suspects
        self.add("18", "adm (allowed) gives P020, NO-NORDLYS' suspect, a victim role in NO-GLANS (what finding 1 let "
                 "inv_g do); then inv_n and ana_n GET /persons/P020",
                 "nothing from NO-GLANS shows in NO-NORDLYS: victim false, P020 under his id and name",
                 f"upload {admin.status_code}; inv_n {inv.status_code}: victim {inv_body.get('victim')}, roles in "
                 f"{roles}; ana_n {ana.status_code}: person_id {ana_body.get('person_id')!r}, name "
                 f"{ana_body.get('name')!r}, victim {ana_body.get('victim')}; ana_n's NO-NORDLYS network: suspects "
                 f"{suspects}", ok)
        self.reload()
        p004 = self.upload("inv_g", {"cases": [GLANS_CASE], "persons": [P002, {"person_id": "P004",
                                                                              "name": "Renamed"}]}, dry_run=True)
        self.add("18", "inv_g POST /bundles?dry_run=true: a persons row for P004 (in NO-GLANS and NO-NORDLYS)",
                 "403: a person of two cases is changed only by someone assigned to both",
                 f"{p004.status_code} {_short(p004.json().get('detail', ''), 120)}", p004.status_code == 403)

    # --- the run ------------------------------------------------------------------------------------------

    def run(self) -> None:
        self.setup()
        print(f"scratch Neo4j {self.env['NEO4J_URI']}, home {self.home}", file=sys.stderr)
        self.add("19", "names and titles like =cmd|' /C calc'!A0", "n/a", "not replayed: informational, no CSV "
                 "export in the tool (no sink)", "not replayed")
        self.start()
        try:
            for name, step in [("16", self.f16_headers), ("3", self.f3_lookup_oracle), ("17", self.f17_requests),
                               ("5", self.f5_analysts_cypher), ("12", self.f12_relatives), ("13", self.f13_range), ("10", self.f10_markup),
                               ("2", self.f2_audit_stopped), ("1", self.f1_foreign_rows),
                               ("6", self.f6_existence_oracle), ("18", self.f18_cross_case),
                               ("4", self.f4_global_index), ("9", self.f9_many_errors), ("14", self.f14_malformed),
                               ("15", self.f15_lengths), ("11", self.f11_cut_tail)]:
                self.run_step(name, step)
        finally:
            self.stop()
        self.run_step("11", self.f11_torn_tail)
        self.start(THBGRAPH_CYPHER_TIMEOUT_S="2")
        try:
            self.run_step("11", self.f11_after_restart)
            self.run_step("8", lambda: self.f8_reduce(2.0))
        finally:
            self.stop()
        self.start(THBGRAPH_AUDIT_LOG="/dev/full")
        try:
            self.run_step("7", self.f7_disk_full)
        finally:
            self.stop()
        self.run_step("17", self.f17_logs)  # the logs of all three servers, the files they left


def _loose(root: Path) -> list[tuple[tuple[Path, int], bool]]:
    """Entries under `root` (itself included) that group or others may read, each with whether they can
    get to it (every folder from `root` down searchable by them)."""
    found = []

    def walk(path: Path, reachable: bool) -> None:
        mode = stat.S_IMODE(path.lstat().st_mode)
        if path.is_symlink():
            return
        if mode & 0o044:
            found.append(((path, mode), reachable))
        if path.is_dir():
            for child in sorted(path.iterdir()):
                walk(child, reachable and bool(mode & 0o011))

    walk(root, True)
    return found


def _zip(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _lying_zip() -> bytes:
    """persons.csv of 20,000 rows, its central directory entry saying 100 bytes (past the unpacked-size check)."""
    persons = b"person_id,name\n" + b"".join(b"P%d,Ana Pop\n" % i for i in range(20_000))
    data = bytearray(_zip({"cases.csv": CASES_CSV, "persons.csv": persons}))
    at = 0
    while (at := data.find(b"PK\x01\x02", at)) >= 0:
        length = int.from_bytes(data[at + 28:at + 30], "little")
        if data[at + 46:at + 46 + length] == b"persons.csv":
            data[at + 24:at + 28] = (100).to_bytes(4, "little")
            return bytes(data)
        at += 4
    raise ReplayError("no central directory entry for persons.csv")


WIDTHS = {"finding": 7, "attack": 44, "expected": 36, "observed": 52, "verdict": 12}


def table(rows: list[Row]) -> str:
    def line(cells: dict[str, str]) -> list[str]:
        wrapped = {k: textwrap.wrap(v, WIDTHS[k], break_long_words=True, break_on_hyphens=False) or [""]
                   for k, v in cells.items()}
        height = max(len(w) for w in wrapped.values())
        return [" | ".join((wrapped[k][i] if i < len(wrapped[k]) else "").ljust(WIDTHS[k]) for k in WIDTHS).rstrip()
                for i in range(height)]

    rule = "-+-".join("-" * w for w in WIDTHS.values())
    out = line({k: k for k in WIDTHS}) + [rule]
    for row in rows:
        out += line({k: str(v) for k, v in asdict(row).items()}) + [rule]
    return "\n".join(out)


def _order(row: Row) -> tuple[int, str]:
    number = re.match(r"\d+", row.finding)
    return (int(number.group()) if number else 99, row.finding)


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
