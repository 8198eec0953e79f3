"""Without Neo4j the service says so and releases nothing it could not check; a bug shows no internals."""

from __future__ import annotations

from pathlib import Path

from neo4j import GraphDatabase

from service.auth import Role
from graph.runtime import free_port
from tests.api_support import make_api


def test_no_database_no_data(tmp_path: Path) -> None:
    # No retries: the driver would otherwise retry for 30 s before giving up.
    driver = GraphDatabase.driver(f"bolt://127.0.0.1:{free_port()}", connection_timeout=1,
                                  max_transaction_retry_time=0)
    try:
        api = make_api(driver, tmp_path)
        health = api.client.get("/health")
        assert health.status_code == 503 and health.json() == {"status": "degraded", "neo4j": "unavailable"}
        for role in (Role.analyst, Role.investigator):
            response = api.client.get("/me", headers=api.headers(role))
            assert response.status_code == 503, response.text
            assert response.json()["type"] == "/problems/database-unavailable"
        assert api.client.get("/me").status_code == 401
    finally:
        driver.close()


def test_a_bug_is_a_problem_without_a_stack_trace(tmp_path: Path) -> None:
    api = make_api(object(), tmp_path)  # type: ignore[arg-type]  # the route never reaches the database

    def boom() -> None:
        raise RuntimeError("secret internals: /srv/thbgraph/api.py line 42")

    api.client.app.add_api_route("/boom", boom)  # type: ignore[attr-defined]
    response = api.client.get("/boom")
    problem = response.json()
    assert response.status_code == 500 and response.headers["content-type"] == "application/problem+json"
    assert problem["type"] == "/problems/internal-error" and problem["incident"] in problem["detail"], problem
    assert "secret internals" not in response.text and "Traceback" not in response.text
