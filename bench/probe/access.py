"""Findings about reading beyond one's cases: foreign rows, oracles, indexes, relatives, analysts' Cypher."""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable
from typing import Any
from urllib.parse import quote

import httpx

from bench.probe.common import (
    GLANS, GLANS_CASE, GLANS_VICTIM_VALUES, NORDLYS, NORDLYS_CASE, NORDLYS_MARKERS, OTHER_VALUES, OWN_VALUES, P002,
    SIGNS, _short)


class AccessFindings:
    """Findings 1, 3, 4, 5, 6, 12 and 18 (mixed into Replay)."""

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
