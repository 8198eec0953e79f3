"""The network as the exact key-player search sees it: adjacency lists of vertex numbers, and what a
removal leaves (the parts, disjoint connected groups of a size, the largest part left without each
vertex). `queries.key_persons.exact` searches over it.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import igraph as ig
    import networkx as nx

__all__ = ["RemovalGraph", "as_graph"]


class RemovalGraph:
    """Adjacency as lists of vertex numbers; parts and connected groups of what a removal leaves."""

    def __init__(self, names: list[str], edges: Iterable[tuple[str, str]]) -> None:
        self.names = names
        index = {name: i for i, name in enumerate(names)}
        adj: list[set[int]] = [set() for _ in names]
        for u, v in edges:
            a, b = index[u], index[v]
            if a != b:
                adj[a].add(b)
                adj[b].add(a)
        self.adj = [sorted(s) for s in adj]
        self.index = index

    def parts(self, gone: set[int]) -> list[list[int]]:
        """Connected parts without ``gone``, each in breadth-first order from its first vertex."""
        seen = set(gone)
        out = []
        for s in range(len(self.adj)):
            if s in seen:
                continue
            seen.add(s)
            part, head = [s], 0
            while head < len(part):
                for w in self.adj[part[head]]:
                    if w not in seen:
                        seen.add(w)
                        part.append(w)
                head += 1
            out.append(part)
        return out

    def groups(self, part: list[int], size: int, gone: set[int]) -> list[list[int]]:
        """Connected groups of ``size`` within ``part`` that share nobody, as many as a greedy
        peel finds: grow one breadth-first from a vertex of few neighbours, take it out,
        repeat on what is left of the part."""
        left = set(part)
        out = []
        # Starts in order of fewest neighbours in the part (counted once: a heuristic, the groups
        # are disjoint and connected whichever the order).
        order = iter(sorted(part, key=lambda v: (sum(1 for w in self.adj[v] if w in left), v)))
        while len(left) >= size:
            start = next(v for v in order if v in left)
            group, head, seen = [start], 0, {start}
            while head < len(group) and len(group) < size:
                for w in self.adj[group[head]]:
                    if w in left and w not in seen:
                        seen.add(w)
                        group.append(w)
                        if len(group) == size:
                            break
                head += 1
            if len(group) < size:
                # The start's own part is too small: drop it, look in the rest.
                left -= self._reach(start, left)
                continue
            out.append(group)
            left -= set(group)
        return out

    def _reach(self, start: int, within: set[int]) -> set[int]:
        seen, stack = {start}, [start]
        while stack:
            for w in self.adj[stack.pop()]:
                if w in within and w not in seen:
                    seen.add(w)
                    stack.append(w)
        return seen

    def largest_without_each(self, gone: set[int]) -> list[int]:
        """For every vertex v not gone, the largest part left without ``gone`` and v: one depth-first
        search (Tarjan's cut vertices) instead of one search per v."""
        n = len(self.adj)
        out = [0] * n
        parts = self.parts(gone)
        sizes = sorted((len(p) for p in parts), reverse=True) + [0, 0]
        disc = [-1] * n
        low = [0] * n
        below = [1] * n  # vertices in v's depth-first subtree
        cut_off = [0] * n  # of them, those v's removal cuts off from the rest
        biggest_cut = [0] * n
        clock = 0
        for part in parts:
            s = len(part)
            other = sizes[1] if s == sizes[0] else sizes[0]
            root = part[0]
            disc[root] = low[root] = clock
            clock += 1
            stack = [(root, -1, iter(self.adj[root]))]
            while stack:
                v, parent, it = stack[-1]
                advanced = False
                for w in it:
                    if w in gone:
                        continue
                    if disc[w] < 0:
                        disc[w] = low[w] = clock
                        clock += 1
                        stack.append((w, v, iter(self.adj[w])))
                        advanced = True
                        break
                    if w != parent:
                        low[v] = min(low[v], disc[w])
                if advanced:
                    continue
                stack.pop()
                if parent >= 0:
                    below[parent] += below[v]
                    low[parent] = min(low[parent], low[v])
                    if low[v] >= disc[parent]:  # v's subtree hangs on parent alone
                        cut_off[parent] += below[v]
                        biggest_cut[parent] = max(biggest_cut[parent], below[v])
            for v in part:
                rest = s - 1 - cut_off[v]
                out[v] = max(biggest_cut[v], rest, other)
        return out

    def packing(self, gone: set[int], size: int) -> list[list[int]]:
        """Disjoint connected groups of ``size`` without ``gone``."""
        out = []
        for part in self.parts(gone):
            if len(part) >= size:
                out += self.groups(part, size, gone)
        return out


def as_graph(graph: nx.Graph | ig.Graph) -> RemovalGraph:
    if hasattr(graph, "vs"):  # igraph
        names = list(graph.vs["name"]) if graph.vcount() else []
        return RemovalGraph(names, ((names[e.source], names[e.target]) for e in graph.es))
    return RemovalGraph(list(graph.nodes), graph.edges)
