"""Upload scope: an investigator's bundle touches only what belongs to their cases (issue 13, item 1).

The sample's NO-GLANS investigator tries to reach NO-NORDLYS through every table a bundle has.
Each attempt must be refused with the graph unchanged, and the refusal must read exactly like
the one for the same bundle naming an id that does not exist: the answer tells no one which
cases, persons, businesses or evidence exist elsewhere.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from neo4j import Driver

from service.auth import Role
from tests.api_support import ASSIGNED, UNASSIGNED, Api, make_api
from tests.graph_snapshot import snapshot

GLANS_CASE = {"case_id": ASSIGNED, "title": "Operation Glans", "jurisdiction": "NO", "opened_on": "2024-03-04",
              "status": "open"}
P002 = {"person_id": "P002", "name": "Nicolae Popa", "nationality": "RO"}


def _bundle(**tables: list[dict[str, Any]]) -> dict[str, Any]:
    return {"cases": [GLANS_CASE], "persons": [P002], **tables}


#: (what is tried, the bundle naming an id of NO-NORDLYS, that id, a missing id of the same kind)
REACHES = {
    "a role for another case's victim": (
        _bundle(roles=[{"case_id": ASSIGNED, "person_id": "P021", "role": "witness"}]), "P021", "P999"),
    "another case's suspect made a victim": (
        _bundle(roles=[{"case_id": ASSIGNED, "person_id": "P020", "role": "victim"}]), "P020", "P999"),
    "a role in another case": (
        _bundle(roles=[{"case_id": UNASSIGNED, "person_id": "P002", "role": "witness"}]), UNASSIGNED, "NO-XXX"),
    "another case's business as a link's end": (
        _bundle(links=[{"source_id": "P002", "type": "OWNS", "target_id": "B004", "case_id": ASSIGNED}]),
        "B004", "B999"),
    "an identifier for another case's victim": (
        _bundle(identifiers=[{"owner_id": "P021", "kind": "phone", "value": "+47 400 00 001"}]), "P021", "P999"),
    "evidence about another case's suspect": (
        _bundle(evidence=[{"evidence_id": "E9001", "case_id": ASSIGNED, "about_id": "P020",
                           "indicator": "debt_bondage", "kind": "financial", "independent_of_victim": True}]),
        "P020", "P999"),
    "evidence given by another case's victim": (
        _bundle(evidence=[{"evidence_id": "E9001", "case_id": ASSIGNED, "about_id": "P002",
                           "indicator": "debt_bondage", "kind": "testimony", "independent_of_victim": False,
                           "given_by": "P021"}]), "P021", "P999"),
    "evidence about another case's business": (
        _bundle(evidence=[{"evidence_id": "E9001", "case_id": ASSIGNED, "about_id": "B004",
                           "indicator": "debt_bondage", "kind": "financial", "independent_of_victim": True}]),
        "B004", "B999"),
    "a link to another case's victim": (
        _bundle(links=[{"source_id": "P002", "type": "HOUSED", "target_id": "P021", "case_id": ASSIGNED}]),
        "P021", "P999"),
    "a link from another case's suspect": (
        _bundle(links=[{"source_id": "P020", "type": "PAID", "target_id": "P002", "case_id": ASSIGNED,
                        "amount": 1}]), "P020", "P999"),
    "a link citing another case's evidence": (
        _bundle(links=[{"source_id": "P002", "type": "MANAGES", "target_id": "B001", "case_id": ASSIGNED,
                        "evidence_id": "E0025"}]), "E0025", "E9999"),
    "a role for a person of two cases": (
        _bundle(roles=[{"case_id": ASSIGNED, "person_id": "P004", "role": "witness"}]), "P004", "P999"),
}


@pytest.fixture
def api(sample_loaded: Driver, tmp_path: Path) -> Api:
    return make_api(sample_loaded, tmp_path)


def upload(api: Api, bundle: dict[str, Any], role: Role = Role.investigator, dry_run: bool = False):  # noqa: ANN201
    return api.client.post(f"/bundles{'?dry_run=true' if dry_run else ''}", content=json.dumps(bundle).encode(),
                           headers={**api.headers(role), "Content-Type": "application/json"})


def _swap(bundle: dict[str, Any], old: str, new: str) -> dict[str, Any]:
    return json.loads(json.dumps(bundle).replace(f'"{old}"', f'"{new}"'))


@pytest.mark.parametrize(("bundle", "foreign", "missing"), REACHES.values(), ids=REACHES.keys())
def test_a_bundle_reaching_into_another_case_is_refused_like_a_missing_id(
        api: Api, bundle: dict[str, Any], foreign: str, missing: str) -> None:
    before = snapshot(api.services.driver)
    refused = upload(api, bundle)
    assert refused.status_code == 403 and refused.json()["type"] == "/problems/forbidden", refused.text
    assert snapshot(api.services.driver) == before
    # The same bundle naming an id that exists nowhere: the same status, the same body.
    absent = upload(api, _swap(bundle, foreign, missing))
    assert absent.status_code == refused.status_code
    assert absent.json() == json.loads(refused.text.replace(foreign, missing)), (refused.text, absent.text)
    # A dry run answers the same: validation never runs ahead of the scope check.
    assert upload(api, bundle, dry_run=True).json() == refused.json()
    assert snapshot(api.services.driver) == before
    records = [r for r in api.services.audit.records() if r["action"] == "write"]
    assert [r["status"] for r in records] == [403, 403], records


def test_a_person_of_two_cases_is_changed_only_by_someone_assigned_to_both(api: Api) -> None:
    """P004 handles money in NO-GLANS and NO-NORDLYS: only a user of both cases may rewrite him."""
    rename = _bundle(persons=[P002, {"person_id": "P004", "name": "Renamed"}])
    before = snapshot(api.services.driver)
    refused = upload(api, rename)
    assert refused.status_code == 403 and "P004" in refused.json()["detail"], refused.text
    assert snapshot(api.services.driver) == before
    both = api.add_user("investigator-both", Role.investigator, [ASSIGNED, UNASSIGNED])
    response = api.client.post("/bundles?dry_run=true", content=json.dumps(rename).encode(),
                               headers={"Authorization": f"Bearer {both}", "Content-Type": "application/json"})
    assert response.status_code == 200, response.text


def test_an_id_of_another_case_cannot_be_taken_over_by_defining_it(api: Api) -> None:
    """Defining a row whose id exists in another case would overwrite that case's record. (Unlike a
    reference, a definition under a free id is accepted: that an id is taken shows; see service/upload_scope.py.)"""
    before = snapshot(api.services.driver)
    for bundle in (_bundle(persons=[P002, {"person_id": "P021", "name": "Taken Over"}]),
                   _bundle(businesses=[{"business_id": "B004", "name": "Taken Over AS"}]),
                   _bundle(evidence=[{"evidence_id": "E0025", "case_id": ASSIGNED, "about_id": "P002",
                                      "indicator": "debt_bondage", "kind": "financial",
                                      "independent_of_victim": True}])):
        response = upload(api, bundle)
        assert response.status_code == 403 and response.json()["type"] == "/problems/forbidden", response.text
    assert snapshot(api.services.driver) == before


def test_the_own_case_is_still_writable(api: Api) -> None:
    """References to the uploader's own persons, businesses and evidence, and new ones, load."""
    bundle = _bundle(
        persons=[P002, {"person_id": "P900", "name": "New Witness"}],
        businesses=[{"business_id": "B900", "name": "New Front AS"}],
        roles=[{"case_id": ASSIGNED, "person_id": "P900", "role": "witness"}],
        links=[{"source_id": "P002", "type": "MANAGES", "target_id": "B900", "case_id": ASSIGNED,
                "evidence_id": "E9002"},
               {"source_id": "B001", "type": "PAID", "target_id": "P900", "case_id": ASSIGNED, "amount": 5}],
        evidence=[{"evidence_id": "E9002", "case_id": ASSIGNED, "about_id": "P010", "indicator": "debt_bondage",
                   "kind": "testimony", "independent_of_victim": False, "given_by": "P900"}],
        identifiers=[{"owner_id": "P011", "kind": "phone", "value": "+47 400 00 002"}],
    )
    response = upload(api, bundle)
    assert response.status_code == 200 and response.json()["written"], response.text


def test_admins_keep_full_rights(api: Api) -> None:
    bundle = _bundle(roles=[{"case_id": UNASSIGNED, "person_id": "P002", "role": "witness"}],
                     businesses=[{"business_id": "B004", "name": "Sentrum Utleie AS"}])
    response = upload(api, bundle, Role.admin, dry_run=True)
    assert response.status_code == 200, response.text
    # And an admin's missing id is a validation problem, named by file, line and field.
    response = upload(api, _bundle(roles=[{"case_id": ASSIGNED, "person_id": "P999", "role": "witness"}]),
                      Role.admin, dry_run=True)
    assert response.status_code == 422 and response.json()["type"] == "/problems/bundle-invalid", response.text


def test_every_field_that_names_an_id_is_checked() -> None:
    """A column added to a table one day is judged too, or this fails."""
    from service.upload_scope import FIELDS
    from ingest.bundle import TABLES
    from ingest.models import ROW_MODELS

    assert set(FIELDS) == set(TABLES)
    for table, model in ROW_MODELS.items():
        naming = {name for name in model.model_fields if name.endswith("_id") or name == "given_by"}
        assert naming == {name for name, _, _ in FIELDS[table]}, table
