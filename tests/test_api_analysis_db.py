"""Analysts' Cypher reaches only their own cases, pseudonymised, by construction: it runs on the
analysis database (service/analysis_db.py), where nothing else was written. The security probe's
attacks (findings 5 and 12) find nothing, with the output scrub switched off, and the database
itself, read directly, holds no foreign value and no victim's real value or id."""

from __future__ import annotations

import json
import re

import pytest

from api import routes
from service.auth import Role
from service.redact import VictimIndex
from tests.api_support import ASSIGNED, Api, make_api, sample_once  # noqa: F401 (fixtures)
from tests.sample_markers import Markers, leaks, sample_markers

#: The probe's reads of what an analyst should not see (finding 5), and its pseudonym tricks (12).
PROBES = [
    "MATCH (p:Person)-[r:ROLE_IN]->(c:Case) RETURN c.case_id, c.title, p.person_id, p.name, "
    "toString(p.birth_date), r.role",
    "MATCH (n) RETURN n {.*} AS n, labels(n) AS labels",
    "MATCH (n) RETURN properties(n) AS p",
    "MATCH ()-[r]->() RETURN type(r), properties(r) AS r",
    "MATCH (p)-[h:HAS_IDENTIFIER]->(i:Identifier) RETURN p.person_id, i.value, h.raw_value, i.identifier_id",
    "MATCH (e:Evidence)-[:ABOUT]->(x) RETURN e {.*}, x {.*}",
    "MATCH (a)-[:FAMILY_OF]-(b) RETURN a.person_id, b.name, reverse(b.name)",
    "MATCH (p:Person) RETURN p.person_id, substring(p.person_id, 1) AS rest, reverse(p.name)",
    "MATCH (p:Person) RETURN p.person_id, elementId(p) ORDER BY elementId(p)",
    "MATCH (c:Case {case_id: 'NO-NORDLYS'}) RETURN c",
    "MATCH (p:Person) WHERE p.person_id IN ['P010', 'P020', 'P021'] RETURN p {.*}",
]


@pytest.fixture(scope="module")
def markers() -> Markers:
    return sample_markers()


@pytest.fixture(scope="module")
def api(sample_once, tmp_path_factory) -> Api:  # noqa: ANN001
    # Time enough for a cold analysis database on a loaded machine: these tests are about what comes back.
    api = make_api(sample_once, tmp_path_factory.mktemp("api"), THBGRAPH_CYPHER_TIMEOUT_S=20.0)
    api.tokens[Role.analyst] = api.add_user("ana-g", Role.analyst, [ASSIGNED])
    return api


