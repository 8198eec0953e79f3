"""The provably best key-player set on the largest part left (Cavallaro's measure), for small networks.

Which k persons, removed, leave the smallest largest connected part? The search tries far fewer
than every k-set (branch and bound), and proves its answer:

- **Branching.** If a set leaves every part smaller than ``U``, it removes someone from every
  connected group of ``U`` persons. So each step takes one connected group of ``U`` persons
  (``U``: the largest part the best set so far leaves) and branches on which of them goes;
  branch ``i`` removes the ``i``-th and keeps the ones before it, so no set is tried twice.
- **Bound.** Groups of ``U`` that share nobody each need a removal of their own: when more of
  them fit in what is left than removals remain, the branch cannot do better and is dropped.
  The same count, before any removal, says how small the largest part can possibly get:
  the bound reported when the time budget stops the search first.

When the search runs to its end the set is optimal: no k-set leaves a smaller largest part.
Networks of a few hundred persons: each step is a breadth-first search in Python; the
number of steps grows fast with k and with the size of the part to break.

L. Cavallaro et al., "Disrupting resilient criminal networks through data analysis: the case
of Sicilian Mafia", PLOS ONE 15(8): e0236476, 2020 (the measure).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

from queries.key_persons.exact_graph import RemovalGraph, as_graph

if TYPE_CHECKING:
    import igraph as ig
    import networkx as nx

__all__ = ["EXACT_SECONDS", "ExactKeyPlayers", "exact_key_players"]

#: Time budget of the exact search, in seconds (None: no limit).
EXACT_SECONDS = 30.0


@dataclass(frozen=True)
class ExactKeyPlayers:
    """The best k-set found on the largest part left, and whether it is proven best.

    ``largest``: persons in the largest part the set leaves; ``bound``: no k-set leaves a
    largest part smaller than this (equal to ``largest`` when ``optimal``). Shares are of
    the largest part before any removal.
    """

    k: int
    person_ids: list[str]
    largest: int
    largest_at_first: int
    share: float
    optimal: bool
    bound: int
    bound_share: float
    nodes: int  # search steps taken
    seconds: float
    budget: float | None

    @property
    def status(self) -> str:
        return "optimal" if self.optimal else "best found"

    def describe(self) -> str:
        if self.optimal:
            return (f"optimal: no set of {self.k} leaves a smaller largest part than {self.largest} of "
                    f"{self.largest_at_first} ({self.share:.3f}); proven in {self.seconds:.2f} s")
        return (f"best found: a largest part of {self.largest} of {self.largest_at_first} ({self.share:.3f}); "
                f"the time budget ({self.budget:g} s) stopped the proof: the best set of {self.k} leaves at "
                f"least {self.bound} ({self.bound_share:.3f})")

    def to_dict(self) -> dict:
        return asdict(self) | {"status": self.status, "words": self.describe()}


def exact_key_players(
    graph: nx.Graph | ig.Graph,
    k: int,
    *,
    candidates: Sequence[str] | None = None,
    start: Sequence[str] | None = None,
    seconds: float | None = EXACT_SECONDS,
    clock: Callable[[], float] = time.perf_counter,
) -> ExactKeyPlayers:
    """The k-set (of ``candidates``; default everyone) that leaves the smallest largest part.

    ``graph``: networkx, or igraph with a ``name`` vertex attribute (not modified). ``start``:
    a set to begin from (a good one, e.g. from `search_key_players`, lets the bound cut sooner);
    otherwise the search starts from a greedy set. Within ``seconds`` (measured by ``clock``),
    the result is optimal; if the budget runs out first it is the best set found, with the bound.
    """
    if k < 0:
        raise ValueError(f"key-player set size must be >= 0, got {k}")
    began = clock()
    g = as_graph(graph)
    n = len(g.names)
    removable = [False] * n
    for c in (candidates if candidates is not None else g.names):
        if c in g.index:
            removable[g.index[c]] = True
    k = min(k, sum(removable))

    def largest(gone: set[int]) -> int:
        return max((len(p) for p in g.parts(gone)), default=0)

    at_first = largest(set())
    best = _greedy(g, k, removable, largest) if start is None else [g.index[p] for p in start if p in g.index]
    best = _padded(best[:k], k, removable)
    best_largest = largest(set(best))
    bound = _root_bound(g, k, best_largest)
    nodes = 0
    stopped = False

    def expired() -> bool:
        nonlocal stopped
        if seconds is not None and not stopped and clock() - began >= seconds:
            stopped = True
        return stopped

    def dominated(u: int, gone: set[int], kept: set[int]) -> bool:
        """Whether removing u is never better than removing its one neighbour w instead (u then
        stands alone; every other part is within one u's removal leaves): a set with u is
        found as the set with w, so the branch on u is skipped. Only when w may be removed here
        and has another neighbour (of two that hold only each other, neither is skipped)."""
        left = [w for w in g.adj[u] if w not in gone]
        if len(left) != 1:
            return False
        w = left[0]
        return removable[w] and w not in kept and any(x != u and x not in gone for x in g.adj[w])

    def search(removed: list[int], kept: set[int]) -> None:
        """Look for a set leaving every part under ``best_largest``, with ``removed`` in it and
        none of ``kept``."""
        nonlocal best, best_largest, nodes
        nodes += 1
        if expired() or best_largest <= bound:
            return
        gone = set(removed)
        budget = k - len(removed)
        if budget == 1:  # the last removal: every choice at once, from one depth-first search
            without = g.largest_without_each(gone)
            v = min((v for v in range(n) if removable[v] and v not in gone and v not in kept),
                    key=lambda v: (without[v], v), default=None)
            left = largest(gone) if v is None else without[v]
            if left < best_largest:
                best, best_largest = _padded(removed if v is None else [*removed, v], k, removable), left
            return
        size = best_largest  # a better set breaks every connected group of this many
        groups = g.packing(gone, size)
        if not groups:  # every part is already smaller: a better set
            best, best_largest = _padded(removed, k, removable), largest(gone)
            return
        if len(groups) > budget:
            return
        choices = [[v for v in group if removable[v] and v not in kept and not dominated(v, gone, kept)]
                   for group in groups]
        if any(not c for c in choices):
            return  # a group with no one left to remove
        branch = min(choices, key=len)
        if len(removed) < 2:
            # Near the top, the best single removal first: a good set (so a smaller size to beat)
            # comes sooner. Deeper, the order matters less than the cost of one more search.
            without = g.largest_without_each(gone)
            branch.sort(key=lambda v: (without[v], v))
        else:
            branch.sort(key=lambda v: (-sum(1 for w in g.adj[v] if w not in gone), v))
        held = set(kept)
        for v in branch:
            if best_largest <= bound or expired():
                return
            search([*removed, v], held)
            held.add(v)

    if k:
        search([], set())
    finished = not stopped
    share = best_largest / at_first if at_first else 0.0
    proven = best_largest if finished else bound
    return ExactKeyPlayers(
        k=k,
        person_ids=[g.names[v] for v in best],
        largest=best_largest,
        largest_at_first=at_first,
        share=round(share, 6),
        optimal=finished,
        bound=proven,
        bound_share=round(proven / at_first, 6) if at_first else 0.0,
        nodes=nodes,
        seconds=round(clock() - began, 3),
        budget=seconds,
    )


def _greedy(g: RemovalGraph, k: int, removable: list[bool], largest: Callable[[set[int]], int]) -> list[int]:
    """Remove the person whose removal leaves the smallest largest part, k times."""
    chosen: list[int] = []
    for _ in range(k):
        gone = set(chosen)
        options = [v for v in range(len(g.names)) if removable[v] and v not in gone]
        if not options:
            break
        chosen.append(min(options, key=lambda v: (largest(gone | {v}), v)))
    return chosen


def _padded(removed: list[int], k: int, removable: list[bool]) -> list[int]:
    """``removed`` made k long with the first removable persons not in it (a removal never
    makes the largest part larger)."""
    out = list(removed)
    taken = set(out)
    for v in range(len(removable)):
        if len(out) >= k:
            break
        if removable[v] and v not in taken:
            out.append(v)
            taken.add(v)
    return out


def _root_bound(g: RemovalGraph, k: int, upper: int) -> int:
    """A size no k-set gets every part under: the largest s (up to ``upper``) for which more
    than k groups of s that share nobody fit in the network (a k-set leaves one of them whole)."""
    bound = 1 if len(g.names) > k else 0
    for size in range(2, upper + 1):
        if len(g.packing(set(), size)) > k:
            bound = size
    return bound
