"""Betweenness, degree and PageRank of a person graph, with the engine chosen by size.

networkx is the project's analysis library, but its pure-Python betweenness took
~66 s for 4,000 persons on our 2-core machine. The structural measures therefore run
in a compiled engine:

- exact betweenness (Brandes 2001) up to `EXACT_MAX_PERSONS` persons, in the faster
  of igraph and rustworkx (measured by ``bench/bench_key_persons_pure.py``; see
  `EXACT_ENGINE`);
- above it, the pivot-sampling estimate of Brandes & Pich (2007): shortest paths
  from k source persons drawn with a fixed seed, scaled by n/k, so the same graph
  always gives the same scores;
- PageRank by igraph's PRPACK solver, degree by counting.

The result says which method was used (`Method.describe`) so the CLI can print it.

References
----------
U. Brandes, "A faster algorithm for betweenness centrality", Journal of
Mathematical Sociology 25(2):163-177, 2001.
U. Brandes and C. Pich, "Centrality estimation in large networks", International
Journal of Bifurcation and Chaos 17(7):2303-2318, 2007.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import igraph as ig
import rustworkx as rx

if TYPE_CHECKING:  # networkx costs a second to import; the whole-database path never builds its graphs
    import networkx as nx

__all__ = [
    "EXACT_ENGINE",
    "EXACT_MAX_PERSONS",
    "MIN_PIVOTS",
    "PIVOT_BUDGET",
    "SEED",
    "Centrality",
    "Method",
    "betweenness",
    "centrality",
    "number_components",
    "pivot_count",
    "to_igraph",
]

#: Exact betweenness up to this many persons. Brandes' algorithm costs O(n m); on
#: this machine: 2.7 s for a random graph of 5,000 persons and 25,000 edges, 13 s for
#: 10,000 and 50,000, 5-7 s for the 10k synthetic case network of the benchmark.
EXACT_MAX_PERSONS = 5_000
#: The exact engine. On our 2 cores rustworkx (which parallelises) matched igraph
#: (3.6 s each, random graph of 6,000 persons) only with both cores to itself, and
#: took 6.7 s on one; with the machine busy, igraph took 5.3-6.6 s and rustworkx
#: 7.9-19.4 s on the 10k synthetic network (bench/bench_key_persons_pure.py). The
#: sampled method and PageRank need igraph anyway.
EXACT_ENGINE = "igraph"
#: Sampled betweenness visits about this many edges in total (pivots x edges), so its
#: time grows slowly with the graph: 1,653 pivots (about 1 s) at 10k persons and 60k
#: ties, which keep 9 of the exact top 10 of the ranking; 165 pivots (2-3 s) at 100k
#: persons and 605k ties.
PIVOT_BUDGET = 100_000_000
#: Never fewer pivots than this: the estimate's error shrinks only as 1/sqrt(pivots).
MIN_PIVOTS = 64
#: Seed of the pivot sample: any fixed value; fixed so the same graph ranks the same.
SEED = 42


@dataclass(frozen=True)
class Method:
    """How betweenness was computed."""

    method: str  # "exact" | "sampled"
    engine: str  # "igraph" | "rustworkx" | "gds" (in the database)
    persons: int
    edges: int
    pivots: int | None = None
    seed: int | None = None

    def describe(self) -> str:
        """One line for the CLI, e.g. ``exact betweenness (igraph), 1,200 persons``."""
        size = f"{self.persons:,} person{'s' if self.persons != 1 else ''}, {self.edges:,} tie{'s' if self.edges != 1 else ''}"
        where = "measured in the database by Neo4j GDS: " if self.engine == "gds" else ""
        if self.method == "exact":
            return f"{where}exact betweenness ({self.engine}, Brandes 2001), {size}"
        draw = "pivots drawn by degree" if self.engine == "gds" else "Brandes-Pich 2007"
        return (
            f"{where}sampled betweenness ({self.engine}, {draw}: {self.pivots:,} pivots, "
            f"seed {self.seed}), {size}; exact up to {EXACT_MAX_PERSONS:,} persons"
        )

    def to_dict(self) -> dict:
        return asdict(self) | {"description": self.describe()}


@dataclass(frozen=True)
class Centrality:
    """Structural measures of each person, in the order of ``ids``.

    ``betweenness`` is normalised as in networkx (the share of pairs of other persons
    whose shortest paths run through the person, weighted by path counts), ``degree``
    counts distinct neighbours, ``pagerank`` sums to 1 over the graph, ``components``
    numbers the connected parts 0, 1, ... in the order of their first person (so two
    engines give the same list).
    """

    ids: list[str]
    betweenness: list[float]
    degree: list[int]
    pagerank: list[float]
    method: Method
    components: list[int]


def number_components(labels: list) -> list[int]:
    """Component labels of any engine renumbered 0, 1, ... by first appearance."""
    seen: dict = {}
    return [seen.setdefault(label, len(seen)) for label in labels]


def to_igraph(graph: nx.Graph) -> ig.Graph:
    """The same undirected graph in igraph, vertex i = the i-th node of ``graph``.

    Vertex attribute ``name`` holds the node id.
    """
    position = {node: i for i, node in enumerate(graph)}
    edges = [(position[u], position[v]) for u, v in graph.edges()]
    g = ig.Graph(n=len(position), edges=edges, directed=False)
    g.vs["name"] = list(position)
    return g


def _normalise(raw: list[float], n: int) -> list[float]:
    # networkx's normalisation for undirected graphs: pairs of other nodes, each once.
    if n <= 2:
        return [0.0] * n
    scale = 2.0 / ((n - 1) * (n - 2))
    return [b * scale for b in raw]


def _exact(g: ig.Graph, engine: str) -> list[float]:
    if engine == "igraph":
        return g.betweenness(directed=False)
    if engine == "rustworkx":
        r = rx.PyGraph(multigraph=False)
        r.add_nodes_from(range(g.vcount()))
        r.add_edges_from_no_data(g.get_edgelist())
        scores = rx.betweenness_centrality(r, normalized=False)
        return [scores[i] for i in range(g.vcount())]
    raise ValueError(f"unknown betweenness engine {engine!r}: use 'igraph' or 'rustworkx'")


def pivot_count(persons: int, edges: int) -> int:
    """Pivots for the sampled estimate: `PIVOT_BUDGET` edge visits, at least `MIN_PIVOTS`."""
    return min(persons, max(MIN_PIVOTS, PIVOT_BUDGET // max(edges, 1)))


def betweenness(
    g: ig.Graph,
    *,
    exact: bool | None = None,
    engine: str = EXACT_ENGINE,
    pivots: int | None = None,
    seed: int = SEED,
) -> tuple[list[float], Method]:
    """Normalised betweenness of every vertex of ``g``, and how it was computed.

    Parameters
    ----------
    g
        An undirected igraph graph.
    exact
        True: Brandes' exact algorithm; False: pivot sampling; None: exact up to
        `EXACT_MAX_PERSONS` vertices, sampled above.
    engine
        Engine of the exact method, "igraph" or "rustworkx". Sampling always uses
        igraph (rustworkx has no source subset).
    pivots
        Number of source vertices for sampling; default `pivot_count`.
    seed
        Seed of the pivot draw. The draw is over vertex positions, which follow the
        sorted person ids, so equal inputs give equal scores.

    Notes
    -----
    The estimate counts the shortest paths from k pivots to all vertices and scales
    by n/k; it is unbiased for every vertex (Brandes & Pich 2007, "uniform" pivots).
    """
    n, m = g.vcount(), g.ecount()
    if exact is None:
        exact = n <= EXACT_MAX_PERSONS
    if exact:
        return _normalise(_exact(g, engine), n), Method("exact", engine, n, m)
    k = min(n, pivots or pivot_count(n, m))
    sources = sorted(random.Random(seed).sample(range(n), k))
    raw = g.betweenness(directed=False, sources=sources) if k else [0.0] * n
    scale = n / k if k else 0.0
    return _normalise([b * scale for b in raw], n), Method("sampled", "igraph", n, m, k, seed)


def centrality(
    graph: nx.Graph | ig.Graph,
    *,
    exact: bool | None = None,
    engine: str = EXACT_ENGINE,
    seed: int = SEED,
) -> Centrality:
    """Betweenness, degree and PageRank (damping 0.85) of every person.

    Examples
    --------
    >>> import networkx as nx
    >>> c = centrality(nx.path_graph(["a", "b", "c"]))
    >>> c.ids, c.betweenness, c.degree
    (['a', 'b', 'c'], [0.0, 1.0, 0.0], [1, 2, 1])
    >>> c.method.method
    'exact'
    """
    g = graph if isinstance(graph, ig.Graph) else to_igraph(graph)
    scores, method = betweenness(g, exact=exact, engine=engine, seed=seed)
    # ARPACK, not igraph's default PRPACK: equal to 1e-15, and 5 times faster at 100k persons
    # (1.5 s against 7.9 s, 1.2M ties), which a million persons need.
    pagerank = g.pagerank(directed=False, damping=0.85, implementation="arpack") if g.vcount() else []
    components = g.connected_components().membership if g.vcount() else []
    return Centrality(list(g.vs["name"]) if g.vcount() else [], scores, g.degree(), pagerank, method,
                      number_components(components))
