"""The redaction policies (docs/api.md, "What is withheld from whom"), on a case of their own (tests/policy_case.py).

1. Redaction is precise: to investigators and prosecutors a suspect's own name is never withheld, neither
   for sharing a word with a victim's name nor for being all of it; a victim's values are still scrubbed
   from free text, as whole values. Analysts keep what protects victims' relatives (a shared surname).
2. A possible victim is a victim for analysts (pseudonym everywhere); others see her by name, with the notice.
3. A pseudonym never stands beside a real id: to an analyst a victim's real id is a missing person.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from neo4j import Driver

from api.app import create_app
from service.auth import Role
from tests.api_support import PURPOSE, service_settings
from tests.conftest import wipe
from tests.policy_case import (
    CASE, CONTROLLER, NAMES, NAMESAKE, POSSIBLE, RELATIVE, SURNAME, VICTIM, VICTIM_BORN, VICTIM_TEXT, policy_bundle,
)
from web.app import mount_web
from web.session import COOKIE, Session, codec

pytestmark = pytest.mark.neo4j
PSEUDONYM = re.compile(r"V-[0-9a-f]{16}")
SIGNS = re.compile(r"V-[0-9a-f]{16}|\[withheld\]")


@pytest.fixture(scope="module")
def client(session_driver: Driver, analysis_uri: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    from ingest.catalogue import load_catalogue
    from ingest.writer import load_bundle

    wipe(session_driver)
    load_catalogue(session_driver)
    load_bundle(session_driver, policy_bundle(tmp_path_factory.mktemp("policy-bundle")))
    app = mount_web(create_app(service_settings(tmp_path_factory.mktemp("policy-home"),
                                                THBGRAPH_CYPHER_TIMEOUT_S=20.0), session_driver))
    yield TestClient(app, follow_redirects=False, raise_server_exceptions=False)
    wipe(session_driver)


_tokens: dict[Role, str] = {}


def bearer(client: TestClient, role: Role, *, purpose: bool = False) -> dict[str, str]:
    services = client.app.state.services  # type: ignore[attr-defined]
    if role not in _tokens:
        _tokens[role] = services.users.add(f"policy-{role.value}", role, [CASE])
    return {"Authorization": f"Bearer {_tokens[role]}", **(PURPOSE if purpose else {})}


def signed_in(client: TestClient, role: Role) -> dict[str, str]:
    """A web session (as the sign-in page makes one) without a purpose: victims hidden."""
    services = client.app.state.services  # type: ignore[attr-defined]
    bearer(client, role)
    now = time.time()
    client.cookies.clear()
    client.cookies.set(COOKIE, codec(services).dumps(Session(services.users.digest(_tokens[role]), "tok", now, now)))
    return {"X-CSRF-Token": "tok"}


def alias(client: TestClient, person_id: str) -> str:
    return client.app.state.services.pseudonyms.victim(person_id)  # type: ignore[attr-defined]


# 1. Precise redaction ---------------------------------------------------------------------------------------------

def _audited(client: TestClient) -> list[dict]:
    return list(client.app.state.services.audit.records())  # type: ignore[attr-defined]


@pytest.mark.parametrize("role", [Role.investigator, Role.prosecutor])
def test_a_suspects_own_name_is_no_identity_read_in_the_api(client: TestClient, role: Role) -> None:
    """A suspect named like a victim is shown by his name, and showing it reads no victim (the audit)."""
    for pid in (SURNAME, NAMESAKE, RELATIVE, CONTROLLER):
        before = len(_audited(client))
        answer = client.get(f"/persons/{pid}", headers=bearer(client, role, purpose=True))
        assert answer.status_code == 200, (role, pid, answer.text)
        assert answer.json()["name"] == NAMES[pid], (role, pid, answer.json()["name"])
        read = [r for r in _audited(client)[before:] if VICTIM in r["records"]]
        assert not read, (role, pid, read)
    ranking = client.get(f"/cases/{CASE}/key-persons?top=50", headers=bearer(client, role, purpose=True)).json()
    shown = {p["person_id"]: p["name"] for p in ranking["ranking"] + ranking["victim_offenders"]}
    assert shown[SURNAME] == NAMES[SURNAME] and shown[NAMESAKE] == NAMES[NAMESAKE], shown


@pytest.mark.parametrize("role", [Role.investigator, Role.prosecutor])
def test_the_victims_own_record_is_still_an_identity_read(client: TestClient, role: Role) -> None:
    """Her namesake's name is free to see: it does not free hers."""
    before = len(_audited(client))
    answer = client.get(f"/persons/{VICTIM}", headers=bearer(client, role, purpose=True))
    assert answer.status_code == 200 and answer.json()["name"] == NAMES[VICTIM], answer.text
    assert any(VICTIM in r["records"] for r in _audited(client)[before:]), _audited(client)[before:]


