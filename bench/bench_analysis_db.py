"""What the analysis database costs: writing it for an analyst's cases (on the first query, after a
change of the graph, and at each switch between analysts of different cases), against one query.

    .venv/bin/python -m bench.bench_analysis_db [--persons 10000]

Two scratch local Neo4j (the main graph and the analysis database), the sample bundle, and a
generated bundle of `--persons` persons (about 1,000 per case). For each set of cases: the
content built from the main graph (projection, pseudonyms, the catalogue), written (empty the
database, write the content and the catalogue), and a typical analyst query on the result.
Each is timed three times: cold (first), then warm (Neo4j's plans compiled) twice.
"""

from __future__ import annotations

import argparse
import secrets
import tempfile
import time
from pathlib import Path

from api.app import build_services
from service.settings import ServiceSettings
from bench.common import scratch_neo4j
from graph.runtime import LocalNeo4j, free_port
from graph.settings import Settings
from ingest.catalogue import load_catalogue
from ingest.generate import generate_bundle
from ingest.writer import load_bundle

SAMPLE = Path(__file__).resolve().parent.parent / "ingest" / "sample"
QUERY = ("MATCH (a:Person)-[:ROLE_IN {role: 'suspect'}]->(c:Case)<-[:ROLE_IN]-(b:Person) "
         "OPTIONAL MATCH (b)-[l]-() WHERE l.link_id IS NOT NULL RETURN c.case_id, count(DISTINCT b), count(l)")


def persons(services) -> int:  # noqa: ANN001
    return services.analysis.server.driver().execute_query("MATCH (p:Person) RETURN count(p) AS n").records[0]["n"]


def links(services) -> int:  # noqa: ANN001
    return services.analysis.server.driver().execute_query(
        "MATCH ()-[l]->() WHERE l.link_id IS NOT NULL RETURN count(l) AS n").records[0]["n"]


def _seconds(work) -> float:  # noqa: ANN001
    started = time.perf_counter()
    work()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=10000, help="persons in the generated bundle")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="thbgraph-bench-") as tmp, scratch_neo4j() as (driver, _):
        analysis = LocalNeo4j(Settings().model_copy(update={"pagecache_mb": 64, "heap_mb": 512}),
                              Path(tmp) / "analysis", free_port())
        analysis.start()
        try:
            load_catalogue(driver)
            load_bundle(driver, SAMPLE)
            generate_bundle(Path(tmp) / "bundle", persons=args.persons, seed=1)
            loaded = _seconds(lambda: load_bundle(driver, Path(tmp) / "bundle"))
            print(f"loaded {args.persons} generated persons in {loaded:.0f} s", flush=True)
            settings = ServiceSettings(THBGRAPH_SECRET_KEY=secrets.token_urlsafe(32),  # type: ignore[call-arg]
                                       THBGRAPH_PSEUDONYM_KEY=secrets.token_urlsafe(32), THBGRAPH_HOME=tmp,
                                       THBGRAPH_ANALYSIS_NEO4J_URI=analysis.uri)
            services = build_services(settings, driver)
            records, _, _ = driver.execute_query("MATCH (c:Case) WHERE c.case_id STARTS WITH 'GEN-' "
                                                 "RETURN collect(c.case_id) AS ids")
            generated = frozenset(records[0]["ids"])
            sets = [("sample, NO-GLANS", frozenset({"NO-GLANS"})), ("generated, 1 case", frozenset({min(generated)})),
                    (f"generated, all {len(generated)} cases", generated)]
            for label, cases in sets:
                for run in ("cold", "warm", "warm"):
                    rewrite = _seconds(lambda: services.analysis._rewrite(cases))  # noqa: B023
                    build, write = services.analysis.last_build_s, services.analysis.last_write_s
                    query = _seconds(lambda: services.analysis.server.driver().execute_query(QUERY))
                    print(f"{label:>26} ({run}): {persons(services):>6} persons, {links(services):>6} links; "
                          f"rewrite {rewrite:6.2f} s = build {build:6.2f} s + write {write:6.2f} s; "
                          f"query {query:5.2f} s; rewrite/query {rewrite / max(query, 1e-3):5.0f}", flush=True)
        finally:
            analysis.stop()


if __name__ == "__main__":
    main()
