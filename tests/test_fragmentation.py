"""Borgatti's F and dF on graphs small enough to compute by hand, and the greedy search.

F  = 1 - sum_k s_k (s_k - 1) / (n (n - 1))
dF = 1 - 2 sum_{i<j} 1/d_ij / (n (n - 1))
(Borgatti 2006, Computational & Mathematical Organization Theory 12:21-34.)
"""

import random

import networkx as nx
import pytest

from queries.key_persons.centrality import to_igraph
from queries.key_persons.fragmentation import Cuts, Holding, distance_fragmentation, fragmentation
from queries.key_persons.search import greedy_key_players, search_key_players


def test_path_of_four():
    g = nx.path_graph(4)  # 0-1-2-3
    # One component of 4: F = 1 - 4*3/12 = 0.
    assert fragmentation(g) == 0.0
    # Distances: three pairs at 1, two at 2 (0-2, 1-3), one at 3 (0-3).
    # sum 1/d = 3 + 2/2 + 1/3 = 13/3; dF = 1 - 2 (13/3) / 12 = 1 - 26/36 = 5/18.
    assert distance_fragmentation(g) == pytest.approx(5 / 18)


def test_star():
    g = nx.star_graph(4)  # centre 0, leaves 1..4: n = 5
    assert fragmentation(g) == 0.0
    # Four centre-leaf pairs at 1, C(4,2) = 6 leaf pairs at 2:
    # sum 1/d = 4 + 6/2 = 7; dF = 1 - 14/20 = 0.3.
    assert distance_fragmentation(g) == pytest.approx(0.3)


def test_two_disconnected_triangles():
    g = nx.disjoint_union(nx.complete_graph(3), nx.complete_graph(3))  # n = 6
    # F = 1 - (3*2 + 3*2) / (6*5) = 1 - 12/30 = 0.6.
    assert fragmentation(g) == pytest.approx(0.6)
    # Six pairs at distance 1, the nine across at infinity (1/d = 0):
    # dF = 1 - 2*6/30 = 0.6, equal to F since every reachable pair is adjacent.
    assert distance_fragmentation(g) == pytest.approx(0.6)


def test_complete_graph():
    g = nx.complete_graph(5)
    # Every pair connected and adjacent: F = 1 - 20/20 = 0, dF = 1 - 2*10/20 = 0.
    assert fragmentation(g) == 0.0
    assert distance_fragmentation(g) == pytest.approx(0.0)


def test_edge_cases():
    # No pair at all (0 or 1 person): nothing left connected, taken as 1.
    for g in (nx.empty_graph(0), nx.empty_graph(1)):
        assert fragmentation(g) == 1.0
        assert distance_fragmentation(g) == 1.0
    # Two persons without a link: the one pair is cut, F = dF = 1 - 0/2 = 1.
    assert fragmentation(nx.empty_graph(2)) == 1.0
    assert distance_fragmentation(nx.empty_graph(2)) == 1.0
    # Two persons with a link: F = 1 - 2/2 = 0, dF = 1 - 2*1/2 = 0.
    assert fragmentation(nx.path_graph(2)) == 0.0
    assert distance_fragmentation(nx.path_graph(2)) == 0.0


def test_igraph_input_gives_the_same_values():
    g = nx.disjoint_union(nx.path_graph(4), nx.star_graph(3))
    assert fragmentation(to_igraph(g)) == fragmentation(g)
    assert distance_fragmentation(to_igraph(g)) == pytest.approx(distance_fragmentation(g))


def test_sampled_distance_fragmentation():
    g = nx.gnm_random_graph(300, 600, seed=1)
    exact = distance_fragmentation(g)
    assert distance_fragmentation(g, samples=300) == pytest.approx(exact)  # all persons: exact
    a = distance_fragmentation(g, samples=60, seed=7)
    assert a == distance_fragmentation(g, samples=60, seed=7)  # same seed, same value
    assert a == pytest.approx(exact, abs=0.05)


