"""Borgatti's key-player measures, and greedy selection of a key-player set.

Fragmentation ``F`` is the share of pairs of persons who cannot reach each other;
distance-weighted fragmentation ``dF`` also counts how far apart the reachable ones
are. A key-player set is the set of k persons whose removal fragments the network
most (Borgatti's KPP-Neg). networkx has neither measure; they are implemented here
from the paper:

    F  = 1 - sum_k s_k (s_k - 1) / (n (n - 1))        s_k: sizes of the components
    dF = 1 - 2 sum_{i<j} 1/d_ij / (n (n - 1))          1/d_ij = 0 if i, j disconnected

Both are 0 for a complete graph and 1 for a graph without edges. With fewer than
two persons there is no pair left to connect, and both are taken as 1.

The greedy search removes one person at a time and recomputes. Evaluating F for every candidate would cost O(n + m) per candidate;
here one biconnected decomposition per step gives F after removing *each* vertex
(a vertex splits its component only if it is an articulation point, into the pieces
the block-cut tree hangs off it), so a step costs O(n + m) whatever the number of
candidates.

References
----------
S. P. Borgatti, "Identifying sets of key players in a social network",
Computational & Mathematical Organization Theory 12:21-34, 2006.
J. Hopcroft and R. Tarjan, "Algorithm 447: efficient algorithms for graph
manipulation", Communications of the ACM 16(6):372-378, 1973 (blocks and
articulation points).
"""

from __future__ import annotations

import copy
import random
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass

import igraph as ig
import networkx as nx

from queries.centrality import EXACT_MAX_PERSONS, SEED, to_igraph

__all__ = [
    "DF_TIEBREAK_PERSONS",
    "DISTANCE_SAMPLES",
    "Cuts",
    "GreedyStep",
    "Holding",
    "distance_fragmentation",
    "fragmentation",
    "fragmentation_from_sizes",
    "greedy_key_players",
]

#: Up to this many persons, candidates equal on the greedy objective are told apart
#: by the dF they leave (exact, n breadth-first searches per candidate); F alone
#: cannot tell apart removals that disconnect no one, which is every removal in a
#: dense network, which is what Borgatti's distance-weighted measure is for. Above
#: it, ties go to the first candidate (the higher-ranked person).
DF_TIEBREAK_PERSONS = 500
#: Persons whose distances estimate dF above `EXACT_MAX_PERSONS`: dF needs all
#: shortest paths (one BFS per person); 100 BFS keep a greedy step at 100k persons
#: within a few seconds, and the estimate is a mean over 100 persons.
DISTANCE_SAMPLES = 100


def _as_igraph(graph: nx.Graph | ig.Graph) -> ig.Graph:
    return graph if isinstance(graph, ig.Graph) else to_igraph(graph)


def fragmentation_from_sizes(sizes: Iterable[int], n: int) -> float:
    """F from the sizes of the connected components of an n-person graph."""
    if n < 2:
        return 1.0
    return 1.0 - sum(s * (s - 1) for s in sizes) / (n * (n - 1))


