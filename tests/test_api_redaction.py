"""Analysts never see a victim's name, birth date, id or identifiers: a crawl of the whole API."""

from __future__ import annotations

import csv
import re

import pytest

from service.auth import Role
from service.redact import Pseudonyms, Victim, VictimIndex
from tests.api_support import (  # noqa: F401 (fixtures)
    ASSIGNED, SUSPECT, UNASSIGNED, VICTIMS, Api, make_api, sample_once,
)
from tests.paths import SAMPLE

CYPHER = [
    "MATCH (p:Person)-[:ROLE_IN]->(c:Case) WHERE c.case_id IN $case_ids RETURN p, p.name, p.birth_date, properties(p)",
    "MATCH (p:Person)-[:ROLE_IN]->(c:Case) WHERE c.case_id IN $case_ids "
    "RETURN toUpper(p.name) AS up, 'Dear ' + p.name + '!' AS letter, split(p.name, ' ') AS parts, p.person_id",
    "MATCH (p:Person)-[:ROLE_IN]->(c:Case) WHERE c.case_id IN $case_ids RETURN collect(p.name) AS names",
    "MATCH (p:Person)-[:ROLE_IN]->(c:Case) WHERE c.case_id IN $case_ids "
    "MATCH (p)-[h:HAS_IDENTIFIER]->(i) RETURN p.person_id, h, i, h.raw_value, i.value",
    "MATCH (e:Evidence) WHERE e.case_id IN $case_ids RETURN e, e.description",
    "MATCH (p:Person)-[:ROLE_IN]->(c:Case) WHERE c.case_id IN $case_ids "
    "MATCH path = (p)-[r]-(q:Person) WHERE r.link_id IS NOT NULL RETURN path",
    "MATCH (p:Person)-[:ROLE_IN]->(c:Case) WHERE c.case_id IN $case_ids "
    "RETURN {who: p.name, born: toString(p.birth_date), id: p.person_id} AS card",
    "CALL db.schema.visualization()",
]


#: Possibly a victim (a suspect whom P002 controls and houses, his passport held): a victim to analysts.
POSSIBLE = {"P016": "Mihai Rusu"}


def _identifying_values() -> list[str]:
    values = [v for name, born in VICTIMS.values() for v in (*name.split(), born, ".".join(reversed(born.split("-"))))]
    values += list(VICTIMS) + list(POSSIBLE) + [w for name in POSSIBLE.values() for w in name.split()]
    with open(SAMPLE / "identifiers.csv", encoding="utf-8") as f:
        rows = [row for row in csv.DictReader(f) if row["owner_id"] in VICTIMS or row["owner_id"] in POSSIBLE]
    values += [row["value"] for row in rows]
    # An address is found by its street and number alone too ("Basement flat at Strandgata 21").
    values += [row["value"].split(",")[0] for row in rows if row["kind"] == "address" and "," in row["value"]]
    return values


def _leaks(body: str) -> list[str]:
    """Victims' identifying values found in a body: word by word, any case, any separators."""
    found = []
    for value in _identifying_values():
        pattern = r"\W*".join(re.escape(w) for w in re.findall(r"\w+", value))
        if re.search(rf"(?<![^\W_]){pattern}(?![^\W_])", body, re.IGNORECASE):
            found.append(value)
    return found


@pytest.fixture(scope="module")
def analyst(sample_once, tmp_path_factory):  # noqa: ANN001, ANN201
    api = make_api(sample_once, tmp_path_factory.mktemp("api"))
    api.tokens[Role.analyst] = api.add_user("analyst-both", Role.analyst, [ASSIGNED, UNASSIGNED])
    return api


