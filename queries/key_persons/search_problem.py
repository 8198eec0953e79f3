"""The objective of a key-player search (`queries.key_persons.search`) and the states it moves
through: a set of persons removed, what is left of the graph and of who holds whom, and the value of
removing each remaining candidate next (one biconnected decomposition, `Cuts`, gives them all).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass

import igraph as ig
import networkx as nx

from queries.key_persons.centrality import to_igraph
from queries.key_persons.fragmentation import (
    Cuts,
    Holding,
    distance_fragmentation_of,
    fragmentation_from_sizes,
    fragmentation_of_pairs,
    sample_vertices,
)

__all__ = ["DF_TIEBREAK_PERSONS", "GreedyStep", "SearchProblem", "SearchState"]

#: Up to this many persons, candidates equal on the greedy objective are told apart
#: by the dF they leave (exact, n breadth-first searches per candidate); F alone
#: cannot tell apart removals that disconnect no one, which is every removal in a
#: dense network, which is what Borgatti's distance-weighted measure is for. Above
#: it, ties go to the first candidate (the higher-ranked person).
DF_TIEBREAK_PERSONS = 500


def _distance_fragmentation_without(g: ig.Graph, v: int) -> float:
    h = g.copy()
    h.delete_vertices([v])
    return distance_fragmentation_of(h, None)


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


class SearchState:
    """A set of persons removed: what is left of the graph and of the holding."""

    def __init__(self, removed: tuple, g: ig.Graph, holding: Holding | None) -> None:
        self.removed = removed
        self.g = g
        self.holding = holding
        self.index = {name: i for i, name in enumerate(g.vs["name"])} if g.vcount() else {}
        self._cuts: Cuts | None = None

    @property
    def cuts(self) -> Cuts:
        if self._cuts is None:
            self._cuts = Cuts(self.g)
        return self._cuts

    def remove(self, *persons: str) -> None:
        """Remove ``persons`` in place, in that order."""
        self.g.delete_vertices([self.index[v] for v in persons])
        self.index = {name: i for i, name in enumerate(self.g.vs["name"])} if self.g.vcount() else {}
        self._cuts = None
        self.removed = (*self.removed, *persons)
        if self.holding is not None:
            for v in persons:
                self.holding.remove(v)


class SearchProblem:
    """The objective of a key-player search, and the sets of removed persons it evaluates.

    The value of removing the set ``R`` is

        alpha * S(graph - R) + (1 - alpha) * cut(R) / held(empty set)
        S = (1 - largest_weight) * F + largest_weight * (1 - largest part left / largest part at first)

    rounded to 12 decimals (float noise must not break ties between equals).
    """

    def __init__(
        self,
        graph: nx.Graph | ig.Graph,
        candidates: Sequence | None,
        holding: Holding | None,
        alpha: float,
        largest_weight: float,
    ) -> None:
        self.g = graph.copy() if isinstance(graph, ig.Graph) else to_igraph(graph)
        names = list(self.g.vs["name"]) if self.g.vcount() else []
        present = set(names)
        self.pool = list(dict.fromkeys(c for c in (candidates if candidates is not None else names) if c in present))
        self.position = {c: i for i, c in enumerate(self.pool)}
        self.holding = holding.copy() if holding is not None else None
        self.held = holding.held if holding is not None else 0
        self.weight = alpha if self.held else 1.0
        self.largest_weight = largest_weight
        self.largest = max(self.g.connected_components().sizes(), default=0)

    def state(self, removed: Iterable = ()) -> SearchState:
        """The graph and holding without ``removed`` (copies: this problem is untouched)."""
        state = SearchState((), self.g.copy(), self.holding.copy() if self.holding is not None else None)
        if removed := tuple(removed):
            state.remove(*removed)
        return state

    def child(self, state: SearchState, v: str) -> SearchState:
        """A copy of ``state`` with ``v`` removed too."""
        child = SearchState(state.removed, state.g.copy(), state.holding.copy() if state.holding is not None else None)
        child.remove(v)
        return child

    def value(self, pairs: int, n: int, largest: int, cut: int) -> float:
        structure = fragmentation_of_pairs(pairs, n)
        if self.largest_weight:
            left = largest / self.largest if self.largest else 0.0
            structure = (1.0 - self.largest_weight) * structure + self.largest_weight * (1.0 - left)
        value = self.weight * structure
        if self.weight < 1.0:
            value += (1.0 - self.weight) * cut / self.held
        return round(value, 12)

    def cut(self, state: SearchState) -> int:
        return self.held - state.holding.held if state.holding is not None else 0

    def values(self, state: SearchState, pool: Sequence | None = None) -> dict:
        """The value of removing each remaining candidate (of ``pool``) next, in pool order."""
        taken = set(state.removed)
        remaining = [c for c in (self.pool if pool is None else pool) if c not in taken]
        if not remaining:
            return {}
        cuts, cut, n = state.cuts, self.cut(state), state.g.vcount() - 1
        out = {}
        for c in remaining:
            i = state.index[c]
            extra = state.holding.cut_off_by(c) if self.weight < 1.0 else 0
            out[c] = self.value(cuts.pairs_without(i), n, cuts.largest_without(i), cut + extra)
        return out

    def set_value(self, state: SearchState) -> float:
        sizes = state.g.connected_components().sizes()
        return self.value(sum(s * (s - 1) for s in sizes), state.g.vcount(), max(sizes, default=0), self.cut(state))

    @staticmethod
    def tie_break(state: SearchState) -> bool:
        """Whether equals on the value are told apart by dF (small graphs only)."""
        return state.g.vcount() <= DF_TIEBREAK_PERSONS

    @staticmethod
    def df_without(state: SearchState, v: str) -> float:
        return round(_distance_fragmentation_without(state.g, state.index[v]), 12)

    @staticmethod
    def df(state: SearchState) -> float:
        return round(distance_fragmentation_of(state.g, None), 12)

    def greedy(self, k: int, pool: Sequence | None = None,
               on_step: Callable[[int, SearchState, str, float], object] | None = None) -> list[tuple[str, float]]:
        """Remove the best candidate, recompute, k times: [(person, value)]. Equals on the
        value go to the higher dF on small graphs, then to the first in pool order."""
        state = self.state()
        picks: list[tuple[str, float]] = []
        for step in range(1, k + 1):
            values = self.values(state, pool)
            if not values:
                break
            best_value = max(values.values())
            tied = [c for c, v in values.items() if v == best_value]
            best = tied[0]
            if len(tied) > 1 and self.tie_break(state):
                best = max(tied, key=lambda c: self.df_without(state, c))
            state.remove(best)
            picks.append((best, best_value))
            if on_step is not None:
                on_step(step, state, best, best_value)
        return picks

    def recorder(self, distance_samples: int | None, seed: int) -> Callable[[int, SearchState, str | None, float | None], GreedyStep]:
        """A function recording a step: (step, state, person removed, objective) -> GreedyStep."""
        sample = sample_vertices(self.g.vcount(), distance_samples, seed)
        sampled = None if sample is None else [self.g.vs[i]["name"] for i in sample]

        def record(step: int, state: SearchState, person: str | None, objective: float | None) -> GreedyStep:
            sizes = state.g.connected_components().sizes()
            largest = max(sizes, default=0)
            vertices = None if sampled is None else [state.index[v] for v in sampled if v in state.index]
            return GreedyStep(
                step=step,
                removed=person,
                fragmentation=fragmentation_from_sizes(sizes, state.g.vcount()),
                distance_fragmentation=distance_fragmentation_of(state.g, vertices),
                largest_component=largest,
                largest_share=largest / self.largest if self.largest else 0.0,
                targets_held=state.holding.held if state.holding is not None else None,
                objective=objective,
            )

        return record

    def steps(self, k: int, pool: Sequence | None, distance_samples: int | None, seed: int) -> list[GreedyStep]:
        """Step 0, then the greedy removal of up to k persons of ``pool``, recorded."""
        record = self.recorder(distance_samples, seed)
        steps = [record(0, self.state(), None, None)]
        self.greedy(k, pool, lambda *args: steps.append(record(*args)))
        return steps

    def walk(self, picks: Sequence[tuple[str, float]], distance_samples: int | None, seed: int) -> list[GreedyStep]:
        """Step 0, then the removal of ``picks`` ([(person, objective)]) in that order, recorded."""
        record = self.recorder(distance_samples, seed)
        state = self.state()
        steps = [record(0, state, None, None)]
        for step, (person, objective) in enumerate(picks, start=1):
            state.remove(person)
            steps.append(record(step, state, person, objective))
        return steps
