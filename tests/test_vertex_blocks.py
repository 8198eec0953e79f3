"""`vertex_blocks` (numpy) gives what igraph's `biconnected_components` and `Cuts`' loops gave,
and so the same reasons, word for word, in both key-persons paths; and `ComponentCuts`
(the cuts of each part, `key-persons --all`) the same reasons as `Cuts` of the whole graph.

The oracle, `old_blocks`, is the code `Cuts` ran before (igraph's vertex sets, then a pass
over every block's vertices); the reasons are computed twice on the same networks, once
with `Cuts` built from it."""

from __future__ import annotations

import dataclasses
import json
import random

import igraph as ig
import pytest

from bench.bench_key_persons_pure import synthetic_network
from bench.bench_key_persons_reasons import multi_case
from queries.key_persons import fragmentation
from queries.key_persons.blocks import VertexBlocks, vertex_blocks
from queries.key_persons.cuts import ComponentCuts
from queries.key_persons.rank import rank_key_persons
from queries.key_persons.reasons import Explainer
from queries.key_persons.scores import analyse
from queries.network.model import CaseNetwork

def old_blocks(g: ig.Graph) -> VertexBlocks:
    blocks, articulation = g.biconnected_components(return_articulation_points=True)
    members = list(blocks)
    cut = set(articulation)
    block_of = [-1] * g.vcount()
    for b, block in enumerate(members):
        for u in block:
            if u not in cut:
                block_of[u] = b
    return VertexBlocks(members, list(articulation), [[v for v in block if v in cut] for block in members], block_of)


def graphs() -> list[ig.Graph]:
    out = [ig.Graph(), ig.Graph(5), ig.Graph([(0, 1)]), ig.Graph.Famous("Zachary"), ig.Graph.Star(7)]
    for seed in range(6):
        random.seed(seed)
        out.append(ig.Graph.Erdos_Renyi(n=200, m=220 + 40 * seed))  # many parts, isolated vertices
        out.append(ig.Graph.Barabasi(300, 1 + seed % 3))
        tree = ig.Graph.Tree_Game(150)
        tree.add_edges([(random.randrange(150), random.randrange(150)) for _ in range(seed * 5)])
        out.append(tree.simplify())
        out.append(ig.Graph.disjoint_union(ig.Graph.Ring(9), [ig.Graph.Full(4), ig.Graph(3), tree]))
    return out


@pytest.mark.parametrize("g", graphs(), ids=lambda g: f"{g.vcount()}v{g.ecount()}e")
def test_the_same_blocks_as_igraphs_vertex_sets(g):
    assert vertex_blocks(g) == old_blocks(g)
    new = vertex_blocks(g)
    assert all(type(v) is int for block in new.members for v in block) and all(type(b) is int for b in new.block_of)


NETWORKS = [
    *(("multi", seed, lambda seed=seed: multi_case(seed, cases=2 + seed, size=40 + 10 * seed, extra=seed * 4))
      for seed in range(5)),
    *(("synthetic", seed, lambda seed=seed: synthetic_network(400 + 300 * seed, seed)) for seed in range(3)),
]


def both_paths(net: CaseNetwork) -> str:
    """Every ranked person's and every victim-offender's reasons, as the full path gives them and
    as `key-persons --all` does (the cuts of each part asked about: `ComponentCuts`)."""
    full = rank_key_persons(net, top=None, exact=True).to_dict()
    a = analyse(net, True, 1)
    explain = Explainer(dataclasses.replace(a, cuts=ComponentCuts(a.g, a.central.components)))
    parts = [explain.person(pid, rank).to_dict() for rank, pid in enumerate(a.ranked, start=1)]
    parts += [explain.person(pid, None).to_dict() for pid in a.offenders]
    assert parts == full["ranking"] + full["victim_offenders"]  # ComponentCuts answers as Cuts of the whole graph
    return json.dumps([full, parts], sort_keys=True)


@pytest.mark.parametrize(("shape", "seed", "build"), NETWORKS, ids=[f"{s}-{n}" for s, n, _ in NETWORKS])
def test_the_same_reasons_as_with_igraphs_vertex_sets(shape, seed, build, monkeypatch):
    net = build()
    new = both_paths(net)
    monkeypatch.setattr(fragmentation, "vertex_blocks", old_blocks)
    old = both_paths(net)
    assert new == old
    assert "only link between" in new or "removing them cuts" in new  # articulation reasons were compared