def _crawl(api: Api, role: Role = Role.analyst) -> dict[str, str]:
    """Every route the user can reach, with every id the API itself hands out."""
    h = api.headers(role)
    bodies: dict[str, str] = {}

    def get(url: str) -> dict | list:
        response = api.client.get(url, headers=h)
        bodies[f"GET {url}"] = response.text
        return response.json()

    for url in ("/me", "/cases", "/openapi.json", "/catalogue", "/persons/P010", "/persons/nobody"):
        get(url)
    for pack in get("/catalogue"):
        get(f"/catalogue/{pack['jurisdiction']}")
    for case in (ASSIGNED, UNASSIGNED):
        get(f"/cases/{case}")
        get(f"/cases/{case}/key-persons?top=100&set=3")
        get(f"/cases/{case}/plans/suggest")
        plan = {"case": case, "title": "Crawl", "actions": [{"person": SUSPECT[case], "measure": "expulsion"},
                                                            {"person": SUSPECT[case], "offence": "strl_257"}]}
        for url, payload in ((f"/cases/{case}/plans/evaluate", plan),
                             (f"/cases/{case}/plans/compare", {"plans": [plan, plan | {"title": "Again"}]})):
            response = api.client.post(url, json=payload, headers=h)
            bodies[f"POST {url}"] = response.text
        network = get(f"/cases/{case}/network?limit=500")
        for node in network.get("nodes", {"data": []})["data"]:  # type: ignore[union-attr]
            if node["kind"] == "person":
                get(f"/persons/{node['id']}")
                get(f"/cases/{case}/persons/{node['id']}/options")
    get("/matches")
    get("/matches/P010/P011")
    # A record paired with itself is no pair: the crawl reaches the writes without writing.
    bodies["POST /matches/P010/P010"] = api.client.post("/matches/P010/P010", json={"judgement": "unsure"},
                                                        headers=h).text
    bodies["DELETE /matches/P010/P010/decision"] = api.client.delete("/matches/P010/P010/decision", headers=h).text
    for query in CYPHER:
        response = api.client.post("/cypher", json={"query": query}, headers=h)
        bodies[f"POST /cypher {query}"] = response.text
    return bodies


def test_an_analyst_crawl_shows_no_victim_identity(analyst: Api) -> None:
    bodies = _crawl(analyst)
    assert all(b and not b.startswith("Internal") for b in bodies.values())
    statuses = [k for k, b in bodies.items() if '"status":5' in b]
    assert not statuses, statuses
    leaks = {url: found for url, body in bodies.items() if (found := _leaks(body))}
    assert not leaks, leaks
    # The crawl did reach victims: under their pseudonyms, in the network and the Cypher results.
    everything = "".join(bodies.values())
    assert len(set(re.findall(r"V-[0-9a-f]{16}", everything))) == len(VICTIMS) + len(POSSIBLE)
    assert everything.count("[withheld]") > 0


def test_the_same_crawl_as_an_investigator_finds_names(analyst: Api) -> None:
    """The search is not blind: where identities may be shown, it finds them."""
    leaks = {v for body in _crawl(analyst, Role.investigator).values() for v in _leaks(body)}
    assert {"Andrei", "Munteanu", "1998-04-22", "P010", "Strandgata 21, 4005 Stavanger", "Strandgata 21"} <= leaks, leaks


def test_the_crawl_reaches_every_route(analyst: Api) -> None:
    spec = analyst.client.get("/openapi.json", headers=analyst.headers(Role.analyst)).json()
    crawled = {k.split(" ")[0] + " " + k.split(" ")[1].split("?")[0] for k in _crawl(analyst)}
    templates = {f"{m.upper()} {p}" for p, ops in spec["paths"].items() for m in ops}
    patterns = {t: re.compile("^" + re.sub(r"\{[^}]+\}", "[^/]+", t) + "$") for t in templates}
    # Bundle upload and health are not reads an analyst makes (the matrix covers their refusal).
    missed = {t for t, p in patterns.items() if not any(p.match(c) for c in crawled)} - {"POST /bundles", "GET /health"}
    assert not missed, missed


def test_pseudonyms_are_stable_and_keyed(analyst: Api) -> None:
    h = analyst.headers(Role.analyst)
    pseudonym = analyst.services.pseudonyms.victim("P011")
    person = analyst.client.get(f"/persons/{pseudonym}", headers=h).json()
    again = analyst.client.get(f"/persons/{person['person_id']}", headers=h).json()
    # Her real id is no person to an analyst: answered like a missing one, never with her pseudonym.
    real, missing = (analyst.client.get(f"/persons/{pid}", headers=h) for pid in ("P011", "P999"))
    assert (real.status_code, real.text) == (missing.status_code, missing.text) and real.status_code == 404
    assert person == again and person["person_id"].startswith("V-") and person["birth_date"] is None, person
    assert {(i["value"][:3], i["raw_value"]) for i in person["identifiers"]} == {("ID-", None)}, person
    assert Pseudonyms("a" * 32).victim("P011") != Pseudonyms("b" * 32).victim("P011")


