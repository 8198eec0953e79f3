"""Every endpoint, by every role and by no one, on a case the user is and is not assigned to."""

from __future__ import annotations

import json

import pytest

from service.auth import Role
from tests.api_support import ASSIGNED, SUSPECT, UNASSIGNED, Api, api, sample_once  # noqa: F401 (fixtures)

INV, PRO, ANA, ADM = Role.investigator, Role.prosecutor, Role.analyst, Role.admin
ALL = {INV: 200, PRO: 200, ANA: 200, ADM: 200}
#: Case content: the three case roles see their own case; admins read no case content.
CASE_CONTENT = ({INV: 200, PRO: 200, ANA: 200, ADM: 403}, {INV: 404, PRO: 404, ANA: 404, ADM: 403})
NO_PAIR = {INV: 404, PRO: 404, ANA: 403, ADM: 403}


def _bundle(case: str) -> bytes:
    """A valid bundle adding one person to the case; sent as a dry run, so nothing is written."""
    return json.dumps({"cases": [{"case_id": case, "title": "Matrix", "jurisdiction": "NO"}],
                       "persons": [{"person_id": "P990", "name": "Matrix Person"}],
                       "roles": [{"case_id": case, "person_id": "P990", "role": "witness"}]}).encode()


# (method, path, body, expected on the assigned case, expected on the other case); None: no one.
ENDPOINTS = [
    ("GET", "/health", None, {None: 200, **ALL}, {None: 200, **ALL}),
    ("GET", "/openapi.json", None, ALL, ALL),
    ("GET", "/me", None, ALL, ALL),
    ("GET", "/cases", None, ALL, ALL),
    ("GET", "/cases/{case}", None, ALL, {INV: 404, PRO: 404, ANA: 404, ADM: 200}),
    ("GET", "/cases/{case}/network?limit=5", None, *CASE_CONTENT),
    ("GET", "/persons/{person}", None, *CASE_CONTENT),
    ("GET", "/cases/{case}/key-persons?top=3", None, *CASE_CONTENT),
    ("GET", "/cases/{case}/persons/{person}/options", None, *CASE_CONTENT),
    ("POST", "/cases/{case}/plans/evaluate", "plan", *CASE_CONTENT),
    ("POST", "/cases/{case}/plans/compare", "plans", *CASE_CONTENT),
    ("GET", "/cases/{case}/plans/suggest?max_actions=2", None, *CASE_CONTENT),
    ("GET", "/catalogue", None, ALL, ALL),
    ("GET", "/catalogue/NO", None, ALL, ALL),
    ("POST", "/bundles?dry_run=true", "bundle", {INV: 200, PRO: 403, ANA: 403, ADM: 200},
     {INV: 403, PRO: 403, ANA: 403, ADM: 200}),
    # An analyst's query for another case finds nothing: it is not in their analysis database.
    ("POST", "/cypher", "cypher", {INV: 403, PRO: 403, ANA: 200, ADM: 403}, {INV: 403, PRO: 403, ANA: 200, ADM: 403}),
    # Matches: only investigators and prosecutors review them; a record paired with itself is no pair (404).
    ("GET", "/matches?case={case}", None, {INV: 200, PRO: 200, ANA: 403, ADM: 403},
     {INV: 404, PRO: 404, ANA: 403, ADM: 403}),
    *[(method, path, body, NO_PAIR, NO_PAIR) for method, path, body in (
        ("GET", "/matches/{person}/{person}", None), ("POST", "/matches/{person}/{person}", "judgement"),
        ("DELETE", "/matches/{person}/{person}/decision", None))],
]

CASES = [(m, p, b, case, role, expected.get(role, 401))
         for m, p, b, on_assigned, on_other in ENDPOINTS
         for case, expected in ((ASSIGNED, on_assigned), (UNASSIGNED, on_other))
         for role in (None, *Role)]


@pytest.mark.parametrize(("method", "path", "body", "case", "role", "status"), CASES,
                         ids=[f"{m} {p.split('?')[0]} {c} {r.value if r else 'anonymous'}"
                              for m, p, _, c, r, _ in CASES])
