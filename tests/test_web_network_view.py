"""The network page's JSON (web/network_view.py) over the sample in the real Neo4j: roles, victims'
standing, key persons, the start view, and victims' names only as the role and purpose allow."""

from __future__ import annotations

import itertools
import json

import pytest
from neo4j import Driver

from service.auth import Role
from service.viewer import Viewer
from tests.api_support import ASSIGNED, VICTIMS, make_api, sample_once  # noqa: F401 (fixture)
from web.network_view import network_view


@pytest.fixture(scope="module")
def services(sample_once: Driver, tmp_path_factory: pytest.TempPathFactory):  # noqa: F811
    return make_api(sample_once, tmp_path_factory.mktemp("web-view")).services


_SEQ = itertools.count()


def view(services, role: Role, *, names: bool = False) -> dict:
    """As the web app's viewer: victims under pseudonyms until a purpose was given (`names`)."""
    token = services.users.add(f"{role.value}-{next(_SEQ)}", role, [ASSIGNED])
    return network_view(Viewer(services, services.users.authenticate(token), hidden=not names), ASSIGNED)


def test_roles_standing_and_ranks_of_the_sample(services):
    data = view(services, Role.investigator, names=True)
    nodes = {n["id"]: n for n in data["nodes"]}
    assert {nodes[p]["role"] for p in ("P001", "P002", "P003", "P004", "P016")} == {"suspect"}
    assert nodes["P005"]["role"] == "witness" and nodes["P015"]["role"] == "associate"
    assert nodes["B001"]["kind"] == "business" and nodes["B001"]["label"] == "Glans Bilvask AS"
    # Identified on a date: identified; a victim role without one: presumed.
    assert [nodes[p]["victim"] for p in ("P010", "P011", "P012", "P013", "P014")] == \
        ["identified", "identified", "identified", "presumed", "presumed"]
    assert not any(nodes[p]["rank"] for p in VICTIMS if p in nodes)  # victims are never ranked
    ranked = sorted((n["rank"], n["id"]) for n in data["nodes"] if n["rank"])
    assert ranked[0][0] == 1 and [r for r, _ in ranked] == list(range(1, len(ranked) + 1))
    assert data["key_set"] and all(nodes[p]["key_set"] and nodes[p]["role"] == "suspect" for p in data["key_set"])
    # Only NO-GLANS: nobody of NO-NORDLYS but P004 (a suspect in both).
    assert not {"P020", "P021", "P025"} & nodes.keys()
    # A small case starts whole; every edge joins two of its nodes.
    assert sorted(data["start"]) == sorted(nodes)
    assert all(e["s"] in nodes and e["t"] in nodes for e in data["edges"])
    assert set(data["link_types"]) >= {"CONTROLS", "OWNS", "PAID"}
    assert data["dates"][0] <= data["dates"][1]


def test_search_identifiers_are_in_clear_only_for_non_victims(services):
    nodes = {n["id"]: n for n in view(services, Role.investigator, names=True)["nodes"]}
    assert "+4746890312" in nodes["P002"]["identifiers"]  # as normalised at load
    assert all(not nodes[p]["identifiers"] for p in VICTIMS if p in nodes)


def test_victims_names_only_with_a_purpose(services):
    without = view(services, Role.investigator)
    assert not without["names"] and not any(name in json.dumps(without) for name, _ in VICTIMS.values())
    named = view(services, Role.investigator, names=True)
    assert named["names"] and {n["id"]: n["label"] for n in named["nodes"]}["P010"] == VICTIMS["P010"][0]


def test_analysts_see_pseudonyms(services):
    data = network_view(Viewer(services, services.users.authenticate(
        services.users.add("analyst-x", Role.analyst, [ASSIGNED]))), ASSIGNED)  # an analyst's, hidden or not
    text = json.dumps(data)
    assert not any(name in text or pid in text for pid, (name, _) in VICTIMS.items())
    victims = [n for n in data["nodes"] if n["role"] == "victim"]
    assert len(victims) == 5 and all(n["id"].startswith("V-") and n["label"] == n["id"] for n in victims)


def test_a_large_case_starts_at_its_key_persons_and_their_busiest_neighbours():
    from queries.network.model import CaseNetwork, Person

    from web.network_view import START_MAX, _start

    persons = {f"P{i:03}": Person(f"P{i:03}") for i in range(400)}
    # Two hubs with 120 neighbours each, and a chain of the rest.
    edges = [{"s": hub, "t": f"P{i:03}"} for hub, first in (("P000", 2), ("P001", 122)) for i in range(first, first + 120)]
    edges += [{"s": f"P{i:03}", "t": f"P{i + 1:03}"} for i in range(242, 399)]
    start = _start(CaseNetwork(persons=persons), ["P000", "P001"], edges)
    assert len(start) == START_MAX and {"P000", "P001"} <= set(start)
    assert all(p in {"P000", "P001"} or int(p[1:]) < 242 for p in start)  # neighbours of the key persons only
