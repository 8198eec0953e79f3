"""The projection against a reference built another way: a plain dump of every node and
relationship of a generated bundle, assembled into a CaseNetwork in Python."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from ingest.generate import generate_bundle
from ingest.writer import load_bundle
from queries.network.model import Business, CaseNetwork, Evidence, Link, Person, Role, SharedIdentifier
from queries.network.projection import Projector
from tests.conftest import wipe

PERSONS = 1500  # two generated cases

DUMP_NODES = "MATCH (n) RETURN elementId(n) AS id, labels(n) AS labels, properties(n) AS props"
DUMP_RELATIONSHIPS = "MATCH (a)-[r]->(b) RETURN elementId(a) AS a, type(r) AS type, properties(r) AS props, elementId(b) AS b"


def _native(value):
    return value.to_native() if hasattr(value, "to_native") else value


class Reference:
    """Every node and relationship, as the database holds them."""

    def __init__(self, driver) -> None:
        nodes, _, _ = driver.execute_query(DUMP_NODES)
        rels, _, _ = driver.execute_query(DUMP_RELATIONSHIPS)
        self.nodes = {r["id"]: (set(r["labels"]), {k: _native(v) for k, v in r["props"].items()}) for r in nodes}
        self.rels = [(r["a"], r["type"], {k: _native(v) for k, v in r["props"].items()}, r["b"]) for r in rels]

    def key(self, element_id: str) -> str | None:
        labels, props = self.nodes[element_id]
        return props.get("person_id") if "Person" in labels else props.get("business_id") if "Business" in labels else None

    def neighbours(self, pid: str) -> set[str]:
        """Persons one step away: a link, a business both are linked to, or an identifier both hold."""
        linked: dict[str, set[str]] = defaultdict(set)
        holders: dict[str, set[str]] = defaultdict(set)
        for a, kind, props, b in self.rels:
            if "link_id" in props:
                linked[self.key(a)].add(self.key(b))
                linked[self.key(b)].add(self.key(a))
            elif kind == "HAS_IDENTIFIER" and "Person" in self.nodes[a][0]:
                holders[b].add(self.key(a))
        persons = {props["person_id"] for labels, props in self.nodes.values() if "Person" in labels}
        near = {q for q in linked[pid] if q in persons}
        near |= {q for b in linked[pid] if b not in persons for q in linked[b] if q in persons}
        near |= {q for who in holders.values() if pid in who for q in who}
        return near - {pid}

    def network(self, person_ids: set[str], case_ids: list[str] | None = None, jurisdiction: str | None = None) -> CaseNetwork:
        net = CaseNetwork(case_ids=case_ids or [], jurisdiction=jurisdiction)
        roles: dict[str, list[Role]] = defaultdict(list)
        for a, kind, props, b in self.rels:
            if kind == "ROLE_IN":
                case_id = self.nodes[b][1]["case_id"]
                roles[self.key(a)].append(Role(case_id, props["role"], props.get("identified_on"), props.get("cooperation")))
        for labels, props in self.nodes.values():
            if "Person" in labels and props["person_id"] in person_ids:
                pid = props["person_id"]
                net.persons[pid] = Person(pid, props.get("name"), props.get("nationality"), props.get("immigration_status"),
                                          sorted(roles[pid], key=lambda r: (r.case_id, r.role)))
        links = [(self.key(a), kind, props, self.key(b)) for a, kind, props, b in self.rels if "link_id" in props]
        businesses = {s for s, _, _, t in links if t in person_ids} | {t for s, _, _, t in links if s in person_ids}
        for labels, props in self.nodes.values():
            if "Business" in labels and props["business_id"] in businesses:
                bid = props["business_id"]
                net.businesses[bid] = Business(bid, props["name"], props.get("sector"), props.get("country"))
        parties = set(net.persons) | set(net.businesses)
        net.links = sorted(
            (Link(s, kind, t, p.get("case_id"), p.get("since"), p.get("until"), p.get("amount"), p.get("evidence_id"))
             for s, kind, p, t in links if s in parties and t in parties),
            key=lambda l: (l.source_id, l.type, l.target_id, str(l.case_id), str(l.since)),
        )
        for a, kind, _, b in self.rels:
            if kind == "ABOUT" and self.key(b) in parties:
                e = self.nodes[a][1]
                net.evidence.append(Evidence(e["evidence_id"], e["case_id"], self.key(b), e["indicator"], e["kind"],
                                             e["independent_of_victim"], e.get("given_by"), e.get("about_role"),
                                             e.get("observed_on"), e.get("until")))
        net.evidence.sort(key=lambda e: e.evidence_id)
        holders: dict[tuple[str, str], set[str]] = defaultdict(set)
        for a, kind, _, b in self.rels:
            if kind == "HAS_IDENTIFIER" and self.key(a) in parties:
                i = self.nodes[b][1]
                # Where a victim holds it, the value is sealed and the projection names it by its id.
                holders[(i["kind"], i.get("value", i["identifier_id"]))].add(self.key(a))
        net.shared_identifiers = [SharedIdentifier(k, v, tuple(sorted(who))) for (k, v), who in sorted(holders.items()) if len(who) > 1]
        return net


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle") / "bundle"
    generate_bundle(out, persons=PERSONS, seed=7)
    return out


@pytest.fixture(scope="module")
def loaded(session_driver, bundle):
    # Loaded once for the module: both tests only read.
    wipe(session_driver)
    load_bundle(session_driver, bundle)
    yield session_driver
    wipe(session_driver)


def assert_same(got: CaseNetwork, want: CaseNetwork) -> None:
    # Field by field, so a failure says which part differs.
    assert got.case_ids == want.case_ids and got.jurisdiction == want.jurisdiction
    assert got.persons == want.persons
    assert got.businesses == want.businesses
    assert got.links == want.links
    assert got.evidence == want.evidence
    assert got.shared_identifiers == want.shared_identifiers


def test_whole_graph_projection_equals_the_reference(loaded):
    want = Reference(loaded).network(set(_all_persons(loaded)))
    got = Projector(loaded).everything()
    assert len(got.persons) == PERSONS and len(got.links) > 5 * PERSONS and got.shared_identifiers and got.evidence
    assert any(l.since for l in got.links) and any(r.identified_on for p in got.persons.values() for r in p.roles)
    assert_same(got, want)


def test_case_and_neighbourhood_projections_equal_the_reference(loaded):
    reference = Reference(loaded)
    got = Projector(loaded).case(["GEN-0001"])
    members = {reference.key(a) for a, kind, _, b in reference.rels
               if kind == "ROLE_IN" and reference.nodes[b][1]["case_id"] == "GEN-0001"}
    assert 0 < len(got.persons) < PERSONS
    assert_same(got, reference.network(members, ["GEN-0001"], "NO"))

    around = Projector(loaded).around("P0000001", 1)
    near = reference.neighbours("P0000001") | {"P0000001"}
    assert len(near) > 1
    assert_same(around, reference.network(near))


def _all_persons(driver) -> set[str]:
    records, _, _ = driver.execute_query("MATCH (p:Person) RETURN p.person_id AS id")
    return {r["id"] for r in records}