def test_cuts_give_fragmentation_after_each_removal():
    # Removing the centre of a 5-star leaves 4 isolated leaves: F = 1 - 0/12 = 1.
    cuts = Cuts(to_igraph(nx.star_graph(4)))
    assert cuts.fragmentation_without(0) == 1.0
    # Removing a leaf leaves a 4-star: F = 0.
    assert cuts.fragmentation_without(1) == 0.0
    # Against brute force on random graphs.
    rng = random.Random(3)
    for trial in range(150):
        n = rng.randint(1, 25)
        g = nx.gnm_random_graph(n, rng.randint(0, 2 * n), seed=trial)
        cuts = Cuts(to_igraph(g))
        for v in range(n):
            h = g.copy()
            h.remove_node(v)
            assert cuts.fragmentation_without(v) == pytest.approx(fragmentation(h)), (trial, v)
            rest = nx.node_connected_component(g, v) - {v}
            pieces = sorted(len(c) for c in nx.connected_components(g.subgraph(rest)))
            assert sorted(cuts.piece_sizes(v)) == pieces
            assert cuts.largest_without(v) == max((len(c) for c in nx.connected_components(h)), default=0)


def test_greedy_picks_the_centre_of_a_star():
    steps = greedy_key_players(nx.star_graph(6), 1)
    assert steps[1].removed == 0
    assert steps[1].fragmentation == 1.0
    assert steps[1].largest_component == 1
    assert steps[1].largest_share == pytest.approx(1 / 7)


def test_greedy_picks_the_bridge_of_a_barbell():
    # Two K4 (0-3 and 5-8) joined through node 4.
    g = nx.barbell_graph(4, 1)
    steps = greedy_key_players(g, 1)
    # Removing 4 leaves two K4: F = 1 - (12 + 12)/(8*7) = 4/7; removing 3 (an end of
    # the path) leaves 3 + 5: F = 1 - (6 + 20)/56 = 30/56; any other node leaves F = 0.
    assert steps[1].removed == 4
    assert steps[1].fragmentation == pytest.approx(4 / 7)
    assert steps[1].largest_share == pytest.approx(4 / 9)


def test_greedy_recomputes_after_each_removal():
    # Two stars whose centres are joined: the first pick splits them, the second
    # takes the other centre (recomputed), not the next node of a fixed ranking.
    g = nx.Graph([("a", f"a{i}") for i in range(5)] + [("b", f"b{i}") for i in range(4)] + [("a", "b")])
    steps = greedy_key_players(g, 2)
    assert [s.removed for s in steps[1:]] == ["a", "b"]
    assert steps[0].fragmentation == 0.0 and steps[2].fragmentation == 1.0


def test_greedy_respects_candidates_and_stops_when_they_run_out():
    steps = greedy_key_players(nx.star_graph(4), 3, candidates=[2, 1, "absent"])
    assert [s.removed for s in steps] == [None, 2, 1]


def test_greedy_accepts_igraph_without_changing_it():
    g = to_igraph(nx.barbell_graph(4, 1))
    steps = greedy_key_players(g, 2)
    assert steps[1].removed == 4
    assert g.vcount() == 9


def test_greedy_with_holding_prefers_cutting_victims_off():
    # Suspects: s1 - s2 - s3 (s2 is the structural bridge). Victims v1..v3 are held
    # only by s3 (through the business b3); v4 by s2.
    suspects = nx.path_graph(["s1", "s2", "s3"])
    edges = [("s3", "b3"), ("b3", "v1"), ("b3", "v2"), ("b3", "v3"), ("s2", "v4")]
    holding = Holding(edges, sources=["s1", "s2", "s3"], targets=["v1", "v2", "v3", "v4"])
    # F alone picks the bridge s2.
    assert greedy_key_players(suspects, 1)[1].removed == "s2"
    # Half-weighted: s2 gives 0.5*1 + 0.5*1/4 = 0.625, s3 gives 0.5*0 + 0.5*3/4 = 0.375,
    # so s2 still; with alpha = 0.2, s2 gives 0.2 + 0.2 = 0.4, s3 gives 0.6.
    assert greedy_key_players(suspects, 1, holding=holding, alpha=0.5)[1].removed == "s2"
    steps = greedy_key_players(suspects, 2, holding=holding, alpha=0.2)
    assert steps[1].removed == "s3"
    assert [s.targets_held for s in steps] == [4, 1, 0]
    assert holding.held == 4  # the search worked on a copy


