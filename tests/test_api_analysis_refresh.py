"""The analysis database follows the main graph (an upload, a load from elsewhere) and the caller's
cases (analysts of different cases take turns on it, each seeing only their own)."""

from __future__ import annotations

import json
import threading
import time
from pathlib import Path

import pytest
from neo4j import Driver

from service.auth import Role
from tests.api_support import ASSIGNED, UNASSIGNED, Api, make_api


@pytest.fixture
def api(sample_loaded: Driver, tmp_path: Path) -> Api:
    return make_api(sample_loaded, tmp_path, THBGRAPH_CYPHER_TIMEOUT_S=20.0)


def rows(api: Api, token: str, query: str) -> list:
    response = api.client.post("/cypher", json={"query": query}, headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200, (query, response.text)
    return response.json()["rows"]


def test_an_upload_is_seen_at_once(api: Api) -> None:
    analyst = api.tokens[Role.analyst]
    assert rows(api, analyst, "MATCH (p:Person {person_id: 'P800'}) RETURN p.name") == []
    bundle = {"cases": [{"case_id": ASSIGNED, "title": "Operation Glans", "jurisdiction": "NO"}],
              "persons": [{"person_id": "P800", "name": "Nils Vik"}],
              "roles": [{"case_id": ASSIGNED, "person_id": "P800", "role": "witness"}]}
    upload = api.client.post("/bundles", content=json.dumps(bundle).encode(),
                             headers={**api.headers(Role.investigator), "Content-Type": "application/json"})
    assert upload.status_code == 200, upload.text
    assert rows(api, analyst, "MATCH (p:Person {person_id: 'P800'})-[r:ROLE_IN]->() RETURN p.name, r.role") == [
        ["Nils Vik", "witness"]]


def test_a_load_from_elsewhere_is_seen_within_a_second(api: Api, sample_loaded: Driver) -> None:
    analyst = api.tokens[Role.analyst]
    assert rows(api, analyst, "MATCH (p:Person {person_id: 'P020'}) RETURN p") == []
    sample_loaded.execute_query("MATCH (p:Person {person_id: 'P020'}), (c:Case {case_id: $case}) "
                                "CREATE (p)-[:ROLE_IN {role: 'associate'}]->(c)", case=ASSIGNED)
    time.sleep(0.6)  # the graph's counts are re-read at most every half second (service/cache.py)
    assert rows(api, analyst, "MATCH (p:Person {person_id: 'P020'})-[r:ROLE_IN]->(c) "
                              "RETURN p.name, r.role, c.case_id") == [["Kristoffer Aas", "associate", ASSIGNED]]
    # Only his side in NO-GLANS came with him: nothing of NO-NORDLYS.
    assert rows(api, analyst, "MATCH (c:Case) RETURN c.case_id") == [[ASSIGNED]]


def test_analysts_of_different_cases_take_turns(api: Api) -> None:
    glans, nordlys = api.tokens[Role.analyst], api.add_user("ana-n", Role.analyst, [UNASSIGNED])
    before = api.services.analysis.rewrites
    for _ in range(2):
        assert rows(api, glans, "MATCH (c:Case) RETURN c.case_id") == [[ASSIGNED]]
        assert rows(api, nordlys, "MATCH (c:Case) RETURN c.case_id") == [[UNASSIGNED]]
    assert api.services.analysis.rewrites - before == 4
    # At once, from several threads: every answer is the caller's own case.
    answers: list[tuple[str, list]] = []

    def ask(token: str, case: str) -> None:
        answers.append((case, rows(api, token, "MATCH (c:Case) RETURN c.case_id")))

    threads = [threading.Thread(target=ask, args=pair) for pair in [(glans, ASSIGNED), (nordlys, UNASSIGNED)] * 2]  # 2 per analyst: the most in flight
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(answers) == 4 and all(found == [[case]] for case, found in answers), answers