def cypher(api: Api, token: str, query: str) -> dict:
    response = api.client.post("/cypher", json={"query": query}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, (query, response.text)
    return response.json()


def strings(value: object) -> list[str]:
    if isinstance(value, dict):
        return [s for k, v in value.items() for s in strings(k) + strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return [str(value)] if value is not None else []


@pytest.fixture
def no_scrub(monkeypatch: pytest.MonkeyPatch) -> None:
    """The output redaction off (both layers): what comes back is what the database holds."""
    monkeypatch.setattr(VictimIndex, "scrub", lambda self, value, echo=None: value)
    monkeypatch.setattr(routes.cypher, "redact_value", lambda value, index: value)


def test_an_analyst_without_cases_reads_nothing(api: Api, markers: Markers, no_scrub: None) -> None:
    token = api.add_user("ana-zero", Role.analyst, [])
    for query in PROBES:
        assert cypher(api, token, query)["rows"] == [], query
    assert cypher(api, token, "MATCH (n) RETURN count(n)")["rows"] == [[0]]
    assert cypher(api, token, "MATCH ()-[r]->() RETURN count(r)")["rows"] == [[0]]
    # Nothing to tell an existing case from a missing one.
    for case in ("NO-NORDLYS", "NO-XXX"):
        assert cypher(api, token, f"MATCH (c:Case {{case_id: '{case}'}}) RETURN c")["rows"] == []


def test_the_probes_find_no_other_case_and_no_victim(api: Api, markers: Markers, no_scrub: None) -> None:
    token = api.tokens[Role.analyst]
    found = []
    for query in PROBES:
        found += [f"{query}: {leak}" for leak in leaks(strings(cypher(api, token, query)["rows"]), markers)]
    assert found == []


def test_pseudonyms_tie_to_no_person_id(api: Api) -> None:
    rows = cypher(api, api.tokens[Role.analyst], "MATCH (p:Person)-[:ROLE_IN {role: 'victim'}]->() "
                                                 "RETURN p.person_id, substring(p.person_id, 1), p.name")["rows"]
    assert len(rows) == 5, rows
    for pid, rest, name in rows:
        assert re.fullmatch(r"V-[0-9a-f]{16}", pid) and name == pid and re.fullmatch(r"-[0-9a-f]{16}", rest), rows
    # Element ids follow the pseudonyms' order, not the real ids' (the nodes were written in that order).
    ordered = cypher(api, api.tokens[Role.analyst], "MATCH (p:Person) WHERE p.person_id STARTS WITH 'V-' "
                                                    "RETURN p.person_id ORDER BY id(p)")["rows"]
    assert ordered == sorted(ordered)


def test_the_database_itself_holds_nothing_else(api: Api, markers: Markers) -> None:
    """Read straight from the analysis database, past every layer of the service."""
    cypher(api, api.tokens[Role.analyst], "RETURN 1")  # now it holds NO-GLANS
    driver = api.services.analysis.server.driver()
    nodes, _, _ = driver.execute_query("MATCH (n) RETURN labels(n) AS labels, properties(n) AS props")
    relationships, _, _ = driver.execute_query("MATCH ()-[r]->() RETURN type(r) AS type, properties(r) AS props")
    held = strings([[r["labels"], {k: str(v) for k, v in r["props"].items()}] for r in nodes])
    held += strings([[r["type"], {k: str(v) for k, v in r["props"].items()}] for r in relationships])
    assert leaks(held, markers) == []
    assert not any(k.endswith("_enc") or k == "birth_date" for r in nodes for k in r["props"])
    cases = {r["props"]["case_id"] for r in nodes if "Case" in r["labels"]}
    assert cases == {ASSIGNED}


def test_the_case_is_there_as_the_network_route_shows_it(api: Api, markers: Markers) -> None:
    token = api.tokens[Role.analyst]
    network = api.client.get(f"/cases/{ASSIGNED}/network?limit=500", headers=api.headers(Role.analyst)).json()
    shown = {n["id"] for n in network["nodes"]["data"]}
    persons = {pid for (pid,) in cypher(api, token, "MATCH (p:Person) RETURN p.person_id")["rows"]}
    businesses = {bid for (bid,) in cypher(api, token, "MATCH (b:Business) RETURN b.business_id")["rows"]}
    assert persons | businesses == shown
    victims = {api.services.pseudonyms.victim(pid) for pid, case in markers.victims.items() if case == ASSIGNED}
    assert victims <= persons and not persons & set(markers.victims)
    links = cypher(api, token, "MATCH (a)-[l]->(b) WHERE l.link_id IS NOT NULL "
                               "RETURN coalesce(a.person_id, a.business_id), type(l), "
                               "coalesce(b.person_id, b.business_id)")["rows"]
    assert sorted(map(tuple, links)) == sorted((l["source"], l["type"], l["target"]) for l in network["links"]["data"])
    relative, = markers.relatives
    assert cypher(api, token, f"MATCH (p:Person {{person_id: '{relative}'}}) RETURN p.name")["rows"] == [["[withheld]"]]
    # The named queries run there too (they read link_id and the catalogue).
    assert cypher(api, token, "MATCH (r:Rule)-[]->(i:Indicator) RETURN count(*) > 0")["rows"] == [[True]]


def test_shared_identifiers_of_victims_are_pseudonyms(api: Api) -> None:
    rows = cypher(api, api.tokens[Role.analyst], "MATCH (p:Person)-[:HAS_IDENTIFIER]->(i) "
                                                 "WHERE p.person_id STARTS WITH 'V-' RETURN i.value, i.identifier_id")
    assert rows["rows"], rows
    assert all(value.startswith("ID-") and ident.endswith(value) for value, ident in rows["rows"]), rows
    assert "raw_value" not in json.dumps(cypher(api, api.tokens[Role.analyst],
                                                "MATCH ()-[h:HAS_IDENTIFIER]->() RETURN h {.*}")["rows"])