def test_holding_follows_businesses_and_victims_who_recruit():
    # boss -> vr (a victim who recruits) -> v2; boss -> biz -> v1.
    edges = [("boss", "vr"), ("vr", "v2"), ("boss", "biz"), ("biz", "v1"), ("rec", "v2")]
    holding = Holding(edges, sources=["boss", "rec"], targets=["vr", "v1", "v2"])
    assert holding.held == 3
    assert holding.cut_off_by("boss") == 2  # vr and v1; v2 is still held by rec
    assert holding.cut_off_by("rec") == 0
    holding.remove("rec")
    assert holding.cut_off_by("boss") == 3
    holding.remove("boss")
    assert holding.held == 0


def test_holding_matches_brute_force():
    rng = random.Random(5)
    for trial in range(200):
        n = rng.randint(2, 20)
        nodes = [f"n{i}" for i in range(n)]
        sources = set(rng.sample(nodes, rng.randint(1, n)))
        targets = set(nodes) - sources
        edges = [(rng.choice(nodes), rng.choice(nodes)) for _ in range(rng.randint(0, 3 * n))]
        holding = Holding(edges, sources, targets)
        removed: set[str] = set()
        for v in rng.sample(sorted(sources), len(sources)):
            after = _held(edges, sources, targets, removed | {v})
            assert holding.cut_off_by(v) == holding.held - after, trial
            holding.remove(v)
            removed.add(v)
            assert holding.held == after, trial


def _held(edges, sources, targets, removed) -> int:
    g = nx.DiGraph(edges)
    g.add_nodes_from(sources)
    g.remove_nodes_from(removed)
    reached = set()
    for s in sources - removed:
        reached |= nx.descendants(g, s) | {s}
    return len(reached & targets)


def test_greedy_until_nobody_is_left():
    steps = greedy_key_players(nx.path_graph(2), 5)
    assert [s.removed for s in steps] == [None, 0, 1]
    assert steps[-1].fragmentation == 1.0 and steps[-1].largest_component == 0


def test_greedy_breaks_ties_on_f_by_distance_fragmentation():
    # A wheel: hub 0 on a cycle of 7. No single removal disconnects it (F = 0 for all),
    # but without the hub the rim is a 7-cycle: 7 pairs at 1, 7 at 2, 7 at 3, so
    # dF = 1 - 2 (7 + 7/2 + 7/3) / 42 ≈ 0.389; without a rim node the hub still
    # reaches the other 6 and 5 rim pairs are adjacent, the other 10 at 2:
    # dF = 1 - 2 (6 + 5 + 10/2) / 42 ≈ 0.238.
    steps = greedy_key_players(nx.wheel_graph(8), 1, candidates=[1, 2, 3, 4, 5, 6, 7, 0])
    assert steps[1].removed == 0
    assert steps[1].fragmentation == 0.0
    assert steps[1].distance_fragmentation == pytest.approx(1 - 2 * (7 + 7 / 2 + 7 / 3) / 42)


# -- the search: greedy start, exchanges, beam -------------------------------------------


def _set(search) -> set:
    return {s.removed for s in search.steps[1:]}


def test_greedy_is_myopic_on_a_path_and_an_exchange_fixes_it():
    # A path of 7: 0-1-2-3-4-5-6. The best single removal is the middle (3): two paths
    # of 3 left, F = 1 - (6 + 6) / 30 = 0.6. Greedy then splits one of them (1, the
    # first of the equals 1 and 5): pieces 1, 1, 3, F = 1 - 6/20 = 0.7. But the best
    # pair is not a middle and another: removing 1 and 4 leaves pieces 1, 2, 2,
    # F = 1 - (2 + 2)/20 = 0.8, one exchange (3 for 4) away from the greedy set.
    g = nx.path_graph(7)
    greedy = greedy_key_players(g, 2)
    assert [s.removed for s in greedy[1:]] == [3, 1]
    assert greedy[-1].fragmentation == pytest.approx(0.7)
    best = max(fragmentation(g.subgraph(set(g) - {u, v})) for u in g for v in g if u < v)
    assert best == pytest.approx(0.8)

    found = search_key_players(g, 2, beam_width=1, seconds=None)  # exchanges only
    assert _set(found) == {1, 4}
    assert found.steps[-1].fragmentation == pytest.approx(0.8)
    assert found.steps[-1].largest_component == 2  # 3 after the greedy pair
    assert (found.found_by, found.swaps, found.search) == ("greedy", 1, "swap")
    assert found.greedy_value == pytest.approx(0.7) and found.value == pytest.approx(0.8)
    assert not found.stopped_by_budget
    # Steps in greedy order over the set: 4 first (pieces 4 and 2, F = 1 - 14/30),
    # then 1; each step's objective is the value of the set removed so far.
    assert [s.removed for s in found.steps[1:]] == [4, 1]
    assert found.steps[1].objective == pytest.approx(1 - 14 / 30)
    assert found.steps[2].objective == found.value


