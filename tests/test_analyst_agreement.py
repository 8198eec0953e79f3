"""Analyst review finding 6: the analysis database holds what the analyst may see, so Cypher
and the routes agree. For each route an analyst calls (the case list, a case's network, a
person), its answer is compared with the same question asked in Cypher over the service.

Both follow one policy (docs/api.md, "What is withheld from whom"): a victim (identified, presumed or
possible) is her pseudonym, and nothing about her relatives (name, birth date, evidence text) is shown,
their identifiers as pseudonyms. The one place the database is stricter: the text of evidence about a
victim, which is not written there."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from analyst import connect
from api.app import create_app
from service.auth import Role
from tests.api_support import ASSIGNED, PURPOSE, UNASSIGNED, sample_once, service_settings, uvicorn_thread  # noqa: F401

pytestmark = pytest.mark.neo4j


@pytest.fixture(scope="module")
def service(sample_once, tmp_path_factory) -> Iterator[tuple[httpx.Client, object]]:  # noqa: ANN001, F811
    app = create_app(service_settings(tmp_path_factory.mktemp("svc"), THBGRAPH_CYPHER_TIMEOUT_S=20.0,
                                      THBGRAPH_CYPHER_MAX_ROWS=5000), sample_once)
    token = app.state.services.users.add("ana-agree", Role.analyst, [ASSIGNED, UNASSIGNED])
    with uvicorn_thread(app) as url:
        client = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {token}", **PURPOSE}, timeout=120)
        nb = connect(service=url, token=token)
        yield client, nb
        nb.close()
        client.close()


def _get(client: httpx.Client, path: str, **params: object) -> dict:
    response = client.get(path, params=params)
    assert response.status_code == 200, response.text
    return response.json()


def test_the_case_list(service) -> None:  # noqa: ANN001
    client, nb = service
    routed = {c["case_id"] for c in _get(client, "/cases")}
    assert routed == set(nb.cypher("MATCH (c:Case) RETURN c.case_id AS c")["c"]) == {ASSIGNED, UNASSIGNED}


@pytest.mark.parametrize("case_id", [ASSIGNED, UNASSIGNED])
def test_a_cases_network(service, case_id) -> None:  # noqa: ANN001
    client, nb = service
    page = _get(client, f"/cases/{case_id}/network", limit=500)
    persons = {n["id"]: n["name"] for n in page["nodes"]["data"] if n["kind"] == "person"}
    cypher = nb.cypher("MATCH (p:Person)-[:ROLE_IN]->(:Case {case_id: $c}) RETURN DISTINCT p.person_id AS id, "
                       "p.name AS name", {"c": case_id})
    assert set(cypher["id"]) == set(persons)
    links = {(l["source"], l["type"], l["target"], l["since"]) for l in page["links"]["data"] if l["case_id"] == case_id}
    # The route shows a case's links between its own parties (a link to another case's person is not in it).
    cypher = nb.cypher("MATCH (a)-[l]->(b) WHERE l.link_id IS NOT NULL AND l.case_id = $c "
                       "AND all(x IN [a, b] WHERE x:Business OR EXISTS { (x)-[:ROLE_IN]->(:Case {case_id: $c}) }) "
                       "RETURN coalesce(a.person_id, a.business_id) AS s, type(l) AS t, "
                       "coalesce(b.person_id, b.business_id) AS o, coalesce(toString(l.since), '') AS since",
                       {"c": case_id})
    assert set(cypher.itertuples(index=False, name=None)) == {(*x[:3], x[3] or "") for x in links}


def _persons(client: httpx.Client) -> list[str]:
    ids = set()
    for case_id in (ASSIGNED, UNASSIGNED):
        page = _get(client, f"/cases/{case_id}/network", limit=500)
        ids |= {n["id"] for n in page["nodes"]["data"] if n["kind"] == "person"}
    return sorted(ids)


def test_every_person_agrees_with_cypher(service) -> None:  # noqa: ANN001
    """Identifiers (one holder or many), birth date, evidence and its text, roles: the person
    route's answer and Cypher's, for every person of the analyst's cases."""
    client, nb = service
    disagreements = []
    for pid in _persons(client):
        routed = _get(client, f"/persons/{pid}")
        row = nb.cypher(
            "MATCH (p:Person {person_id: $id}) RETURN p.name AS name, p.birth_date AS born, "
            "COLLECT { MATCH (p)-[:HAS_IDENTIFIER]->(i) RETURN [i.kind, i.value] } AS identifiers, "
            "COLLECT { MATCH (e:Evidence)-[:ABOUT]->(p) RETURN [e.evidence_id, e.description] } AS evidence, "
            "COLLECT { MATCH (e:Evidence)-[:ABOUT]->(p) "
            "          RETURN [e.evidence_id, toString(e.observed_on), toString(e.until)] } AS evidence_dates, "
            "COLLECT { MATCH (p)-[r:ROLE_IN]->(c) RETURN [c.case_id, r.role] } AS roles", {"id": pid})
        assert len(row) == 1, pid
        cy = row.iloc[0]
        want = {
            "identifiers": sorted((i["kind"], i["value"]) for i in routed["identifiers"]),
            "roles": sorted((r["case_id"], r["role"]) for r in routed["roles"]),
            "evidence ids": sorted(e["evidence_id"] for e in routed["evidence"]),
            # When it was observed: none about a victim or her relative, on the route as in the database.
            "evidence dates": sorted((e["evidence_id"], e["observed_on"], e["until"]) for e in routed["evidence"]),
            "name": routed["name"], "birth date": routed["birth_date"],
        }
        got = {
            "identifiers": sorted(tuple(x) for x in cy["identifiers"]),
            "roles": sorted(tuple(x) for x in cy["roles"]),
            "evidence ids": sorted(x[0] for x in cy["evidence"]),
            "evidence dates": sorted(tuple(x) for x in cy["evidence_dates"]),
            "name": cy["name"], "birth date": cy["born"],
        }
        if not routed["person_id"].startswith("V-"):  # evidence about a victim: its text is not in the database
            want["evidence text"] = sorted((e["evidence_id"], e["description"]) for e in routed["evidence"])
            got["evidence text"] = sorted(tuple(x) for x in cy["evidence"])
        disagreements += [(pid, k, want[k], got[k]) for k in want if want[k] != got[k]]
    assert not disagreements, "\n".join(map(str, disagreements))


def test_a_seized_number_is_found(service) -> None:  # noqa: ANN001
    """The review's question: is this number anyone's in my case? Every identifier a person route
    shows, Cypher finds by its value, with the same holder."""
    client, nb = service
    missing = []
    relatives = set(nb.cypher("MATCH (p:Person) WHERE p.name = '[withheld]' RETURN p.person_id AS id")["id"])
    for pid in sorted(set(_persons(client)) - relatives):
        for i in _get(client, f"/persons/{pid}")["identifiers"]:
            holders = nb.cypher("MATCH (p:Person)-[:HAS_IDENTIFIER]->(:Identifier {kind: $k, value: $v}) "
                                "RETURN p.person_id AS id", {"k": i["kind"], "v": i["value"]})
            if pid not in set(holders["id"]):
                missing.append((pid, i["kind"], i["value"]))
    assert not missing, missing
