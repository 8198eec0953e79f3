"""The scrubber is no lookup oracle: what a caller sends comes back as sent (or not at all), the
same for a victim's name as for any other, and only the victims of a user's own cases count.

Probe findings 3 and 4 (docs/api.md, "Victims' identities"): a victim's name typed into a path,
a 422 or a Cypher `RETURN $x` came back as that victim's pseudonym, from any case; and a victim
loaded into one case changed what the analysts of another saw (a suspect's name, role values,
even the JSON key "victim").
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import quote

import pytest
from neo4j import Driver

from service.auth import Role
from tests.api_support import ASSIGNED, UNASSIGNED, Api, make_api, sample_once  # noqa: F401 (fixtures)

#: Each victim's value (own case NO-GLANS, and the other case NO-NORDLYS) beside a value that is no one's.
OWN = ["Andrei Munteanu", "Munteanu", "P010", "1998-04-22", "+40 751 003 417", "Strandgata 21, 4005 Stavanger",
       "Strandgata 21", "05 41 22 871"]
OTHER = ["Blessing Okafor", "Joy Eze", "P021", "2002-05-19", "+234 803 555 0142", "Tollbugata 14B, 0152 Oslo",
         "Tollbugata 14B"]
RANDOM = ["Kari Nordmann", "Nordmann", "P999", "1990-01-01", "+47 400 00 001", "Fjordgata 9, 5003 Bergen",
          "Fjordgata 9", "99 99 99 999"]
SIGNS = ("V-", "ID-", "[withheld]")


@pytest.fixture(scope="module")
def api(sample_once, tmp_path_factory) -> Api:  # noqa: ANN001
    # Not about timeouts: time enough for a cold analysis database on a loaded machine.
    return make_api(sample_once, tmp_path_factory.mktemp("api"), THBGRAPH_CYPHER_TIMEOUT_S=20.0)


def _same(api: Api, role: Role, url: str, value: str, headers: dict[str, str] | None = None) -> str:
    """The response to `url` with `value` in it, as text with the value taken out; asserts it
    shows no pseudonym or withheld mark."""
    h = headers if headers is not None else api.headers(role)
    response = api.client.get(url.format(v=quote(value, safe="")), headers=h)
    text = response.text.replace(json.dumps(value)[1:-1], "<v>")
    assert not any(sign in text for sign in SIGNS), (role, url, value, text)
    return f"{response.status_code} {text}"


@pytest.mark.parametrize("role", [Role.analyst, Role.investigator])
@pytest.mark.parametrize("url", ["/cases/{v}", "/persons/{v}", "/cases/{v}/network",
                                 f"/cases/{ASSIGNED}/persons/{{v}}/options", "/catalogue/{v}",
                                 f"/cases/{ASSIGNED}/network?limit={{v}}"])
def test_an_echo_does_not_tell_a_victims_value_from_any_other(api: Api, role: Role, url: str) -> None:
    for value, other in zip(OWN + OTHER, RANDOM + RANDOM):
        if "/persons/{v}" in url and value in ("P010",):
            continue  # a victim's own id names a person of the case: not an echo (covered below)
        assert _same(api, role, url, value) == _same(api, role, url, other), (url, value)


def test_an_investigator_without_a_purpose_gets_the_same_answer_for_a_victims_value(api: Api) -> None:
    """Before: 400 purpose-required for a victim's name from any case (unaudited), 404 for another."""
    bare = {"Authorization": f"Bearer {api.tokens[Role.investigator]}"}
    for value, other in zip(OWN + OTHER, RANDOM + RANDOM):
        assert _same(api, Role.investigator, "/cases/{v}", value, bare) == \
            _same(api, Role.investigator, "/cases/{v}", other, bare), value


def _cypher(api: Api, query: str, **parameters: object) -> dict:
    response = api.client.post("/cypher", json={"query": query, "parameters": parameters},
                               headers=api.headers(Role.analyst))
    assert response.status_code == 200, response.text
    return response.json()


def test_cypher_gives_back_the_callers_values_unchanged(api: Api) -> None:
    for value in OWN + OTHER + RANDOM:
        assert _cypher(api, "RETURN $x AS x", x=value)["rows"] == [[value]], value
        assert _cypher(api, "RETURN {v: $x} AS m", x=value)["rows"] == [[{"v": value}]], value
        # Computed from the caller's words: still theirs.
        rows = _cypher(api, "RETURN toUpper($x) AS up, split($x, ' ') AS parts, 'Dear ' + $x + '!' AS letter",
                       x=value)["rows"]
        assert rows == [[value.upper(), value.split(" "), f"Dear {value}!"]], (value, rows)
        literal = value.replace("\\", "\\\\").replace("'", "\\'")
        assert _cypher(api, f"RETURN '{literal}' AS x")["rows"] == [[value]], value


def test_cypher_parameter_names_in_a_422_are_not_scrubbed(api: Api) -> None:
    for value, other in zip(OWN + OTHER, RANDOM + RANDOM):
        texts = []
        for v in (value, other):
            response = api.client.post("/cypher", json={"query": "RETURN 1", "parameters": {v: 2**70}},
                                       headers=api.headers(Role.analyst))
            assert response.status_code == 422, response.text
            texts.append(response.text.replace(json.dumps(v)[1:-1], "<v>"))
        assert texts[0] == texts[1] and not any(s in texts[0] for s in SIGNS), texts