@pytest.mark.parametrize("role", [Role.investigator, Role.prosecutor])
def test_a_suspects_own_name_is_never_withheld_on_the_pages(client: TestClient, role: Role) -> None:
    signed_in(client, role)
    network = client.get(f"/web/api/cases/{CASE}/network")
    assert network.status_code == 200, network.text
    labels = {n["id"]: n["label"] for n in network.json()["nodes"]}
    for pid in (SURNAME, NAMESAKE, RELATIVE, CONTROLLER, POSSIBLE):
        assert labels[pid] == NAMES[pid], (role, pid, labels[pid])
    assert labels.get(alias(client, VICTIM)) == alias(client, VICTIM) and VICTIM not in labels
    for pid in (SURNAME, NAMESAKE):
        panel = client.get(f"/web/cases/{CASE}/persons/{pid}")
        assert panel.status_code == 200, panel.text
        title = re.search(r"<title>(.*?)</title>", panel.text, re.S)
        assert title and title.group(1).strip().startswith(NAMES[pid]), (role, pid, title)
        assert "[withheld] Sirbu" not in panel.text and "Petru [withheld]" not in panel.text


@pytest.mark.parametrize("role", [Role.investigator, Role.prosecutor])
def test_a_victims_values_are_scrubbed_from_free_text_as_whole_values(client: TestClient, role: Role) -> None:
    """Without a purpose the free text about her loses her name and birth date, but keeps the words
    a suspect's name shares with hers."""
    services = client.app.state.services  # type: ignore[attr-defined]
    from service.release import released

    bearer(client, role)
    user = services.users.authenticate(_tokens[role])
    scope = {"type": "http", "method": "GET", "path": "/test", "state": {}}
    text = f"{VICTIM_TEXT}, born {VICTIM_BORN}; driven by Petru Sirbu; cousin Nadia Sirbu"
    out = released(services, user, scope, {"description": text}, purpose=None)["description"]
    assert "Olga Sirbu" not in out and VICTIM_BORN not in out, out
    assert "Petru Sirbu" in out and "Nadia Sirbu" in out, out


def test_analysts_keep_the_protection_of_relatives(client: TestClient) -> None:
    """A surname shared with a victim stays withheld for analysts, and her relative's record is reduced as
    in the analysis database: a victim is found through her family."""
    answer = client.get(f"/persons/{RELATIVE}", headers=bearer(client, Role.analyst))
    assert answer.status_code == 200, answer.text
    assert answer.json()["name"] == "[withheld]" and answer.json()["birth_date"] is None, answer.json()
    assert client.get(f"/persons/{SURNAME}", headers=bearer(client, Role.analyst)).json()["name"] == "Petru [withheld]"
    # Her namesake is withheld, never shown as her pseudonym: it would stand beside his id.
    assert client.get(f"/persons/{NAMESAKE}", headers=bearer(client, Role.analyst)).json()["name"] == "[withheld]"
    text = json.dumps(client.get(f"/cases/{CASE}/network", headers=bearer(client, Role.analyst)).json())
    assert "Olga Sirbu" not in text and "Sirbu" not in text, text


# 3. A pseudonym never stands beside a real id ----------------------------------------------------------------------

MISSING_ID = "Q199"


def _id_routes(client: TestClient, pid: str) -> dict[str, tuple[int, str]]:
    """Every route that takes a person id, asked about `pid` by the signed-in analyst: status and body,
    with the id itself taken out (an error may quote what was sent)."""
    headers = bearer(client, Role.analyst)
    plan = {"case": CASE, "title": "t", "actions": [{"person": pid, "offence": "no-such-offence"}]}
    answers = {
        "api person": client.get(f"/persons/{pid}", headers=headers),
        "api options": client.get(f"/cases/{CASE}/persons/{pid}/options", headers=headers),
        "api plan": client.post(f"/cases/{CASE}/plans/evaluate", json=plan, headers=headers),
        "web panel": client.get(f"/web/cases/{CASE}/persons/{pid}"),
        "web flags": client.get(f"/web/cases/{CASE}/persons/{pid}/flags"),
        "web options": client.get(f"/web/api/cases/{CASE}/persons/{pid}/options"),
        "web plan": client.post(f"/web/cases/{CASE}/plans/evaluate", headers={"X-CSRF-Token": "tok"},
                                data={"title": "t", "action": [f"person:{pid}:offence:no-such-offence"]}),
    }
    return {k: (r.status_code, r.text.replace(pid, "<id>")) for k, r in answers.items()}


