"""A disk that fills under the service's write is `507 disk-full`, not a `500` bug: the caller learns
that the store is full and nothing was written; the store's folder, a path on the server's disk, goes
only to the server's log, under the incident id the answer gives (graph/store_full.py says which of
Neo4j's failures are a full disk; tests/test_disk_room.py is the CLI's path)."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from neo4j.exceptions import Neo4jError

from api.app import create_app
from api.deps import CurrentUser
from graph.errors import DiskFull
from graph.runtime import LocalNeo4j
from graph.sealing import new_key
from graph.settings import get_settings
from service.auth import Role
from tests.api_support import PURPOSE, service_settings
from tests.test_runtime import local_home  # noqa: F401 (a fixture)
from tests.test_store_full import CRITICAL, FULL

BUNDLE = {"cases": [{"case_id": "NO-FULL1", "title": "Full", "jurisdiction": "NO"}],
          "persons": [{"person_id": "P903", "name": "Some One"}],
          "roles": [{"case_id": "NO-FULL1", "person_id": "P903", "role": "witness"}]}


def _said_full(response, caplog: pytest.LogCaptureFixture, folder: Path) -> None:  # noqa: ANN001
    """A 507 naming no path, and the folder in the server's log line of its incident."""
    assert response.status_code == 507, response.text
    problem = response.json()
    assert problem["type"] == "/problems/disk-full" and "full" in problem["detail"], problem
    assert str(folder) not in response.text and "No space left" not in response.text, response.text
    logged = [r.getMessage() for r in caplog.records if problem["incident"] in r.getMessage()]
    assert len(logged) == 1 and str(folder) in logged[0], (logged, caplog.text)


@pytest.mark.parametrize("runtime", ["started-by-the-service", "given-by-uri"])
def test_an_upload_that_fills_the_stores_disk_is_507_and_the_folder_only_in_the_log(
        runtime: str, local_home: Path, monkeypatch: pytest.MonkeyPatch,  # noqa: F811
        caplog: pytest.LogCaptureFixture) -> None:
    """The service over a real local Neo4j: one it starts itself, or, as `thbgraph serve` gives its
    workers, one started by another process and named by NEO4J_URI. Only the server's answer to the
    write is its full disk's (filling a real disk needs a file system of its own)."""
    import ingest.writer

    def full(*args: object, **kwargs: object) -> None:
        raise Neo4jError._hydrate_neo4j(**FULL)

    monkeypatch.setattr(ingest.writer, "seal_victims", full)  # inside the write transaction
    given = None
    if runtime == "given-by-uri":
        given = LocalNeo4j(get_settings(), local_home / "neo4j", get_settings().local_port)
        monkeypatch.setenv("NEO4J_URI", given.start(say=lambda _: None))
        monkeypatch.setenv("THBGRAPH_VICTIM_DATA_KEY", new_key())
        get_settings.cache_clear()
    try:
        app = create_app(service_settings(local_home, THBGRAPH_WARM_MATCHER=False))
        with caplog.at_level(logging.ERROR, "thbgraph.api"), TestClient(app, raise_server_exceptions=False) as client:
            token = app.state.services.users.add("admin", Role.admin, [])
            response = client.post("/bundles", content=json.dumps(BUNDLE).encode(), headers={
                "Authorization": f"Bearer {token}", "Content-Type": "application/json", **PURPOSE})
            _said_full(response, caplog, local_home / "neo4j")
            outcome = list(app.state.services.audit.records())[-1]
    finally:
        if given is not None:
            given.stop()
    assert (outcome["action"], outcome["status"]) == ("write", 507), outcome
    assert outcome["detail"]["incident"] == response.json()["incident"], outcome


def _failing_app(tmp_path: Path, failure: Exception) -> tuple[TestClient, str]:
    """The app (no database reached), with a route that fails so, and an administrator's token."""
    app = create_app(service_settings(tmp_path), driver=object())  # type: ignore[arg-type]

    def fail(_: CurrentUser) -> None:
        raise failure

    app.add_api_route("/fail", fail)
    return TestClient(app, raise_server_exceptions=False), app.state.services.users.add("admin", Role.admin, [])


def test_a_full_disk_the_service_meets_elsewhere_names_no_folder(tmp_path: Path, caplog) -> None:  # noqa: ANN001
    # E.g. the analysts' own Neo4j, started on first use, on a disk with no room for it (graph/disk.py).
    folder = tmp_path / "home" / "analysis-neo4j-x"
    client, token = _failing_app(tmp_path, DiskFull(f"Neo4j needs about 600 MB free in {folder} and 3 MB is free"))
    with caplog.at_level(logging.ERROR, "thbgraph.api"):
        response = client.get("/fail", headers={"Authorization": f"Bearer {token}", **PURPOSE})
    _said_full(response, caplog, folder)


def test_neo4j_stopped_by_its_full_disk_is_507_when_its_log_says_so(tmp_path: Path, caplog) -> None:  # noqa: ANN001
    """Every write after the one that met the full disk hears only Neo4j's "critical error"."""
    from graph.store_full import Store

    client, token = _failing_app(tmp_path, Neo4jError._hydrate_neo4j(**CRITICAL))
    store = tmp_path / "neo4j"
    client.app.state.services.store = Store("bolt://127.0.0.1:7687", store)  # type: ignore[attr-defined]
    headers = {"Authorization": f"Bearer {token}", **PURPOSE}
    assert client.get("/fail", headers=headers).status_code == 500  # the cause unknown: a bug's answer
    (store / "logs").mkdir(parents=True)
    (store / "logs" / "debug.log").write_text("ERROR java.io.IOException: No space left on device\n")
    with caplog.at_level(logging.ERROR, "thbgraph.api"):
        response = client.get("/fail", headers=headers)
    _said_full(response, caplog, store)
