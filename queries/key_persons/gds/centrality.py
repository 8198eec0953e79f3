"""The structural measures of the whole graph's persons, computed in Neo4j by Graph Data Science.

The Python path (`queries.key_persons.centrality`) builds the person graph in memory and runs
igraph. Where the server has the GDS plugin (OpenGDS in the local runtime, the GDS
plugin on a server of one's own or on Aura), the same person graph is projected in the
database (`gds_project_persons.cypher`: the same ties, the same group limit) and
degree, PageRank, betweenness (exact up to `EXACT_MAX_PERSONS`, else sampled with as
many pivots as the Python path) and connected components run there; only the
per-person figures come back. `gds_version` says whether GDS is there.

The figures equal the Python path's: degree and components exactly, PageRank to the
convergence tolerance (GDS iterates, igraph solves; GDS's scores divided by their sum
are igraph's, isolated persons included), exact betweenness to rounding; sampled
betweenness draws other pivots than the Python path, so it agrees on the leading
persons, not digit for digit (tests/test_gds_neo4j.py).
"""

from __future__ import annotations

import uuid
from typing import Any

from neo4j import Driver, ManagedTransaction
from neo4j.exceptions import ClientError

from graph.cypher import query
from graph.errors import ThbgraphError
from queries.key_persons.centrality import EXACT_MAX_PERSONS, SEED, Centrality, Method, number_components, pivot_count
from queries.network.model import BUSINESS_CONTROL_LINKS
from queries.network.person_graph import BUSINESS_TIE_LINKS, SHARED_GROUP_LIMIT

#: Where this module's Cypher lives (`gds_*.cypher`).
PACKAGE = "queries.key_persons.gds"

__all__ = ["ENGINES", "GdsUnavailable", "gds_centrality", "gds_version", "structure_in_database", "uses_gds"]

#: Where the structural measures of a whole-graph analysis run: "auto" is GDS when the
#: server has it, Python otherwise.
ENGINES = ("auto", "gds", "python")


class GdsUnavailable(ThbgraphError):
    pass


def gds_version(driver: Driver, database: str | None = None) -> str | None:
    """GDS's version on the server, or None when the plugin is absent (or not allowed)."""
    try:
        records, _, _ = driver.execute_query(query(PACKAGE, "gds_version"), database_=database, routing_="r")
    except ClientError:  # unknown function: no plugin, or its procedures are not allowed
        return None
    return records[0]["version"]


def uses_gds(driver: Driver, engine: str, database: str | None = None) -> bool:
    """Whether ``engine`` measures the structure in GDS: "gds" (refused where the server has
    no GDS), "auto" where it has; never "python"."""
    if engine not in ENGINES:
        raise ValueError(f"engine must be one of {', '.join(ENGINES)}, got {engine!r}")
    if engine == "python":
        return False
    if gds_version(driver, database) is None:
        if engine == "gds":
            raise GdsUnavailable(
                "this Neo4j has no Graph Data Science plugin (gds.version() is unknown): install it "
                "(NEO4J_PLUGINS='[\"graph-data-science\"]' in Docker) or use --engine python"
            )
        return False
    return True


def structure_in_database(driver: Driver, engine: str, database: str | None = None) -> Centrality | None:
    """The whole graph's structural measures from GDS, or None for the Python path
    (``engine`` "python", or "auto" on a server without GDS)."""
    return gds_centrality(driver, database=database) if uses_gds(driver, engine, database) else None


def gds_centrality(
    driver: Driver, *, database: str | None = None, exact: bool | None = None, seed: int = SEED
) -> Centrality:
    """Betweenness, degree, PageRank and components of every person in the database,
    computed by GDS, in sorted person-id order (the Python path's order).

    One read transaction projects, measures and drops the in-memory graph, so on a
    cluster every step runs on the same server.
    """
    with driver.session(database=database, default_access_mode="READ") as session:
        measured = session.execute_read(_measure, exact, seed)
    return measured if isinstance(measured, Centrality) else _in_id_order(*measured)


def _measure(tx: ManagedTransaction, exact: bool | None, seed: int) -> Centrality | tuple:
    graph = f"thbgraph-persons-{uuid.uuid4().hex}"  # a fresh name per attempt: a retry never meets the last one
    try:
        ties = tx.run(query(PACKAGE, "gds_project_persons"), graph=graph, tie_types=sorted(BUSINESS_TIE_LINKS),
                      control_types=sorted(BUSINESS_CONTROL_LINKS), limit=SHARED_GROUP_LIMIT).single(strict=True)
        n, m = ties["persons"] or 0, ties["ties"] or 0
        exact = n <= EXACT_MAX_PERSONS if exact is None else exact
        if not n:  # an empty graph projects nothing
            return Centrality([], [], [], [], Method("exact" if exact else "sampled", "gds", 0, 0), [])
        pivots = None if exact else min(n, pivot_count(n, m))
        measures = tx.run(query(PACKAGE, "gds_person_measures"), graph=graph).single(strict=True)
        between = tx.run(query(PACKAGE, "gds_betweenness"), graph=graph, sampling=pivots, seed=seed).single(strict=True)
    finally:
        tx.run(query(PACKAGE, "gds_drop"), graph=graph).consume()
    method = Method("exact", "gds", n, m) if exact else Method("sampled", "gds", n, m, pivots, seed)
    return measures, between["betweenness"], n, pivots, method  # put in order once the transaction is closed


def _in_id_order(measures: Any, betweenness: list[list], n: int, pivots: int | None, method: Method) -> Centrality:
    nodes, ids = measures["nodes"], measures["person_ids"]
    order = sorted(range(len(ids)), key=ids.__getitem__)
    position = {node: i for i, node in enumerate(nodes)}

    def by_node(pairs: list[list]) -> list:
        values: list = [None] * len(nodes)
        for node, value in pairs:
            values[position[node]] = value
        return values

    pagerank = by_node(measures["pagerank"])
    total = sum(pagerank) or 1.0
    # Unscaled, each pair of other persons once, like igraph's; a sample is scaled by n/k.
    scale = (n / pivots if pivots else 1.0) * (2.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0)
    between, component = by_node(betweenness), by_node(measures["component"])
    return Centrality(
        ids=[ids[i] for i in order],
        betweenness=[between[i] * scale for i in order],
        degree=[measures["degree"][i] for i in order],
        pagerank=[pagerank[i] / total for i in order],
        method=method,
        components=number_components([component[i] for i in order]),
    )
