"""The victims' indexes a person's page is checked and released with live as long as the content
they index, as the Cypher answers' index does (tests/test_api_cypher_index.py), not for the
projections' short TTL: at 10,000 persons one takes tens of seconds to build, and a TTL of a few
seconds rebuilt it on the first request after every pause. A TTL of 0 here makes every projection
as stale as such a pause makes it."""

from __future__ import annotations

from pathlib import Path

import pytest
from neo4j import Driver

import api.routes.persons as persons_route
from service.auth import Role
from service.victim_index import VictimIndex
from tests.api_support import ASSIGNED, SUSPECT, Api, make_api


@pytest.fixture
def api(sample_loaded: Driver, tmp_path: Path) -> Api:
    return make_api(sample_loaded, tmp_path, THBGRAPH_CACHE_TTL_S=0.0)


def _events(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    events: list[str] = []
    build, person = VictimIndex.__init__, persons_route._person

    def index(self, *args, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        events.append("index")
        build(self, *args, **kwargs)

    def read(*args, **kwargs):  # noqa: ANN002, ANN003, ANN202
        events.append("person")
        return person(*args, **kwargs)

    monkeypatch.setattr(VictimIndex, "__init__", index)
    monkeypatch.setattr(persons_route, "_person", read)
    return events


@pytest.mark.parametrize("role", [Role.analyst, Role.investigator])
def test_a_persons_indexes_are_built_once_for_the_same_graph(api: Api, monkeypatch: pytest.MonkeyPatch,
                                                              role: Role) -> None:
    events = _events(monkeypatch)
    for _ in range(3):
        response = api.client.get(f"/persons/{SUSPECT[ASSIGNED]}", headers=api.headers(role))
        assert response.status_code == 200, response.text
        events.append("answered")
    first = events.index("answered")
    assert "index" in events[:first] and events[first + 1:] == ["person", "answered"] * 2, events


def test_a_change_of_the_graph_rebuilds_them(api: Api, sample_loaded: Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    """Kept while the content stays the same: a new victim of the case is withheld at once."""
    headers = api.headers(Role.analyst)
    assert api.client.get(f"/persons/{SUSPECT[ASSIGNED]}", headers=headers).status_code == 200
    sample_loaded.execute_query("MERGE (p:Person {person_id: 'P900'}) SET p.name = 'Zora Quist' WITH p "
                                "MATCH (c:Case {case_id: $case}) CREATE (p)-[:ROLE_IN {role: 'victim'}]->(c)",
                                case=ASSIGNED)
    events = _events(monkeypatch)
    response = api.client.get("/persons/P900", headers=headers)
    assert "index" in events
    assert response.status_code == 404 or "Zora" not in response.text, response.text


def test_a_victims_corrected_name_gets_a_new_index(api: Api, sample_loaded: Driver) -> None:
    """A reload that corrects a victim's name changes no count: the index is still rebuilt once the
    victims' list is read again (after the projections' TTL, 0 here), so the new name is withheld."""
    cases = frozenset({ASSIGNED})
    before = api.services.victims(cases)
    assert "Zoltan" in before.withhold("Zoltan Quist paid")
    sealed = api.services.sealer.seal("Zoltan Quist", record="P010", field="name")
    sample_loaded.execute_query("MATCH (p:Person {person_id: 'P010'}) SET p.name_enc = $sealed", sealed=sealed)
    after = api.services.victims(cases)
    assert after is not before
    assert "Zoltan" not in after.withhold("Zoltan Quist paid")
    assert api.services.victims(cases) is after  # and kept while nothing changes
