"""/matches is no oracle on sealed identities (probe 3, finding 3).

a) Across cases: an investigator who loads probe persons into their own case and reads the
   "match in a case you cannot see" notices must learn nothing of another case's victims: no
   notice is given for a record that matches only a victim of a case the reader cannot see.
b) Within the reader's cases: scoring a chosen pair with a victim on one side is an identity read
   (her sealed name and birth date are compared): only with a purpose, and audited. Two records of
   one case are never candidates: 404, like a missing pair.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from neo4j import Driver

from service.auth import Role
from ingest.writer import load_bundle
from tests.api_support import ASSIGNED, UNASSIGNED, VICTIMS, make_api
from tests.paths import KORSO

pytestmark = pytest.mark.neo4j


def _other_victims() -> list[tuple[str, str | None]]:
    """Name and birth date of every victim of a case other than ASSIGNED (the sample's and Korso's)."""
    korso = json.loads(KORSO.read_text(encoding="utf-8"))
    victims = {r["person_id"] for r in korso["roles"] if r["role"] == "victim"}
    out = [(p["name"], p.get("birth_date")) for p in korso["persons"] if p["person_id"] in victims]
    return out + [VICTIMS[p] for p in VICTIMS if p >= "P020"]


@pytest.fixture
def loaded(sample_loaded: Driver) -> Driver:
    load_bundle(sample_loaded, KORSO)
    return sample_loaded


def test_no_notice_tells_of_another_cases_victim(loaded: Driver, tmp_path: Path) -> None:
    api = make_api(loaded, tmp_path)
    inv = api.headers(Role.investigator)  # NO-GLANS only
    probes = []
    for n, (name, birth) in enumerate(_other_victims()):
        probes += [{"person_id": f"PRB{n}A", "name": name, **({"birth_date": birth} if birth else {})},
                   {"person_id": f"PRB{n}B", "name": name}]
    control = {"person_id": "PRBCTL", "name": "Kristoffer Aas", "birth_date": "1987-03-14"}  # NO-NORDLYS' suspect
    bundle = {"cases": [{"case_id": ASSIGNED, "title": "Operation Glans", "jurisdiction": "NO",
                         "opened_on": "2024-03-04", "status": "open"}],
              "persons": [*probes, control],
              "roles": [{"case_id": ASSIGNED, "person_id": p["person_id"], "role": "witness"} for p in [*probes, control]]}
    loaded_ = api.client.post("/bundles", content=json.dumps(bundle).encode(), headers=inv | {
        "Content-Type": "application/json"})
    assert loaded_.status_code in (200, 201), loaded_.text
    listed = api.client.get("/matches", params={"case": ASSIGNED}, headers=inv)
    assert listed.status_code == 200, listed.text
    hidden = {h["record_id"] for h in listed.json()["hidden"]}
    assert "PRBCTL" in hidden  # a match on another case's suspect is still told (the test can see notices)
    assert not hidden & {p["person_id"] for p in probes}, sorted(hidden)
    # The notices given are audited: who was told what, for which records.
    notices = [r for r in list(api.services.audit.records()) if r["action"] == "match-notices"]
    assert notices and "PRBCTL" in notices[-1]["detail"]["records"]


def test_scoring_a_pair_with_a_victim_needs_a_purpose_and_is_audited(loaded: Driver, tmp_path: Path) -> None:
    api = make_api(loaded, tmp_path)
    token = api.add_user("both", Role.investigator, [ASSIGNED, "SE-KORSO", UNASSIGNED])
    bare = {"Authorization": f"Bearer {token}"}
    # Within one case: never candidates, refused like a missing pair (with or without a purpose).
    for left, right in (("P010", "P015"), ("P001", "P002"), ("P021", "P020")):
        for headers in (bare, bare | {"X-Purpose": "checking"}):
            same_case = api.client.get(f"/matches/{left}/{right}", headers=headers)
            missing = api.client.get(f"/matches/{left}/P999", headers=headers)
            assert (same_case.status_code, same_case.json()) == (missing.status_code, missing.json()), (left, right)
    # Across cases, a victim on one side: a purpose first, and an audit record naming her.
    for victim, other in (("P010", "K003"), ("K002", "P015"), ("P021", "K001")):
        refused = api.client.get(f"/matches/{victim}/{other}", headers=bare)
        assert refused.status_code == 400 and refused.json()["type"].endswith("purpose-required"), refused.text
        before = len(list(api.services.audit.records()))
        scored = api.client.get(f"/matches/{victim}/{other}", headers=bare | {"X-Purpose": "is she known to Korso?"})
        assert scored.status_code == 200, scored.text
        records = list(api.services.audit.records())[before:]
        assert any(victim in r["records"] and r["purpose"] == "is she known to Korso?" for r in records), records
    # No victim on either side: as before.
    assert api.client.get("/matches/K001/P003", headers=bare).status_code == 200
