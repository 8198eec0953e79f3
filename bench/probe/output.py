"""Findings about what the service writes out: markup in the audit view, headers, logs."""

from __future__ import annotations

import json
import stat
from pathlib import Path

from neo4j import GraphDatabase
from neo4j.exceptions import AuthError, ClientError

from bench.probe.common import _short


class OutputFindings:
    """Findings 10, 16 and 17 (mixed into Replay)."""

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
        answers, refused = [], True
        for name, auth in (("no credentials", None), ("neo4j/neo4j", ("neo4j", "neo4j"))):
            with GraphDatabase.driver(f"bolt://127.0.0.1:{self.driver_port()}", auth=auth) as bare:
                try:
                    n = bare.execute_query("MATCH (p:Person) RETURN count(p) AS n").records[0]["n"]
                    answers.append(f"{name}: answered {n} persons")
                    refused = False
                except AuthError as exc:
                    answers.append(f"{name}: refused ({exc.code})")
                except ClientError as exc:  # e.g. CredentialsExpired: the default password was accepted
                    answers.append(f"{name}: logged in, then {exc.code}")
                    refused = False
        self.add("17", "connect to the local runtime's Bolt port with no credentials, then with the default "
                 "neo4j/neo4j, and read the graph", "authentication required", "; ".join(answers), refused)


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
