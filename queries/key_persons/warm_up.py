"""The queries of `key-persons --all` run once on a few persons, right after Neo4j starts.

The first run after a start pays for Neo4j's own warming: its first query (the Bolt and Cypher
machinery loaded and compiled, 2-3 s here), the planning of each query it has not seen, and the
projection of the persons shown running its rows through code the JVM has not compiled yet
(3-4 s at 10,000 persons, 7-8 s at 100,000, against 0.2 and 1.1-1.5 s warm; docs/benchmarks.md).
Running the same queries on `WARM_PERSONS` persons and `WARM_BUSINESSES` businesses plans them
and compiles their paths at the cost of a few seconds in the background; the whole reading of
the links is spared by the kept arrays (`queries.network.whole_cache`). `thbgraph neo4j start`
runs this in a niced process of its own once Neo4j answers
(`python -m queries.key_persons.warm_up URI`). Nothing is written.
"""

from __future__ import annotations

import sys
from typing import Any

from neo4j import Driver, NotificationMinimumSeverity

from graph.cypher import query
from queries.network.whole_cache import graph_version

__all__ = ["WARM_BUSINESSES", "WARM_PERSONS", "warm_up"]

#: How many persons and businesses the warm-up projects (the first by id).
WARM_PERSONS = 5_000
WARM_BUSINESSES = 1_000


def warm_up(driver: Driver, database: str | None = None) -> None:
    """Read the graph's version, then run the projection queries of the persons shown
    (`Projector.shown`) and the links of the first nodes (`whole_links`) on a few."""
    graph_version(driver, database)
    with driver.session(database=database, default_access_mode="READ",
                        notifications_min_severity=NotificationMinimumSeverity.OFF) as session:
        def run(name: str, **params: Any) -> None:
            session.run(query("queries.network", name), params).consume()

        persons = session.run("MATCH (p:Person) RETURN p.person_id AS id ORDER BY id LIMIT $n",
                              n=WARM_PERSONS).value("id")
        businesses = session.run("MATCH (b:Business) RETURN b.business_id AS id ORDER BY id LIMIT $n",
                                 n=WARM_BUSINESSES).value("id")
        run("whole_links", lo=0, hi=WARM_PERSONS)
        run("network_links", person_ids=persons)
        run("network_links_into", person_ids=persons)
        run("network_business_links", business_ids=businesses)
        run("network_evidence", person_ids=persons, business_ids=businesses)
        run("network_persons", person_ids=persons)
        run("network_businesses", business_ids=businesses)


def main() -> None:  # pragma: no cover - run as a process by `thbgraph neo4j start`
    from graph.db import connect  # noqa: PLC0415
    from graph.settings import get_settings  # noqa: PLC0415

    settings = get_settings()
    with connect(settings, uri=sys.argv[1]) as driver:
        warm_up(driver, settings.neo4j_database)


if __name__ == "__main__":
    main()
