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
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import igraph as ig
import networkx as nx

from queries.key_persons.centrality import SEED
from queries.key_persons.fragmentation import Holding
from queries.key_persons.search_moves import SetCandidate, beam_search, exchange
from queries.key_persons.search_problem import DF_TIEBREAK_PERSONS, GreedyStep, SearchProblem

__all__ = ["BEAM_WIDTH", "DF_TIEBREAK_PERSONS", "SEARCH_SECONDS", "GreedyStep", "KeyPlayerSearch",
           "greedy_key_players", "search_key_players"]

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
    return SearchProblem(graph, candidates, holding, alpha, largest_weight).steps(k, None, distance_samples, seed)


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

    problem = SearchProblem(graph, candidates, holding, alpha, largest_weight)
    picks = problem.greedy(k)
    greedy = [p for p, _ in picks]
    best = SetCandidate(problem, greedy, "greedy")
    greedy_value = best.value
    rounds = 0
    if search == "swap" and greedy:
        best, n = exchange(problem, best, expired)
        rounds += n
        if beam_width > 1 and not expired():
            beam = beam_search(problem, len(greedy), beam_width, expired)
            if beam is not None and set(beam) != set(best.persons):
                other, n = exchange(problem, SetCandidate(problem, beam, "beam"), expired)
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