def fragmentation(graph: nx.Graph | ig.Graph) -> float:
    """Borgatti's fragmentation F: the share of pairs that cannot reach each other.

    Examples
    --------
    >>> fragmentation(nx.path_graph(4)), fragmentation(nx.empty_graph(3))
    (0.0, 1.0)
    """
    if isinstance(graph, ig.Graph):
        return fragmentation_from_sizes(graph.connected_components().sizes(), graph.vcount())
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
    >>> round(distance_fragmentation(nx.path_graph(4)), 4)  # 1 - 2 (3 + 2/2 + 1/3) / 12
    0.2778
    """
    g = _as_igraph(graph)
    return _distance_fragmentation(g, _sample(g.vcount(), samples, seed))


def _sample(n: int, samples: int | None, seed: int) -> list[int] | None:
    """Vertices that estimate dF, or None for all of them (exact)."""
    if samples is None:
        samples = 0 if n <= EXACT_MAX_PERSONS else DISTANCE_SAMPLES
    if not samples or samples >= n:
        return None
    return sorted(random.Random(seed).sample(range(n), samples))


def _distance_fragmentation(g: ig.Graph, vertices: list[int] | None) -> float:
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
        blocks, articulation = g.biconnected_components(return_articulation_points=True)
        self.blocks: list[list[int]] = list(blocks)
        self.articulation = set(articulation)
        self.blocks_of: dict[int, list[int]] = {}
        self._block_of: list[int] | None = None
        #: articulation vertex -> [(piece size, block on that side)]
        self.pieces: dict[int, list[tuple[int, int]]] = self._pieces()

    def _pieces(self) -> dict[int, list[tuple[int, int]]]:
        # Block-cut tree: a node per block and per articulation vertex, an edge where
        # the vertex belongs to the block. Weight: a block counts its other vertices,
        # an articulation vertex counts itself; pieces are subtree sums.
        cut_in: list[list[int]] = [[v for v in block if v in self.articulation] for block in self.blocks]
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
        if self._block_of is None:
            self._block_of = [-1] * self.n
            for b, block in enumerate(self.blocks):
                for u in block:
                    if u not in self.articulation:
                        self._block_of[u] = b
        b = self._block_of[v]
        return [b] if b >= 0 else []

    def piece_sizes(self, v: int) -> list[int]:
        """Sizes of what removing ``v`` leaves of its component."""
        if v in self.articulation:
            return [size for size, _ in self.pieces[v]]
        s = self.sizes[self.component[v]]
        return [s - 1] if s > 1 else []

    def fragmentation_without(self, v: int) -> float:
        """F of the graph after removing vertex ``v``."""
        s = self.sizes[self.component[v]]
        pairs = self.pairs - s * (s - 1) + sum(p * (p - 1) for p in self.piece_sizes(v))
        n = self.n - 1
        return 1.0 if n < 2 else 1.0 - pairs / (n * (n - 1))


class Holding:
    """Which targets (victims) some remaining source (exploiter) still reaches.

    A target is *held* while a directed path runs to it from a source that has not
    been removed, through nodes that have not been removed. Paths may pass through
    non-sources (businesses, victims who recruit): an owner holds the staff of their
    business, a controller the victims recruited by a victim they control.

    The object keeps the nodes removed so far and what is still reached; `remove`
    updates both locally, without a new search of the whole graph.
    """

    def __init__(self, edges: Iterable[tuple[str, str]], sources: Iterable[str], targets: Iterable[str]) -> None:
        self.succ: dict[str, list[str]] = defaultdict(list)
        self.pred: dict[str, list[str]] = defaultdict(list)
        for u, v in edges:
            self.succ[u].append(v)
            self.pred[v].append(u)
        self.sources = frozenset(sources)
        self.targets = frozenset(targets)
        self.removed: set[str] = set()
        self.reached = set(self.sources)
        queue = deque(self.sources)
        while queue:
            for w in self.succ.get(queue.popleft(), ()):
                if w not in self.reached:
                    self.reached.add(w)
                    queue.append(w)
        self.held = len(self.reached & self.targets)

    def copy(self) -> Holding:
        """A copy whose removals leave this one untouched (the edges are shared)."""
        other = copy.copy(self)
        other.removed, other.reached = set(self.removed), set(self.reached)
        return other

    def _lost(self, v: str) -> set[str]:
        """The nodes no longer reached once ``v`` is removed.

        Only nodes that ``v`` reaches without passing another source can be lost;
        one of them stays reached if a reached node outside that set, other than
        ``v``, still leads into it.
        """
        if v not in self.reached:
            return set()
        downstream: set[str] = set()
        queue = deque([v])
        while queue:
            for w in self.succ.get(queue.popleft(), ()):
                if w not in downstream and w in self.reached and w not in self.sources and w != v:
                    downstream.add(w)
                    queue.append(w)
        alive = {
            x for x in downstream
            if any(p != v and p in self.reached and p not in downstream for p in self.pred.get(x, ()))
        }
        queue = deque(alive)
        while queue:
            for w in self.succ.get(queue.popleft(), ()):
                if w in downstream and w not in alive:
                    alive.add(w)
                    queue.append(w)
        return (downstream - alive) | {v}

    def cut_off_by(self, v: str) -> int:
        """How many targets held now would no longer be held once ``v`` is removed."""
        return sum(1 for x in self._lost(v) if x in self.targets)

    def remove(self, v: str) -> None:
        lost = self._lost(v)
        self.reached -= lost
        self.removed.add(v)
        self.held -= sum(1 for x in lost if x in self.targets)


def _distance_fragmentation_without(g: ig.Graph, v: int) -> float:
    h = g.copy()
    h.delete_vertices([v])
    return _distance_fragmentation(h, None)


@dataclass(frozen=True)
class GreedyStep:
    """The network after a step of the greedy search (step 0: before any removal)."""

    step: int
    removed: str | None
    fragmentation: float
    distance_fragmentation: float
    largest_component: int
    largest_share: float  # of the largest component before any removal
    targets_held: int | None  # None when no holding graph was given
    objective: float | None  # the value that chose ``removed``

    def to_dict(self) -> dict:
        return asdict(self)


def greedy_key_players(
    graph: nx.Graph | ig.Graph,
    k: int,
    *,
    candidates: Sequence[str] | None = None,
    holding: Holding | None = None,
    alpha: float = 1.0,
    distance_samples: int | None = None,
    seed: int = SEED,
) -> list[GreedyStep]:
    """Greedy key-player set: remove the best candidate, recompute, repeat k times.

    The objective of removing a candidate ``v`` after the set ``R`` is

        alpha * F(graph - R - v) + (1 - alpha) * cut(R + v) / held(empty set)

    where ``cut`` counts the targets of ``holding`` no longer held. With
    ``alpha = 1`` or no holding graph (or nobody held) it is Borgatti's greedy
    KPP-Neg on F. Candidates equal on it are told apart by the dF they leave, up to
    `DF_TIEBREAK_PERSONS` persons; otherwise the first of them is taken.

    Parameters
    ----------
    graph
        The undirected network to fragment (igraph graphs need a ``name``
        vertex attribute; they are not modified).
    k
        Number of persons to remove; fewer steps are taken if the candidates run out.
    candidates
        Persons that may be removed, in order of preference (ties go to the first);
        default all nodes in graph order. Candidates missing from ``graph`` are skipped.
    holding
        Who holds whom, for the victims part of the objective. Its nodes may include
        persons outside ``graph`` (victims, businesses). The search works on a copy.
    alpha
        Weight of fragmentation against victims cut off, in [0, 1].
    distance_samples, seed
        How dF is computed (see `distance_fragmentation`). When it is sampled, the
        same persons are used at every step (those still present), so the steps
        differ by the removals and not by the draw.

    Returns
    -------
    list of GreedyStep
        Step 0 (the graph as given), then one step per removal.
    """
    g = graph.copy() if isinstance(graph, ig.Graph) else to_igraph(graph)
    names = list(g.vs["name"]) if g.vcount() else []
    present = set(names)
    order = [c for c in (candidates if candidates is not None else names) if c in present]
    removed: set[str] = set()
    holding = holding.copy() if holding is not None else None
    initially_held = holding.held if holding is not None else 0
    weight = alpha if initially_held else 1.0
    initial_largest = max(g.connected_components().sizes(), default=0)
    sample = _sample(g.vcount(), distance_samples, seed)
    sampled = None if sample is None else [names[i] for i in sample]

    def record(step: int, person: str | None, objective: float | None) -> GreedyStep:
        sizes = g.connected_components().sizes()
        largest = max(sizes, default=0)
        index = {name: i for i, name in enumerate(g.vs["name"])}
        vertices = None if sampled is None else [index[v] for v in sampled if v in index]
        return GreedyStep(
            step=step,
            removed=person,
            fragmentation=fragmentation_from_sizes(sizes, g.vcount()),
            distance_fragmentation=_distance_fragmentation(g, vertices),
            largest_component=largest,
            largest_share=largest / initial_largest if initial_largest else 0.0,
            targets_held=holding.held if holding is not None else None,
            objective=objective,
        )

    steps = [record(0, None, None)]
    for step in range(1, k + 1):
        pool = [c for c in order if c not in removed]
        if not pool:
            break
        cuts = Cuts(g)
        index = {name: i for i, name in enumerate(g.vs["name"])}
        cut_so_far = initially_held - holding.held if holding is not None else 0
        values = {}
        for c in pool:
            value = weight * cuts.fragmentation_without(index[c])
            if weight < 1.0:
                cut = cut_so_far + holding.cut_off_by(c)
                value += (1.0 - weight) * cut / initially_held
            values[c] = round(value, 12)  # float noise must not break ties between equals
        best_value = max(values.values())
        tied = [c for c in pool if values[c] == best_value]
        best = tied[0]
        if len(tied) > 1 and g.vcount() <= DF_TIEBREAK_PERSONS:
            best = max(tied, key=lambda c: round(_distance_fragmentation_without(g, index[c]), 12))
        g.delete_vertices([index[best]])
        removed.add(best)
        if holding is not None:
            holding.remove(best)
        steps.append(record(step, best, best_value))
    return steps
