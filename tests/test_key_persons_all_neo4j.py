"""Key persons of the whole database without the whole projection (`queries.key_persons.rank_all`)
against the full path, `rank_key_persons(Projector(driver).everything())`, on the sample and a
generated 10,000-person database, for both engines: the same persons in the same order, with
the same scores, components and reasons, word for word.

With the gds engine both paths take GDS's measures (the full path is given them): GDS's
sampled betweenness is its own estimate, compared with igraph's below on the 10,000 persons
(tests/test_gds_neo4j.py compares the engines on the sample): one load of them for both.
"""

from __future__ import annotations


import pytest

from ingest.generate import generate_bundle
from ingest.writer import load_bundle
from queries.key_persons.gds.centrality import gds_centrality
from queries.key_persons.gds.pairs import gds_centrality_of_ties
from queries.key_persons.rank import rank_key_persons
from queries.key_persons.rank_all import rank_whole_database
from queries.network.person_graph import person_ties
from queries.network.projection import Projector
from queries.network.whole_graph import LINK_TYPES, read_whole_graph
from queries.network.whole_ties import array_ties
from tests.bundle_graph import sample_bundle


def gds_of_ties(driver):
    ties = array_ties(read_whole_graph(driver))
    return gds_centrality_of_ties(driver, ties.ids, ties.keys)


def full_path(driver, engine: str, top: int | None) -> dict:
    # GDS's measures of the same ties, projected the same way: the same numbers (the sampled
    # betweenness of a projection from the database's nodes draws other pivots: below).
    central = gds_of_ties(driver) if engine == "gds" else None
    return rank_key_persons(Projector(driver).everything(), top=top, central=central).to_dict()


def assert_same(driver, engine: str, top: int | None) -> dict:
    said: list[str] = []
    new = rank_whole_database(driver, engine=engine, top=top, progress=said.append).to_dict()
    old = full_path(driver, engine, top)
    assert [p["person_id"] for p in new["ranking"]] == [p["person_id"] for p in old["ranking"]]
    assert [p["person_id"] for p in new["victim_offenders"]] == [p["person_id"] for p in old["victim_offenders"]]
    for a, b in zip(new["ranking"] + new["victim_offenders"], old["ranking"] + old["victim_offenders"]):
        assert a == b, a["person_id"]
    assert new == old
    assert any(line.startswith("reading links: nodes") for line in said)
    return new


@pytest.mark.parametrize("engine", ["python", "gds"])
def test_the_same_ranking_as_the_full_path_on_the_sample(sample_read_only, engine):
    result = assert_same(sample_read_only, engine, None)
    assert result["ranking"] and result["victim_offenders"]  # the sample has both
    assert any(r["component"] == "victims" for p in result["ranking"] for r in p["reasons"])
    assert any("only link between" in r["text"] for p in result["ranking"] for r in p["reasons"])


def test_the_link_types_read_are_those_the_loader_writes():
    from ingest.models import LINK_TYPES as LOADED

    assert sorted(LINK_TYPES) == sorted(LOADED)


def test_the_same_ties_as_the_full_path_on_the_sample(sample_read_only):
    network = Projector(sample_read_only).everything()
    ties = array_ties(read_whole_graph(sample_read_only))
    full = person_ties(network)
    assert ties.ids == full.ids and ties.victim == full.victim
    assert ties.keys.tolist() == full.keys.tolist()
    assert ties.oversized == full.oversized


def test_cli_all_runs_the_array_path_and_says_so(sample_read_only, cli, tmp_path, monkeypatch):
    import json

    from graph.settings import get_settings

    for engine in ("python", "gds"):
        # A home of its own each time: a second run on the same graph would use the arrays kept by
        # the first (tests/test_whole_cache_neo4j.py), and none is written into the user's.
        monkeypatch.setenv("THBGRAPH_HOME", str(tmp_path / engine))
        get_settings.cache_clear()
        code, out, err = cli("key-persons", "--all", "--engine", engine, "--format", "json", "--top", "5")
        assert code == 0, err
        assert "Key persons of the whole database as arrays, only the persons shown projected" in err
        assert f"structure by engine {engine}" in err
        assert "reading links: nodes" in err
        old = rank_key_persons(Projector(sample_read_only).everything(), top=5,
                               central=gds_of_ties(sample_read_only) if engine == "gds" else None)
        assert json.loads(out) == json.loads(json.dumps([p.to_dict() for p in old.ranking + old.victim_offenders]))
        assert {p["person_id"] for p in json.loads(out)} <= set(sample_bundle().persons)  # the sample's
    # A key-player set needs the whole network: --set projects it, and says so.
    code, out, err = cli("key-persons", "--all", "--set", "2", "--format", "json")
    assert code == 0, err
    assert "Key persons of the whole network projected" in err


def test_an_empty_database(driver):
    for engine in ("python", "gds"):
        result = rank_whole_database(driver, engine=engine)
        assert (result.ranking, result.victim_offenders, result.persons, result.ties) == ([], [], 0, 0)


