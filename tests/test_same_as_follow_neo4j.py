"""Case projections, the HTTP service's analyses and the query library follow standing `same`
decisions across cases (and only those), within the reader's cases; against a real Neo4j."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from neo4j import Driver

from service.auth import Role
from graph.cypher import query
from graph.sealing import sealer_for
from graph.settings import get_settings
from queries.network.projection import Projector
from resolve.decisions import decide, undo
from resolve.matcher import Matcher
from tests.api_support import ASSIGNED, make_api
from tests import test_match_api_cli as korso

pytestmark = pytest.mark.neo4j
KORSO_CASE = korso.KORSO_CASE
two_cases = korso.two_cases  # the fixture: the sample and Operation Korso loaded


def _decide(driver: Driver, left: str, right: str, judgement: str) -> None:
    pair = Matcher.from_graph(driver, None, sealer_for(get_settings())).pair(left, right)
    decide(driver, None, pair, judgement, "inv-a")


def test_case_projection_follows_standing_same_only(two_cases: Driver) -> None:
    def glans():
        return Projector(two_cases).case([ASSIGNED])

    assert "K001" not in glans().persons and glans().same_as == []
    for judgement in ("unsure", "different"):
        _decide(two_cases, "P003", "K001", judgement)
        assert "K001" not in glans().persons and glans().same_as == [], judgement
    _decide(two_cases, "P003", "K001", "same")
    network = glans()
    assert network.same_as == [("K001", "P003")]
    assert {"K001", "P003"} <= network.persons.keys()  # two persons, never merged
    assert [r.case_id for r in network.persons["K001"].roles] == [KORSO_CASE]  # its own case's role
    assert ("K001", "SAME_AS", "P003") in {(l.source_id, l.type, l.target_id) for l in network.links}
    assert network.case_ids == [ASSIGNED]
    assert "K001" not in Projector(two_cases).case([ASSIGNED], follow_same_as=False).persons
    undo(two_cases, None, "P003", "K001", "inv-a")  # back to `different`: not followed
    assert "K001" not in glans().persons and glans().same_as == []
    undo(two_cases, None, "P003", "K001", "inv-a")
    undo(two_cases, None, "P003", "K001", "inv-a")  # nothing stands
    assert glans().same_as == []


def test_a_victim_in_the_other_case_stays_a_victim_and_sealed(two_cases: Driver) -> None:
    _decide(two_cases, "P011", "K002", "same")
    network = Projector(two_cases).case([ASSIGNED])
    assert ("K002", "P011") in network.same_as
    kovalenko = network.persons["K002"]
    assert kovalenko.is_victim and [r.role for r in kovalenko.roles] == ["victim"]
    assert kovalenko.name != "Василь Коваленко"  # sealed in the graph, as for any victim


def test_cli_key_persons_case_says_which_pairs_it_followed(two_cases: Driver, cli) -> None:
    code, out, err = cli("key-persons", "--case", ASSIGNED)
    assert code == 0, err
    assert "SAME_AS" not in out + err
    _decide(two_cases, "P003", "K001", "same")
    code, out, err = cli("key-persons", "--case", ASSIGNED)
    assert code == 0, err
    assert "Followed SAME_AS across cases: K001 = P003" in err, err


def test_api_follows_only_into_assigned_cases(two_cases: Driver, tmp_path: Path) -> None:
    api = make_api(two_cases, tmp_path)
    glans = api.headers(Role.investigator)
    both = {"Authorization": f"Bearer {api.add_user('kari', Role.investigator, [ASSIGNED, KORSO_CASE])}",
            "X-Purpose": "link Operation Korso to Glans"}

    def read(headers: dict[str, str]) -> tuple[dict, dict]:
        key = api.client.get(f"/cases/{ASSIGNED}/key-persons", headers=headers)
        net = api.client.get(f"/cases/{ASSIGNED}/network", headers=headers, params={"limit": 500})
        assert key.status_code == net.status_code == 200, key.text + net.text
        return key.json(), net.json()

    glans_before, both_before = read(glans), read(both)
    assert glans_before[0]["followed_same_as"] == both_before[0]["followed_same_as"] == []
    decided = api.client.post("/matches/P003/K001", headers=both, json={"judgement": "same"})
    assert decided.status_code == 201, decided.text
    key, net = read(both)
    assert key["followed_same_as"] == [["K001", "P003"]]
    assert "K001" in {n["id"] for n in net["nodes"]["data"]}
    assert {"source": "K001", "type": "SAME_AS", "target": "P003"}.items() <= next(
        l for l in net["links"]["data"] if l["type"] == "SAME_AS").items()
    # Assigned to NO-GLANS only: nothing of SE-KORSO, not even that the pair exists.
    assert read(glans) == glans_before
    assert "K001" not in json.dumps(read(glans))
    api.client.delete("/matches/P003/K001/decision", headers=both)
    assert read(both)[0]["followed_same_as"] == []


def test_named_query_returns_the_other_record(two_cases: Driver) -> None:
    def records(person_id: str) -> list[dict]:
        found, _, _ = two_cases.execute_query(query("queries.library", "person_records_same_as"), person_id=person_id)
        return [r.data() for r in found]

    _decide(two_cases, "P003", "K001", "unsure")
    assert records("P003") == []
    _decide(two_cases, "P003", "K001", "same")
    (row,) = records("P003")
    assert (row["same_as_id"], row["name"], row["roles"], row["decided_by"]) == (
        "K001", "Йон Дима", [[KORSO_CASE, "suspect"]], "inv-a")
    assert [r["same_as_id"] for r in records("K001")] == ["P003"]
    _decide(two_cases, "P011", "K002", "same")
    assert records("P011")[0]["name"] is None  # a victim: no name
    undo(two_cases, None, "K001", "P003", "inv-a")
    assert records("P003") == []
