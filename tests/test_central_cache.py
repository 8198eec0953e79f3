"""The structural measures and role components kept beside the whole database's arrays (`queries.key_persons.central_cache`):
exactly the numbers computed, and only for the same version of the graph and the same parameters."""

from __future__ import annotations

import stat

import igraph as ig

import numpy as np

from queries.key_persons.central_cache import FILE, ROLE_ARRAYS, keep_structure, kept_structure
from queries.key_persons.centrality import centrality
from queries.key_persons.whole_roles import Roles


def graph(n: int = 300, seed: int = 3) -> ig.Graph:
    g = ig.Graph.Erdos_Renyi(n=n, m=3 * n)
    g.vs["name"] = [f"P{i:05d}" for i in range(n)]
    return g


def roles(n: int = 300, seed: int = 3) -> Roles:
    rng = np.random.default_rng(seed)
    return Roles(victims=rng.integers(0, 5, n) + 0.5 * rng.integers(0, 3, n), businesses=rng.integers(0, 4, n) * 1.0,
                 money=rng.random(n) * 1e5, evidence=rng.integers(0, 9, n) * 1.0, exploiter=rng.random(n) < 0.2)


def test_the_kept_measures_are_the_computed_ones(tmp_path):
    path, g = tmp_path / FILE, graph()
    for exact in (None, False):  # exact below EXACT_MAX_PERSONS by default, and sampled
        computed, computed_roles = centrality(g, exact=exact, seed=7), roles()
        keep_structure(path, "v1", exact, 7, computed, computed_roles)
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        kept, kept_roles = kept_structure(path, "v1", exact, 7, computed.ids)
        assert kept == computed  # every float, degree, component and the method, equal
        assert all(type(a) is type(b) for a, b in zip(kept.degree + kept.pagerank, computed.degree + computed.pagerank))
        for name in ROLE_ARRAYS:  # every role component, bit for bit, and its type
            a, b = getattr(kept_roles, name), getattr(computed_roles, name)
            assert a.dtype == b.dtype and a.tobytes() == b.tobytes(), name


def test_another_version_or_parameters_or_a_damaged_file_are_computed_afresh(tmp_path):
    path, g = tmp_path / FILE, graph()
    computed = centrality(g, seed=7)
    keep_structure(path, "v1", None, 7, computed, roles())
    assert kept_structure(path, "v2", None, 7, computed.ids) is None  # a write made another version
    assert kept_structure(path, "v1", None, 8, computed.ids) is None
    assert kept_structure(path, "v1", True, 7, computed.ids) is None
    assert kept_structure(path, "v1", None, 7, computed.ids[:-1]) is None
    path.write_bytes(b"not a numpy file")
    assert kept_structure(path, "v1", None, 7, computed.ids) is None
    assert kept_structure(tmp_path / "none.npz", "v1", None, 7, computed.ids) is None
    keep_structure(path, "v1", None, 7, computed, roles(n=299))  # roles of another graph
    assert kept_structure(path, "v1", None, 7, computed.ids) is None
