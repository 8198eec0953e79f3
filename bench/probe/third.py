"""The third probe's findings (issue 24, ../shared/research/security-probe-3.md), replayed with other names,
ids and files than the probe's: rows `p3-1` .. `p3-15` and the three policies `p3-P1` .. `p3-P3`.

Rows the replay cannot make without a browser say so (`not replayed`) and name the test that covers them.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import psutil

from bench.probe.common import GLANS, NORDLYS, ReplayError


def browsers(server: int) -> list[psutil.Process]:
    """The Chromium browsers under the server: the processes Playwright started with its pipe, less their
    children (renderers, GPU, zygotes: `--type=...`, and the switch passed on to them)."""
    found: dict[str, psutil.Process] = {}
    for p in psutil.Process(server).children(recursive=True):
        try:
            command = p.cmdline()
            if "--remote-debugging-pipe" in command and not any(a.startswith("--type=") for a in command):
                profile = next((a for a in command if a.startswith("--user-data-dir=")), str(p.pid))
                found.setdefault(profile, p)  # one browser per profile, however many processes show it
        except psutil.Error:  # ended while counted
            pass
    return list(found.values())


class ThirdFindings:
    """Mixed into Replay (bench/probe/replay.py), which gives call, upload, cli, cypher, add, driver, server."""

    # --- helpers ------------------------------------------------------------------------------------------

    def web(self: Any, who: str) -> tuple[httpx.Client, str]:
        """A web session of `who` (signed in through the form, as a browser of this origin), and its CSRF token."""
        client = httpx.Client(base_url=self.server.base, timeout=600, headers={"Sec-Fetch-Site": "same-origin"})
        form = re.search(r'name="csrf_token" value="([^"]+)"', client.get("/web/sign-in").text)
        if not form:
            raise ReplayError("no sign-in form")
        client.post("/web/sign-in", data={"token": self.tokens[who], "csrf_token": form.group(1)})
        token = re.search(r'"X-CSRF-Token": "([^"]+)"', client.get("/web/cases").text)
        if not token:
            raise ReplayError(f"{who} could not sign in to the web app")
        self.requests += 4
        return client, token.group(1)

    def person(self: Any, person_id: str) -> dict[str, Any]:
        records = self.driver.execute_query(
            "MATCH (p:Person {person_id: $id}) OPTIONAL MATCH (p)-[r]-(o) "
            "RETURN properties(p) AS p, collect([type(r), properties(r), labels(o)]) AS rels", id=person_id).records
        return {"p": records[0]["p"], "rels": sorted(json.dumps(r, default=str) for r in records[0]["rels"])} if records else {}

    # --- the findings -------------------------------------------------------------------------------------

    def p3_ftm_collision(self: Any) -> None:
        """1: an FtM file naming another case's victim (P023) and this case's suspect (P004) by their ids."""
        before = self.person("P023"), self.person("P004")
        path = Path(self.tmp) / "partner.ftm.json"
        path.write_text("\n".join(json.dumps(e) for e in [
            {"id": "P023", "schema": "Person", "properties": {"name": ["P. Adeyemi-Renamed"], "birthDate": ["1970-01-01"]}},
            {"id": "P004", "schema": "Person", "properties": {"name": ["L. Berg-Renamed"], "phone": ["+4799999999"]}},
        ]) + "\n")
        dry = self.cli("load", str(path), "--case", GLANS, "--default-role", "witness", "--dry-run")
        load = self.cli("load", str(path), "--case", GLANS, "--default-role", "witness")
        after = self.person("P023"), self.person("P004")
        reported = "P023" in dry.stdout + dry.stderr and "P004" in dry.stdout + dry.stderr
        self.add("p3-1", f"FtM file with ids P023 ({NORDLYS} victim) and P004 ({GLANS}), `thbgraph load --case "
                 f"{GLANS}` (dry run, then load)", "both records unchanged (values and links); the dry run names both",
                 f"dry run rc {dry.returncode}, names both: {reported}; load rc {load.returncode}; "
                 f"P023 unchanged: {after[0] == before[0]}; P004 unchanged: {after[1] == before[1]}",
                 after == before and reported)
        self.reload()

    def p3_timeline_markup(self: Any) -> None:
        self.add("p3-2", "names drawn as HTML in the network page's timeline (rows, bars, tooltips)",
                 "text, no element, nothing fetched", "not replayed: needs a browser; tests/test_web_markup.py plants "
                 "markup in every field and hovers a tooltip in Chromium", "not replayed")

    def p3_match_oracle(self: Any) -> None:
        """3: probe persons named like another case's victim (P024), loaded into one's own case."""
        probes = [{"person_id": f"QX{i}", "name": "Faith Nwosu", **({"birth_date": f"{y}-01-09"} if y else {})}
                  for i, y in enumerate([None, 1995, 1996, 1997])]
        bundle = {"cases": [{"case_id": GLANS, "title": "Operation Glans", "jurisdiction": "NO",
                             "opened_on": "2024-03-04", "status": "open"}], "persons": probes,
                  "roles": [{"case_id": GLANS, "person_id": p["person_id"], "role": "witness"} for p in probes]}
        upload = self.upload("inv_g", bundle)
        listed = self.call("inv_g", "GET", f"/matches?case={GLANS}")
        told = sorted(h["record_id"] for h in listed.json().get("hidden", [])) if listed.status_code == 200 else None
        pair = self.call("inv_g", "GET", "/matches/P011/P016", purpose=None)
        self.add("p3-3", f"inv_g loads 4 persons named like {NORDLYS}' victim P024 (no date, 1995-1997) into {GLANS}, "
                 "reads /matches; and scores two records of her own case without a purpose",
                 "no 'match elsewhere' notice for any; the pair within one case 404",
                 f"upload {upload.status_code}; notices for {told}; pair P011/P016 {pair.status_code}",
                 upload.status_code in (200, 201) and told == [] and pair.status_code == 404)
        self.reload()

    def p3_web_echo(self: Any) -> None:
        """4: a plan title typed as a victim's name comes back as typed, never as her pseudonym."""
        client, csrf = self.web("ana_g")
        title = "Oleksandr Melnyk"
        action = re.search(r'name="action" value="([^"]+)"', client.get(f"/web/cases/{GLANS}/plans").text)
        if not action:
            raise ReplayError("the workbench offers no action")
        answer = client.post(f"/web/cases/{GLANS}/plans/evaluate",
                             data={"csrf_token": csrf, "title": title, "action": action.group(1)})
        self.requests += 2
        echoed = title in answer.text
        self.add("p3-4", f"analyst evaluates a plan titled '{title}' (a victim of her case) in the web app",
                 "the title as typed", f"{answer.status_code}; title as typed: {echoed}",
                 answer.status_code == 200 and echoed)

    def p3_ftm_export(self: Any) -> None:
        self.add("p3-5", "pseudonymised FtM export: identity data of a victim on related entities",
                 "left out or pseudonymised per property type", "not replayed: needs FtM entities made with "
                 "followthemoney; tests/test_ftm_export_victims.py (two victim profiles, every related schema)",
                 "not replayed")

    def p3_real_id(self: Any) -> None:
        """6 and the second policy: an analyst naming a victim by her real id."""
        answers = {p: self.call("ana_g", "GET", f"/persons/{p}").status_code for p in ("P013", "P014")}
        missing = self.call("ana_g", "GET", "/persons/P998").status_code
        self.add("p3-6", "analyst GET /persons/P013 and /P014 (victims of her case, real ids)",
                 "404 like a missing person (P998)", f"{answers}, P998 {missing}",
                 set(answers.values()) == {404} and missing == 404)

    def p3_audit_first(self: Any) -> None:
        """7 (the server with the log on /dev/full): a decision on a candidate pair commits nothing."""
        pair = self.candidate()
        if "inv_gn" not in self.tokens:  # the pair spans both cases: a decider assigned to both
            made = self.cli("users", "add", "inv_gn", "--role", "investigator", "--case", GLANS, "--case", NORDLYS)
            self.tokens["inv_gn"] = made.stdout.strip().splitlines()[-1] if made.stdout.strip() else ""
        answer = self.call("inv_gn", "POST", f"/matches/{pair[0]}/{pair[1]}", json={"judgement": "different"})
        same_as = self.driver.execute_query("MATCH ()-[r:SAME_AS]->() RETURN count(r) AS n").records[0]["n"]
        self.add("p3-7", f"THBGRAPH_AUDIT_LOG=/dev/full; inv_gn (both cases) POST /matches/{pair[0]}/{pair[1]} (a decision)",
                 "500 audit-unavailable and no SAME_AS written", f"{answer.status_code}; SAME_AS in Neo4j: {same_as}",
                 answer.status_code == 500 and same_as == 0)
        if same_as:
            self.reload()

    def candidate(self: Any) -> tuple[str, str]:
        """The first candidate pair the command line lists (its operator sees every case)."""
        listed = self.cli("match", "list", "--format", "json")
        pairs = json.loads(listed.stdout or "[]") if listed.returncode == 0 else []
        if not pairs:  # the sample's two cases share no one: a NO-NORDLYS record like NO-GLANS' suspect P016
            bundle = Path(self.tmp) / "twin"
            bundle.mkdir(exist_ok=True)
            (bundle / "cases.csv").write_text("case_id,title,jurisdiction,opened_on,status\n"
                                              f"{NORDLYS},Operation Nordlys,NO,2024-09-16,open\n")
            (bundle / "persons.csv").write_text("person_id,name,birth_date,nationality,immigration_status\n"
                                                "QN16,Mihai Rusu,1997-07-14,RO,eea_national\n")
            (bundle / "roles.csv").write_text(f"case_id,person_id,role,identified_on,cooperation\n{NORDLYS},QN16,suspect,,\n")
            loaded = self.cli("load", str(bundle))
            listed = self.cli("match", "list", "--format", "json")
            pairs = json.loads(listed.stdout or "[]") if listed.returncode == 0 else []
            if not pairs:
                raise ReplayError(f"no candidate pair (load rc {loaded.returncode} {loaded.stderr[-200:]}; "
                                  f"list {listed.stderr[-200:]})")
        if not pairs:
            raise ReplayError(f"no candidate pair to decide on: {listed.stderr[-300:]}")
        return pairs[0]["left"]["id"], pairs[0]["right"]["id"]

    def p3_pdf_bound(self: Any) -> None:
        """8: seven network exports at once from one user; another user's export meanwhile."""
        mine, csrf = self.web("ana_g")
        other, other_csrf = self.web("inv_g")

        def form(client: httpx.Client, token: str) -> dict[str, str]:
            view = client.get(f"/web/api/cases/{GLANS}/network").json()
            return {"csrf_token": token, "parties": " ".join(n["id"] for n in view["nodes"][:12]),
                    "types": ",".join(view["link_types"])}

        mine_form, other_form = form(mine, csrf), form(other, other_csrf)
        url = f"/web/cases/{GLANS}/network/export.pdf"
        peak = [0]

        def chromiums() -> None:
            peak[0] = max(peak[0], len(browsers(self.server.process.pid)))

        with ThreadPoolExecutor(8) as pool:
            hers = [pool.submit(mine.post, url, data=mine_form) for _ in range(7)]
            his = pool.submit(other.post, url, data=other_form)
            while not all(f.done() for f in [*hers, his]):
                chromiums()
                his.exception(timeout=0.2) if his.done() else None
            statuses = sorted(f.result().status_code for f in hers)
        self.requests += 8
        self.add("p3-8", "ana_g sends 7 network PDF exports at once; inv_g exports meanwhile",
                 "6 printed, the 7th 429 with Retry-After; inv_g's printed; at most 2 Chromiums",
                 f"ana_g {statuses}; inv_g {his.result().status_code}; Chromium browsers at most {peak[0]}",
                 statuses == [200] * 6 + [429] and his.result().status_code == 200 and peak[0] <= 2)

    def p3_zip_members(self: Any) -> None:
        """9: a zip of 12,000 members with long names."""
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w") as z:
            for i in range(12_000):
                z.writestr(f"extra/{'q' * 150}-{i}.txt", "")
        answer = self.upload("inv_g", buffer.getvalue(), "application/zip")
        self.add("p3-9", "inv_g uploads a zip of 12,000 members named 'extra/qqq…-N.txt'",
                 "422, a short answer", f"{answer.status_code}, {len(answer.content)} bytes for a "
                 f"{len(buffer.getvalue())}-byte upload", answer.status_code == 422 and len(answer.content) < 20_000)

    def p3_login_csrf(self: Any) -> None:
        """10: a sign-in cookie planted by a page on another port, with the matching token."""
        attacker = httpx.Client(base_url=self.server.base, timeout=60)
        planted = attacker.get("/web/sign-in").cookies.get("thbgraph_sign_in")
        victim = httpx.Client(base_url=self.server.base, timeout=60, cookies={"thbgraph_sign_in": planted})
        answer = victim.post("/web/sign-in", data={"token": self.tokens["ana_n"], "csrf_token": planted},
                             headers={"Sec-Fetch-Site": "same-site", "Origin": "http://127.0.0.1:1"})
        self.requests += 2
        signed_in = "thbgraph_session" in answer.cookies
        self.add("p3-10", "a page on 127.0.0.1:1 plants a sign-in cookie it fetched and posts ana_n's token",
                 "403, no session", f"{answer.status_code}; session cookie set: {signed_in}",
                 answer.status_code == 403 and not signed_in)

    def p3_hide_replay(self: Any) -> None:
        """11: a copy of the cookie kept from before "Hide identities"."""
        client, csrf = self.web("pros_g")
        client.post(f"/web/cases/{GLANS}/reveal", data={"csrf_token": csrf, "purpose": "replay check"})
        kept = client.cookies.get("thbgraph_session")
        client.post(f"/web/cases/{GLANS}/hide", data={"csrf_token": csrf})
        replay = httpx.Client(base_url=self.server.base, timeout=60, cookies={"thbgraph_session": kept})
        answer = replay.get(f"/web/cases/{GLANS}/persons/P012")
        self.requests += 3
        named = "Oleksandr" in answer.text or "Melnyk" in answer.text
        self.add("p3-11", "pros_g reveals, keeps the cookie, hides, then opens P012's panel with the kept copy",
                 "signed out (303), no name", f"{answer.status_code}; name shown: {named}",
                 answer.status_code == 303 and not named)

    def p3_index_statistics(self: Any) -> None:
        answers = {q: self.cypher("ana_none", q).status_code for q in (
            "SHOW INDEXES YIELD name, lastRead AS l RETURN l", "SHOW INDEXES WHERE readCount > 1")}
        named = self.cypher("ana_none", "SHOW INDEXES YIELD name, type").status_code
        self.add("p3-12", "analyst with no case: index usage statistics, renamed and in a filter",
                 "403 both; index names still 200", f"{answers}; names {named}",
                 set(answers.values()) == {403} and named == 200)

    def p3_child_keys(self: Any) -> None:
        """13: the environment of the JVMs this replay started (as the service starts the analysis one)."""
        keys = [self.victim_key.encode()]
        jvms = [p for p in psutil.Process().children(recursive=True) if "java" in p.name().lower()]
        leaked = [p.pid for p in jvms if any(k in Path(f"/proc/{p.pid}/environ").read_bytes() for k in keys)]
        self.add("p3-13", "the keys in /proc/<pid>/environ of the local Neo4j JVMs (started with the victim-data "
                 "key in the environment)", "absent", f"{len(jvms)} JVMs, with a key: {leaked}",
                 bool(jvms) and not leaked)

    def p3_cli_user(self: Any) -> None:
        left, right = self.candidate()
        done = self.cli("match", "decide", left, right, "unsure", "--user", "ana_n")
        by = self.driver.execute_query("MATCH ()-[r:SAME_AS]->() RETURN collect(DISTINCT r.user) AS u").records[0]["u"]
        self.add("p3-14", f"`thbgraph match decide {left} {right} unsure --user ana_n`",
                 "the graph's history says cli:ana_n, as the audit log", f"rc {done.returncode}; SAME_AS by {by}",
                 done.returncode == 0 and by == ["cli:ana_n"])
        self.reload()

    def p3_malformed_ftm(self: Any) -> None:
        path = Path(self.tmp) / "deep.ftm.json"
        path.write_text('{"id":"QQ1","schema":"Person","properties":{"name":' + "[" * 50_000 + "]" * 50_000 + "}}\n"
                        + json.dumps({"id": "QQ\u00002", "schema": "Person", "properties": {"name": ["N"]}}) + "\n")
        done = self.cli("load", str(path), "--case", GLANS, "--default-role", "witness", "--dry-run")
        self.add("p3-15", "FtM file: a 50,000-deep line, an id with a NUL", "problems at lines 1 and 2, no traceback",
                 f"rc {done.returncode}; traceback: {'Traceback' in done.stderr}; "
                 f"lines named: {'1' in done.stdout + done.stderr and '2' in done.stdout + done.stderr}",
                 done.returncode != 0 and "Traceback" not in done.stderr)

    def p3_policies(self: Any) -> None:
        """The three policies of issue 24 (built by engineer "policies"): possible victims pseudonymised for
        analysts; no pseudonym beside a real id; a suspect's own name never withheld from investigators."""
        client, _ = self.web("inv_g")
        listed = client.get(f"/web/cases/{GLANS}")  # the case page with its key persons, nothing revealed
        self.requests += 1
        whole, cut = "Ion Dima" in listed.text, "[withheld] Dima" in listed.text
        self.add("p3-P3", f"inv_g opens {GLANS}' case page without revealing (P003 Ion Dima, a key person, shares "
                 "a surname with a victim)", "his own name in full", f"{listed.status_code}; 'Ion Dima': {whole}; "
                 f"'[withheld] Dima': {cut}", listed.status_code == 200 and whole and not cut)
        victim = self.call("ana_g", "GET", "/persons/P012")
        self.add("p3-P2", "analyst GET /persons/P012 (a victim's real id)", "404, no pseudonym beside the id",
                 f"{victim.status_code}; pseudonym in the answer: {'V-' in victim.text}",
                 victim.status_code == 404 and "V-" not in victim.text)
        # P016 Mihai Rusu: recorded as a suspect, controlled and housed by P002, his passport held.
        network = self.call("ana_g", "GET", f"/cases/{GLANS}/network")
        person = self.call("ana_g", "GET", "/persons/P016")
        seen = self.call("inv_g", "GET", f"/cases/{GLANS}/network")
        hidden = network.status_code == 200 and "Rusu" not in network.text and "P016" not in network.text
        self.add("p3-P1", "ana_g reads the network and GET /persons/P016 (a suspect with a victim's signs); "
                 "inv_g reads the network", "to the analyst a pseudonym and 404; to the investigator his name",
                 f"network {network.status_code}, 'Rusu' or 'P016' in it: {not hidden}; person {person.status_code}; "
                 f"inv_g sees 'Mihai Rusu': {'Mihai Rusu' in seen.text}",
                 hidden and person.status_code == 404 and "Mihai Rusu" in seen.text)