@pytest.mark.parametrize("victim", [VICTIM, POSSIBLE])
def test_to_an_analyst_a_victims_real_id_is_a_missing_person(client: TestClient, victim: str) -> None:
    signed_in(client, Role.analyst)
    real, missing = _id_routes(client, victim), _id_routes(client, MISSING_ID)
    for route, (status, text) in real.items():
        assert status in (404, 422), (route, status, text)
        assert (status, text) == missing[route], (route, text, missing[route])
        assert not PSEUDONYM.search(text), (route, text)


def test_an_analyst_still_reaches_a_victim_by_her_pseudonym(client: TestClient) -> None:
    signed_in(client, Role.analyst)
    pseudonym = alias(client, VICTIM)
    answer = client.get(f"/persons/{pseudonym}", headers=bearer(client, Role.analyst))
    assert answer.status_code == 200 and answer.json()["person_id"] == pseudonym, answer.text
    assert client.get(f"/web/cases/{CASE}/persons/{pseudonym}").status_code == 200


# 2. A possible victim is a victim for analysts ---------------------------------------------------------------------

def _no_trace_of(text: str, pid: str) -> list[str]:
    """What of a possible victim's identity is in `text`: her id, her name, any word of it."""
    return [v for v in (pid, *NAMES[pid].split()) if re.search(rf"\b{re.escape(v)}\b", text)]


def test_analysts_see_a_possible_victim_under_a_pseudonym_everywhere(client: TestClient) -> None:
    headers, pseudonym = bearer(client, Role.analyst), alias(client, POSSIBLE)
    answers = {
        "network": client.get(f"/cases/{CASE}/network?limit=500", headers=headers),
        "key persons": client.get(f"/cases/{CASE}/key-persons?top=50", headers=headers),
        "options": client.get(f"/cases/{CASE}/persons/{CONTROLLER}/options", headers=headers),
        "person": client.get(f"/persons/{pseudonym}", headers=headers),
        "cypher": client.post("/cypher", headers=headers, json={
            "query": "MATCH (p:Person)-[:ROLE_IN]->(:Case {case_id: $c}) OPTIONAL MATCH (p)-[:HAS_IDENTIFIER]->(i) "
                     "RETURN p.person_id, p.name, p.birth_date, collect(i.value)", "parameters": {"c": CASE}}),
    }
    signed_in(client, Role.analyst)
    answers |= {"web network": client.get(f"/web/api/cases/{CASE}/network"),
                "web panel": client.get(f"/web/cases/{CASE}/persons/{CONTROLLER}"),
                "web case": client.get(f"/web/cases/{CASE}")}
    for what, answer in answers.items():
        assert answer.status_code == 200, (what, answer.text)
        assert not _no_trace_of(answer.text, POSSIBLE), (what, _no_trace_of(answer.text, POSSIBLE))
        assert "+373 690 33 444" not in answer.text and "+37369033444" not in answer.text, what
    assert pseudonym in answers["network"].text and pseudonym in answers["cypher"].text
    person = answers["person"].json()
    assert person["name"] == pseudonym and person["birth_date"] is None, person


@pytest.mark.parametrize("role", [Role.investigator, Role.prosecutor])
def test_investigators_see_a_possible_victim_by_name_with_the_notice(client: TestClient, role: Role) -> None:
    signed_in(client, role)  # no purpose: the hidden view names her too
    panel = client.get(f"/web/cases/{CASE}/persons/{POSSIBLE}")
    assert panel.status_code == 200, panel.text
    assert NAMES[POSSIBLE] in panel.text and "This person may be a victim (possibly a victim)" in panel.text
    network = client.get(f"/web/api/cases/{CASE}/network").json()
    node = next(n for n in network["nodes"] if n["id"] == POSSIBLE)
    assert node["label"] == NAMES[POSSIBLE] and node["victim"], node
    answer = client.get(f"/persons/{POSSIBLE}", headers=bearer(client, role, purpose=True))
    assert answer.status_code == 200 and answer.json()["name"] == NAMES[POSSIBLE], answer.text


@pytest.mark.parametrize("role", [Role.analyst, Role.investigator])
def test_a_case_not_in_the_graph_withholds_nothing_and_breaks_nothing(client: TestClient, role: Role) -> None:
    """A user may be assigned a case before its bundle lands: the index of what to withhold skips it
    (it has no one in it) instead of failing every request of that user."""
    services = client.app.state.services  # type: ignore[attr-defined]
    token = services.users.add(f"early-{role.value}", role, [CASE, "XT-NOT-YET-LOADED"])
    headers = {"Authorization": f"Bearer {token}", **PURPOSE}
    me = client.get("/me", headers=headers)
    assert me.status_code == 200 and me.json()["name"] == f"early-{role.value}", me.text
    person = client.get(f"/persons/{alias(client, 'Q102') if role is Role.analyst else 'Q104'}", headers=headers)
    assert person.status_code == 200, person.text
