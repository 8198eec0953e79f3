"""The search for a key-player set (Borgatti's KPP-Neg), over the measures of `queries.key_persons.fragmentation`.

The greedy search (`greedy_key_players`) removes one person at a time and recomputes.
Evaluating F for every candidate would cost O(n + m) per candidate; one biconnected
decomposition per step (`Cuts`) gives F and the largest part left after removing *each*
vertex, so a step costs O(n + m) whatever the number of candidates. Greedy selection is
myopic: the best single removal is not always part of the best set. `search_key_players`
improves the greedy set by exchanges, as Borgatti's own KPP-Neg algorithm does (one
decomposition of the graph without the set but ``u`` gives the value of exchanging ``u`` for
every candidate at once), and by a beam search, within a time budget.

S. P. Borgatti, "Identifying sets of key players in a social network", Computational &
Mathematical Organization Theory 12:21-34, 2006.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass

import igraph as ig
import networkx as nx

from queries.key_persons.centrality import SEED, to_igraph
from queries.key_persons.fragmentation import (
    Cuts,
    Holding,
    distance_fragmentation_of,
    fragmentation_from_sizes,
    fragmentation_of_pairs,
    sample_vertices,
)

__all__ = ["BEAM_WIDTH", "DF_TIEBREAK_PERSONS", "SEARCH_SECONDS", "GreedyStep", "KeyPlayerSearch",
           "greedy_key_players", "search_key_players"]

#: Up to this many persons, candidates equal on the greedy objective are told apart
#: by the dF they leave (exact, n breadth-first searches per candidate); F alone
#: cannot tell apart removals that disconnect no one, which is every removal in a
#: dense network, which is what Borgatti's distance-weighted measure is for. Above
#: it, ties go to the first candidate (the higher-ranked person).
DF_TIEBREAK_PERSONS = 500
#: Sets a beam search keeps at each size (`search_key_players`). On the four published
#: networks of docs/validation.md, 20 finds a better set than 5 once (the Mexico
#: network, k = 5) and more changes nothing up to 30; it takes at most 0.12 s there.
BEAM_WIDTH = 20
#: Time budget of the key-player search, in seconds from its start: the greedy start
#: always runs to the end, the exchanges and the beam search stop when it has run out.
#: At 100k persons (25k suspects) one exchange round of a set of 10 takes about 0.8 s
#: and the beam about 5 s, so there the budget stops the search; key_player_set stays
#: within its 10 s budget (6.2 s for k = 10, docs/key-persons.md).
SEARCH_SECONDS = 1.0


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


class _State:
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


class _Problem:
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

    def state(self, removed: Iterable = ()) -> _State:
        """The graph and holding without ``removed`` (copies: this problem is untouched)."""
        state = _State((), self.g.copy(), self.holding.copy() if self.holding is not None else None)
        if removed := tuple(removed):
            state.remove(*removed)
        return state

    def child(self, state: _State, v: str) -> _State:
        """A copy of ``state`` with ``v`` removed too."""
        child = _State(state.removed, state.g.copy(), state.holding.copy() if state.holding is not None else None)
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

    def cut(self, state: _State) -> int:
        return self.held - state.holding.held if state.holding is not None else 0

    def values(self, state: _State, pool: Sequence | None = None) -> dict:
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

    def set_value(self, state: _State) -> float:
        sizes = state.g.connected_components().sizes()
        return self.value(sum(s * (s - 1) for s in sizes), state.g.vcount(), max(sizes, default=0), self.cut(state))

    @staticmethod
    def tie_break(state: _State) -> bool:
        """Whether equals on the value are told apart by dF (small graphs only)."""
        return state.g.vcount() <= DF_TIEBREAK_PERSONS

    @staticmethod
    def df_without(state: _State, v: str) -> float:
        return round(_distance_fragmentation_without(state.g, state.index[v]), 12)

    @staticmethod
    def df(state: _State) -> float:
        return round(distance_fragmentation_of(state.g, None), 12)

    def greedy(self, k: int, pool: Sequence | None = None,
               on_step: Callable[[int, _State, str, float], object] | None = None) -> list[tuple[str, float]]:
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

    def recorder(self, distance_samples: int | None, seed: int) -> Callable[[int, _State, str | None, float | None], GreedyStep]:
        """A function recording a step: (step, state, person removed, objective) -> GreedyStep."""
        sample = sample_vertices(self.g.vcount(), distance_samples, seed)
        sampled = None if sample is None else [self.g.vs[i]["name"] for i in sample]

        def record(step: int, state: _State, person: str | None, objective: float | None) -> GreedyStep:
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


def greedy_key_players(
    graph: nx.Graph | ig.Graph,
    k: int,
    *,
    candidates: Sequence[str] | None = None,
    holding: Holding | None = None,
    alpha: float = 1.0,
    largest_weight: float = 0.0,
    distance_samples: int | None = None,
    seed: int = SEED,
) -> list[GreedyStep]:
    """Greedy key-player set: remove the best candidate, recompute, repeat k times.

    The objective of removing a candidate ``v`` after the set ``R`` is

        alpha * F(graph - R - v) + (1 - alpha) * cut(R + v) / held(empty set)

    where ``cut`` counts the targets of ``holding`` no longer held. With
    ``alpha = 1`` or no holding graph (or nobody held) it is Borgatti's greedy
    KPP-Neg on F. With ``largest_weight`` w > 0, F is replaced by
    ``(1 - w) F + w (1 - largest part left / largest part at first)``. Candidates
    equal on it are told apart by the dF they leave, up to `DF_TIEBREAK_PERSONS`
    persons; otherwise the first of them is taken.

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
    largest_weight
        Weight of the largest part left against F in the structural part, in [0, 1].
    distance_samples, seed
        How dF is computed (see `distance_fragmentation`). When it is sampled, the
        same persons are used at every step (those still present), so the steps
        differ by the removals and not by the draw.

    Returns
    -------
    list of GreedyStep
        Step 0 (the graph as given), then one step per removal.
    """
    return _Problem(graph, candidates, holding, alpha, largest_weight).steps(k, None, distance_samples, seed)


@dataclass(frozen=True)
class KeyPlayerSearch:
    """A key-player set found by `search_key_players`, and how the search went.

    ``steps`` remove the set one person at a time, in the order the greedy search
    would take them (step 0: before any removal). ``found_by`` says which start gave
    the set (``"greedy"`` or ``"beam"``) and ``swaps`` how many exchanges then
    improved it; ``greedy_value`` and ``value`` are the objective of the greedy set
    and of the set returned (equal when the search found nothing better).
    """

    steps: list[GreedyStep]
    search: str  # "greedy" or "swap"
    beam_width: int
    found_by: str  # "greedy" or "beam"
    swaps: int  # exchanges that improved the set returned
    rounds: int  # exchange rounds run, over every start
    greedy_value: float | None
    value: float | None
    stopped_by_budget: bool
    seconds: float  # spent searching, without recording the steps
    budget: float | None


def search_key_players(
    graph: nx.Graph | ig.Graph,
    k: int,
    *,
    candidates: Sequence[str] | None = None,
    holding: Holding | None = None,
    alpha: float = 1.0,
    largest_weight: float = 0.0,
    search: str = "swap",
    beam_width: int = BEAM_WIDTH,
    seconds: float | None = SEARCH_SECONDS,
    clock: Callable[[], float] = time.perf_counter,
    distance_samples: int | None = None,
    seed: int = SEED,
) -> KeyPlayerSearch:
    """A key-player set of k: the greedy start, improved by exchanges (Borgatti's KPP-Neg
    search) and by a beam search, within a time budget.

    The objective is that of `greedy_key_players` (same parameters), taken over the
    whole set. With ``search="swap"``:

    1. **Greedy start**: remove the best candidate, recompute, k times. Always run to
       the end, whatever the budget: it is the answer when there is no time for more.
    2. **Exchange (swap) search** from it (Borgatti 2006): for every person ``u`` of
       the set and every candidate ``v`` outside it, the value of the set with ``v``
       in place of ``u`` (one biconnected decomposition of the graph without the set
       but ``u`` gives every ``v`` at once); make the best exchange that improves the
       value, repeat until none does.
    3. **Beam search** of width ``beam_width``: keep the ``beam_width`` best sets of
       each size instead of the single best, grow each by every candidate; then the
       exchange search from the best set of k. Greedy selection is myopic (the best
       single removal is not always part of the best set); the beam keeps
       alternatives the greedy search drops.

    The better set wins (the greedy start's on equal value). Equal values are told
    apart by dF on graphs of up to `DF_TIEBREAK_PERSONS` persons, then by candidate
    order, so the result is deterministic unless the budget stops the search.
    ``seconds`` (None: no limit) bounds steps 2 and 3, measured by ``clock`` from the
    start of step 1: when it has run out the search stops and returns the best set so
    far (a beam cut short is dropped) with ``stopped_by_budget``. ``search="greedy"``
    runs step 1 alone.

    Returns
    -------
    KeyPlayerSearch
        The set as steps, in the order the greedy search takes its persons, and how
        the search went.
    """
    if search not in ("greedy", "swap"):
        raise ValueError(f"search must be 'greedy' or 'swap', got {search!r}")
    start = clock()
    stopped = False

    def expired() -> bool:
        nonlocal stopped
        if seconds is not None and not stopped and clock() - start >= seconds:
            stopped = True
        return stopped

    problem = _Problem(graph, candidates, holding, alpha, largest_weight)
    picks = problem.greedy(k)
    greedy = [p for p, _ in picks]
    best = _Candidate(problem, greedy, "greedy")
    greedy_value = best.value
    rounds = 0
    if search == "swap" and greedy:
        best, n = _exchange(problem, best, expired)
        rounds += n
        if beam_width > 1 and not expired():
            beam = _beam(problem, len(greedy), beam_width, expired)
            if beam is not None and set(beam) != set(best.persons):
                other, n = _exchange(problem, _Candidate(problem, beam, "beam"), expired)
                rounds += n
                if other.better_than(best):
                    best = other
    elapsed = clock() - start
    if best.persons == greedy:
        steps = problem.walk(picks, distance_samples, seed)
    else:  # in the order the greedy search takes them (ties to the higher-ranked)
        order = sorted(best.persons, key=problem.position.__getitem__)
        steps = problem.steps(len(order), order, distance_samples, seed)
    return KeyPlayerSearch(
        steps=steps,
        search=search,
        beam_width=beam_width if search == "swap" else 1,
        found_by=best.found_by,
        swaps=best.swaps,
        rounds=rounds,
        greedy_value=greedy_value,
        value=best.value,
        stopped_by_budget=stopped,
        seconds=elapsed,
        budget=seconds,
    )


class _Candidate:
    """A set of k persons, its value, and its dF when equals are told apart by it."""

    def __init__(self, problem: _Problem, persons: list, found_by: str, swaps: int = 0,
                 value: float | None = None, df: float | None = None) -> None:
        self.problem = problem
        self.persons = list(persons)
        self.found_by = found_by
        self.swaps = swaps
        self._state: _State | None = None
        self.value = value if value is not None else problem.set_value(self.state)
        self._df = df

    @property
    def state(self) -> _State:
        if self._state is None:
            self._state = self.problem.state(self.persons)
        return self._state

    @property
    def df(self) -> float:
        if self._df is None:
            self._df = self.problem.df(self.state)
        return self._df

    def better_than(self, other: _Candidate) -> bool:
        if self.value != other.value:
            return self.value > other.value
        return self.problem.tie_break(self.state) and self.df > other.df


def _exchange(problem: _Problem, current: _Candidate, expired: Callable[[], bool]) -> tuple[_Candidate, int]:
    """Best-improvement exchange search from ``current``: (the set it ends on, rounds run)."""
    rounds = 0
    # Every exchange strictly improves (value, dF); remembering the sets seen also rules
    # out a cycle through float noise in dF.
    seen = {frozenset(current.persons)}
    while not expired():
        rounds += 1
        members = set(current.persons)
        # The best exchange of this round: (value, dF or None, u, v, state without the set but u).
        best_value, best_df, move = current.value, None, None
        for u in current.persons:
            if expired():
                break
            state = problem.state(p for p in current.persons if p != u)
            small = problem.tie_break(state)
            others = members - {u}
            for v, value in problem.values(state).items():
                if v in members or value < best_value or frozenset((*others, v)) in seen:
                    continue
                if value > best_value:
                    best_value, best_df, move = value, None, (u, v, state)
                    continue
                if not small or expired():
                    continue
                if best_df is None:
                    best_df = current.df if move is None else problem.df_without(move[2], move[1])
                df = problem.df_without(state, v)
                if df > best_df:
                    best_value, best_df, move = value, df, (u, v, state)
        if move is None:
            break
        u, v, _ = move
        persons = [v if p == u else p for p in current.persons]
        seen.add(frozenset(persons))
        current = _Candidate(problem, persons, current.found_by, current.swaps + 1, best_value, best_df)
    return current, rounds


def _beam(problem: _Problem, k: int, width: int, expired: Callable[[], bool]) -> list | None:
    """Beam search: the best set of k (in order of removal), or None if the budget ran out."""
    states = [problem.state()]
    for _ in range(k):
        scored = []  # (value, state number, candidate position, candidate)
        for i, state in enumerate(states):
            if expired():
                return None
            scored.extend((value, i, problem.position[c], c) for c, value in problem.values(state).items())
        if not scored:
            break
        scored.sort(key=lambda t: (-t[0], t[1], t[2]))
        chosen = _distinct(scored, states, width)
        cutoff = chosen[-1][0]
        if problem.tie_break(states[0]):
            near = [t for t in scored if t[0] >= cutoff]
            if len(near) > 1:
                df = {}
                for t in near:
                    if expired():
                        return None
                    df[t[1], t[3]] = problem.df_without(states[t[1]], t[3])
                near.sort(key=lambda t: (-t[0], -df[t[1], t[3]], t[1], t[2]))
                chosen = _distinct(near, states, width)
        states = [problem.child(states[i], c) for _, i, _, c in chosen]
    return list(states[0].removed)


def _distinct(scored: list, states: list[_State], width: int) -> list:
    """The first ``width`` entries of ``scored`` that make different sets."""
    seen: set[frozenset] = set()
    chosen = []
    for t in scored:
        key = frozenset((*states[t[1]].removed, t[3]))
        if key not in seen:
            seen.add(key)
            chosen.append(t)
            if len(chosen) == width:
                break
    return chosen
