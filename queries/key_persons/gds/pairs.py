"""The structural measures of the whole database's person graph by GDS, projected from the
numbered ties the array path built (`queries.network.whole_ties`), not from the database's nodes.

`queries.key_persons.gds.centrality` projects the person graph with a Cypher query that finds the ties
in the database (shared businesses and identifiers): 129 s at a million persons. The array
path has the ties already, as keys ``i * n + j``; sent as one list, they project in a
fraction of that (`gds_project_pairs.cypher`), and the node ids GDS streams back are the
persons' numbers, so no id has to be looked up. The measures are those of
`gds_centrality`: degree, PageRank, components, betweenness exact up to
`EXACT_MAX_PERSONS` persons, else sampled with as many pivots as the Python path.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable

import numpy as np
from neo4j import Driver, ManagedTransaction

from graph.cypher import query
from queries.key_persons.centrality import EXACT_MAX_PERSONS, SEED, Centrality, Method, number_components, pivot_count

#: Where this module's Cypher lives (`gds_*.cypher`).
PACKAGE = "queries.key_persons.gds"

__all__ = ["gds_centrality_of_ties"]


def gds_centrality_of_ties(
    driver: Driver, ids: list[str], keys: np.ndarray, *, database: str | None = None, exact: bool | None = None,
    seed: int = SEED, progress: Callable[[str], None] | None = None,
) -> Centrality:
    """Betweenness, degree, PageRank and components of persons ``ids`` tied by ``keys``
    (sorted, distinct, ``i * len(ids) + j`` with ``i < j``), computed by GDS; ``progress``
    hears each step's time."""
    n, m = len(ids), len(keys)
    exact = n <= EXACT_MAX_PERSONS if exact is None else exact
    pivots = None if exact else min(n, pivot_count(n, m))
    method = Method("exact", "gds", n, m) if exact else Method("sampled", "gds", n, m, pivots, seed)
    if not n:
        return Centrality([], [], [], [], method, [])
    with driver.session(database=database, default_access_mode="READ") as session:
        # The array itself: the driver packs it without a Python int per key (0.4 GB less at 10M ties).
        measures, between = session.execute_read(_measure, n, keys, pivots, seed, progress or (lambda _: None))
    degree, component, betweenness, pagerank = [0] * n, [0] * n, [0.0] * n, [0.0] * n
    for values, pairs in ((degree, measures["degree"]), (component, measures["component"]),
                          (betweenness, between), (pagerank, measures["pagerank"])):
        for node, value in pairs:
            values[node] = value
    total = sum(pagerank) or 1.0
    # Unscaled, each pair of other persons once, like igraph's; a sample is scaled by n/k.
    scale = (n / pivots if pivots else 1.0) * (2.0 / ((n - 1) * (n - 2)) if n > 2 else 0.0)
    return Centrality(ids=list(ids), betweenness=[b * scale for b in betweenness], degree=degree,
                      pagerank=[p / total for p in pagerank], method=method, components=number_components(component))


def _measure(tx: ManagedTransaction, n: int, keys: np.ndarray, pivots: int | None, seed: int,
             say: Callable[[str], None]) -> tuple:
    graph = f"thbgraph-ties-{uuid.uuid4().hex}"  # a fresh name per attempt: a retry never meets the last one
    started = time.perf_counter()
    try:
        tx.run(query(PACKAGE, "gds_project_pairs"), graph=graph, persons=n, keys=keys).consume()
        say(f"GDS: {len(keys):,} ties projected ({time.perf_counter() - started:.1f} s)")
        measures = tx.run(query(PACKAGE, "gds_pair_measures"), graph=graph).single(strict=True)
        say(f"GDS: degree, PageRank and components ({time.perf_counter() - started:.1f} s)")
        between = tx.run(query(PACKAGE, "gds_betweenness"), graph=graph, sampling=pivots, seed=seed).single(strict=True)
        say(f"GDS: betweenness ({time.perf_counter() - started:.1f} s)")
    finally:
        tx.run(query(PACKAGE, "gds_drop"), graph=graph).consume()
    return measures, between["betweenness"]
