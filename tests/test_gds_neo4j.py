"""The GDS path of key persons against the Python path, on the sample (a generated 10,000-person case:
tests/test_key_persons_all_neo4j.py, on the graph it loads for its own 10,000-person tests).

Same person graph, same measures: degree and components exactly, PageRank to GDS's
convergence tolerance, exact betweenness to rounding; sampled betweenness (other
pivots) agreeing on the leading brokers, as tests/test_centrality.py asks of the
estimate against the exact figures.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ingest.writer import load_bundle
from queries.key_persons.centrality import Centrality, centrality
from queries.key_persons.gds.centrality import gds_centrality, gds_version
from queries.key_persons.rank import rank_key_persons
from queries.network.person_graph import person_ties
from queries.network.projection import Projector
from tests.conftest import wipe
from tests.paths import SAMPLE


def python_centrality(network, exact=None) -> Centrality:
    return centrality(person_ties(network).to_igraph(), exact=exact)


def assert_same_exact_measures(gds: Centrality, py: Centrality) -> None:
    assert gds.ids == py.ids
    assert gds.degree == py.degree
    assert gds.components == py.components
    assert gds.pagerank == pytest.approx(py.pagerank, rel=1e-6, abs=1e-12)
    assert (gds.method.persons, gds.method.edges) == (py.method.persons, py.method.edges)


def top(scores: list[float], k: int = 10) -> set[int]:
    return set(sorted(range(len(scores)), key=lambda i: -scores[i])[:k])


def test_the_local_runtime_has_gds(session_driver):
    assert gds_version(session_driver).startswith("2.13.")


def test_gds_equals_python_on_the_sample(sample_read_only):
    network = Projector(sample_read_only).everything()
    py = python_centrality(network)
    gds = gds_centrality(sample_read_only)
    assert_same_exact_measures(gds, py)
    assert gds.method.method == py.method.method == "exact" and gds.method.engine == "gds"
    assert gds.betweenness == pytest.approx(py.betweenness, abs=1e-12)
    assert max(gds.betweenness) > 0 and len(set(gds.components)) >= 1
    # Hence the same ranking, word for word, whichever path measured the structure.
    by_gds = rank_key_persons(network, central=gds).to_dict()
    by_python = rank_key_persons(network).to_dict()
    by_gds.pop("method"), by_python.pop("method")
    assert by_gds == by_python


def test_cli_says_which_path_ran(sample_read_only, cli):
    code, out, err = cli("key-persons", "--all", "--engine", "gds", "--format", "json", "--set", "2")
    assert code == 0, err
    assert "measured in the database by Neo4j GDS" in err + out
    code, out_py, err_py = cli("key-persons", "--all", "--engine", "python", "--format", "json", "--set", "2")
    assert code == 0, err_py
    assert "GDS" not in err_py + out_py
    by_gds, by_python = json.loads(out), json.loads(out_py)
    assert by_gds["ranking"] == by_python["ranking"]
    assert by_gds["key_player_set"]["person_ids"] == by_python["key_player_set"]["person_ids"]
    code, _, err = cli("key-persons", "--all", "--engine", "spark")
    assert code != 0 and "--engine is one of auto, gds, python" in err


def test_gds_on_an_empty_graph(driver):
    assert gds_centrality(driver).ids == []  # nothing to project


def test_sampled_pivots_are_the_same_whatever_order_the_persons_were_loaded_in(driver, tmp_path: Path, monkeypatch):
    # GDS draws its pivots over its own node numbers, given in the order persons reach the projection.
    # Taken in the store's order (the order of loading, and of the ids freed before), the same data
    # loaded again could measure, and rank, otherwise (seen: 7 of the exact top 10 instead of 9).
    import queries.key_persons.gds.centrality as gds_path

    monkeypatch.setattr(gds_path, "pivot_count", lambda persons, ties: 4)  # a sample, even of 19 persons
    backwards = Path(shutil.copytree(SAMPLE, tmp_path / "backwards"))
    header, *rows = (backwards / "persons.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (backwards / "persons.csv").write_text(header + "".join(reversed(rows)), encoding="utf-8")
    measured = []
    for bundle in (SAMPLE, backwards):
        wipe(driver)
        load_bundle(driver, bundle)
        measured.append(gds_centrality(driver, exact=False))
    first, again = measured
    assert first.method.pivots == again.method.pivots == 4 < len(first.ids)
    assert first.ids == again.ids
    assert first.betweenness == pytest.approx(again.betweenness, rel=1e-12, abs=1e-15)
