"""Findings about costly or malformed input: a reduce query, many errors, ranges, malformed bundles, lengths."""

from __future__ import annotations

import io
import json
import threading
import time
import zipfile
from typing import Any

from bench.probe.common import CASES_CSV, LIMITS_CASE, ReplayError, _rss_mb


class LimitFindings:
    """Findings 8, 9, 13, 14 and 15 (mixed into Replay)."""

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