def test_an_exchange_frees_victims_that_greedy_leaves_held():
    # Five suspects who all talk to each other (no removal splits them: F stays 0).
    # a and b both control v1 and v2; c alone controls v3. Greedy takes c (the only one
    # whose removal frees anyone), then a: 1 victim of 3 freed. Removing a and b frees
    # v1 and v2: exchange c for b.
    g = nx.complete_graph(["a", "b", "c", "d", "e"])
    edges = [("a", "v1"), ("a", "v2"), ("b", "v1"), ("b", "v2"), ("c", "v3")]
    holding = Holding(edges, sources=list(g), targets=["v1", "v2", "v3"])
    greedy = greedy_key_players(g, 2, holding=holding, alpha=0.5, largest_weight=0.5)
    assert [s.removed for s in greedy[1:]] == ["c", "a"] and greedy[-1].targets_held == 2
    found = search_key_players(g, 2, holding=holding, alpha=0.5, largest_weight=0.5, beam_width=1, seconds=None)
    assert _set(found) == {"a", "b"} and found.swaps == 1
    # Removing a alone frees no one; a and b together free v1 and v2.
    assert [s.targets_held for s in found.steps] == [3, 3, 1]
    # Value: 0.5 x (0.5 F + 0.5 (1 - 3/5)) + 0.5 x victims freed / 3.
    assert found.greedy_value == pytest.approx(0.5 * 0.5 * 0.4 + 0.5 * 1 / 3)
    assert found.value == pytest.approx(0.5 * 0.5 * 0.4 + 0.5 * 2 / 3)
    assert holding.held == 3  # the search worked on copies


def test_the_beam_finds_a_set_two_exchanges_away():
    # Suspects: x1 - x2 - c - y, and y - a, y - b, a - b. a and b both control v1 and v2.
    # alpha = 0.5 on F alone. Greedy: y (pieces x1-x2-c and a-b), then x2: pieces 1, 1, 2,
    # F = 1 - 2/12, no victim freed: 0.5 x 10/12 = 5/12. Removing a and b frees both
    # victims, leaving x1-x2-c-y in one piece: 0.5 x 0 + 0.5 x 2/2 = 0.5. Every single
    # exchange from {y, x2} is worse, so exchanges alone stay put; the beam keeps {a}
    # among the best five first removals and reaches {a, b}.
    g = nx.Graph([("x1", "x2"), ("x2", "c"), ("c", "y"), ("y", "a"), ("y", "b"), ("a", "b")])
    edges = [("a", "v1"), ("a", "v2"), ("b", "v1"), ("b", "v2")]
    holding = Holding(edges, sources=list(g), targets=["v1", "v2"])
    stuck = search_key_players(g, 2, holding=holding, alpha=0.5, beam_width=1, seconds=None)
    assert _set(stuck) == {"y", "x2"} and stuck.swaps == 0 and stuck.value == pytest.approx(5 / 12)
    found = search_key_players(g, 2, holding=holding, alpha=0.5, beam_width=5, seconds=None)
    assert _set(found) == {"a", "b"} and found.found_by == "beam"
    assert found.value == pytest.approx(0.5) and found.greedy_value == pytest.approx(5 / 12)


