"""Graph measures for analysts (issue 27, item 6; the review, row 7: no GDS over the service):
centralities, communities and shortest paths from the session, computed on what the session may
read. An analyst over the real service and an administrator in a direct session get the same
figures (victims under the same pseudonyms), and the service's own Cypher agrees on who is there."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.analyst_support import both_sessions
from tests.api_support import sample_once  # noqa: F401 (fixture)

pytestmark = pytest.mark.neo4j

KEY = "k3y-for-measure-tests-Vb7Hq2Ls9Pw4Xn"
CASE = "NO-GLANS"
#: The sample's victims, by their real ids: never in an analyst's answer.
REAL_VICTIMS = {"P010", "P011", "P012", "P013", "P014"}


@pytest.fixture(scope="module")
def sessions(sample_once, neo4j_uri, tmp_path_factory) -> Iterator[tuple]:  # noqa: ANN001, F811
    with both_sessions(sample_once, neo4j_uri, tmp_path_factory.mktemp("svc"), "ana-measures",
                       ["NO-GLANS", "NO-NORDLYS"], KEY) as pair:
        yield pair


def test_centrality_is_the_same_for_an_analyst_and_an_administrator(sessions) -> None:  # noqa: ANN001
    service, direct = sessions
    theirs, ours = service.centrality(CASE), direct.centrality(CASE)
    assert theirs["person_id"].tolist() == ours["person_id"].tolist()
    assert theirs["degree"].tolist() == ours["degree"].tolist()
    assert theirs["component"].tolist() == ours["component"].tolist()
    assert theirs["betweenness"].tolist() == pytest.approx(ours["betweenness"].tolist())
    assert theirs["pagerank"].tolist() == pytest.approx(ours["pagerank"].tolist())
    # Everyone of the case the service's Cypher shows, no one else; victims by pseudonym only.
    cased = service.cypher("MATCH (p:Person)-[:ROLE_IN]->(:Case {case_id: $c}) RETURN DISTINCT p.person_id AS id",
                           {"c": CASE})["id"]
    assert set(theirs["person_id"]) == set(cased)
    victims = theirs[theirs["victim"]]
    assert len(victims) and all(v.startswith("V-") for v in victims["person_id"])
    assert not REAL_VICTIMS & set(theirs["person_id"])
    assert theirs["betweenness"].iloc[0] > 0 and theirs["betweenness"].is_monotonic_decreasing


def test_communities_are_the_same_partition_in_both_sessions(sessions) -> None:  # noqa: ANN001
    service, direct = sessions
    theirs, ours = service.communities(CASE), direct.communities(CASE)
    assert theirs[["person_id", "community", "size"]].equals(ours[["person_id", "community", "size"]])
    assert theirs["person_id"].is_unique and theirs["community"].min() == 0
    sizes = theirs.groupby("community")["person_id"].count()
    assert (sizes == theirs.groupby("community")["size"].first()).all()


def test_paths_reach_a_victim_by_pseudonym(sessions) -> None:  # noqa: ANN001
    service, direct = sessions
    victim = service.cypher("MATCH (p:Person)-[:ROLE_IN {role: 'victim'}]->(:Case {case_id: $c}) "
                            "RETURN p.person_id AS id ORDER BY id LIMIT 1", {"c": CASE})["id"].iloc[0]
    assert victim.startswith("V-")
    theirs, ours = service.paths("P002", victim, CASE), direct.paths("P002", victim, CASE)
    assert len(theirs) and theirs.to_dict("records") == ours.to_dict("records")
    g = service.graph(CASE)
    for row in theirs.itertuples():
        assert row.ids[0] == "P002" and row.ids[-1] == victim and row.hops == len(row.ids) - 1 == len(row.types)
        for a, b, kinds in zip(row.ids, row.ids[1:], row.types):
            assert set(kinds.split("|")) == {d["type"] for d in g.get_edge_data(a, b).values()}
    with pytest.raises(KeyError, match="pseudonym"):
        service.paths("P002", "P011", CASE)  # a victim's real id is no one here


def test_the_graph_holds_the_case_as_the_service_serves_it(sessions) -> None:  # noqa: ANN001
    service, direct = sessions
    g, h = service.graph(CASE), direct.graph(CASE)
    assert sorted(g.nodes) == sorted(h.nodes) and g.number_of_edges() == h.number_of_edges()
    assert not REAL_VICTIMS & set(g.nodes)
    assert {g.nodes[n]["kind"] for n in g.nodes} == {"person", "business"}
