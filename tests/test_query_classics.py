"""The investigative classics of the query library, run on the sample in a real Neo4j and
checked against answers computed from the bundle's CSV files (tests/bundle_graph.py)."""

from __future__ import annotations

import math
from collections import defaultdict
from itertools import combinations, pairwise

import networkx as nx
import pytest

from graph.cypher import query
from tests.bundle_graph import sample_bundle

pytestmark = pytest.mark.neo4j

CONTROL = {"OWNS", "DIRECTS", "MANAGES"}
WORK = {"WORKS_AT", "EMPLOYS"}


@pytest.fixture(scope="module")
def loaded(sample_read_only):
    return sample_read_only


def run(driver, name: str, **params) -> list[dict]:
    records, _, _ = driver.execute_query(query("queries.library", name), params, routing_="r")
    return [dict(r) for r in records]


@pytest.mark.parametrize("a, b", [("P003", "P020"), ("P001", "P021"), ("P010", "P025"), ("P005", "P026"),
                                  ("P012", "P013")])
def test_shortest_paths_are_all_the_shortest_ones(loaded, a, b):
    g = sample_bundle().graph()
    expected = {tuple(p) for p in nx.all_shortest_paths(g, a, b)}
    # Parallel links (two payments, calls both ways) make distinct paths over the same nodes.
    multiplicity = sum(math.prod(g.number_of_edges(u, v) for u, v in pairwise(p)) for p in expected)
    hops = nx.shortest_path_length(g, a, b)
    rows = run(loaded, "shortest_paths", from_id=a, to_id=b, max_hops=10)
    assert {tuple(r["ids"]) for r in rows} == expected
    assert len(rows) == multiplicity
    assert {r["hops"] for r in rows} == {hops}
    assert all(len(r["path"].relationships) == hops for r in rows)
    assert run(loaded, "shortest_paths", from_id=a, to_id=b, max_hops=hops - 1) == []


@pytest.mark.parametrize("hops", [1, 2, 3])
def test_persons_within_hops(loaded, hops):
    bundle = sample_bundle()
    reach = nx.single_source_shortest_path_length(bundle.graph(), "P004", cutoff=hops)
    expected = {(p, d) for p, d in reach.items() if p in bundle.persons and p != "P004"}
    rows = run(loaded, "persons_within", person_id="P004", max_hops=hops)
    assert {(r["person_id"], r["hops"]) for r in rows} == expected
    victims = bundle.victims()
    for r in rows:
        assert (r["name"] is None) == (r["person_id"] in victims)
        if r["name"] is not None:
            assert r["name"] == bundle.persons[r["person_id"]]["name"]
        assert {x["case_id"] for x in r["roles"]} == bundle.cases_of(r["person_id"])


def _sharing(case_id: str | None) -> set[tuple[str, str, str]]:
    bundle = sample_bundle()
    near: dict[str, set[str]] = defaultdict(set)
    for link in bundle.links:
        for x, y in ((link["source_id"], link["target_id"]), (link["target_id"], link["source_id"])):
            if x in bundle.businesses and y in bundle.persons:
                near[x].add(y)
    for key, owners in bundle.holders.items():
        near[key] = {o for o in owners if o in bundle.persons}
    return {(a, b, shared) for shared, persons in near.items() for a, b in combinations(sorted(persons), 2)
            if case_id is None or (case_id in bundle.cases_of(a) and case_id in bundle.cases_of(b))}


@pytest.mark.parametrize("case_id", [None, "NO-GLANS", "NO-NORDLYS"])
def test_persons_sharing_a_business_or_identifier(loaded, case_id):
    rows = run(loaded, "persons_sharing", case_id=case_id)
    assert {(r["person_a"], r["person_b"], r["shared_id"]) for r in rows} == _sharing(case_id)
    flat = {(r["person_a"], r["person_b"]) for r in rows if r["shared_kind"] == "address"}
    if case_id != "NO-NORDLYS":  # the five Glans workers sleep at one address
        assert flat >= set(combinations(["P010", "P011", "P012", "P013", "P014"], 2))


def test_how_a_person_is_tied_to_a_shared_business(loaded):
    rows = run(loaded, "persons_sharing", case_id="NO-GLANS")
    row = next(r for r in rows if (r["person_a"], r["person_b"], r["shared_id"]) == ("P001", "P002", "B001"))
    assert (row["how_a"], row["how_b"], row["shared_kind"]) == (["DIRECTS", "OWNS"], ["MANAGES", "PAID"], "business")