def test_search_is_never_worse_than_greedy_and_reports_true_values():
    rng = random.Random(11)
    for trial in range(40):
        n = rng.randint(4, 30)
        g = nx.gnm_random_graph(n, rng.randint(n - 1, 3 * n), seed=trial)
        k = rng.randint(1, 5)
        lw = rng.choice([0.0, 0.5, 1.0])
        found = search_key_players(g, k, largest_weight=lw, seconds=None)
        greedy = greedy_key_players(g, k, largest_weight=lw)
        assert found.greedy_value == greedy[-1].objective, trial
        assert found.value >= found.greedy_value, trial
        assert found.steps[-1].objective == found.value, trial
        left = g.subgraph(set(g) - _set(found))
        assert found.steps[-1].fragmentation == pytest.approx(fragmentation(left))
        largest = max((len(c) for c in nx.connected_components(left)), default=0)
        initial = max(len(c) for c in nx.connected_components(g))
        expected = (1 - lw) * fragmentation(left) + lw * (1 - largest / initial)
        assert found.value == pytest.approx(expected), trial


def test_search_is_deterministic():
    g = nx.gnm_random_graph(60, 120, seed=4)
    runs = [search_key_players(g, 5, largest_weight=0.5, seconds=None) for _ in range(3)]
    assert len({tuple(s.removed for s in r.steps) for r in runs}) == 1
    assert len({(r.value, r.swaps, r.found_by, r.rounds) for r in runs}) == 1


def test_search_greedy_is_the_greedy_start():
    g = nx.path_graph(7)
    found = search_key_players(g, 2, search="greedy")
    assert found.steps == greedy_key_players(g, 2)  # the same steps, figures and all
    barbell = nx.barbell_graph(4, 1)  # nothing to improve: the bridge, then anyone
    assert search_key_players(barbell, 1).steps == greedy_key_players(barbell, 1)
    assert (found.search, found.beam_width, found.swaps, found.rounds) == ("greedy", 1, 0, 0)
    assert not found.stopped_by_budget
    with pytest.raises(ValueError, match="search must be"):
        search_key_players(g, 2, search="annealing")


class Ticks:
    """A clock that moves one second each time it is read."""

    def __init__(self) -> None:
        self.now = 0.0
        self.reads = 0

    def __call__(self) -> float:
        self.reads += 1
        self.now += 1.0
        return self.now


def test_time_budget_stops_the_search_after_the_greedy_start():
    # With no time left after the greedy start, the greedy set comes back, said so.
    clock = Ticks()
    found = search_key_players(nx.path_graph(7), 2, seconds=0.5, clock=clock)
    assert [s.removed for s in found.steps[1:]] == [3, 1]
    assert found.stopped_by_budget and found.swaps == 0 and found.budget == 0.5
    assert clock.reads <= 3  # start, the first check, the time spent: nothing after it ran out


def test_time_budget_counts_on_the_given_clock():
    # Each check reads the clock once (one second); every check comes before a unit of
    # work (a decomposition, a dF). A budget of b seconds allows at most b checks.
    g = nx.gnm_random_graph(80, 160, seed=2)
    free = search_key_players(g, 5, largest_weight=0.5, seconds=None)
    assert not free.stopped_by_budget
    for budget in (2, 4, 8):
        clock = Ticks()
        found = search_key_players(g, 5, largest_weight=0.5, seconds=budget, clock=clock)
        assert found.stopped_by_budget
        assert clock.reads <= budget + 2
        assert len(found.steps) == 6 and found.value >= found.greedy_value
    # An ample budget on the same clock gives the unbounded result.
    ample = search_key_players(g, 5, largest_weight=0.5, seconds=10_000, clock=Ticks())
    assert not ample.stopped_by_budget
    assert [s.removed for s in ample.steps] == [s.removed for s in free.steps]


def test_search_on_tiny_inputs():
    assert len(search_key_players(nx.empty_graph(0), 3).steps) == 1
    found = search_key_players(nx.path_graph(2), 5)
    assert [s.removed for s in found.steps] == [None, 0, 1]
    assert search_key_players(nx.star_graph(4), 0).steps[-1].removed is None
    found = search_key_players(nx.star_graph(4), 2, candidates=[3, "absent", 3, 1])
    assert _set(found) == {1, 3}