def test_role_matrix(api: Api, method: str, path: str, body: str | None, case: str, role: Role | None,
                     status: int) -> None:
    url = path.format(case=case, person=SUSPECT[case])
    headers = api.headers(role)
    if body == "bundle":
        response = api.client.post(url, content=_bundle(case), headers={**headers, "Content-Type": "application/json"})
    elif body in ("plan", "plans"):
        plan = {"case": case, "title": "Matrix", "actions": [{"person": SUSPECT[case], "measure": "expulsion"}]}
        payload = plan if body == "plan" else {"plans": [plan, plan | {"title": "Again"}]}
        response = api.client.post(url, json=payload, headers=headers)
    elif body == "judgement":
        response = api.client.post(url, json={"judgement": "unsure"}, headers=headers)
    elif body == "cypher":
        query = {"query": "MATCH (c:Case {case_id: $case}) RETURN c.case_id", "parameters": {"case": case}}
        response = api.client.post(url, json=query, headers=headers)
        if response.status_code == 200:
            assert response.json()["rows"] == ([[case]] if case == ASSIGNED else []), response.text
    else:
        response = api.client.request(method, url, headers=headers)
    assert response.status_code == status, response.text
    if status >= 400:
        assert response.headers["content-type"] == "application/problem+json", response.headers
        problem = response.json()
        assert {"type", "title", "status", "detail"} <= problem.keys() and problem["status"] == status, problem
    if status == 401:
        assert response.headers["www-authenticate"] == "Bearer"


def test_every_route_is_in_the_matrix(api: Api) -> None:
    spec = api.client.get("/openapi.json", headers=api.headers(Role.admin)).json()
    routes = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}
    covered = {(m, p.split("?")[0].replace("{case}", "{case_id}").replace("{person}", "{person_id}")
                .replace("/NO", "/{jurisdiction}").replace("{person_id}/{person_id}", "{left}/{right}"))
               for m, p, *_ in ENDPOINTS}
    assert routes <= covered, routes - covered


@pytest.mark.parametrize("token", ["", "thb_unknown", "not-even-a-prefix", "thb_" + "A" * 43])
def test_unknown_tokens_are_refused(api: Api, token: str) -> None:
    response = api.client.get("/me", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 401, response.text


def test_a_revoked_token_is_refused_at_once(api: Api) -> None:
    token = api.add_user("soon-gone", Role.investigator, [ASSIGNED])
    assert api.client.get("/me", headers={"Authorization": f"Bearer {token}"}).status_code == 200
    api.services.users.revoke("soon-gone")
    assert api.client.get("/me", headers={"Authorization": f"Bearer {token}"}).status_code == 401


def test_roles_and_links_of_other_cases_stay_hidden(api: Api) -> None:
    """P004 works in both cases; a user of NO-GLANS sees only what NO-GLANS records about her."""
    person = api.client.get("/persons/P004", headers=api.headers(INV)).json()
    assert {r["case_id"] for r in person["roles"]} == {ASSIGNED}, person
    assert {e["case_id"] for e in person["evidence"]} <= {ASSIGNED}, person
    network = api.client.get(f"/cases/{ASSIGNED}/network?limit=500", headers=api.headers(INV)).json()
    assert {r["case_id"] for n in network["nodes"]["data"] for r in n["roles"]} == {ASSIGNED}
    assert {l["case_id"] for l in network["links"]["data"]} <= {ASSIGNED, None}
    assert "P020" not in json.dumps(network) and UNASSIGNED not in json.dumps(network)


def test_network_pages(api: Api) -> None:
    pages = [api.client.get(f"/cases/{ASSIGNED}/network?offset={o}&limit=5", headers=api.headers(INV)).json()
             for o in range(0, 100, 5)]
    nodes = [n["id"] for p in pages for n in p["nodes"]["data"]]
    assert len(nodes) == len(set(nodes)) == pages[0]["nodes"]["count"] == 15, nodes
    too_big = api.client.get(f"/cases/{ASSIGNED}/network?limit=9999", headers=api.headers(INV))
    assert too_big.status_code == 422 and too_big.json()["errors"][0]["name"] == "limit", too_big.text
