"""The analysts' named queries over the service, on a generated case: each one's time against the
service's Cypher time limit (THBGRAPH_CYPHER_TIMEOUT_S, 10 s by default).

    .venv/bin/python -m bench.bench_named_queries [--persons 2000 10000] [--timeout 10] [--only NAME ...] [--before-first]

Per size: two scratch local Neo4j (the main graph and the analysis database), a generated bundle,
the service in a thread with one analyst of every case, then each named query twice (cold, warm)
through the analyst's session, as a notebook calls it. A query the service stops is printed as
"timed out". The queries reworked to scale are also run as they were before (tests/data/
library_before/, "... before"), in the same run. A timing, not a test: these machines are shared
(see docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import os
import secrets
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import uvicorn

from analyst import connect
from api.app import create_app
from bench.common import scratch_neo4j
from graph.runtime import LocalNeo4j, free_port
from graph.settings import Settings
from ingest.catalogue import load_catalogue
from ingest.generate import generate_bundle
from ingest.writer import load_bundle
from service.auth import Role
from service.cypher_guard import CypherTimedOut
from service.settings import ServiceSettings

CALLS: dict[str, Callable[[dict[str, str]], dict[str, object]]] = {
    "case_list": lambda i: {},
    "co_offenders one": lambda i: {"person_id": i["top"]},
    "co_offenders all": lambda i: {"person_id": None},
    "co_offenders all before": lambda i: {"person_id": None},
    "money_flows": lambda i: {"person_id": i["top"]},
    "persons_sharing": lambda i: {"case_id": i["case"]},
    "persons_sharing before": lambda i: {"case_id": i["case"]},
    "persons_within 1 hop": lambda i: {"person_id": i["top"], "max_hops": 1},
    "persons_within 6 hops": lambda i: {"person_id": i["top"], "max_hops": 6},
    "persons_within of a victim": lambda i: {"person_id": i["victim"], "max_hops": 2},
    "shortest_paths": lambda i: {"from_id": i["top"], "to_id": i["other"], "max_hops": 10},
    "suspect_victims": lambda i: {"person_id": i["top"]},
    "victim_workplaces": lambda i: {"case_id": i["case"]},
    "possible_victims": lambda i: {"case_id": i["case"]},
}


@contextmanager
def served(app) -> Iterator[str]:  # noqa: ANN001
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(30)


def chosen_ids(nb) -> dict[str, str]:  # noqa: ANN001
    """A busy suspect, another suspect two links from him, a victim (by pseudonym), the largest case."""
    top = nb.cypher("MATCH (p:Person)-[:ROLE_IN {role: 'suspect'}]->() RETURN p.person_id AS id, "
                    "COUNT { (p)--() } AS degree ORDER BY degree DESC, id LIMIT 1")["id"].iloc[0]
    other = nb.cypher("MATCH (a:Person {person_id: $top})-[l]-()-[m]-(b:Person)-[:ROLE_IN {role: 'suspect'}]->() "
                      "WHERE l.link_id IS NOT NULL AND m.link_id IS NOT NULL AND b <> a "
                      "RETURN b.person_id AS id ORDER BY id LIMIT 1", {"top": top})["id"].iloc[0]
    victim = nb.cypher("MATCH (p:Person)-[:ROLE_IN {role: 'victim'}]->() RETURN p.person_id AS id LIMIT 1")["id"].iloc[0]
    case = nb.cypher("MATCH (c:Case)<-[:ROLE_IN]-(p) RETURN c.case_id AS id, count(p) AS n ORDER BY n DESC LIMIT 1")
    return {"top": top, "other": other, "victim": victim, "case": case["id"].iloc[0]}


#: The versions before the rework (issue 27), run as plain Cypher beside the library's.
BEFORE = Path(__file__).resolve().parent.parent / "tests" / "data" / "library_before"


def before(name: str) -> str:
    return "\n".join(line for line in (BEFORE / f"{name}.cypher.txt").read_text().splitlines()
                     if not line.startswith("// "))


def timed(nb, call: str, params: dict[str, object]) -> str:  # noqa: ANN001
    name = call.split(" ")[0]
    started = time.perf_counter()
    try:
        frame = nb.cypher(before(name), params) if call.endswith(" before") else nb.named(name, **params)
    except CypherTimedOut:
        return f"timed out after {time.perf_counter() - started:.2f} s"
    return f"{time.perf_counter() - started:.2f} s ({len(frame)} rows)"


def run(persons: int, timeout: float, only: list[str] | None = None, before_first: bool = False) -> None:
    with tempfile.TemporaryDirectory(prefix="thbgraph-bench-") as tmp, scratch_neo4j() as (driver, _):
        analysis = LocalNeo4j(Settings(), Path(tmp) / "analysis", free_port())
        analysis.start()
        os.environ["THBGRAPH_ANALYSIS_NEO4J_URI"] = analysis.uri
        try:
            bundle = Path(tmp) / "bundle"
            generate_bundle(bundle, persons=persons, seed=5)
            load_catalogue(driver)
            load_bundle(driver, bundle)
            cases = [r["id"] for r in driver.execute_query("MATCH (c:Case) RETURN c.case_id AS id").records]
            settings = ServiceSettings(THBGRAPH_SECRET_KEY=secrets.token_urlsafe(32),  # type: ignore[call-arg]
                                       THBGRAPH_PSEUDONYM_KEY=secrets.token_urlsafe(32),
                                       THBGRAPH_HOME=str(Path(tmp) / "home"), THBGRAPH_CYPHER_TIMEOUT_S=timeout)
            app = create_app(settings, driver)
            token = app.state.services.users.add("bench-analyst", Role.analyst, cases)
            with served(app) as url:
                started = time.perf_counter()
                nb = connect(service=url, token=token)  # the service's first request (GET /me)
                print(f"{persons:,} persons: connected in {time.perf_counter() - started:.2f} s")
                started = time.perf_counter()
                for attempt in range(3):  # the analysis database written for the cases
                    try:
                        nb.cypher("RETURN 1")
                        break
                    except CypherTimedOut:  # the first answer's own 10 s can pass under load: said, then asked again
                        print(f"  the first RETURN 1 timed out (attempt {attempt + 1})")
                written = app.state.services.analysis
                print(f"{persons:,} persons: analysis database ready in {time.perf_counter() - started:.2f} s "
                      f"(built {written.last_build_s:.2f} s, written {written.last_write_s:.2f} s); "
                      f"limit {timeout:.0f} s")
                ids = chosen_ids(nb)
                calls = list(CALLS.items())
                if before_first:  # the versions before get the colder caches instead
                    calls.sort(key=lambda c: (c[0].split(" ")[0], not c[0].endswith(" before")))
                for call, params in calls:
                    if only and call.split(" ")[0] not in only:
                        continue
                    cold = timed(nb, call, params(ids))
                    warm = timed(nb, call, params(ids))
                    print(f"  {call:28} cold {cold:30} warm {warm}")
                nb.close()
        finally:
            os.environ.pop("THBGRAPH_ANALYSIS_NEO4J_URI", None)
            analysis.stop()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, nargs="+", default=[2000, 10000])
    parser.add_argument("--timeout", type=float, default=10.0, help="the service's Cypher time limit, s")
    parser.add_argument("--only", nargs="+", help="these named queries only (and their versions before)")
    parser.add_argument("--before-first", action="store_true", help="each version before ahead of its rework")
    args = parser.parse_args()
    for persons in args.persons:
        run(persons, args.timeout, args.only, args.before_first)


if __name__ == "__main__":
    main()
