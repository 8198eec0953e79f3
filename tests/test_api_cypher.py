"""Analysts' Cypher: reads run; writes, file loads, admin procedures and long queries do not."""

from __future__ import annotations

import pytest

from service.auth import Role
from tests.api_support import ASSIGNED, UNASSIGNED, Api, make_api, sample_once  # noqa: F401 (fixtures)
from tests.graph_snapshot import snapshot

#: Each refused query, and the barrier that must refuse it (the plan check's words): a query
#: that failed for another reason (a syntax error) would not pass as "refused".
REFUSED = {
    "create": ("CREATE (n:Pwned) RETURN n", "plan operator Create"),
    "merge": ("MERGE (n:Pwned {x: 1}) RETURN n", "plan operator Merge"),
    "set": ("MATCH (p:Person) SET p.name = 'x'", "plan operator SetProperty"),
    "set in a read-looking query": ("MATCH (p:Person) WITH p SKIP 0 SET p.pwned = true RETURN p", "SetProperty"),
    "remove": ("MATCH (p:Person) REMOVE p.name", "plan operator SetProperty"),
    "remove label": ("MATCH (p:Person) REMOVE p:Person", "plan operator RemoveLabels"),
    "delete": ("MATCH (n) DETACH DELETE n", "plan operator DetachDelete"),
    "delete relationship": ("MATCH ()-[r]->() DELETE r", "plan operator Delete"),
    "foreach": ("MATCH (p:Person) FOREACH (x IN [1] | SET p.x = x)", "plan operator Foreach"),
    "load csv": ("LOAD CSV FROM 'file:///etc/passwd' AS line RETURN line", "would load a file"),
    "load csv with headers": ("LOAD CSV WITH HEADERS FROM 'https://example.org/x.csv' AS row RETURN row",
                              "would load a file"),
    "dbms procedure": ("CALL dbms.components()", "procedure dbms.components is not allowed"),
    "dbms procedure yield": ("CALL dbms.components() YIELD name RETURN name", "procedure dbms.components is not allowed"),
    "writing procedure": ("CALL db.createLabel('Pwned')", "procedure db.createLabel is not allowed"),
    "subquery with writes": ("CALL { CREATE (:Pwned) } RETURN 1 AS one", "plan operator Create"),
    "scoped subquery with writes": ("MATCH (p:Person) CALL (p) { SET p.pwned = true } RETURN p", "SetProperty"),
    "subquery in transactions": ("CALL () { CREATE (:Pwned) } IN TRANSACTIONS", "would run its own transactions"),
    "union with a write": ("RETURN 1 AS x UNION MATCH (n) CREATE (:Pwned) RETURN 2 AS x", "plan operator Create"),
    "schema command": ("CREATE INDEX pwned FOR (n:Pwned) ON (n.x)", "plan operator CreateIndex"),
    "drop constraint": ("DROP CONSTRAINT person_person_id", "plan operator DropConstraint"),
    "show transactions": ("SHOW TRANSACTIONS", "ShowTransactions is not allowed"),
    "terminate": ("TERMINATE TRANSACTIONS 'neo4j-transaction-1'", "plan operator TerminateTransactions"),
    "explain twice": ("EXPLAIN CREATE (:Pwned)", "plan operator Create"),
    # Probe 3, low 12: index usage statistics tell one analyst what the others ran.
    "index statistics, default columns": ("SHOW INDEXES", "without the usage statistics"),
    "index statistics, all columns": ("SHOW INDEXES YIELD *", "without the usage statistics"),
    "index statistics, renamed": ("SHOW INDEXES YIELD readCount AS r RETURN r", "without the usage statistics"),
    "index statistics, in a filter": ("SHOW INDEXES YIELD name, lastRead WHERE lastRead IS NOT NULL RETURN name",
                                      "without the usage statistics"),
    "index statistics, since": ("SHOW INDEXES YIELD name, trackedSince", "without the usage statistics"),
    "index statistics, unnamed filter": ("SHOW INDEXES WHERE readCount > 0", "without the usage statistics"),
}


@pytest.fixture(scope="module")
def analyst(sample_once, tmp_path_factory) -> Api:  # noqa: ANN001
    api = make_api(sample_once, tmp_path_factory.mktemp("api"), THBGRAPH_CYPHER_MAX_ROWS=50)
    api.tokens[Role.analyst] = api.add_user("analyst-both", Role.analyst, [ASSIGNED, UNASSIGNED])
    return api


