"""Borgatti's key-player measures: fragmentation, distance-weighted fragmentation, and the
cuts and holdings a key-player search evaluates.

Fragmentation ``F`` is the share of pairs of persons who cannot reach each other;
distance-weighted fragmentation ``dF`` also counts how far apart the reachable ones
are. A key-player set is the set of k persons whose removal fragments the network
most (Borgatti's KPP-Neg). networkx has neither measure; they are implemented here
from the paper:

    F  = 1 - sum_k s_k (s_k - 1) / (n (n - 1))        s_k: sizes of the components
    dF = 1 - 2 sum_{i<j} 1/d_ij / (n (n - 1))          1/d_ij = 0 if i, j disconnected

Both are 0 for a complete graph and 1 for a graph without edges. With fewer than
two persons there is no pair left to connect, and both are taken as 1.

`Cuts` gives F and the largest part left after removing *each* vertex from one
biconnected decomposition (a vertex splits its component only if it is an articulation
point, into the pieces the block-cut tree hangs off it); `Holding`
(`queries.key_persons.holding`) says who still reaches the victims. The search for a key-player set that uses them is
`queries.key_persons.search`.

References
----------
S. P. Borgatti, "Identifying sets of key players in a social network",
Computational & Mathematical Organization Theory 12:21-34, 2006.
J. Hopcroft and R. Tarjan, "Algorithm 447: efficient algorithms for graph
manipulation", Communications of the ACM 16(6):372-378, 1973 (blocks and
articulation points).
"""

from __future__ import annotations

import random
from collections.abc import Iterable
from typing import TYPE_CHECKING

import igraph as ig

from queries.key_persons.blocks import vertex_blocks
from queries.key_persons.centrality import EXACT_MAX_PERSONS, SEED, to_igraph
from queries.key_persons.holding import Holding  # its own module; imported from here by the search

if TYPE_CHECKING:  # imported where a networkx graph is given: `key-persons --all` never gives one
    import networkx as nx

__all__ = [
    "DISTANCE_SAMPLES", "Cuts", "Holding", "distance_fragmentation", "distance_fragmentation_of", "fragmentation",
    "fragmentation_from_sizes", "fragmentation_of_pairs", "sample_vertices",
]

#: Persons whose distances estimate dF above `EXACT_MAX_PERSONS`: dF needs all
#: shortest paths (one BFS per person); 100 BFS keep a greedy step at 100k persons
#: within a few seconds, and the estimate is a mean over 100 persons.
DISTANCE_SAMPLES = 100
def _as_igraph(graph: nx.Graph | ig.Graph) -> ig.Graph:
    return graph if isinstance(graph, ig.Graph) else to_igraph(graph)


def fragmentation_from_sizes(sizes: Iterable[int], n: int) -> float:
    """F from the sizes of the connected components of an n-person graph."""
    return fragmentation_of_pairs(sum(s * (s - 1) for s in sizes), n)


def fragmentation_of_pairs(pairs: int, n: int) -> float:
    """F from the number of ordered connected pairs: one formula, so that the same set
    gives the same float whichever way it was reached."""
    return 1.0 if n < 2 else 1.0 - pairs / (n * (n - 1))


def fragmentation(graph: nx.Graph | ig.Graph) -> float:
    """Borgatti's fragmentation F: the share of pairs that cannot reach each other.

    Examples
    --------
    >>> import networkx as nx
    >>> fragmentation(nx.path_graph(4)), fragmentation(nx.empty_graph(3))
    (0.0, 1.0)
    """
    if isinstance(graph, ig.Graph):
        return fragmentation_from_sizes(graph.connected_components().sizes(), graph.vcount())
    import networkx as nx

    return fragmentation_from_sizes(map(len, nx.connected_components(graph)), graph.number_of_nodes())


def distance_fragmentation(
    graph: nx.Graph | ig.Graph, *, samples: int | None = None, seed: int = SEED
) -> float:
    """Borgatti's distance-weighted fragmentation dF.

    ``2 sum_{i<j} 1/d_ij`` is the sum of every person's harmonic centrality, so dF is
    1 minus the mean normalised harmonic centrality. It is exact up to
    `EXACT_MAX_PERSONS` persons (or when ``samples`` is 0); above that the mean is
    taken over ``samples`` persons drawn with ``seed`` (default `DISTANCE_SAMPLES`).

    Examples
    --------
    >>> import networkx as nx
    >>> round(distance_fragmentation(nx.path_graph(4)), 4)  # 1 - 2 (3 + 2/2 + 1/3) / 12
    0.2778
    """
    g = _as_igraph(graph)
    return distance_fragmentation_of(g, sample_vertices(g.vcount(), samples, seed))


def sample_vertices(n: int, samples: int | None, seed: int) -> list[int] | None:
    """Vertices that estimate dF, or None for all of them (exact)."""
    if samples is None:
        samples = 0 if n <= EXACT_MAX_PERSONS else DISTANCE_SAMPLES
    if not samples or samples >= n:
        return None
    return sorted(random.Random(seed).sample(range(n), samples))


