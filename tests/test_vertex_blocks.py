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
from datetime import date

import igraph as ig
import pytest

from bench.bench_key_persons_pure import synthetic_network
from queries.key_persons import fragmentation
from queries.key_persons.blocks import VertexBlocks, vertex_blocks
from queries.key_persons.cuts import ComponentCuts
from queries.key_persons.rank import rank_key_persons
from queries.key_persons.reasons import Explainer
from queries.key_persons.scores import analyse
from queries.network.model import CaseNetwork, Link, Person, Role

KINDS = ["CONTROLS", "RECRUITED", "TRANSPORTED", "HOUSED", "EXPLOITS", "COMMUNICATED_WITH", "ASSOCIATE_OF"]


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


def multi_case(seed: int, cases: int, size: int, extra: int) -> CaseNetwork:
    """Cases of tree-like ties (many articulation points), a few extra ties inside each, and
    persons tied across cases; about 40% victims, some of whom recruit or exploit others."""
    rng = random.Random(seed)
    net = CaseNetwork(case_ids=[f"K{c}" for c in range(cases)], jurisdiction="NO")
    everyone: list[str] = []
    for c in range(cases):
        case, ids = f"K{c}", []
        for i in range(size):
            pid = f"{case}-{i:03d}"
            victim = rng.random() < 0.4
            identified = date(2024, 1, 1) if victim and rng.random() < 0.5 else None
            net.persons[pid] = Person(pid, name=f"N{seed}{c}{i}", roles=[Role(case, "victim" if victim else "suspect", identified)])
            if ids:
                net.links.append(Link(rng.choice(ids), rng.choice(KINDS), pid, case_id=case))
            ids.append(pid)
        for _ in range(extra):
            net.links.append(Link(rng.choice(ids), rng.choice(KINDS), rng.choice(ids), case_id=case,
                                  amount=float(rng.randrange(100, 5000)) if rng.random() < 0.3 else None))
        everyone += ids
    for _ in range(cases * 2):
        net.links.append(Link(rng.choice(everyone), "COMMUNICATED_WITH", rng.choice(everyone)))
    return net


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
