"""The exact key-player search against brute force: on small generated graphs, every k-set tried."""

from __future__ import annotations

import itertools
import random

import networkx as nx
import pytest

from queries.key_persons.exact import exact_key_players


def largest_left(graph: nx.Graph, removed) -> int:
    rest = graph.subgraph(set(graph) - set(removed))
    return max((len(c) for c in nx.connected_components(rest)), default=0)


def brute_force(graph: nx.Graph, k: int, candidates: list) -> int:
    k = min(k, len(candidates))
    return min(largest_left(graph, c) for c in itertools.combinations(candidates, k))


def generated(seed: int) -> nx.Graph:
    rnd = random.Random(seed)
    n = rnd.randint(1, 16)
    kind = seed % 4
    if kind == 0:
        return nx.gnm_random_graph(n, rnd.randint(0, 2 * n), seed=seed)
    if kind == 1:
        return nx.random_labeled_tree(n, seed=seed)
    if kind == 2:
        return nx.barabasi_albert_graph(max(n, 3), 1 + seed % 2, seed=seed)
    # Dense clusters joined by a few brokers, as criminal networks often are.
    return nx.connected_caveman_graph(2 + seed % 3, 3 + seed % 3)


@pytest.mark.parametrize("seed", range(240))
def test_agrees_with_brute_force(seed: int) -> None:
    graph = nx.relabel_nodes(generated(seed), {v: f"P{v}" for v in generated(seed)})
    rnd = random.Random(seed)
    k = rnd.randint(1, 4)
    nodes = sorted(graph)
    candidates = nodes if seed % 3 else rnd.sample(nodes, max(1, len(nodes) // 2))
    found = exact_key_players(graph, k, candidates=candidates, seconds=None)
    assert found.optimal and found.status == "optimal"
    assert found.largest == brute_force(graph, k, candidates) == found.bound
    assert largest_left(graph, found.person_ids) == found.largest  # the set does what it says
    assert set(found.person_ids) <= set(candidates) and len(found.person_ids) == min(k, len(candidates))
    assert found.largest_at_first == largest_left(graph, [])


def test_a_start_set_is_improved_on() -> None:
    graph = nx.connected_caveman_graph(4, 5)
    worst = [v for v in graph if graph.degree(v) == min(d for _, d in graph.degree)][:2]
    found = exact_key_players(graph, 2, start=worst, seconds=None)
    assert found.optimal and found.largest == brute_force(graph, 2, list(graph)) < largest_left(graph, worst)


def test_the_budget_stops_it_with_a_bound() -> None:
    """A clock that has run out at once: the start set is returned as best found, with a bound
    no greater than it, and the words say so."""
    graph = nx.barabasi_albert_graph(60, 2, seed=3)
    ticks = iter(range(1000))
    found = exact_key_players(graph, 4, seconds=0.5, clock=lambda: next(ticks))
    assert not found.optimal and found.status == "best found"
    assert 1 <= found.bound <= found.largest == largest_left(graph, found.person_ids)
    assert found.describe().startswith("best found") and "at least" in found.describe()
    proven = exact_key_players(graph, 4, seconds=None)
    assert found.bound <= proven.largest <= found.largest
    assert proven.describe().startswith("optimal")


def test_igraph_input_and_edge_cases() -> None:
    import igraph as ig

    g = ig.Graph.Famous("Zachary")
    g.vs["name"] = [f"P{i}" for i in range(g.vcount())]
    as_nx = nx.Graph([(g.vs[e.source]["name"], g.vs[e.target]["name"]) for e in g.es])
    assert exact_key_players(g, 2, seconds=None).largest == exact_key_players(as_nx, 2, seconds=None).largest
    empty = exact_key_players(nx.Graph(), 3, seconds=None)
    assert empty.optimal and empty.person_ids == [] and empty.largest == 0
    with pytest.raises(ValueError):
        exact_key_players(as_nx, -1)


def _case_network(graph: nx.Graph):
    from queries.network.model import CaseNetwork, Link, Person

    return CaseNetwork(persons={str(v): Person(str(v)) for v in graph},
                       links=[Link(str(u), "COMMUNICATED_WITH", str(v)) for u, v in graph.edges()])


def test_key_player_set_offers_the_largest_part_objective_and_the_proof() -> None:
    """Beside the blended objective: the largest part alone, and with --exact the proven optimum."""
    from queries.key_persons.rank import key_player_set

    graph = nx.relabel_nodes(nx.connected_caveman_graph(5, 4), str)
    network = _case_network(graph)
    optimum = brute_force(graph, 3, list(graph))
    blended = key_player_set(network, 3)
    largest = key_player_set(network, 3, objective="largest", exact_seconds=30)
    assert blended.exact is None and "fragmentation F" in blended.objective
    assert "largest part" in largest.objective and "fragmentation F" not in largest.objective
    assert largest.exact["status"] == "optimal" and largest.exact["largest"] == optimum
    assert largest.steps[-1].largest_component == optimum == largest_left(graph, largest.person_ids)
    assert largest.to_dict()["exact"]["words"].startswith("optimal")
    with pytest.raises(ValueError, match="objective 'largest'"):
        key_player_set(network, 3, exact_seconds=5)
    with pytest.raises(ValueError, match="objective is one of"):
        key_player_set(network, 3, objective="fastest")