def distance_fragmentation_of(g: ig.Graph, vertices: list[int] | None) -> float:
    if g.vcount() < 2:
        return 1.0
    harmonic = g.harmonic_centrality(vertices=vertices, normalized=True)
    return 1.0 - sum(harmonic) / len(harmonic) if harmonic else 1.0


class Cuts:
    """Components of a graph, and what removing any one vertex leaves of its component.

    Built from one biconnected decomposition: removing a vertex that is not an
    articulation point leaves its component in one piece (one smaller); removing an
    articulation point ``a`` leaves one piece per block hanging off ``a`` in the
    block-cut tree, whose sizes are subtree sums of that tree.
    """

    def __init__(self, g: ig.Graph) -> None:
        components = g.connected_components()
        self.n = g.vcount()
        self.component: list[int] = components.membership
        self.sizes: list[int] = components.sizes()
        self.pairs = sum(s * (s - 1) for s in self.sizes)
        blocks = vertex_blocks(g)
        self.blocks: list[list[int]] = blocks.members
        self.articulation = set(blocks.articulation)
        self.blocks_of: dict[int, list[int]] = {}
        self._block_of = blocks.block_of
        self._top: list[tuple[int, int]] | None = None
        #: articulation vertex -> [(piece size, block on that side)]
        self.pieces: dict[int, list[tuple[int, int]]] = self._pieces(blocks.cut_in)

    def _pieces(self, cut_in: list[list[int]]) -> dict[int, list[tuple[int, int]]]:
        # Block-cut tree: a node per block and per articulation vertex, an edge where
        # the vertex belongs to the block (cut_in: a block's articulation vertices). Weight:
        # a block counts its other vertices, an articulation vertex counts itself; pieces are subtree sums.
        blocks_of: dict[int, list[int]] = {a: [] for a in self.articulation}
        for b, cut_vertices in enumerate(cut_in):
            for a in cut_vertices:
                blocks_of[a].append(b)
        self.blocks_of = blocks_of
        subtree_block = [len(block) - len(cut) for block, cut in zip(self.blocks, cut_in)]
        subtree_ap = dict.fromkeys(self.articulation, 1)
        parent_of_ap: dict[int, int] = {}
        parent_of_block = [-1] * len(self.blocks)
        seen_block = [False] * len(self.blocks)
        pieces: dict[int, list[tuple[int, int]]] = {}
        for root in range(len(self.blocks)):
            if seen_block[root]:
                continue
            seen_block[root] = True
            # Iterative DFS; every node is listed after its parent, so the reversed
            # list sums subtrees bottom-up.
            order: list[tuple[bool, int]] = []
            stack: list[tuple[bool, int]] = [(True, root)]
            while stack:
                is_block, x = stack.pop()
                order.append((is_block, x))
                if is_block:
                    for a in cut_in[x]:
                        if a not in parent_of_ap:
                            parent_of_ap[a] = x
                            stack.append((False, a))
                else:
                    for b in blocks_of[x]:
                        if not seen_block[b]:
                            seen_block[b] = True
                            parent_of_block[b] = x
                            stack.append((True, b))
            for is_block, x in reversed(order):
                if is_block:
                    if parent_of_block[x] >= 0:
                        subtree_ap[parent_of_block[x]] += subtree_block[x]
                else:
                    subtree_block[parent_of_ap[x]] += subtree_ap[x]
            total = subtree_block[root]
            for is_block, a in order:
                if not is_block:
                    up = parent_of_ap[a]
                    below = [(subtree_block[b], b) for b in blocks_of[a] if b != up]
                    pieces[a] = [(total - subtree_ap[a], up), *below]
        return pieces

    def blocks_with(self, v: int) -> list[int]:
        """The blocks (biconnected components) that vertex ``v`` belongs to."""
        if v in self.articulation:
            return self.blocks_of[v]
        b = self._block_of[v]
        return [b] if b >= 0 else []

    def piece_sizes(self, v: int) -> list[int]:
        """Sizes of what removing ``v`` leaves of its component."""
        if v in self.articulation:
            return [size for size, _ in self.pieces[v]]
        s = self.sizes[self.component[v]]
        return [s - 1] if s > 1 else []

    def pairs_without(self, v: int) -> int:
        """Ordered pairs of persons still connected after removing vertex ``v``."""
        s = self.sizes[self.component[v]]
        return self.pairs - s * (s - 1) + sum(p * (p - 1) for p in self.piece_sizes(v))

    def fragmentation_without(self, v: int) -> float:
        """F of the graph after removing vertex ``v``."""
        return fragmentation_of_pairs(self.pairs_without(v), self.n - 1)

    def largest_without(self, v: int) -> int:
        """Size of the largest component after removing vertex ``v``."""
        if self._top is None:
            self._top = sorted(((size, c) for c, size in enumerate(self.sizes)), reverse=True)[:2]
        other = next((size for size, c in self._top if c != self.component[v]), 0)
        return max([other, *self.piece_sizes(v)])