def test_cypher_still_pseudonymises_what_the_graph_holds(api: Api) -> None:
    rows = _cypher(api, "MATCH (p:Person)-[:ROLE_IN]->(c:Case) WHERE c.case_id IN $case_ids "
                        "RETURN p.person_id AS id, p.name AS name ORDER BY id")["rows"]
    ids = [r[0] for r in rows]
    assert "P010" not in ids and api.services.pseudonyms.victim("P010") in ids, ids
    assert ["P015", "[withheld]"] in rows, rows  # a relative: nothing of her name, which carries the victim's
    assert ["P002", "Marius Popescu"] in rows, rows


def test_a_plan_comes_back_with_the_title_it_was_given(api: Api) -> None:
    for value in OWN + OTHER + RANDOM:
        plan = {"case": ASSIGNED, "title": value, "description": value,
                "actions": [{"person": "P002", "measure": "expulsion"}]}
        body = api.client.post(f"/cases/{ASSIGNED}/plans/evaluate", json=plan, headers=api.headers(Role.analyst))
        assert body.status_code == 200, body.text
        assert body.json()["plan"]["title"] == value and body.json()["plan"]["description"] == value, body.text


def test_a_plan_naming_a_victims_value_is_refused_alike(api: Api) -> None:
    def refusal(value: str) -> str:
        plan = {"case": ASSIGNED, "title": "t", "actions": [{"person": value, "measure": "expulsion"}]}
        response = api.client.post(f"/cases/{ASSIGNED}/plans/evaluate", json=plan, headers=api.headers(Role.analyst))
        assert response.status_code == 422, response.text
        return response.text.replace(json.dumps(value)[1:-1], "<v>")

    for value, other in zip(OWN + OTHER, RANDOM + RANDOM):
        if value == "P010":
            continue  # a victim of the case by id: refused as a victim, which the analyst may know
        assert refusal(value) == refusal(other), value
        assert not any(s in refusal(value) for s in SIGNS), refusal(value)


def test_keys_are_never_rewritten(api: Api) -> None:
    for value in OWN:
        assert _cypher(api, f"RETURN {{`{value}`: 1}} AS m")["rows"] == [[{value: 1}]], value


# --- finding 4: a victim loaded into one case changes nothing in another ----------------------------


def _nordlys_bundle() -> dict:
    case = {"case_id": UNASSIGNED, "title": "Operation Nordlys", "jurisdiction": "NO", "opened_on": "2024-09-16",
            "status": "open"}
    return {"cases": [case],
            "persons": [{"person_id": "P970", "name": "Marius Popescu", "nationality": "RO"},
                        {"person_id": "P971", "name": "Suspect Victim", "nationality": "RO"}],
            "roles": [{"case_id": UNASSIGNED, "person_id": "P970", "role": "victim"},
                      {"case_id": UNASSIGNED, "person_id": "P971", "role": "victim"}],
            "identifiers": [{"owner_id": "P970", "kind": "phone", "value": "+47 468 90 312"}]}


def test_a_victim_in_one_case_does_not_change_another_cases_view(sample_loaded: Driver, tmp_path: Path) -> None:
    api = make_api(sample_loaded, tmp_path)
    inv_n = api.add_user("inv-nordlys", Role.investigator, [UNASSIGNED])
    ana_n = api.add_user("ana-nordlys", Role.analyst, [UNASSIGNED])
    glans = api.headers(Role.analyst)
    urls = ["/persons/P002", f"/cases/{ASSIGNED}/network?limit=500", f"/cases/{ASSIGNED}/key-persons",
            f"/cases/{ASSIGNED}/persons/P002/options"]
    before = {url: api.client.get(url, headers=glans).json() for url in urls}
    person = before["/persons/P002"]
    assert person["name"] == "Marius Popescu" and "victim" in person and person["roles"][0]["role"] == "suspect"

    response = api.client.post("/bundles", content=json.dumps(_nordlys_bundle()),
                               headers={"Authorization": f"Bearer {inv_n}", "Content-Type": "application/json"})
    assert response.status_code == 200, response.text
    after = {url: api.client.get(url, headers=glans).json() for url in urls}
    for url in urls:
        assert after[url] == before[url], url
    phones = {i["raw_value"] for i in after["/persons/P002"]["identifiers"] if i["kind"] == "phone"}
    assert "+47 468 90 312" in phones, after["/persons/P002"]

    # In their own case the new victims are pseudonymised, and role values and keys stay what they are.
    nordlys = {"Authorization": f"Bearer {ana_n}"}
    suspect = api.client.get("/persons/P020", headers=nordlys).json()
    assert suspect["roles"][0]["role"] == "suspect" and "victim" in suspect, suspect
    network = api.client.get(f"/cases/{UNASSIGNED}/network?limit=500", headers=nordlys).text
    assert "Suspect Victim" not in network and "Marius Popescu" not in network, network
    assert '"role":"suspect"' in network, network