def run(api: Api, query: str, role: Role = Role.analyst, **parameters: object):  # noqa: ANN201
    return api.client.post("/cypher", json={"query": query, "parameters": parameters}, headers=api.headers(role))


@pytest.mark.parametrize(("query", "barrier"), REFUSED.values(), ids=REFUSED.keys())
def test_refused_and_nothing_changes(analyst: Api, query: str, barrier: str) -> None:
    run(analyst, "RETURN 1")  # the analysis database holds the analyst's cases
    analysis = analyst.services.analysis.server.driver()  # where the query runs
    before = snapshot(analyst.services.driver), snapshot(analysis)
    response = run(analyst, query)
    assert response.status_code == 403 and response.json()["type"] == "/problems/cypher-refused", response.text
    assert barrier in response.json()["detail"], response.text
    assert (snapshot(analyst.services.driver), snapshot(analysis)) == before


def test_two_statements_are_not_a_query(analyst: Api) -> None:
    response = run(analyst, "MATCH (n) RETURN n; CREATE (:Pwned)")
    assert response.status_code == 400 and response.json()["type"] == "/problems/cypher-invalid", response.text


@pytest.mark.parametrize("query", ["CALL db.labels()", "CALL db.relationshipTypes() YIELD relationshipType RETURN *",
                                   "CALL db.propertyKeys()", "CALL db.schema.visualization()",
                                   "SHOW INDEXES YIELD name, state, type, labelsOrTypes, properties",
                                   "MATCH (r:Rule) RETURN r.rule_id LIMIT 3"])
def test_allowed_reads(analyst: Api, query: str) -> None:
    response = run(analyst, query)
    assert response.status_code == 200, response.text
    assert response.json()["rows"], response.text


def test_a_long_query_is_stopped(analyst: Api) -> None:
    """Stopped by the timeout (the answer's type says so; how soon is bench/bench_limits.py's)."""
    response = run(analyst, "UNWIND range(1, 2000000000) AS x WITH x WHERE x % 7 = 0 RETURN count(*) AS n")
    assert response.status_code == 422 and response.json()["type"] == "/problems/cypher-timeout", response.text


def test_rows_are_capped(analyst: Api) -> None:
    body = run(analyst, "UNWIND range(1, 1000000) AS x RETURN x").json()
    assert body["truncated"] and len(body["rows"]) == body["row_cap"] == 50, body


def test_values_travel_as_parameters(analyst: Api) -> None:
    run(analyst, "RETURN 1")
    analysis = analyst.services.analysis.server.driver()
    before = snapshot(analysis)
    evil = "x'}) MATCH (n) DETACH DELETE n //"
    body = run(analyst, "OPTIONAL MATCH (p:Person {person_id: $id}) RETURN count(p) AS n, $id AS id", id=evil).json()
    assert body["rows"] == [[0, evil]], body
    assert snapshot(analysis) == before


def test_case_ids_are_preset_to_the_analysts_cases(analyst: Api) -> None:
    body = run(analyst, "RETURN $case_ids AS mine").json()
    assert body["rows"] == [[[ASSIGNED, UNASSIGNED]]], body


def test_other_cases_are_not_there_to_be_found(analyst: Api) -> None:
    glans_only = analyst.add_user("analyst-glans-only", Role.analyst, [ASSIGNED])
    headers = {"Authorization": f"Bearer {glans_only}"}

    def rows(query: str) -> list:
        response = analyst.client.post("/cypher", json={"query": query}, headers=headers)
        assert response.status_code == 200, (query, response.text)
        return response.json()["rows"]

    assert len(rows("MATCH (p:Person {person_id: 'P002'}) RETURN p")) == 1
    assert rows("MATCH (p:Person {person_id: 'P020'}) RETURN p") == []
    assert rows("MATCH (c:Case) RETURN c.case_id") == [[ASSIGNED]]
    # P004 is in both cases: only NO-GLANS' side of him is there.
    cases = rows("MATCH (:Person {person_id: 'P004'})-[r]-() RETURN DISTINCT coalesce(r.case_id, 'none')")
    assert {c for (c,) in cases} <= {ASSIGNED, "none"}, cases


def test_syntax_errors_say_what_neo4j_says(analyst: Api) -> None:
    problem = run(analyst, "MATCH (n RETURN n").json()
    assert problem["status"] == 400 and problem["type"] == "/problems/cypher-invalid", problem
    assert "Traceback" not in problem["detail"]


def test_only_analysts_run_cypher(analyst: Api) -> None:
    for role in (Role.investigator, Role.prosecutor, Role.admin):
        assert run(analyst, "RETURN 1", role).status_code == 403
