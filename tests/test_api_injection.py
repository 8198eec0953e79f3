"""Injection attempts through every string input change nothing in the graph and break nothing."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from service.auth import Role
from tests.api_support import ASSIGNED, Api, api, sample_once  # noqa: F401 (fixtures)
from tests.graph_snapshot import snapshot

PAYLOADS = [
    "' OR 1=1 //",
    "NO-GLANS' OR '1'='1",
    "x'}) MATCH (n) DETACH DELETE n //",
    '"}) DETACH DELETE n RETURN 1 //',
    "`) CREATE (:Pwned) //",
    "P002\nMATCH (n) DETACH DELETE n",
    "$(MATCH (n) DETACH DELETE n)",
    "{case_id: 'NO-GLANS'}",
    "*", ".*", "%", "P0%", "\\", "../../etc/passwd", "\u202e\u0000\ufeff",
    "Robert'); CALL dbms.killQueries(['1']) //",
]


def _requests(payload: str) -> list[tuple[str, str, dict]]:
    """Every string input of the API, each carrying the payload."""
    p = quote(payload, safe="")
    bundle = {"cases": [{"case_id": payload, "title": payload, "jurisdiction": "NO"}],
              "persons": [{"person_id": payload, "name": payload}],
              "roles": [{"case_id": payload, "person_id": payload, "role": "suspect"}]}
    upload = {"content": json.dumps(bundle), "headers": {"Content-Type": "application/json"}}
    return [
        ("GET", f"/cases/{p}", {}),
        ("GET", f"/cases/{p}/network?offset={p}&limit={p}", {}),
        ("GET", f"/cases/{p}/network", {}),
        ("GET", f"/persons/{p}", {}),
        ("GET", f"/cases/{p}/key-persons?top={p}&set={p}", {}),
        ("GET", f"/cases/{ASSIGNED}/key-persons?top={p}&set={p}", {}),
        ("GET", f"/cases/{p}/persons/{p}/options", {}),
        ("GET", f"/cases/{ASSIGNED}/persons/{p}/options", {}),
        ("GET", f"/catalogue/{p}", {}),
        ("GET", f"/cases/{p}/plans/suggest?max_actions={p}", {}),
        ("POST", f"/cases/{p}/plans/evaluate", {"json": {"case": payload, "title": payload, "actions": []}}),
        ("POST", f"/cases/{ASSIGNED}/plans/evaluate", {"json": {
            "case": ASSIGNED, "title": payload, "description": payload,
            "actions": [{"person": payload, "offence": payload}, {"business": payload, "measure": payload}]}}),
        ("POST", f"/cases/{ASSIGNED}/plans/compare", {"json": {"plans": [{"case": payload}, payload]}}),
        ("GET", "/persons/P002", {"headers": {"X-Purpose": payload.replace("\n", " ").encode()}}),
        ("POST", "/bundles?dry_run=true", upload),
        ("POST", f"/bundles?dry_run={p}", upload),
        ("POST", "/cypher", {"json": {"query": "OPTIONAL MATCH (p:Person {person_id: $x}) RETURN p",
                                      "parameters": {"x": payload}}}),
        ("POST", "/cypher", {"json": {"query": payload, "parameters": {payload: payload}}}),
    ]


@pytest.mark.parametrize("payload", PAYLOADS)
def test_injection_changes_nothing(api: Api, payload: str) -> None:
    before = snapshot(api.services.driver)
    for role in (Role.investigator, Role.analyst, Role.admin):
        for method, url, extra in _requests(payload):
            headers = {**api.headers(role), **extra.get("headers", {})}
            kwargs = {k: v for k, v in extra.items() if k != "headers"}
            response = api.client.request(method, url, headers=headers, **kwargs)
            assert response.status_code < 500, (role, method, url, response.text)
            assert response.status_code != 200 or url.startswith(("/cypher", "/bundles", "/persons/P002")), url
    if payload.isascii() and payload.isprintable():
        assert api.client.get("/me", headers={"Authorization": f"Bearer thb_{payload}"}).status_code == 401
    assert snapshot(api.services.driver) == before
