"""The structural measures kept beside the whole database's arrays (`queries.key_persons.central_cache`):
exactly the numbers computed, and only for the same version of the graph and the same parameters."""

from __future__ import annotations

import stat

import igraph as ig

from queries.key_persons.central_cache import FILE, keep_centrality, kept_centrality
from queries.key_persons.centrality import centrality


def graph(n: int = 300, seed: int = 3) -> ig.Graph:
    g = ig.Graph.Erdos_Renyi(n=n, m=3 * n)
    g.vs["name"] = [f"P{i:05d}" for i in range(n)]
    return g


def test_the_kept_measures_are_the_computed_ones(tmp_path):
    path, g = tmp_path / FILE, graph()
    for exact in (None, False):  # exact below EXACT_MAX_PERSONS by default, and sampled
        computed = centrality(g, exact=exact, seed=7)
        keep_centrality(path, "v1", exact, 7, computed)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        kept = kept_centrality(path, "v1", exact, 7, computed.ids)
        assert kept == computed  # every float, degree, component and the method, equal
        assert all(type(a) is type(b) for a, b in zip(kept.degree + kept.pagerank, computed.degree + computed.pagerank))


def test_another_version_or_parameters_or_a_damaged_file_are_computed_afresh(tmp_path):
    path, g = tmp_path / FILE, graph()
    computed = centrality(g, seed=7)
    keep_centrality(path, "v1", None, 7, computed)
    assert kept_centrality(path, "v2", None, 7, computed.ids) is None  # a write made another version
    assert kept_centrality(path, "v1", None, 8, computed.ids) is None
    assert kept_centrality(path, "v1", True, 7, computed.ids) is None
    assert kept_centrality(path, "v1", None, 7, computed.ids[:-1]) is None
    path.write_bytes(b"not a numpy file")
    assert kept_centrality(path, "v1", None, 7, computed.ids) is None
    assert kept_centrality(tmp_path / "none.npz", "v1", None, 7, computed.ids) is None