def test_investigators_see_identities(analyst: Api) -> None:
    response = analyst.client.get("/persons/P011", headers=analyst.headers(Role.investigator))
    assert response.json()["name"] == "Vasyl Kovalenko", response.text


def test_scrub_finds_values_however_written() -> None:
    index = VictimIndex([Victim("P1", "Ana Maria Pop", "2001-02-03",
                                (("address", "strandgata 21, 4005 stavanger", ("Strandgata 21,  4005 STAVANGER.",)),))],
                        Pseudonyms("k" * 32))
    alias = index.alias("P1")
    text = "Ana Maria Pop (P1, born 03.02.2001) lives at STRANDGATA 21 4005 Stavanger; POP said so."
    scrubbed = index.scrub_text(text)
    assert scrubbed.startswith(f"{alias} ({alias}, born [withheld]) lives at ID-"), scrubbed
    assert scrubbed.endswith("; [withheld] said so."), scrubbed
    assert index.disclosed({"x": ["Ana Maria Pop"]}) == {"P1"} and index.disclosed("Pop") == set()
    assert index.scrub({"Ana Maria Pop": ["P1", 3]}) == {"Ana Maria Pop": [alias, 3]}  # keys are the schema
    assert index.scrub_text("Popescu and Anastasia") == "Popescu and Anastasia"


def test_a_victims_street_and_number_alone_are_found() -> None:
    """Free text seldom gives a whole address: "she sleeps at Strandgata 21" is enough to find her."""
    index = VictimIndex([Victim("P1", identifiers=(("address", "flat 3, strandgata 21, 4005 stavanger",
                                                     ("Flat 3, STRANDGATA 21, 4005 Stavanger",)),))],
                        Pseudonyms("k" * 32))
    scrubbed = index.scrub_text("She sleeps at strandgata 21 (flat 3); the town is 4005 Stavanger.")
    assert "trandgata" not in scrubbed.lower() and "flat 3" not in scrubbed.lower(), scrubbed
    assert scrubbed.endswith("the town is 4005 Stavanger."), scrubbed  # a postcode and town alone is a district
    assert index.disclosed("Strandgata 21") == {"P1"}
    assert index.scrub_text("Strandgata 12 and Nygata 21") == "Strandgata 12 and Nygata 21"


def test_a_body_is_scanned_once_per_victims_index_and_reader_kind(monkeypatch: pytest.MonkeyPatch) -> None:
    """Many users receive the same cached answer: what its scan found is kept, until the index changes."""
    from service import release

    def index() -> VictimIndex:
        return VictimIndex([Victim("P1", "Ana Maria Pop", "2001-02-03")], Pseudonyms("k" * 32))

    first, memo, scans = index(), release.ReleaseMemo(), []
    monkeypatch.setattr(release.json, "loads", lambda body, loads=release.json.loads: scans.append(1) or loads(body))
    body = b'{"names":["Ana Maria Pop","Marius Popescu"]}'
    for _ in range(3):
        assert memo.scan(first, bytes(body), analyst=False) == (["P1"], body)
        disclosed, scrubbed = memo.scan(first, bytes(body), analyst=True)
        assert disclosed == [] and b"Ana" not in scrubbed and first.alias("P1").encode() in scrubbed
    assert len(scans) == 2
    assert memo.scan(index(), body, analyst=False) == (["P1"], body)  # a new index: scanned again
    assert len(scans) == 3


def test_the_memo_keeps_to_its_size(monkeypatch: pytest.MonkeyPatch) -> None:
    from service import release

    monkeypatch.setattr(release, "MEMO_MAX_BYTES", 1000)
    index, memo = VictimIndex([], Pseudonyms("k" * 32)), release.ReleaseMemo()
    for i in range(50):
        memo.scan(index, b'{"n":"%d","pad":"%s"}' % (i, b"x" * 80), analyst=True)
    assert 0 < memo._bytes <= 1000 and len(memo._entries) < 50
    assert memo._bytes == sum(len(b) + len(out) for (b, _), (_, out) in memo._entries.items())