@pytest.mark.parametrize("person", ["P004", "P020", "P002", "P010"])
def test_money_flows_around_a_person(loaded, person):
    paid = [l for l in sample_bundle().links if l["type"] == "PAID"]
    first = [l for l in paid if person in (l["source_id"], l["target_id"])]
    partners = {l["source_id"] for l in first} | {l["target_id"] for l in first}
    second = [l for l in paid if l not in first and partners & {l["source_id"], l["target_id"]}]
    expected = sorted((l["source_id"], l["target_id"], float(l["amount"]), step)
                      for step, ls in ((1, first), (2, second)) for l in ls)
    rows = run(loaded, "money_flows", person_id=person)
    assert sorted((r["payer_id"], r["payee_id"], r["amount"], r["step"]) for r in rows) == expected
    # No victim pays or is paid in the sample; everyone who does is named as loaded.
    names = {i: r["name"] for i, r in (sample_bundle().persons | sample_bundle().businesses).items()}
    assert all(r["payer_name"] == names[r["payer_id"]] and r["payee_name"] == names[r["payee_id"]] for r in rows)


def _linked_victims(person: str) -> dict[str, tuple[set[str], set[str]]]:
    bundle = sample_bundle()
    victims = bundle.victims()
    found: dict[str, tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    controlled = {l["target_id"] for l in bundle.links if l["source_id"] == person and l["type"] in CONTROL}
    for l in bundle.links:
        ends = {l["source_id"], l["target_id"]}
        if person in ends and ends - {person} <= victims and ends != {person}:
            found[(ends - {person}).pop()][0].add(l["type"])
        for b in controlled & ends:
            other = (ends - {b}).pop()
            if other in victims and l["type"] in WORK | {"HOUSED"}:
                found[other][1].add(b)
    return found


@pytest.mark.parametrize("person", ["P001", "P002", "P003", "P020", "P025", "P024"])
def test_victims_linked_to_a_suspect(loaded, person):
    expected = {v: (sorted(d), sorted(t)) for v, (d, t) in _linked_victims(person).items()}
    rows = run(loaded, "suspect_victims", person_id=person)
    assert {r["victim_id"]: (r["direct"], r["through"]) for r in rows} == expected
    assert expected, "every person chosen here is tied to victims in the sample"
    assert all("name" not in r for r in rows)


@pytest.mark.parametrize("case_id", [None, "NO-GLANS", "NO-NORDLYS"])
def test_businesses_where_identified_victims_work(loaded, case_id):
    bundle = sample_bundle()
    identified = {r["person_id"] for r in bundle.roles if r["role"] == "victim" and r["identified_on"]
                  and case_id in (None, r["case_id"])}
    workers: dict[str, set[str]] = defaultdict(set)
    for l in bundle.links:
        if l["type"] in WORK:
            business, person = sorted((l["source_id"], l["target_id"]), key=lambda x: x not in bundle.businesses)
            workers[business].add(person)
    expected = {b: sorted(ws & identified) for b, ws in workers.items() if ws & identified}
    rows = run(loaded, "victim_workplaces", case_id=case_id)
    assert {r["business_id"]: r["identified_victims"] for r in rows} == expected
    for r in rows:
        owners = {l["source_id"] for l in bundle.links if l["target_id"] == r["business_id"] and l["type"] in CONTROL}
        assert {o["person_id"] for o in r["controlled_by"]} == owners


def _co_offenders() -> set[tuple[str, str, tuple[str, ...], bool]]:
    bundle = sample_bundle()
    suspects = {r["person_id"] for r in bundle.roles if r["role"] == "suspect"}
    g = bundle.graph()
    out = set()
    for a, b in combinations(sorted(suspects), 2):
        shared = tuple(sorted(bundle.cases_of(a, "suspect") & bundle.cases_of(b, "suspect")))
        tied = g.has_edge(a, b) or any(b in g[k] for k in g[a] if k in bundle.holders)
        if shared or tied:
            out.add((a, b, shared, not shared))
    return out


def test_co_offenders_across_cases(loaded):
    rows = run(loaded, "co_offenders", person_id=None)
    expected = _co_offenders()
    assert {(r["person_a"], r["person_b"], tuple(r["shared_cases"]), r["linked_across_cases"]) for r in rows} == expected
    # The two controllers share no case: only their calls tie the networks together.
    assert ("P002", "P020", (), True) in expected


def test_co_offenders_of_one_person(loaded):
    rows = run(loaded, "co_offenders", person_id="P002")
    expected = {b if a == "P002" else a for a, b, _, _ in _co_offenders() if "P002" in (a, b)}
    assert {r["person_b"] for r in rows} == expected
    assert {r["person_a"] for r in rows} == {"P002"}


def test_possible_victims_are_the_suspects_others_control(loaded):
    rows = run(loaded, "possible_victims", case_id="NO-GLANS")
    assert [r["person_id"] for r in rows] == ["P016"]
    (rusu,) = rows
    assert rusu["roles"] == ["suspect"]
    assert sorted(map(tuple, rusu["controlled_by"])) == [("P002", "CONTROLS"), ("P002", "HOUSED")]
    assert sorted(map(tuple, rusu["evidence"])) == [("E0030", "passport_withheld"), ("E0031", "debt_bondage")]
    assert run(loaded, "possible_victims", case_id="NO-NORDLYS") == []
