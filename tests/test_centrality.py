"""The betweenness engines against networkx, and the sampled estimate's determinism."""

import networkx as nx
import pytest

import queries.key_persons.centrality as centrality_module
from queries.key_persons.centrality import MIN_PIVOTS, betweenness, centrality, pivot_count, to_igraph

SMALL_GRAPHS = {
    "path": nx.path_graph(6),
    "star": nx.star_graph(5),
    "karate": nx.karate_club_graph(),
    "barbell": nx.barbell_graph(5, 2),
    "disconnected": nx.disjoint_union(nx.cycle_graph(5), nx.path_graph(4)),
    "random": nx.gnm_random_graph(80, 200, seed=3),
}


@pytest.mark.parametrize("engine", ["igraph", "rustworkx"])
@pytest.mark.parametrize("name", sorted(SMALL_GRAPHS))
def test_exact_engines_agree_with_networkx(engine, name):
    graph = SMALL_GRAPHS[name]
    expected = nx.betweenness_centrality(graph, normalized=True)
    scores, method = betweenness(to_igraph(graph), exact=True, engine=engine)
    assert method.method == "exact" and method.engine == engine
    assert scores == pytest.approx([expected[v] for v in graph], abs=1e-12)


def test_sampling_every_person_is_exact():
    graph = SMALL_GRAPHS["karate"]
    g = to_igraph(graph)
    exact, _ = betweenness(g, exact=True)
    sampled, method = betweenness(g, exact=False, pivots=g.vcount())
    assert method.method == "sampled" and method.pivots == g.vcount()
    assert sampled == pytest.approx(exact, abs=1e-12)


def test_sampling_is_deterministic_given_the_seed():
    g = to_igraph(nx.gnm_random_graph(600, 1500, seed=1))
    a, method = betweenness(g, exact=False, pivots=50, seed=11)
    b, _ = betweenness(g, exact=False, pivots=50, seed=11)
    c, _ = betweenness(g, exact=False, pivots=50, seed=12)
    assert a == b
    assert a != c
    assert method.seed == 11 and method.pivots == 50


def test_sampled_estimate_finds_the_same_top_brokers():
    # A scale-free graph of 1,000 persons: 100 pivots (a tenth of the exact work) keep
    # at least 8 of the exact top 10 for every seed we tried (0-7), most often 9.
    g = to_igraph(nx.barabasi_albert_graph(1000, 2, seed=0))
    exact, _ = betweenness(g, exact=True)
    sampled, _ = betweenness(g, exact=False, pivots=100)
    top = lambda scores: set(sorted(range(len(scores)), key=lambda i: -scores[i])[:10])  # noqa: E731
    assert len(top(exact) & top(sampled)) >= 8
    # The estimate is unbiased: totals agree closely.
    assert sum(sampled) == pytest.approx(sum(exact), rel=0.1)


def test_engine_is_chosen_by_size(monkeypatch):
    g = to_igraph(nx.gnm_random_graph(100, 300, seed=2))
    assert betweenness(g)[1].method == "exact"
    monkeypatch.setattr(centrality_module, "EXACT_MAX_PERSONS", 50)
    _, method = betweenness(g)
    assert method.method == "sampled"
    assert method.pivots == pivot_count(100, 300) == 100  # never more pivots than persons
    assert "sampled betweenness" in method.describe() and "pivots" in method.describe()


def test_pivot_count_follows_the_budget():
    assert pivot_count(1_000_000, 5_000_000) == max(MIN_PIVOTS, centrality_module.PIVOT_BUDGET // 5_000_000)
    assert pivot_count(10, 5_000_000) == 10


def test_unknown_engine_is_refused():
    with pytest.raises(ValueError, match="unknown betweenness engine 'graphx'"):
        betweenness(to_igraph(nx.path_graph(3)), exact=True, engine="graphx")


def test_degree_and_pagerank():
    graph = SMALL_GRAPHS["karate"]
    c = centrality(graph)
    assert c.ids == list(graph)
    assert c.degree == [d for _, d in graph.degree()]
    assert c.pagerank == pytest.approx(_power_iteration_pagerank(graph), abs=1e-6)
    assert sum(c.pagerank) == pytest.approx(1.0)


def test_tiny_graphs():
    for n in (0, 1, 2):
        c = centrality(nx.path_graph(n))
        assert c.betweenness == [0.0] * n
        assert len(c.pagerank) == n


def _power_iteration_pagerank(graph: nx.Graph, damping: float = 0.85) -> list[float]:
    # networkx's pagerank needs scipy, which the project does not install.
    nodes = list(graph)
    n = len(nodes)
    rank = dict.fromkeys(nodes, 1 / n)
    for _ in range(200):
        rank = {
            v: (1 - damping) / n + damping * sum(rank[u] / graph.degree(u) for u in graph[v])
            for v in nodes
        }
    return [rank[v] for v in nodes]