# The tests above run on the sample (`sample_read_only`) or wipe it (`driver`); the ones below on
# `generated`, which wipes the database and keeps its 10,000 persons until the module ends. A test
# that asks for the sample must come before them, or it reads the generated persons instead.


@pytest.fixture(scope="module")
def generated(session_driver, tmp_path_factory):
    from tests.conftest import wipe

    wipe(session_driver)
    bundle = tmp_path_factory.mktemp("generated") / "bundle"
    generate_bundle(bundle, persons=10_000, seed=3)
    load_bundle(session_driver, bundle)
    yield session_driver
    wipe(session_driver)


@pytest.mark.parametrize("engine", ["python", "gds"])
def test_the_same_ranking_as_the_full_path_on_10000_generated_persons(generated, engine):
    # Top 25 with reasons: the victims who exploit others (hundreds here) are shown too, so
    # the partial projection of the persons shown is exercised well beyond the top.
    result = assert_same(generated, engine, 25)
    assert len(result["victim_offenders"]) > 100
    # And the whole order, scores and components of everyone ranked.
    new = rank_whole_database(generated, engine=engine, top=None)
    old = rank_key_persons(Projector(generated).everything(), central=gds_of_ties(generated) if engine == "gds" else None)
    assert [(p.person_id, p.score, p.components, p.raw) for p in new.ranking] == \
        [(p.person_id, p.score, p.components, p.raw) for p in old.ranking]
    assert (new.persons, new.ties, new.excluded_victims, new.notes) == (old.persons, old.ties, old.excluded_victims, old.notes)


def test_gds_of_the_ties_equals_gds_of_the_nodes_on_10000_generated_persons(generated):
    # The projection from the numbered ties measures what the projection from the database's
    # nodes does (tests/test_gds_neo4j.py compares that one with igraph): degree and components
    # exactly, PageRank to GDS's tolerance, exact betweenness to rounding; sampled betweenness
    # (pivots drawn by degree over another node order) keeping the exact top 10 as well.
    from tests.test_gds_neo4j import assert_same_exact_measures, top

    ties = array_ties(read_whole_graph(generated))
    by_ties, by_nodes = gds_centrality_of_ties(generated, ties.ids, ties.keys), gds_centrality(generated)
    assert_same_exact_measures(by_ties, by_nodes)
    assert by_ties.method == by_nodes.method
    exact = gds_centrality_of_ties(generated, ties.ids, ties.keys, exact=True)
    assert exact.betweenness == pytest.approx(gds_centrality(generated, exact=True).betweenness, rel=1e-9, abs=1e-15)
    assert len(top(by_ties.betweenness) & top(exact.betweenness)) >= 8


def test_gds_equals_python_on_10000_generated_persons(generated):
    # tests/test_gds_neo4j.py's comparison of the two engines at a size where betweenness is sampled.
    from tests.test_gds_neo4j import assert_same_exact_measures, python_centrality, top

    network = Projector(generated).everything()
    py = python_centrality(network)
    gds = gds_centrality(generated)
    assert_same_exact_measures(gds, py)
    assert gds.method.method == py.method.method == "sampled"
    assert gds.method.pivots == py.method.pivots
    # Exact betweenness in both engines: equal to rounding.
    exact_gds = gds_centrality(generated, exact=True)
    exact_py = python_centrality(network, exact=True)
    assert exact_gds.betweenness == pytest.approx(exact_py.betweenness, rel=1e-9, abs=1e-15)
    # Each estimate (GDS draws its pivots by degree, Python uniformly) keeps the exact
    # top 10 as tests/test_centrality.py asks: 9 of 10 each when this was written.
    assert len(top(gds.betweenness) & top(exact_py.betweenness)) >= 8
    assert len(top(py.betweenness) & top(exact_py.betweenness)) >= 8
    # And the ranking built on either keeps the same leading persons.
    ranked_gds = [p.person_id for p in rank_key_persons(network, top=10, central=gds).ranking]
    ranked_py = [p.person_id for p in rank_key_persons(network, top=10).ranking]
    assert len(set(ranked_gds) & set(ranked_py)) >= 9


def test_the_ties_of_10000_generated_persons(generated):
    network = Projector(generated).everything()
    ties = array_ties(read_whole_graph(generated))
    full = person_ties(network)
    assert ties.keys.tolist() == full.keys.tolist()
    assert ties.oversized == full.oversized


def test_a_node_read_later_than_the_persons_stops_the_reading():
    # The arrays come in several transactions: a node written in between has no number, and
    # must stop the reading rather than take another party's number.
    import numpy as np

    from queries.network.whole_graph import DatabaseChanged, _NodeNumbers

    numbers = _NodeNumbers(np.array([5, 9, 2]))
    assert numbers([9, 2, 5]).tolist() == [1, 2, 0]
    for late in ([7], [10], [1]):
        with pytest.raises(DatabaseChanged):
            numbers(late)
    with pytest.raises(DatabaseChanged):
        _NodeNumbers(np.zeros(0, dtype=np.int64))([3])
    assert _NodeNumbers(np.zeros(0, dtype=np.int64))([]).tolist() == []
