"""Findings about the audit log: stopped, on a full disk, cut or torn."""

from __future__ import annotations

import re

from bench.probe.common import ReplayError, TORN


class AuditFindings:
    """Findings 2, 7 and 11 (mixed into Replay)."""

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
